import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MDMCore
import NIOCore

/// The tenant behind a Microsoft Graph v1.0–compatible endpoint (the `deviceManagement`
/// surface). Every route translates HTTP into the same MDMCore calls the console makes
/// (windows, rules, `ActionService`) and back into Graph's shapes; it holds no rule.
public enum GraphServer {
    /// Serves `store` on `host:port` (0 picks a free port) until SIGINT or SIGTERM, which let
    /// requests in flight finish. `listening` is told the real address once bound.
    public static func run(store: TenantStore, host: String, port: Int, throttle: ThrottleLimits?, logger: Logger,
                           listening: @escaping @Sendable (String, Int) -> Void) async throws {
        let router = Router(context: GraphContext.self)
        router.add(middleware: RequestLog(logger: logger))
        GraphRoutes(store: store, throttle: throttle.map(Throttle.init)).register(on: router.group("v1.0"))
        router.addFallback()
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "mdmconsole"),
            onServerRunning: { channel in
                listening(host, channel.localAddress?.port ?? port)
            },
            logger: Logger(label: "mdmconsole.serve.internal", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }

    /// Whether `host` is this machine's loopback (the only place plain HTTP is allowed).
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}

extension Router<GraphContext> {
    /// Anything no route matched: 404 (unknown path) in Graph's shape.
    func addFallback() {
        for method in [HTTPRequest.Method.get, .post, .delete, .put, .patch] {
            on("**", method: method) { request, context in
                GraphError.notFound("\(method.rawValue) \(request.uri.path) is not part of this endpoint (see the README: what is implemented)")
                    .response(requestId: context.requestID, clientRequestId: request.headers[HTTPField.Name("client-request-id")!])
            }
        }
    }
}

extension GraphContext {
    var requestID: String { logger[metadataKey: "hb.request.id"]?.description ?? UUID().uuidString }
}

/// One line per request through swift-log: method, path, status, milliseconds, operator.
struct RequestLog: RouterMiddleware {
    typealias Context = GraphContext
    let logger: Logger

    func handle(_ request: Request, context: GraphContext, next: (Request, GraphContext) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        let upn = response.headers[HTTPField.Name("x-mdmconsole-operator")!] ?? "-"
        logger.info("\(request.method.rawValue) \(request.uri.path) \(response.status.code) \(String(format: "%.1f", milliseconds)) ms \(upn)")
        return response
    }
}
