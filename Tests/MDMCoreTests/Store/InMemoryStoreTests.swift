import Foundation
import GRDB
import Testing
@testable import MDMCore

/// `TenantStore` over any GRDB writer: a whole tenant in memory, for tests that need no file.
@Suite("A store in memory")
struct InMemoryStoreTests {
    @Test("An in-memory store is migrated and takes an action in one transaction with its chained audit entry")
    func actionInMemory() throws {
        let store = try TenantStore(writer: try DatabaseQueue())
        let phone = Fixtures.supervisedIPhone()
        try store.write { db in
            try TenantClock.set(db, to: Fixtures.now)
            try Meta.set(db, SimulationGate.allowedKey, "yes")
            try Operator(upn: "admin@contoso.com", roleId: Role.administrator.id).save(db)
            try phone.insert(db)
        }
        let outcome = try ActionService(store: store).take(ActionRequest(action: .sync, deviceId: phone.id, operatorUPN: "admin@contoso.com"))
        guard case .taken(let record, _, _) = outcome else { Issue.record("\(outcome)"); return }
        #expect(try store.actions(deviceId: phone.id).map(\.id) == [record.id])
        #expect(try store.auditEntries(AuditQuery(activity: DeviceAction.sync.auditActivity)).count == 1)
        #expect(try AuditVerifier.verify(store).problem == nil)
        #expect(store.path == ":memory:")
    }
}
