import Hummingbird
import Logging
import NIOCore

/// The metrics' own HTTP server (`GET /metrics`), on an address apart from the Graph
/// endpoint's, so a scraper needs no token and the endpoint's clients never see it.
enum MetricsEndpoint {
    static func application(_ metrics: ServeMetrics, host: String, port: Int,
                            listening: @escaping @Sendable (String, Int) -> Void) -> some ApplicationProtocol {
        let router = Router()
        router.get("metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
        }
        return Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "mdmconsole"),
                           onServerRunning: { channel in listening(host, channel.localAddress?.port ?? port) },
                           logger: Logger(label: "mdmconsole.metrics.internal", factory: { _ in SwiftLogNoOpLogHandler() }))
    }
}
