import Foundation
import Testing
import GraphClient
@testable import MDMCore

/// One sync for every console of a store.
@Suite("One sync per store")
struct SharedSyncTests {
    @Test("While another process holds the store's lease, a sync reads nothing and says who holds it; after, it syncs")
    func leaseHeld() async throws {
        let service = try await LocalService(devices: 40)
        try await service.stopping {
            let (store, source) = try service.connectedStore()
            _ = try await service.signIn(source, as: "admin@contoso.com")
            let other = SyncLease(store: store, holder: "elsewhere:4242:x")
            try other.acquire()
            let sync = MirrorSync(connection: service.connection(source), store: store)
            let held = await #expect(throws: SyncLease.Held.self) { _ = try await sync.run() }
            #expect(held?.pid == 4242)
            #expect(try store.deviceCount() == 0 && (try store.mirrorStatus().offlineSince) == nil, "nothing read, and not called offline")
            try other.release()
            let tally = try await sync.run()
            #expect(tally.added > 0)
            #expect(try SyncLease(store: store).current() == nil, "released when done")
        }
    }
}
