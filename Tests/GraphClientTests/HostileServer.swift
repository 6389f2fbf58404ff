import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// A server of the tests' own on a free loopback port, answering whatever `answer` says: the
/// hostile side of the client's tests (foreign links, endless throttling, slow bodies, claims
/// with escapes). It records every request it got, with its Authorization header.
final class HostileServer: @unchecked Sendable {
    struct Received: Sendable {
        var method: String
        var path: String
        var authorization: String?
    }

    typealias Answer = @Sendable (_ method: String, _ path: String, _ body: Data) async -> Response

    let port: Int
    var url: String { "http://127.0.0.1:\(port)/v1.0" }
    private let task: Task<Void, Error>
    private let lock = NSLock()
    private var log: [Received] = []

    var received: [Received] { lock.withLock { log } }

    init(_ answer: @escaping Answer) async throws {
        let router = Router()
        let ready = PortBox()
        let recorder = Recorder()
        for method in [HTTPRequest.Method.get, .post, .delete] {
            router.on("**", method: method) { request, _ -> Response in
                let body = (try? await request.body.collect(upTo: 1 << 20)).map { Data(buffer: $0) } ?? Data()
                let path = request.uri.path + (request.uri.query.map { "?\($0)" } ?? "")
                recorder.add(Received(method: request.method.rawValue, path: path, authorization: request.headers[.authorization]))
                return await answer(request.method.rawValue, path, body)
            }
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in ready.set(channel.localAddress?.port ?? 0) },
                              logger: Logger(label: "hostile", factory: { _ in SwiftLogNoOpLogHandler() }))
        task = Task { try await app.runService() }
        port = try await ready.wait()
        recorder.owner = self
    }

    fileprivate func add(_ request: Received) { lock.withLock { log.append(request) } }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }

    static func json(_ object: Any, status: HTTPResponse.Status = .ok, headers: [String: String] = [:]) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        for (name, value) in headers { fields[HTTPField.Name(name)!] = value }
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Hands requests from the router's closure (made before the server exists) to the server.
private final class Recorder: @unchecked Sendable {
    weak var owner: HostileServer?
    func add(_ request: HostileServer.Received) { owner?.add(request) }
}
