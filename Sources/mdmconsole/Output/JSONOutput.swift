import Foundation

/// JSON for scripts: stable key order, pretty, one document on stdout.
enum JSONOutput {
    static func print<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        safePrint(String(decoding: try encoder.encode(value), as: UTF8.self) + "\n")
    }
}
