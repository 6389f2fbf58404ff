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
        let routes = GraphRoutes(store: store, throttle: throttle.map(Throttle.init))
        // One catch-all: the routes match paths themselves, so `$batch` reaches the same code.
        for method in [HTTPRequest.Method.get, .post, .delete, .put, .patch] {
            router.on("**", method: method) { request, context in
                let call = try await GraphCall(request, context)
                return (await routes.respond(call)).response(requestId: call.requestId)
            }
        }
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

extension GraphCall {
    /// The call an HTTP request makes. Bodies are read up to the batch limit; a single
    /// action's limit is checked where its body is read.
    init(_ request: Request, _ context: GraphContext) async throws {
        var path = request.uri.path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        let underVersion = path.first == "v1.0"
        if underVersion { path.removeFirst() }
        let limit = GraphRoutes.bodyLimit * GraphRoutes.batchLimit
        let buffer = try? await request.body.collect(upTo: limit)
        self.init(method: request.method, path: underVersion ? path : ["(outside /v1.0)"] + path,
                  query: request.uri.queryParameters.map { (String($0.key).removingPercentEncoding ?? String($0.key),
                                                             String($0.value).removingPercentEncoding ?? String($0.value)) },
                  body: buffer.map { Data(buffer: $0) } ?? Data(count: limit + 1),
                  authorization: request.headers[.authorization], clientRequestId: request.headers[HTTPField.Name("client-request-id")!],
                  requestId: context.requestID, peer: context.peer, base: "http://\(request.head.authority ?? "127.0.0.1")/v1.0")
    }
}

extension GraphAnswer {
    func response(requestId: String) -> Response {
        var fields = HTTPFields()
        if body != nil { fields[.contentType] = "application/json; odata.metadata=minimal" }
        fields[HTTPField.Name("request-id")!] = requestId
        for (name, value) in headers { if let field = HTTPField.Name(name) { fields[field] = value } }
        if let operatorUPN { fields[HTTPField.Name("x-mdmconsole-operator")!] = operatorUPN }
        return Response(status: HTTPResponse.Status(code: status), headers: fields,
                        body: body.map { .init(byteBuffer: ByteBuffer(bytes: $0)) } ?? .init())
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
