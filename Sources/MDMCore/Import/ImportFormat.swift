import Foundation

/// The two inventory files help-desk staff already have.
public enum ImportFormat: String, Sendable, CaseIterable {
    /// Microsoft Graph managedDevice JSON: `{"value": [...]}` or a bare array.
    case graph
    /// The admin portal's "All devices" CSV export.
    case csv

    /// Guessed from content, not the file name: JSON starts with `{` or `[`.
    static func guess<Bytes: RandomAccessCollection>(_ bytes: Bytes) -> ImportFormat where Bytes.Element == UInt8, Bytes.Index == Int {
        guard let index = firstContent(bytes) else { return .csv }
        return bytes[index] == UInt8(ascii: "{") || bytes[index] == UInt8(ascii: "[") ? .graph : .csv
    }

    /// Where the content starts, past a UTF-8 byte order mark and white space; nil when there is none.
    static func firstContent<Bytes: RandomAccessCollection>(_ bytes: Bytes) -> Int? where Bytes.Element == UInt8, Bytes.Index == Int {
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.startIndex + 3 : bytes.startIndex
        while index < bytes.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        return index < bytes.endIndex ? index : nil
    }
}
