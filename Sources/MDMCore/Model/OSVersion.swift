/// A dotted OS version ("7.0", "14.4.1", "10.0.22631.2861") compared numerically, so that
/// "10.15" > "10.9". Non-numeric suffixes ("8.1 beta") are ignored after the numbers.
public struct OSVersion: Comparable, Sendable, CustomStringConvertible {
    public let components: [Int]
    public let text: String

    public init(_ text: String) {
        self.text = text
        var parts: [Int] = []
        for piece in text.split(separator: ".", omittingEmptySubsequences: false) {
            let digits = piece.prefix(while: \.isNumber)
            guard let value = Int(digits) else { break }
            parts.append(value)
            if digits.count != piece.count { break }
        }
        components = parts
    }

    public var major: Int { components.first ?? 0 }
    public var description: String { text }

    public static func < (lhs: OSVersion, rhs: OSVersion) -> Bool {
        let count = max(lhs.components.count, rhs.components.count)
        for index in 0..<count {
            let left = index < lhs.components.count ? lhs.components[index] : 0
            let right = index < rhs.components.count ? rhs.components[index] : 0
            if left != right { return left < right }
        }
        return false
    }

    public static func == (lhs: OSVersion, rhs: OSVersion) -> Bool { !(lhs < rhs) && !(rhs < lhs) }

    /// True when this version is at least `other` ("7.0" ≥ "7").
    public func isAtLeast(_ other: String) -> Bool { self >= OSVersion(other) }
}
