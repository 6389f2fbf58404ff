/// A strict JSON parser over bytes. Foundation's parsers were measured at 8–12 s for a
/// 100,000-device Graph file on this machine, and say only "not valid JSON" for a truncated
/// one; this one reads the same file in about a second and says at which line and column
/// the file stops making sense.
struct JSONReader {
    struct SyntaxError: Error {
        var line: Int
        var column: Int
        var message: String
        var description: String { "line \(line), column \(column): \(message)" }
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var line = 1
    private var lineStart = 0
    private var depth = 0

    /// Parses a whole document; anything but whitespace after the value is an error.
    static func parse(_ data: [UInt8]) throws -> JSONNode {
        try data.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(bytes: buffer)
            reader.skipByteOrderMark()
            let value = try reader.value()
            reader.skipWhitespace()
            if reader.index < buffer.count { throw reader.error("unexpected \(reader.describeCurrent()) after the end of the document") }
            return value
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The top of a document read by `stream`: what surrounded the streamed array.
    enum StreamedTop {
        /// A bare array: its elements were handed over.
        case array
        /// An object: its other members, and whether `key` held an array (handed over).
        case object([String: JSONNode], streamed: Bool)
        /// Anything else (a number, a string…): nothing was handed over.
        case other(JSONNode)
    }

    /// Parses a document as `parse` does (same errors at the same places) without building
    /// its big array: a bare array's elements, or those of the array under `key` of a top
    /// object, are handed to `element` one at a time with the offset just past each, then
    /// dropped. A syntax error after some elements is still thrown: the caller must treat
    /// what it was handed as void.
    static func stream(_ buffer: UnsafeBufferPointer<UInt8>, arrayUnder key: String,
                       element: (Int, JSONNode, Int) throws -> Void) throws -> StreamedTop {
        var reader = JSONReader(bytes: buffer)
        reader.skipByteOrderMark()
        reader.skipWhitespace()
        let top: StreamedTop
        if reader.index < buffer.count, buffer[reader.index] == UInt8(ascii: "[") {
            try reader.streamArray(element)
            top = .array
        } else if reader.index < buffer.count, buffer[reader.index] == UInt8(ascii: "{") {
            let (members, streamed) = try reader.members(streaming: key, element)
            top = .object(members, streamed: streamed)
        } else {
            top = .other(try reader.value())
        }
        reader.skipWhitespace()
        if reader.index < buffer.count { throw reader.error("unexpected \(reader.describeCurrent()) after the end of the document") }
        return top
    }

    /// An array's elements, each handed over as read (`array()` keeps them).
    private mutating func streamArray(_ element: (Int, JSONNode, Int) throws -> Void) throws {
        try enter(); defer { depth -= 1 }
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return }
        var count = 0
        while true {
            let node = try value()
            try element(count, node, index)
            count += 1
            skipWhitespace()
            guard index < bytes.count else { throw error("expected ',' or ']', found end of file (the file looks truncated)") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return }
            throw error("expected ',' or ']', found \(describeCurrent())")
        }
    }

    /// An object's members; with a `key`, the array under it is handed over element by element
    /// (`streamed`) instead of kept. `object()` is this without a key.
    private mutating func members(streaming key: String?, _ element: (Int, JSONNode, Int) throws -> Void) throws -> (members: [String: JSONNode], streamed: Bool) {
        try enter(); defer { depth -= 1 }
        index += 1
        var members: [String: JSONNode] = [:]
        var streamed = false
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return (members, false) }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a property name in quotes, found \(describeCurrent())") }
            let name = try string()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after \"\(name)\", found \(describeCurrent())") }
            index += 1
            skipWhitespace()
            if name == key, !streamed, index < bytes.count, bytes[index] == UInt8(ascii: "[") {
                try streamArray(element)
                streamed = true
                members[name] = nil
            } else {
                members[name] = try value()
            }
            skipWhitespace()
            guard index < bytes.count else { throw error("expected ',' or '}', found end of file (the file looks truncated)") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return (members, streamed) }
            throw error("expected ',' or '}', found \(describeCurrent())")
        }
    }

    private mutating func skipByteOrderMark() {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
    }

    private func error(_ message: String) -> SyntaxError {
        SyntaxError(line: line, column: index - lineStart + 1, message: message)
    }

    private func describeCurrent() -> String {
        guard index < bytes.count else { return "end of file (the file looks truncated)" }
        let byte = bytes[index]
        return byte >= 0x20 && byte < 0x7F ? "'\(Character(UnicodeScalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D: index += 1
            case 0x0A: index += 1; line += 1; lineStart = index
            default: return
            }
        }
    }

    private mutating func value() throws -> JSONNode {
        skipWhitespace()
        guard index < bytes.count else { throw error("expected a value, found end of file (the file looks truncated)") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw error("expected a value, found \(describeCurrent())")
        }
    }

    private mutating func enter() throws {
        depth += 1
        if depth > 64 { throw error("nested more than 64 levels deep") }
    }

    private mutating func object() throws -> JSONNode {
        .object(try members(streaming: nil) { _, _, _ in }.members)
    }

    private mutating func array() throws -> JSONNode {
        var elements: [JSONNode] = []
        try streamArray { _, element, _ in elements.append(element) }
        return .array(elements)
    }

    private mutating func literal(_ word: String) throws {
        let expected = Array(word.utf8)
        guard index + expected.count <= bytes.count else { throw error("expected \(word), found end of file (the file looks truncated)") }
        for offset in 0..<expected.count where bytes[index + offset] != expected[offset] {
            throw error("expected a value, found \(describeCurrent())")
        }
        index += expected.count
    }

    private mutating func number() throws -> String {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digits(_ reader: inout JSONReader) -> Int {
            let from = reader.index
            while reader.index < reader.bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(reader.bytes[reader.index]) { reader.index += 1 }
            return reader.index - from
        }
        guard digits(&self) > 0 else { throw error("expected a digit, found \(describeCurrent())") }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits(&self) > 0 else { throw error("expected a digit after '.', found \(describeCurrent())") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits(&self) > 0 else { throw error("expected an exponent, found \(describeCurrent())") }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    private mutating func string() throws -> String {
        index += 1
        let start = index
        // Fast path: no escapes, the common case.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error(byte == 0x0A ? "a string runs past the end of its line (missing closing quote?)" : "a control character inside a string") }
            index += 1
        }
        var scalars = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: scalars, as: UTF8.self)
            }
            if byte < 0x20 { throw error(byte == 0x0A ? "a string runs past the end of its line (missing closing quote?)" : "a control character inside a string") }
            if byte != UInt8(ascii: "\\") { scalars.append(byte); index += 1; continue }
            index += 1
            guard index < bytes.count else { break }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(escape)
            case UInt8(ascii: "b"): scalars.append(0x08)
            case UInt8(ascii: "f"): scalars.append(0x0C)
            case UInt8(ascii: "n"): scalars.append(0x0A)
            case UInt8(ascii: "r"): scalars.append(0x0D)
            case UInt8(ascii: "t"): scalars.append(0x09)
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800..<0xDC00).contains(code), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                    index += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw error("an unpaired surrogate in a \\u escape") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = UnicodeScalar(code) else { throw error("an unpaired surrogate in a \\u escape") }
                scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
            default:
                index -= 1
                throw error("an unknown escape \\\(describeCurrent()) in a string")
            }
        }
        throw error("a string is not closed before the end of file (the file looks truncated)")
    }

    private mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("a \\u escape is cut short") }
        var code: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("expected a hex digit in a \\u escape, found \(describeCurrent())")
            }
            code = code << 4 | digit
            index += 1
        }
        return code
    }
}
