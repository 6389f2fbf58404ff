import Foundation
import GRDB

/// Whether the store tells one story: every action taken from the console has exactly one
/// audit entry (but one sent to a service whose answer a killed console never recorded: it
/// says so itself, unknown) and every audit entry for an action has its action (R18); each device's
/// state matches its last retire or wipe (R13, R20); deleted devices are gone (R17); the
/// device tally behind the list's counts is right.
/// What a crash or a concurrent writer could break, checked after the fact.
public enum ConsistencyCheck {
    public static func run(_ store: TenantStore, limit: Int = 20) throws -> [String] {
        try store.read { db in try run(db, limit: limit) }
    }

    static func run(_ db: Database, limit: Int) throws -> [String] {
        var problems: [String] = []
        for row in try Row.fetchAll(db, SQLRequest<Row>(literal: """
            SELECT a.id, a.action, a.deviceName,
                   (SELECT COUNT(*) FROM auditEntry e WHERE e.actionId = a.id AND e.result IN \([AuditResult.success, .unknown])) AS entries
            FROM action a WHERE a.source = \(ActionSource.console) AND entries != 1
              AND NOT (entries = 0 AND a.detail = \(ConnectedActionService.sendingDetail))
            LIMIT \(limit)
            """)) {
            problems.append("action \(row["id"] as String) (\(row["action"] as String) on \(row["deviceName"] as String)) has \(row["entries"] as Int) audit entries, not 1")
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT e.id, e.activity FROM auditEntry e
            WHERE e.actionId IS NOT NULL AND NOT EXISTS (SELECT 1 FROM action a WHERE a.id = e.actionId) LIMIT ?
            """, arguments: [limit]) {
            problems.append("audit entry \(row["id"] as Int64) (\(row["activity"] as String)) names an action that does not exist")
        }
        // A connected tenant's device states are the service's, not the outcome of actions
        // played here: only a simulated tenant must tell this story.
        if try GraphSource.read(db) == nil {
            // Each device against its latest retire or wipe.
            for row in try Row.fetchAll(db, SQLRequest<Row>(literal: """
                SELECT d.id, d.name, d.managementState, a.action, a.state FROM device d
                JOIN action a ON a.rowid = (SELECT rowid FROM action WHERE deviceId = d.id AND action IN \([DeviceAction.retire, .wipe])
                                            ORDER BY issuedAt DESC, rowid DESC LIMIT 1)
                """)) {
                // Read as text first: a value written by hand with sqlite3 must be reported, not crash `check`.
                let actionText: String = row["action"], stateText: String = row["state"], deviceState: String = row["managementState"]
                guard let action = DeviceAction(rawValue: actionText), let state = ActionState(rawValue: stateText) else {
                    problems.append("device \(row["name"] as String): its last action has an unknown action or state (\(actionText), \(stateText))")
                    continue
                }
                // R13, R20: an open retire or wipe leaves the device pending; a done one, retired or wiped.
                let expected: ManagementState? = switch (action, state) {
                case (.retire, .pending), (.retire, .active): .retirePending
                case (.wipe, .pending), (.wipe, .active): .wipePending
                case (.retire, .done): .retired
                case (.wipe, .done): .wiped
                default: nil
                }
                if let expected, expected.rawValue != deviceState {
                    problems.append("device \(row["name"] as String) is \(deviceState) but its last \(action.rawValue) is \(state.rawValue) (expected \(expected.rawValue))")
                }
            }
            for row in try Row.fetchAll(db, SQLRequest<Row>(literal: """
                SELECT d.name, d.managementState FROM device d
                WHERE d.managementState IN \([ManagementState.retirePending, .wipePending])
                  AND NOT EXISTS (SELECT 1 FROM action a WHERE a.deviceId = d.id AND a.state IN \(ActionState.open)
                                  AND a.action = CASE d.managementState WHEN \(ManagementState.retirePending) THEN \(DeviceAction.retire)
                                                                        ELSE \(DeviceAction.wipe) END)
                """)) {
                problems.append("device \(row["name"] as String) is \(row["managementState"] as String) with no open action to explain it")
            }
            for row in try Row.fetchAll(db, SQLRequest<Row>(literal: """
                SELECT a.deviceName FROM action a WHERE a.action = \(DeviceAction.delete) AND a.state = \(ActionState.done)
                  AND EXISTS (SELECT 1 FROM device d WHERE d.id = a.deviceId)
                """)) {
                problems.append("device \(row["deviceName"] as String) was deleted but its record is still there")
            }
        }
        // The per-platform tally the list's counts come from (migration v4) against the rows.
        for row in try Row.fetchAll(db, sql: """
            SELECT p.platform, COALESCE(t.devices, 0) AS tallied, p.counted FROM
              (SELECT platform, COUNT(*) AS counted FROM device GROUP BY platform
               UNION SELECT platform, 0 FROM deviceTally WHERE platform NOT IN (SELECT platform FROM device)) p
            LEFT JOIN deviceTally t ON t.platform = p.platform WHERE COALESCE(t.devices, 0) != p.counted
            """) {
            problems.append("the device tally says \(row["tallied"] as Int) \(row["platform"] as String) devices, the store holds \(row["counted"] as Int)")
        }
        // R18: every role explained by an audited grant (a row written with sqlite3 is not).
        problems += try RoleOrigins.unexplained(db)
        return Array(problems.prefix(limit))
    }
}
