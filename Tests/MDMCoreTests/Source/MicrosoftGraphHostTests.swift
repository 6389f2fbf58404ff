import Testing
@testable import MDMCore

/// The `mdmconsole` extensions are asked of this program's own endpoint only, never of Microsoft's.
@Suite("Microsoft's Graph hosts")
struct MicrosoftGraphHostTests {
    @Test("Microsoft's Graph, in each cloud, is told apart from any other endpoint", arguments: [
        ("https://graph.microsoft.com/v1.0", true), ("https://GRAPH.microsoft.com/beta", true), ("https://graph.microsoft.us/v1.0", true),
        ("https://dod-graph.microsoft.us/v1.0", true), ("https://microsoftgraph.chinacloudapi.cn/v1.0", true),
        ("http://127.0.0.1:8650/v1.0", false), ("https://graph.microsoft.com.attacker.example/v1.0", false),
        ("https://graph.example.org/v1.0", false), ("not a url", false),
    ])
    func hosts(url: String, isMicrosoft: Bool) {
        #expect(GraphSource.isMicrosoftGraph(url) == isMicrosoft)
    }
}
