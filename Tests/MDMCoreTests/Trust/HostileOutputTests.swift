import Foundation
import Testing
@testable import MDMCore

/// What the console writes for other programs (CSV for spreadsheets) and which addresses it
/// takes as this machine's: the hostile-input findings that are about text, not sockets.
@Suite("Hostile input: CSV cells and loopback addresses")
struct HostileOutputTests {
    @Test("A cell a spreadsheet would run as a formula is written behind an apostrophe; --raw keeps it; others are untouched")
    func formulaCells() {
        let cells = ["=HYPERLINK(\"http://evil.example\",\"x\")", "@SUM(A1)", "+cmd|x", "-2+A1", "\tx", "\rx", "Ana's iPad", "a=b", "", "+33 6 00 00 00 02", "-2"]
        #expect(cells.map { CSVText.field($0) } == [#""'=HYPERLINK(""http://evil.example"",""x"")""#, "'@SUM(A1)", "'+cmd|x", "'-2+A1",
                                                   "'\tx", "\"'\rx\"", "Ana's iPad", "a=b", "", "+33 6 00 00 00 02", "-2"])
        #expect(CSVText.line(cells, raw: true).hasPrefix(#""=HYPERLINK("#))
        for cell in cells { #expect(CSVText.restored(CSVText.neutralised(cell)) == cell) }
    }

    @Test("An exported device named like a formula imports back with its name")
    func formulaNamesRoundTrip() {
        let now = Date()
        let device = Device(id: "d-1", name: "=HYPERLINK(\"http://evil.example\")", platform: .windows, osVersion: "10.0.22631",
                            managementType: .windowsMDM, ownership: .company, model: "@model", enrolledAt: now, lastCheckInAt: now,
                            certificateExpiresAt: now.addingTimeInterval(86_400))
        var text = ""
        PortalCSV.write([device]) { text += $0 }
        #expect(text.contains("\"'=HYPERLINK(") && text.contains(",'@model,"), "\(text)")
        var problems = ImportProblems()
        let read = PortalCSV.read(Array(text.utf8), now: now, problems: &problems)
        #expect(problems.isEmpty, "\(problems.listed)")
        #expect(read.first?.name == device.name)
        #expect(read.first?.model == "@model")
    }

    @Test("Loopback is parsed, not matched as a prefix", arguments: [
        ("127.0.0.1", true), ("127.1.2.3", true), ("localhost", true), ("::1", true), ("[::1]", true), ("::ffff:127.0.0.1", true),
        ("127.attacker.example", false), ("127.0.0.1.nip.io", false), ("10.0.0.1", false), ("::2", false), ("128.0.0.1", false), ("", false),
    ])
    func loopback(host: String, expected: Bool) {
        #expect(EndpointAddress.isLoopback(host) == expected)
    }

    @Test("Origins: scheme, host and port must all match (default ports filled in)")
    func origins() throws {
        let origin = try #require(EndpointAddress("https://graph.microsoft.com/v1.0"))
        #expect(origin.isSameOrigin(as: "https://graph.microsoft.com:443/v1.0/deviceManagement/managedDevices?$skiptoken=x"))
        #expect(origin.isSameOrigin(as: "https://GRAPH.microsoft.com/beta"))
        #expect(!origin.isSameOrigin(as: "http://graph.microsoft.com/v1.0"))
        #expect(!origin.isSameOrigin(as: "https://graph.microsoft.com:8443/v1.0"))
        #expect(!origin.isSameOrigin(as: "https://graph.microsoft.com.evil.example/v1.0"))
        #expect(!origin.isSameOrigin(as: "https://evil.example/v1.0?https://graph.microsoft.com"))
        #expect(!origin.isSameOrigin(as: "ftp://graph.microsoft.com/v1.0"))
    }
}
