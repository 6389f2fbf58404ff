import Dispatch
import Foundation
import Testing
import GraphClient
@testable import MDMCore

/// A bulk run on a connected tenant: one request per device to the service.
@Suite("Bulk actions on a connected tenant")
struct ConnectedBulkTests {
    /// The runner is synchronous (the console's background queue and the command line call it):
    /// run it off the concurrency pool, as they do.
    func run(_ runner: BulkRunner, _ action: DeviceAction, _ ids: [String], operatorUPN: String) async throws -> BulkSummary {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try runner.run(action, selection: .ids(ids), operatorUPN: operatorUPN, confirmCount: nil) })
            }
        }
    }

    @Test("Throttled, refused and lost answers: each device ends taken, refused or unknown, and none is sent twice")
    func throttledRun() async throws {
        // Action requests 2 and 3 are throttled (waited out, then sent again: not carried out
        // before), 5 carried out with its answer lost, 7 refused.
        let service = try await LocalService(devices: 80, faults: ["429@action:2", "429@action:3", "done-503@action:5", "500@action:7"])
        try await service.stopping {
            let (store, source) = try service.connectedStore()
            let tokens = try await service.signIn(source, as: "admin@contoso.com", mirror: store)
            _ = try await MirrorSync(connection: service.connection(source), store: store).run()
            let connection = GraphConnection(source: source, http: service.http, owner: .operator("admin@contoso.com"), tokens: tokens,
                                             budget: GraphBudget(store: store))
            let runner = BulkRunner(store: store, sender: GraphActionSender(connection: connection))
            let now = try store.now()
            let devices = try store.devices(DeviceQuery()).filter {
                Rules.availability(of: .sync, for: $0, role: .administrator, now: now).enabled
            }.prefix(8).map(\.id)
            let before = try Dictionary(uniqueKeysWithValues: devices.map { ($0, try service.served.actions(deviceId: $0).filter { $0.action == .sync }.count) })
            let summary = try await run(runner, .sync, Array(devices), operatorUPN: "admin@contoso.com")
            #expect(summary.taken + summary.failed == 8 && summary.notReached == 0, "\(summary)")
            let lines = try BulkRuns(store: store).results(summary.bulkId)
            #expect(lines.count == 8)
            #expect(lines.filter { $0.reason.hasPrefix("Unknown") }.count == 2, "the lost answer (503 after it was done) and the 500: unknown, not resent")
            for id in devices {
                let sent = try service.served.actions(deviceId: id).filter { $0.action == .sync }.count - before[id]!
                #expect(sent <= 1, "\(id) was carried out \(sent) times")
            }
            // Carried out exactly where the service said so, or where its answer was lost.
            let carried = try devices.filter { try service.served.actions(deviceId: $0).filter { $0.action == .sync }.count > before[$0]! }
            #expect(carried.count == summary.taken + 1, "every taken one, and the one whose answer was lost")
            // The bulk id is in each device's audit entry, as for a simulated run.
            let audited = try store.auditEntries().filter { $0.changedProperties.contains { $0.name == "bulkDeviceActionId" && $0.newValue == summary.bulkId } }
            #expect(audited.count == 8)
        }
    }
}
