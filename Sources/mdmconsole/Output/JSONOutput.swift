import Foundation

/// JSON for scripts: stable key order, pretty, one document on stdout.
enum JSONOutput {
    static func print<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        safePrint(String(decoding: try encoder.encode(value), as: UTF8.self) + "\n")
    }

    /// The same document as `print(array)`, byte for byte, written an element at a time as
    /// `produce` hands them over: a million devices in flat memory.
    static func printArray<T: Encodable>(_ produce: ((T) throws -> Void) throws -> Void) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let output = BufferedOutput()
        var count = 0
        output.write("[\n")
        try produce { element in
            let text = String(decoding: try encoder.encode(element), as: UTF8.self)
            // One level deeper, as inside the array; empty lines stay empty, as the encoder writes them.
            let indented = text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n")
            output.write((count == 0 ? "" : ",\n") + indented)
            count += 1
        }
        output.write("\n]\n")
        output.flush()
    }
}
