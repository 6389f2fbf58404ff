import Foundation
import Testing
import GraphClient
@testable import MDMCore

/// One Graph request budget for every process of a store, against serve.
@Suite("One Graph budget per store")
struct SharedBudgetTests {
    @Test("A 429 one process gets is recorded in the store; another process's action then waits it out before sending, and is sent once")
    func retryAfterShared() async throws {
        let service = try await LocalService(devices: 40, faults: ["429@list:1"])
        try await service.stopping {
            let (store, source) = try service.connectedStore()
            let tokens = try await service.signIn(source, as: "admin@contoso.com", mirror: store)
            let reading = GraphConnection(source: source, http: service.http, tokens: tokens, budget: GraphBudget(store: store))
            let started = Date()
            _ = try await MirrorSync(connection: reading, store: store).run()
            let recorded = try store.read { db in try Date.fetchOne(db, sql: "SELECT throttledUntil FROM graphBudget") }
            #expect(recorded.map { $0 > started && $0 <= Date() } == true, "the service's Retry-After is in the store: \(String(describing: recorded))")

            // Another process of the store (its own store handle and connection) acts while the service's wait is on.
            let elsewhere = try TenantStore(path: store.path)
            try GraphBudget(store: elsewhere).throttled(until: Date().addingTimeInterval(1.5))
            let acting = GraphConnection(source: source, http: service.http, owner: .operator("admin@contoso.com"), tokens: tokens,
                                         budget: GraphBudget(store: elsewhere))
            let device = try #require(try elsewhere.devices(DeviceQuery()).first { $0.platform == .windows && $0.managementState == .managed })
            let before = try service.served.actions(deviceId: device.id).filter { $0.action == .sync }.count
            let sent = Date()
            let outcome = try await ConnectedActionService(store: elsewhere, sender: GraphActionSender(connection: acting))
                .take(ActionRequest(action: .sync, deviceId: device.id, operatorUPN: "admin@contoso.com"))
            guard case .sent(_, let answer, _) = outcome, answer.isAccepted else { Issue.record("\(outcome)"); throw CancellationError() }
            #expect(Date().timeIntervalSince(sent) >= 1.4, "it waited for the wait another process was told")
            #expect(try service.served.actions(deviceId: device.id).filter { $0.action == .sync }.count == before + 1, "sent once")
        }
    }
}
