import Foundation

/// Graph's error body, `{"error": {"code", "message", "innerError": {"date", "request-id",
/// "client-request-id"}}}`: written by `serve`, read by the client. Code and message are
/// optional when read: a proxy's or a broken service's error still says its status.
public struct GraphErrorBody: Codable, Sendable, Equatable {
    public struct Detail: Codable, Sendable, Equatable {
        public var code: String?
        public var message: String?
        public var innerError: InnerError?
    }

    public struct InnerError: Codable, Sendable, Equatable {
        public var date: String
        public var requestId: String
        public var clientRequestId: String

        enum CodingKeys: String, CodingKey {
            case date, requestId = "request-id", clientRequestId = "client-request-id"
        }
    }

    public var error: Detail

    public init(code: String, message: String, date: Date, requestId: String, clientRequestId: String) {
        error = Detail(code: code, message: message,
                       innerError: InnerError(date: DateText.iso(date), requestId: requestId, clientRequestId: clientRequestId))
    }

    /// The body as `serve` sends it (keys sorted, as before this type existed).
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data()
    }

    /// Read from an answer's body; nil when it is not Graph's error shape.
    public static func read(_ body: Data) -> GraphErrorBody? {
        try? JSONDecoder().decode(GraphErrorBody.self, from: body)
    }
}
