import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import NIOSSL
import Logging
import MDMCore
import NIOCore
import ServiceLifecycle
import Synchronization

/// The tenant behind a Microsoft Graph v1.0–compatible endpoint (the `deviceManagement`
/// surface). Every route translates HTTP into the same MDMCore calls the console makes
/// (windows, rules, `ActionService`) and back into Graph's shapes; it holds no rule.
public enum GraphServer {
    /// Serves `store` on `host:port` (0 picks a free port) until SIGINT or SIGTERM, which let
    /// requests in flight finish. `listening` is told the real address once bound.
    /// `tls`: the PEM certificate chain and private key files to serve HTTPS with.
    /// `publicURL`: the address clients use (a front proxy's, say), for the links in answers;
    /// by default the server's own scheme, listening host and bound port. Never the request's
    /// `Host` header, which the client writes.
    public static func run(store: TenantStore, host: String, port: Int, throttle: ThrottleLimits?, tls: (certificate: String, key: String)?,
                           publicURL: String? = nil, connectionLimits: ConnectionLimits = ConnectionLimits(),
                           accessTokenLifetime: TimeInterval = 3600, claimsClockSkew: TimeInterval = 0, faults: FaultPlan? = nil,
                           metrics: (host: String, port: Int)? = nil, logger: Logger,
                           metricsListening: @escaping @Sendable (String, Int) -> Void = { _, _ in },
                           listening: @escaping @Sendable (String, Int) -> Void) async throws {
        logger.info("\(ProgramVersion.line) serving \(store.path)")
        let origin = ServerOrigin(publicURL: publicURL)
        let router = Router(context: GraphContext.self)
        let serveMetrics = metrics.map { _ in ServeMetrics(store: store) }
        router.add(middleware: RequestLog(logger: logger, metrics: serveMetrics))
        let routes = GraphRoutes(store: store, throttle: throttle.map(Throttle.init),
                                 signIn: SignInGrants(store: store, accessTokenLifetime: accessTokenLifetime, claimsClockSkew: claimsClockSkew),
                                 faults: faults)
        // One catch-all: the routes match paths themselves, so `$batch` reaches the same code.
        for method in [HTTPRequest.Method.get, .head, .post, .delete, .put, .patch] {
            router.on("**", method: method) { request, context in
                // Authenticated on the headers, before a byte of the body is read: an
                // unauthenticated client cannot make the server hold a 1 MB batch body.
                var call = GraphCall(request, context, root: origin.root)
                if HealthRoute.matches(call) { return HealthRoute.answer(call, store: store).response(to: call) }
                // As Graph's: the schema is public, read without a token.
                if call.path == ["$metadata"], call.method == .get { return GraphRoutes.metadata(on: call.version).response(to: call) }
                if !SignInRoutes.matches(call) {
                    guard let token = try? routes.authenticate(call) else {
                        return routes.error(GraphError.unauthorized, call).response(to: call)
                    }
                    call.token = token
                }
                try await call.readBody(of: request)
                return (await routes.respond(call)).response(to: call)
            }
        }
        let connections = connectionLimits
        let http1 = HTTP1Channel.Configuration(additionalChannelHandlers: [RequestReadDeadline(connections.requestReadTime), ConnectionsPerAddress(connections)],
                                               idleTimeout: connections.idleTimeout)
        let server: HTTPServerBuilder = try tls.map { files in try .tls(.http1(configuration: http1), tlsConfiguration: try Self.tlsConfiguration(files)) }
            ?? .http1(configuration: http1)
        let app = Application(
            router: router,
            server: server,
            configuration: .init(address: .hostname(host, port: port), serverName: "mdmconsole/\(ProgramVersion.number)"),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                origin.bind(scheme: tls == nil ? "http" : "https", host: host, port: bound)
                listening(host, bound)
            },
            logger: Logger(label: "mdmconsole.serve.internal", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        guard let metrics, let serveMetrics else {
            try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
            return
        }
        let metricsApp = MetricsEndpoint.application(serveMetrics, host: metrics.host, port: metrics.port, listening: metricsListening)
        let services = ServiceGroup(configuration: .init(services: [app, metricsApp], gracefulShutdownSignals: [.sigterm, .sigint], logger: Logger(label: "mdmconsole.serve.internal", factory: { _ in SwiftLogNoOpLogHandler() })))
        try await services.run()
    }

    /// The server's TLS settings from PEM files; a file that is not a certificate or a key
    /// is an error naming it.
    static func tlsConfiguration(_ files: (certificate: String, key: String)) throws -> TLSConfiguration {
        let certificates: [NIOSSLCertificate]
        do { certificates = try NIOSSLCertificate.fromPEMFile(files.certificate) } catch {
            throw TLSFileError(message: "--tls-cert \(files.certificate): not a PEM certificate chain (\(error))")
        }
        guard !certificates.isEmpty else { throw TLSFileError(message: "--tls-cert \(files.certificate): no certificate in it") }
        let key: NIOSSLPrivateKey
        do { key = try NIOSSLPrivateKey(file: files.key, format: .pem) } catch {
            throw TLSFileError(message: "--tls-key \(files.key): not a PEM private key (\(error))")
        }
        return TLSConfiguration.makeServerConfiguration(certificateChain: certificates.map { .certificate($0) }, privateKey: .privateKey(key))
    }
}

extension GraphCall {
    /// The call an HTTP request makes, from its head alone (its body is read by `readBody`).
    init(_ request: Request, _ context: GraphContext, root: String) {
        var path = request.uri.path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        let version: GraphDeviceProperty.Version? = switch path.first { case "v1.0": .v1; case "beta": .beta; default: nil }
        if version != nil { path.removeFirst() }
        self.init(method: request.method, path: version != nil ? path : ["(outside /v1.0)"] + path,
                  query: request.uri.queryParameters.map { (String($0.key).removingPercentEncoding ?? String($0.key),
                                                             String($0.value).removingPercentEncoding ?? String($0.value)) },
                  body: Data(),
                  authorization: request.headers[.authorization], prefer: request.headers[HTTPField.Name("Prefer")!], clientRequestId: request.headers[HTTPField.Name("client-request-id")!],
                  requestId: context.requestID, peer: context.peer, base: root + (version == .beta ? "/beta" : "/v1.0"))
        self.version = version ?? .v1
        approvalJustification = request.headers[HTTPField.Name(GraphApprovalHeader.justification)!]
        approvalCode = request.headers[HTTPField.Name(GraphApprovalHeader.code)!]
    }

