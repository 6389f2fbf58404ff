import Foundation
import GRDB

/// How a device's scope tags and an operator's are kept in one text column: a JSON array of
/// the ids (`["0"]`, `["1","3"]`), as Codable reads it; since ids are digits, the quotes
/// delimit them, so `instr(column, '"3"')` finds a tag exactly without parsing a row
/// (json_each would run per row, on every row a scoped list walks).
enum ScopeTagColumn {
    static func text(_ ids: [String]) -> String { "[" + ids.map { "\"" + $0 + "\"" }.joined(separator: ",") + "]" }

    /// The ids a column holds, or nil when it is not of that form (a damaged row).
    static func ids(_ text: String) -> [String]? {
        if let ids = written(text) { return ids }
        guard let ids = try? JSONDecoder().decode([String].self, from: Data(text.utf8)), ids.allSatisfy(ScopeTag.isValidId) else { return nil }
        return ids
    }

    /// The ids of a column exactly as `text` writes it (`["0"]`, `["1","3"]`), read by hand:
    /// every device read decodes one, and JSONDecoder was a tenth of a bulk preview's time.
    /// Anything else (spaces, escapes) is left to JSONDecoder.
    private static func written(_ text: String) -> [String]? {
        if text == "[\"0\"]" { return ["0"] }
        var utf8 = text.utf8[...]
        guard utf8.first == UInt8(ascii: "["), utf8.last == UInt8(ascii: "]") else { return nil }
        utf8 = utf8.dropFirst().dropLast()
        if utf8.isEmpty { return [] }
        var ids: [String] = []
        for item in utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
            guard item.count >= 3, item.first == UInt8(ascii: "\""), item.last == UInt8(ascii: "\"") else { return nil }
            let digits = item.dropFirst().dropLast()
            guard digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }), let id = String(digits) else { return nil }
            ids.append(id)
        }
        return ids.allSatisfy(ScopeTag.isValidId) ? ids : nil
    }

    /// The SQL test "the row whose tags are in `column` holds one of `tags`" (no tag: false).
    static func clause(_ column: String, holdingAnyOf tags: Set<String>) -> (String, StatementArguments) {
        guard !tags.isEmpty else { return ("0", []) }
        let sorted = tags.sorted()
        return ("(" + sorted.map { _ in "instr(\(column), ?) > 0" }.joined(separator: " OR ") + ")",
                StatementArguments(sorted.map { "\"" + $0 + "\"" }))
    }
}

extension DeviceScope {
    /// The SQL test that a device row (`device.roleScopeTagIds`) is in scope; nil for every device.
    func deviceClause(_ column: String = "device.roleScopeTagIds") -> (String, StatementArguments)? {
        switch self {
        case .everyDevice: nil
        case .tags(let tags): ScopeTagColumn.clause(column, holdingAnyOf: tags)
        }
    }
}

extension ScopedReader {
    /// The SQL test that a history row (an audit entry, an action) is one the reader sees:
    /// it names no device, or they are its actor, or its device holds one of their tags now.
    func readsClause(deviceId: String, actor: String) -> (String, StatementArguments) {
        let (held, heldArguments) = ScopeTagColumn.clause("device.roleScopeTagIds", holdingAnyOf: tags)
        var arguments: StatementArguments = [upn]
        _ = arguments.append(contentsOf: heldArguments)
        return ("(\(deviceId) IS NULL OR \(actor) = ? OR EXISTS (SELECT 1 FROM device WHERE device.id = \(deviceId) AND \(held)))", arguments)
    }
}

extension DeviceScope {
    /// The reader of history this scope makes of `upn`; nil for every device.
    func reader(_ upn: String) -> ScopedReader? {
        if case .tags(let tags) = self { ScopedReader(upn: upn, tags: tags) } else { nil }
    }
}
