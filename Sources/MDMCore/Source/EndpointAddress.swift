import Foundation

/// Where a Graph endpoint (or an identity platform) is: scheme, host and port, parsed from a
/// URL. Tokens and secrets go only to the origin they were issued for, and in clear only to
/// this machine's loopback; both checks read this one type, for `connect`, `serve` and the
/// client's links alike.
public struct EndpointAddress: Equatable, Sendable, CustomStringConvertible {
    public let scheme: String
    /// Lower-cased, without IPv6 brackets.
    public let host: String
    /// The port, or the scheme's default (443, 80) when the URL names none.
    public let port: Int

    public init?(_ url: String) {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(), scheme == "https" || scheme == "http",
              var host = parts.host?.lowercased(), !host.isEmpty else { return nil }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.scheme = scheme
        self.host = host
        self.port = parts.port ?? (scheme == "https" ? 443 : 80)
    }

    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(shownHost)" + (port == (scheme == "https" ? 443 : 80) ? "" : ":\(port)")
    }

    /// Whether `url` is at this same origin (scheme, host and port): the only place a link of
    /// this endpoint's answers may send its bearer token.
    public func isSameOrigin(as url: String) -> Bool {
        EndpointAddress(url) == self
    }

    public var isLoopback: Bool { Self.isLoopback(host) }

    /// Whether `host` is this machine's loopback: `localhost`, an IPv4 address in 127.0.0.0/8,
    /// `::1` or an IPv4-mapped `::ffff:127.x.y.z`. The address is parsed, never matched as a
    /// prefix (`127.attacker.example` is a name, not a loopback address).
    public static func isLoopback(_ host: String) -> Bool {
        var name = host.lowercased()
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, name, &v4) == 1 {
            return UInt32(bigEndian: v4.s_addr) >> 24 == 127
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, name, &v6) == 1 else { return false }
        let bytes = withUnsafeBytes(of: v6) { Array($0) }
        if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return true }
        let mapped = bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xff && bytes[11] == 0xff
        return mapped && bytes[12] == 127
    }
}
