import Foundation

/// The two inventory files help-desk staff already have.
public enum ImportFormat: String, Sendable, CaseIterable {
    /// Microsoft Graph managedDevice JSON: `{"value": [...]}` or a bare array.
    case graph
    /// The admin portal's "All devices" CSV export.
    case csv

    /// Guessed from content, not the file name: JSON starts with `{` or `[`.
    static func guess(_ bytes: [UInt8]) -> ImportFormat {
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        guard index < bytes.count else { return .csv }
        return bytes[index] == UInt8(ascii: "{") || bytes[index] == UInt8(ascii: "[") ? .graph : .csv
    }
}
