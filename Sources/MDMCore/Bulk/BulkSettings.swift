import Foundation
import GRDB

/// A tenant's bulk settings: `bulk.max`, the most devices one run may take (1000 unless an
/// Administrator changed it, audited).
public struct BulkSettings: Sendable {
    public let store: TenantStore
    package static let key = "bulk.max"
    public static let defaultMax = 1000
    public static let largestMax = 10_000_000

    public init(store: TenantStore) { self.store = store }

    public func max() throws -> Int {
        try store.read { db in try Meta.get(db, Self.key).flatMap(Int.init) ?? Self.defaultMax }
    }

    /// Organization/Update only; audited with the old and new value.
    public func setMax(_ value: Int, by actor: String) throws {
        guard (1...Self.largestMax).contains(value) else {
            throw BulkSettingError.invalid("bulk.max: \(value) is not between 1 and \(Self.largestMax)")
        }
        let problem = try PermittedChange.run(store, needs: .updateOrganization, activity: "set BulkSetting", actor: actor, property: { db in
            ChangedProperty(Self.key, from: try Meta.get(db, Self.key) ?? String(Self.defaultMax), to: String(value))
        }, refusal: { BulkSettingError.lacksPermission(upn: actor, role: $0) }) { db in
            try Meta.set(db, Self.key, String(value))
            return nil as BulkSettingError?
        }
        if let problem { throw problem }
    }
}

/// Why a bulk setting was not changed.
public enum BulkSettingError: Error, Equatable, CustomStringConvertible {
    case lacksPermission(upn: String, role: Role)
    case invalid(String)

    public var description: String {
        switch self {
        case .lacksPermission(let upn, let role): Role.refusal(upn, role, lacks: .updateOrganization, doing: "changes bulk settings")
        case .invalid(let message): message
        }
    }
}

/// Reading back bulk runs and their results (a run killed midway included: its results say
/// how far it got).
public struct BulkRuns: Sendable {
    public let store: TenantStore

    public init(store: TenantStore) { self.store = store }

    public struct Run: Sendable, Equatable {
        public var id: String
        public var action: DeviceAction
        public var operatorUPN: String
        public var startedAt: Date
        public var finishedAt: Date?
        public var total: Int
        /// `running` (or killed while running), `done`, `stopped`.
        public var state: String
        public var counts: [BulkResult: Int]
    }

    public func runs(limit: Int = 20) throws -> [Run] {
        try store.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM bulkRun ORDER BY startedAt DESC, rowid DESC LIMIT ?", arguments: [limit]).map { row in
                let id: String = row["id"]
                var counts: [BulkResult: Int] = [:]
                for count in try Row.fetchAll(db, sql: "SELECT result, COUNT(*) AS n FROM bulkResult WHERE bulkId = ? GROUP BY result", arguments: [id]) {
                    if let result = BulkResult(rawValue: count["result"]) { counts[result] = count["n"] }
                }
                return Run(id: id, action: DeviceAction(rawValue: row["action"]) ?? .sync, operatorUPN: row["operator"], startedAt: row["startedAt"],
                           finishedAt: row["finishedAt"], total: row["total"], state: row["state"], counts: counts)
            }
        }
    }

    /// A run's lines in the order they were taken; `result` filters them.
    public func results(_ bulkId: String, result: BulkResult? = nil) throws -> [BulkResultLine] {
        try store.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM bulkResult WHERE bulkId = ? AND (? IS NULL OR result = ?) ORDER BY sequence
                """, arguments: [bulkId, result?.rawValue, result?.rawValue]).map { row in
                BulkResultLine(deviceId: row["deviceId"], deviceName: row["deviceName"], result: BulkResult(rawValue: row["result"]) ?? .failed,
                               rule: row["rule"], reason: row["reason"], actionId: row["actionId"])
            }
        }
    }
}
