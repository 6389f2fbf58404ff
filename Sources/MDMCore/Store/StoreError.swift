import Foundation

/// What can go wrong opening or reading a store, each saying what and where, in one line.
public enum StoreError: Error, Equatable, CustomStringConvertible, LocalizedError {
    case isDirectory(path: String)
    case notADatabase(path: String, detail: String)
    case foreignDatabase(path: String)
    /// An SQLite file that cannot be read: truncated or corrupt.
    case damaged(path: String, detail: String)
    case newerSchema(path: String, unknown: [String])
    case cannotOpen(path: String, detail: String)
    case readOnly(path: String, detail: String)
    /// Other writers held the store longer than a write is willing to wait.
    case busy(path: String, seconds: Int)
    case unknownDevice(String, suggestions: [String])
    case ambiguousDevice(String, ids: [String])
    /// The device existed but its record was deleted (R17) or cleaned up (R15).
    case removedDevice(String, deviceName: String, when: Date, by: String)
    case clockBackwards(now: Date, requested: Date)
    /// The file was deleted or replaced while this process had it open.
    case replaced(path: String)
    case invalid(String)

    public var description: String {
        switch self {
        case .isDirectory(let path):
            "\(path): is a directory, not a database file"
        case .notADatabase(let path, let detail):
            "\(path): not an SQLite database (\(detail)); the file was left untouched"
        case .damaged(let path, let detail):
            "\(path): the database is damaged (truncated or corrupt: \(detail)); the file was left untouched, restore it from a backup"
        case .foreignDatabase(let path):
            "\(path): an SQLite database, but not an mdmconsole store; the file was left untouched"
        case .newerSchema(let path, let unknown):
            "\(path): written by a newer mdmconsole (unknown schema migrations: \(unknown.joined(separator: ", "))); upgrade mdmconsole to open it"
        case .readOnly(let path, let detail):
            "\(path): cannot write to the store: \(detail); the file was left untouched"
        case .busy(let path, let seconds):
            "\(path): other processes kept the store busy for more than \(seconds) s; nothing was written, try again"
        case .cannotOpen(let path, let detail):
            "\(path): cannot open the store: \(detail)"
        case .unknownDevice(let text, let suggestions):
            "no device with id or name \"\(text)\""
                + (suggestions.isEmpty ? "" : "; did you mean: \(suggestions.map { "\"\($0)\"" }.joined(separator: ", "))?")
        case .removedDevice(let text, let name, let when, let actor):
            "no device \"\(text)\": \(name) was removed on \(DateText.short(when)) by \(actor) (see `mdmconsole audit --device \"\(text)\"`)"
        case .ambiguousDevice(let text, let ids):
            "\(ids.count) devices are named \"\(text)\"; use an id: \(ids.joined(separator: ", "))"
        case .clockBackwards(let now, let requested):
            "the tenant clock cannot go back: it is \(DateText.iso(now)), asked for \(DateText.iso(requested))"
        case .replaced(let path):
            "\(path) was deleted or replaced by another file while open (demo --force, a restore?); nothing more was written: open it again"
        case .invalid(let message):
            message
        }
    }

    public var errorDescription: String? { description }
}