    /// Reads the body up to the batch limit (one past it when longer: a single action's limit
    /// is checked where its body is read).
    mutating func readBody(of request: Request) async throws {
        let limit = GraphRoutes.bodyLimit * GraphRoutes.batchLimit
        let buffer = try? await request.body.collect(upTo: limit)
        body = buffer.map { Data(buffer: $0) } ?? Data(count: limit + 1)
    }
}

extension GraphAnswer {
    func response(to call: GraphCall) -> Response {
        var fields = HTTPFields()
        if body != nil { fields[.contentType] = "application/json; odata.metadata=minimal" }
        fields[HTTPField.Name("OData-Version")!] = "4.0"
        fields[HTTPField.Name("request-id")!] = call.requestId
        // Echoed as the service does, so a client can match its own id to the answer.
        if let clientRequestId = call.clientRequestId { fields[HTTPField.Name("client-request-id")!] = clientRequestId }
        for (name, value) in headers { if let field = HTTPField.Name(name) { fields[field] = value } }
        if let operatorUPN { fields[HTTPField.Name("x-mdmconsole-operator")!] = operatorUPN }
        return Response(status: HTTPResponse.Status(code: status), headers: fields,
                        body: body.map { .init(byteBuffer: ByteBuffer(bytes: $0)) } ?? .init())
    }
}

/// The server's own address for the links it writes (`@odata.nextLink`, `@odata.context`,
/// the device login page): set once the port is bound.
final class ServerOrigin: Sendable {
    private let address: Mutex<String>

    init(publicURL: String?) {
        var trimmed = publicURL ?? ""
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        if trimmed.hasSuffix("/v1.0") { trimmed.removeLast(5) }
        address = Mutex(trimmed)
    }

    func bind(scheme: String, host: String, port: Int) {
        address.withLock { current in
            guard current.isEmpty else { return }
            // A wildcard address is no place to send a client: the machine's name is.
            let named = ["0.0.0.0", "::", ""].contains(host) ? ProcessInfo.processInfo.hostName : host
            current = "\(scheme)://\(named.contains(":") ? "[\(named)]" : named):\(port)"
        }
    }

    /// Scheme, host and port, without a version.
    var root: String { address.withLock { $0 } }
}

/// A certificate or key file that cannot be used.
public struct TLSFileError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

extension GraphContext {
    var requestID: String { logger[metadataKey: "hb.request.id"]?.description ?? UUID().uuidString }
}

/// One line per request through swift-log: method, path, status, milliseconds, operator;
/// and the request counted in the metrics, when they are served.
struct RequestLog: RouterMiddleware {
    typealias Context = GraphContext
    let logger: Logger
    let metrics: ServeMetrics?

    func handle(_ request: Request, context: GraphContext, next: (Request, GraphContext) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        metrics?.record(route: MetricRoute.name(path: request.uri.path), status: response.status.code, duration: elapsed)
        let upn = response.headers[HTTPField.Name("x-mdmconsole-operator")!] ?? "-"
        logger.info("\(request.method.rawValue) \(request.uri.path) \(response.status.code) \(String(format: "%.1f", milliseconds)) ms \(upn)")
        return response
    }
}
