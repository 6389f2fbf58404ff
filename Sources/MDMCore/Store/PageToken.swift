import Foundation

/// A list position as an opaque, URL-safe token: base64url of a JSON array of strings.
/// Read back defensively: anything else is no token (the endpoint answers 400).
enum PageToken {
    static func encode(_ parts: [String]) -> String {
        base64URL((try? JSONEncoder().encode(parts)) ?? Data())
    }

    /// Base64url without padding (RFC 4648 §5): safe in a URL as it is. Tokens use it too.
    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ token: String) -> [String]? {
        guard token.utf8.count <= 4_096 else { return nil }
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.utf8.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64) else { return nil }
        return try? JSONDecoder().decode([String].self, from: data)
    }
}
