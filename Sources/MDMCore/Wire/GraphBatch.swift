import Foundation

/// JSON batching (`POST /$batch`): `{"requests": [{"id", "method", "url", "headers", "body",
/// "dependsOn"}]}` answered by `{"responses": [{"id", "status", "headers", "body"}]}`. Read
/// and written through `JSONSerialization` because each body is any JSON, passed through
/// as it came.
public enum GraphBatch {
    public enum Key: String, Sendable {
        case requests, responses, id, method, url, headers, body, dependsOn, status
    }

    /// At most this many requests in one batch (Graph's limit).
    public static let mostRequests = 20

    /// One request of a batch, as read; nil fields are missing or of the wrong type.
    public struct Request {
        public var id: String?
        public var method: String?
        public var url: String?
        public var headers: [String: String]
        public var body: Any?
        public var dependsOn: [String]

        public init(_ object: [String: Any]) {
            id = object[Key.id.rawValue] as? String
            method = object[Key.method.rawValue] as? String
            url = object[Key.url.rawValue] as? String
            headers = (object[Key.headers.rawValue] as? [String: String]) ?? [:]
            body = object[Key.body.rawValue]
            dependsOn = (object[Key.dependsOn.rawValue] as? [String]) ?? []
        }
    }

    /// The requests of a batch body, or nil when it is not `{"requests": [objects]}`.
    public static func requests(in body: Data) -> [Request]? {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
              let requests = object[Key.requests.rawValue] as? [[String: Any]] else { return nil }
        return requests.map(Request.init)
    }

    /// One answer of a batch.
    public static func response(id: String, status: Int, headers: [String: String], body: Data?) throws -> [String: Any] {
        var response: [String: Any] = [Key.id.rawValue: id, Key.status.rawValue: status, Key.headers.rawValue: headers]
        if let body { response[Key.body.rawValue] = try JSONSerialization.jsonObject(with: body) }
        return response
    }

    /// The whole answer's body.
    public static func answer(_ responses: [[String: Any]]) -> [String: Any] {
        [Key.responses.rawValue: responses]
    }
}
