import Foundation

/// A list position as an opaque, URL-safe token: base64url of a JSON array of strings.
/// Read back defensively: anything else is no token (the endpoint answers 400).
enum PageToken {
    static func encode(_ parts: [String]) -> String {
        base64URL((try? JSONEncoder().encode(parts)) ?? Data())
    }

    /// Safe in a URL as it is.
    static func base64URL(_ data: Data) -> String { Base64URL.encode(data) }

    static func decode(_ token: String) -> [String]? {
        guard token.utf8.count <= 4_096 else { return nil }
        guard let data = Base64URL.decode(token) else { return nil }
        return try? JSONDecoder().decode([String].self, from: data)
    }
}
