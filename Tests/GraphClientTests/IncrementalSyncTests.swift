import Foundation
import Testing
import GraphClient
@testable import MDMCore

/// Between full listings a sync asks only what changed.
@Suite("Incremental sync")
struct IncrementalSyncTests {
    @Test("After a full listing, a sync with nothing changed is a few requests; a device that checked in, and one the service's audit names, are read; a removal waits for the full listing")
    func onlyWhatChanged() async throws {
        let service = try await LocalService(devices: 2500)
        try await service.stopping {
            let (store, source) = try service.connectedStore()
            _ = try await service.signIn(source, as: "admin@contoso.com", mirror: store)
            let connection = service.connection(source)
            let sync = MirrorSync(connection: connection, store: store)
            let full = try await sync.run()
            let listed = try service.listed().count
            #expect(!full.incremental && full.added == listed)
            let before = service.requests.value

            let quiet = try await sync.run()
            // Only the devices within the margin of the newest check-in are read again, unchanged.
            #expect(quiet.incremental && quiet.added == 0 && quiet.changed == 0 && quiet.removed == 0, "\(quiet)")
            #expect(quiet.staged < listed / 10, "\(quiet.staged) of \(listed) read again")
            #expect(service.requests.value - before <= 4, "grant, one filtered page, audit events: \(service.requests.value - before) requests")

            // One device checks in at the service (its lastSyncDateTime moves on); another is renamed
            // there by someone else (an audit event names it); a third is deleted at the service.
            let windows = try service.served.devices(DeviceQuery()).filter { $0.platform == .windows && $0.managementState == .managed && $0.isOnline }
            var checkedIn = windows[0]
            checkedIn.lastCheckInAt = Date().addingTimeInterval(86_400 * 3)
            checkedIn.osVersion = "10.0.26100.9999"
            try service.served.write { db in try checkedIn.update(db) }
            let renamed = windows[1]
            _ = try ActionService(store: service.served).take(ActionRequest(action: .sync, deviceId: renamed.id, operatorUPN: "admin@contoso.com"))
            let gone = windows[2]
            try service.served.write { db in _ = try Device.deleteOne(db, key: gone.id) }

            let changed = try await sync.run()
            #expect(changed.incremental)
            #expect(try store.device(id: checkedIn.id)?.osVersion == "10.0.26100.9999", "the device that checked in was read")
            #expect(try store.actions(deviceId: renamed.id).contains { $0.action == .sync }, "the device the audit names was read back")
            #expect(try store.device(id: gone.id) != nil, "an incremental sync cannot know of a removal")

            var listing = sync
            listing.forcesFullListing = true
            let whole = try await listing.run()
            let stillThere = try store.device(id: gone.id)
            #expect(!whole.incremental && whole.removed == 1 && stillThere == nil, "the full listing finds it")
        }
    }
}
