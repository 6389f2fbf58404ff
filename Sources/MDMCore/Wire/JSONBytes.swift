/// JSON text as JSONEncoder writes it (pretty, sorted keys, slashes unescaped), for the
/// writers that export by hand: a string, escaped as it escapes it; literals.
enum JSONBytes {
    static let trueText = Array("true".utf8), falseText = Array("false".utf8), nullText = Array("null".utf8)

    /// A JSON string as JSONEncoder escapes it: quotes and backslashes, the control characters
    /// (\b \f \n \r \t by name, the others as \u00XX); everything else as it is, "/" included.
    static func append(string text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        // Most values need no escape: copied whole.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
            bytes.append(contentsOf: text.utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    static func append(string text: String?, to bytes: inout [UInt8]) {
        if let text { append(string: text, to: &bytes) } else { bytes.append(contentsOf: nullText) }
    }

    static func append(flag: Bool?, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: flag.map { $0 ? trueText : falseText } ?? nullText)
    }
}

/// A JSON array written by hand, an element at a time (`DeviceJSONWriter`, `AuditJSONWriter`).
public protocol JSONListWriter {
    associatedtype Element
    init()
    var bytes: [UInt8] { get }
    mutating func append(_ element: Element)
    mutating func finish()
    mutating func take() -> [UInt8]
}
