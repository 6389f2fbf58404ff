/// RFC 4180 CSV split into records, each with the line it starts on: quoted fields,
/// commas, quotes and newlines inside quotes, a UTF-8 byte-order mark, CRLF or LF.
/// Hand-written because errors must name the line, and a quoted newline makes records and
/// lines differ; CSV.swift, the package at hand, reports neither.
struct CSVRecords {
    struct Record {
        var line: Int
        var fields: [String]
    }

    struct SyntaxError: Error {
        var line: Int
        var message: String
    }

    static func parse(_ data: [UInt8]) throws -> [Record] {
        try data.withUnsafeBufferPointer { bytes in
            var records: [Record] = []
            var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            var line = 1
            let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr: UInt8 = 0x0D, lf: UInt8 = 0x0A
            while index < bytes.count {
                var fields: [String] = []
                let recordLine = line
                fieldLoop: while true {
                    if index < bytes.count, bytes[index] == quote {
                        let openedOn = line
                        index += 1
                        var field: [UInt8] = []
                        while true {
                            guard index < bytes.count else {
                                throw SyntaxError(line: openedOn, message: "a quoted field opened here is never closed (the file looks truncated)")
                            }
                            let byte = bytes[index]
                            if byte == quote {
                                if index + 1 < bytes.count, bytes[index + 1] == quote { field.append(quote); index += 2; continue }
                                index += 1
                                break
                            }
                            if byte == lf { line += 1 }
                            field.append(byte)
                            index += 1
                        }
                        fields.append(String(decoding: field, as: UTF8.self))
                        guard index < bytes.count else { break fieldLoop }
                        switch bytes[index] {
                        case comma: index += 1; continue fieldLoop
                        case cr, lf: break fieldLoop
                        default: throw SyntaxError(line: line, message: "unexpected text after a closing quote in field \(fields.count)")
                        }
                    } else {
                        let start = index
                        while index < bytes.count, bytes[index] != comma, bytes[index] != cr, bytes[index] != lf {
                            if bytes[index] == quote {
                                throw SyntaxError(line: line, message: "a quote inside an unquoted field \(fields.count + 1) (quote the field and double the quote)")
                            }
                            index += 1
                        }
                        fields.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                        if index < bytes.count, bytes[index] == comma { index += 1; continue fieldLoop }
                        break fieldLoop
                    }
                }
                if index < bytes.count, bytes[index] == cr { index += 1 }
                if index < bytes.count, bytes[index] == lf { index += 1 }
                line += 1
                // A blank line (one empty field) is not a record.
                if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(line: recordLine, fields: fields)) }
            }
            return records
        }
    }
}
