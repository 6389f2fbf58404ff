import Foundation
import MDMCore
import GRDB

/// Years of audit history before the demo's played weeks: operators syncing, retiring,
/// wiping and resetting devices long since gone. Written in large transactions with a
/// prepared statement, each entry chained to the one before (R18).
enum OlderHistory {
    static let activities: [(DeviceAction, Int)] = [(.sync, 60), (.retire, 12), (.wipe, 6), (.resetPasscode, 15), (.delete, 5), (.bypassActivationLock, 2)]

    static func append(_ count: Int, to store: TenantStore, before end: Date, seed: UInt64, progress: (Double) -> Void) throws {
        var random = SeededRandom(seed: seed ^ 0x0A0D_17)
        let span = 2 * 365 * RuleDurations.day
        let step = span / Double(count)
        let actors = ["helpdesk@contoso.com", "helpdesk2@contoso.com", "admin@contoso.com", "m.rossi@contoso.com", "l.nguyen@contoso.com"]
        let weights = activities.flatMap { Array(repeating: $0.0, count: $0.1) }
        var written = 0
        while written < count {
            let chunk = min(100_000, count - written)
            try store.write { db in
                var previous = try String.fetchOne(db, sql: "SELECT hash FROM auditEntry ORDER BY id DESC LIMIT 1") ?? AuditChain.genesis
                let statement = try AuditLog.insertStatement(db)
                for index in written..<(written + chunk) {
                    let time = DatabaseDate.text(end.addingTimeInterval(-span + Double(index) * step))
                    let action = weights[Int(random.next() % UInt64(weights.count))]
                    let actor = actors[Int(random.next() % UInt64(actors.count))]
                    // Devices of a period are near one another (fleets are renewed over time), which
                    // also keeps the device index's inserts local: ten million random ones thrashed.
                    let deviceNumber = (UInt64(index) * 900_000 / UInt64(count) + random.next() % 5000) % 900_000
                    let digits = String(deviceNumber)
                    let deviceId = "00000000-0000-4000-a000-" + String(repeating: "0", count: 12 - digits.count) + digits
                    let deviceName = "LEGACY-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
                    let result = random.next() % 50 == 0 ? "failure" : "success"
                    let changed = "[]"
                    previous = try AuditLog.insert(AuditChain.Content(
                        time: time, activity: action.auditActivity, result: result, actor: actor, actorType: ActorType.user.rawValue,
                        deviceId: deviceId, deviceName: deviceName, actionId: nil, changedProperties: changed, previousHash: previous),
                        into: statement)
                }
            }
            written += chunk
            progress(Double(written) / Double(count))
        }
    }
}
