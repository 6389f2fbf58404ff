import AsyncHTTPClient
import Foundation
import MDMCore
import NIOCore
import NIOHTTP1

/// One HTTP exchange's answer, its body read whole (a page of 1000 devices is about 1.5 MB;
/// anything over `GraphHTTP.bodyLimit` is an error, never read into memory).
public struct HTTPAnswer: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    public var requestId: String? { header("request-id") }
}

/// How an exchange ended without an answer: the request may or may not have reached the
/// service (a destructive one is then never resent).
public struct TransportError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}

/// The HTTP client, AsyncHTTPClient's, set to never follow redirects (a redirected POST
/// could be carried out twice, and a token must not follow a redirect to another host).
public final class GraphHTTP: Sendable {
    let client: HTTPClient
    public static let bodyLimit = 64 * 1024 * 1024
    /// How long one exchange may take before it is given up as unknown.
    public let timeout: TimeAmount

    public init(timeout: TimeAmount = .seconds(60)) {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.timeout = .init(connect: .seconds(10))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.timeout = timeout
    }

    public func shutdown() async {
        try? await client.shutdown()
    }

    public func exchange(_ method: HTTPMethod, _ url: String, headers: [(String, String)] = [], body: [UInt8]? = nil) async throws -> HTTPAnswer {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.headers.add(name: "User-Agent", value: "mdmconsole")
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let prepared = request
        do {
            return try await withinDeadline { [client, timeout] in
                let request = prepared
                let response = try await client.execute(request, timeout: timeout)
                let buffer = try await response.body.collect(upTo: Self.bodyLimit)
                return HTTPAnswer(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                                  body: Array(buffer.readableBytesView))
            }
        } catch is AnswerDeadline {
            throw TransportError(message: "no whole answer within \(timeout.nanoseconds / 1_000_000_000) s")
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            throw TransportError(message: "no answer within \(timeout.nanoseconds / 1_000_000_000) s")
        } catch let error as HTTPClientError {
            throw TransportError(message: "\(error)")
        } catch let error as NIOTooManyBytesError {
            throw TransportError(message: "the answer is over \(Self.bodyLimit / 1024 / 1024) MiB (\(error))")
        } catch {
            throw TransportError(message: "\(error)")
        }
    }
}

/// The answer did not come whole in time: AsyncHTTPClient's timeout covers the head, and a
/// server sending its body a byte at a time would otherwise hold the exchange for ever.
struct AnswerDeadline: Error {}

extension GraphHTTP {
    /// Runs `exchange` and gives it up (cancelling it, which ends the request) once the
    /// timeout has passed, headers and body together.
    func withinDeadline(_ exchange: @escaping @Sendable () async throws -> HTTPAnswer) async throws -> HTTPAnswer {
        let limit = timeout
        return try await withThrowingTaskGroup(of: HTTPAnswer?.self) { group in
            group.addTask { try await exchange() }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(limit.nanoseconds))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let answer = first else { throw AnswerDeadline() }
            return answer
        }
    }
}

extension HTTPAnswer {
    /// Graph's error body: `{"error": {"code", "message"}}`; the status alone when it is not one.
    public var graphError: (code: String, message: String) {
        if let error = GraphErrorBody.read(Data(body))?.error {
            return (error.code ?? "HTTP\(status)", error.message ?? "")
        }
        return ("HTTP\(status)", String(decoding: body.prefix(200), as: UTF8.self))
    }
}
