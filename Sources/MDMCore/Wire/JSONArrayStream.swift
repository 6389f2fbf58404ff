import Foundation

/// A JSON array written an element at a time, for exports of any length in flat memory: the
/// same bytes JSONEncoder (pretty, sorted keys, slashes unescaped) writes for the whole array,
/// each element encoded alone and indented one level, as inside the array.
public struct JSONArrayStream<Element: Encodable> {
    private let encoder: JSONEncoder
    private var count = 0

    public init() {
        encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    }

    public static var opening: String { "[\n" }

    /// The text of the next element, with the comma that separates it from the one before.
    public mutating func text(of element: Element) throws -> String {
        let text = String(decoding: try encoder.encode(element), as: UTF8.self)
        // Empty lines (an empty array inside) stay empty, as the encoder writes them.
        let indented = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n")
        defer { count += 1 }
        return (count == 0 ? "" : ",\n") + indented
    }

    /// After the last element; an empty array is "[\n\n]", as JSONEncoder writes it.
    public static var closing: String { "\n]\n" }
}
