import Foundation
import GRDB

/// What `audit verify` found.
public struct AuditVerification: Sendable, Equatable {
    /// How a chain can be broken.
    public enum Breakage: String, Sendable, Equatable {
        case edited, missing, inserted, reordered
    }

    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var entryId: Int64
        public var kind: Breakage
        public var detail: String
        public var description: String { "entry \(entryId) \(kind.rawValue): \(detail)" }
    }

    /// Entries read before the first problem (all of them when there is none).
    public var checked: Int
    /// The last entry's hash: recorded somewhere else, it proves later that nothing was
    /// removed from the end or rewritten as a whole.
    public var headHash: String
    public var problem: Problem?
}

/// Walks the audit log in order and checks every link of the chain (R18).
public enum AuditVerifier {
    public static func verify(_ store: TenantStore) throws -> AuditVerification {
        try store.read { db in try verify(db) }
    }

    static func verify(_ db: Database) throws -> AuditVerification {
        var expectedPrevious = AuditChain.genesis
        var previousId: Int64 = 0
        var checked = 0
        let rows = try Row.fetchCursor(db, sql: "SELECT \(columns) FROM auditEntry ORDER BY id")
        while let row = try rows.next() {
            let id: Int64 = row[0]
            let storedPrevious: String = row[10]
            let storedHash: String = row[11]
            let matchesItself = AuditChain.hash(content(of: row, previousHash: storedPrevious)) == storedHash
            let linked = storedPrevious == expectedPrevious
            if !matchesItself || !linked {
                let problem = try classify(db, id: id, previousId: previousId, storedPrevious: storedPrevious,
                                           matchesItself: matchesItself, linked: linked)
                return AuditVerification(checked: checked, headHash: expectedPrevious, problem: problem)
            }
            expectedPrevious = storedHash
            previousId = id
            checked += 1
        }
        // The chain cannot see an entry removed from its very end; SQLite's record of the
        // highest id ever given out can.
        let highest = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'auditEntry'") ?? previousId
        if highest > previousId {
            return AuditVerification(checked: checked, headHash: expectedPrevious, problem: .init(
                entryId: previousId + 1, kind: .missing,
                detail: "the log ends at entry \(previousId) but entries up to \(highest) were written"))
        }
        return AuditVerification(checked: checked, headHash: expectedPrevious, problem: nil)
    }

    static func classify(_ db: Database, id: Int64, previousId: Int64, storedPrevious: String,
                         matchesItself: Bool, linked: Bool) throws -> AuditVerification.Problem {
        if !matchesItself, linked {
            return .init(entryId: id, kind: .edited, detail: "its content no longer matches its hash")
        }
        // Which entry does this one say comes before it?
        let predecessor = try Int64.fetchOne(db, sql: "SELECT id FROM auditEntry WHERE hash = ? AND id != ? LIMIT 1",
                                             arguments: [storedPrevious, id])
        switch predecessor {
        case .some(let before) where before > id:
            return .init(entryId: id, kind: .reordered, detail: "it belongs after entry \(before), not after entry \(previousId)")
        case .some(let before):
            if !matchesItself { return .init(entryId: id, kind: .edited, detail: "its content no longer matches its hash") }
            return .init(entryId: id, kind: .inserted, detail: "it repeats the link of entry \(before + 1), after entry \(before); it was added later")
        case .none where id > previousId + 1:
            let range = id - 1 == previousId + 1 ? "entry \(previousId + 1) is" : "entries \(previousId + 1)–\(id - 1) are"
            return .init(entryId: previousId + 1, kind: .missing, detail: "\(range) gone: entry \(id) follows an entry no longer in the log")
        case .none:
            return .init(entryId: id, kind: .inserted, detail: "it links to no entry of the log; it was added from outside")
        }
    }

    /// The columns `content(of:previousHash:)` reads, in its order (by index: a million rows
    /// are read in seconds, not half a minute).
    static let columns = "id, time, activity, result, actor, actorType, deviceId, deviceName, actionId, changedProperties, previousHash, hash, origin"

    /// The hashed fields of a row selected with `columns` (exact database text for time and properties).
    static func content(of row: Row, previousHash: String) -> AuditChain.Content {
        AuditChain.Content(
            time: row[1] as String? ?? "", activity: row[2], result: row[3], actor: row[4], actorType: row[5],
            deviceId: row[6], deviceName: row[7], actionId: row[8], changedProperties: row[9], previousHash: previousHash,
            origin: row[12])
    }
}
