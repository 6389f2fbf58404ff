import Foundation
import MDMCore

/// Where a sync is, for a progress bar: pages and devices read, and the mirror's size
/// before it began as the estimate of the total (Graph does not count managedDevices).
public struct SyncProgress: Sendable {
    public var pages: Int
    public var devices: Int
    public var expected: Int
    public var phase: String
}

/// Renews the lease while a sync goes on: at most every third of its duration.
final class LeaseRenewal: @unchecked Sendable {
    let lease: SyncLease
    private var last = Date()
    private let lock = NSLock()

    init(lease: SyncLease) { self.lease = lease }

    /// Throws `SyncLease.Held` if another process took the lease over meanwhile (this one was
    /// too slow to renew it): the sync stops rather than write beside the new holder.
    func renewIfDue() throws {
        let due = lock.withLock { () -> Bool in
            guard Date().timeIntervalSince(last) >= lease.duration / 3 else { return false }
            last = Date()
            return true
        }
        if due { try lease.acquire() }
    }
}

/// Mirrors a Graph tenant into the store: what the sign-in may do, every device (a page at a
/// time, following nextLink), the audit events since the last sync. A sync that fails keeps
/// the last good mirror and says since when it is offline; the next one completes it.
public struct MirrorSync: Sendable {
    public let connection: GraphConnection
    public let store: TenantStore
    /// At most this many pages in one listing: a nextLink that never ends is an error, not a hang.
    public var pageLimit = 20_000

    public init(connection: GraphConnection, store: TenantStore) {
        self.connection = connection
        self.store = store
    }

    /// One sync per store at a time: it runs only under the store's sync lease (`SyncLease.Held`
    /// is thrown, and nothing read, while another process holds it), renewed page by page.
    public var lease: SyncLease { SyncLease(store: store, duration: leaseDuration) }
    public var leaseDuration = SyncLease.defaultDuration
    /// Between full listings (this often; nil: every sync lists everything) a sync asks only
    /// what changed: devices that checked in since the newest check-in mirrored, and those
    /// the service's new audit events name. A full listing is what finds removed devices.
    public var fullListingEvery: TimeInterval? = MirrorSync.defaultFullListingEvery
    public static let defaultFullListingEvery: TimeInterval = 3600
    /// This sync lists everything, whenever the last full listing was (`sync --full`).
    public var forcesFullListing = false

    public func run(progress: @escaping @Sendable (SyncProgress) -> Void = { _ in }) async throws -> MirrorWriter.Tally {
        let lease = lease
        try lease.acquire()
        defer { try? lease.release() }
        try store.updateMirrorStatus { $0.lastAttempt = Date() }
        let renewal = LeaseRenewal(lease: lease)
        do {
            let tally = try await attempt(renewal: renewal, progress: progress)
            return tally
        } catch let held as SyncLease.Held {
            throw held  // another process syncs now: the mirror is not offline
        } catch {
            let message = String(describing: error)
            try? store.updateMirrorStatus { status in
                status.offlineSince = status.offlineSince ?? Date()
                status.lastError = message
            }
            throw error
        }
    }

    func attempt(renewal: LeaseRenewal, progress: @escaping @Sendable (SyncProgress) -> Void) async throws -> MirrorWriter.Tally {
        let started = Date()
        let grant = try await readGrant()
        try store.updateMirrorStatus { $0.grant = grant }
        var tally = MirrorWriter.Tally()
        guard grant.allows(anyOf: GraphPermission.neededToReadDevices) else {
            throw SignInError("insufficient_permissions", "the sign-in lacks \(GraphPermission.readDevices): no device can be read")
        }
        let writer = MirrorWriter(store: store)
        if !forcesFullListing, let every = fullListingEvery, let last = try store.mirrorStatus().lastFullListing,
           started.timeIntervalSince(last) < every, let since = try writer.changedSince() {
            return try await incremental(since: since, grant: grant, started: started, renewal: renewal, progress: progress)
        }
        try writer.begin()
        let expected = try store.deviceCount()
        let first = "/deviceManagement/managedDevices?$top=1000&$select=\(MirrorPage.selectedProperties.joined(separator: ","))"
        var seenLinks: Set<String> = [first]
        var pages = 0
        var guessedKinds = 0
        // The next page is fetched while this one is staged: the service's time and ours overlap.
        var fetching: Task<HTTPAnswer, Error>? = Task { [connection] in try await connection.get(first) }
        defer { fetching?.cancel() }
        while let current = fetching {
            let answer = try await current.value
            fetching = nil
            guard pages < pageLimit else { throw GraphReadError(message: "more than \(pageLimit) pages: the listing looks endless") }
            let page: MirrorPage
            do { page = try MirrorPage.parse(answer.body, now: Date()) } catch {
                throw GraphReadError(message: "page \(pages + 1) of managedDevices: \(error)")
            }
            if let link = page.nextLink {
                guard seenLinks.insert(link).inserted else {
                    throw GraphReadError(message: "the service's nextLink leads back to a page already read (after \(pages + 1) pages): the listing would never end")
                }
                fetching = Task { [connection] in try await connection.get(link) }
            }
            try renewal.renewIfDue()
            try writer.apply(page, to: &tally)
            guessedKinds += page.devices.lazy.filter(\.androidKindGuessed).count
            pages += 1
            progress(SyncProgress(pages: pages, devices: tally.staged, expected: expected, phase: "devices"))
        }
        if guessedKinds > 0 { try await readAndroidKinds(writer: writer, guessed: guessedKinds, tally: &tally, progress: progress) }
        try renewal.renewIfDue()
        try writer.finish(to: &tally, at: started)
        _ = try await syncAuditEvents(grant: grant, writer: writer, tally: &tally, progress: progress)
        return tally
    }

    /// Only what changed: the devices that checked in since `since` (`lastSyncDateTime gt`,
    /// filterable in v1.0), then each device the service's new audit events name (an action
    /// from the portal, another tool), read one by one. Nothing is removed here.
    func incremental(since: Date, grant: ServiceGrant, started: Date, renewal: LeaseRenewal,
                     progress: @escaping @Sendable (SyncProgress) -> Void) async throws -> MirrorWriter.Tally {
        var tally = MirrorWriter.Tally()
        tally.incremental = true
        let writer = MirrorWriter(store: store)
        let filter = "\(GraphDeviceProperty.lastSyncDateTime.name) gt \(DateText.iso(since))"
        var next: String? = "/deviceManagement/managedDevices?$top=1000&$select=\(MirrorPage.selectedProperties.joined(separator: ","))&$filter="
            + (filter.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        var seenLinks = Set<String>(), read = Set<String>()
        while let link = next {
            guard seenLinks.insert(link).inserted, seenLinks.count <= pageLimit else {
                throw GraphReadError(message: "the changed devices' nextLink leads back to a page already read")
            }
            let answer = try await connection.get(link)
            let page: MirrorPage
            do { page = try MirrorPage.parse(answer.body, now: Date()) } catch {
                throw GraphReadError(message: "page \(seenLinks.count) of the changed managedDevices: \(error)")
            }
            try renewal.renewIfDue()
            try writer.applyChanged(page.devices, to: &tally)
            read.formUnion(page.devices.map(\.device.id))
            next = page.nextLink
            progress(SyncProgress(pages: seenLinks.count, devices: tally.staged, expected: 0, phase: "changed devices"))
        }
        let named = try await syncAuditEvents(grant: grant, writer: writer, tally: &tally, progress: progress)
        let sender = GraphActionSender(connection: connection)
        for id in named.subtracting(read).sorted() {
            // nil: not read this time (the next sync or full listing tells); .some(nil): gone.
            guard let refreshed = await sender.refreshedDevice(id: id) else { continue }
            let existed = try store.device(id: id) != nil
            try writer.replaceOne(id: id, with: refreshed)
            if refreshed == nil { tally.removed += existed ? 1 : 0 } else { tally.changed += 1 }
            tally.staged += 1
            try renewal.renewIfDue()
        }
        try writer.finishIncremental(at: started)
        return tally
    }

    /// v1.0 cannot tell a dedicated or corporate work-profile Android device from a fully managed
    /// one: beta's `deviceEnrollmentType` can, so the Android devices' types are read from the
    /// same service's /beta (only then, and only these two properties). Beta carries no support
    /// promise: if it cannot be read, v1.0's guess stands and the sync says how many are guessed.
    func readAndroidKinds(writer: MirrorWriter, guessed: Int, tally: inout MirrorWriter.Tally,
                          progress: @escaping @Sendable (SyncProgress) -> Void) async throws {
        let note = "an Android Enterprise kind guessed from v1.0 (dedicated and corporate work profile read as fully managed)"
        guard let beta = connection.source.betaURL else { tally.skipped[note, default: 0] += guessed; return }
        var next: String? = beta + MirrorPage.androidKindsQuery
        var seenLinks = Set<String>()
        var kinds: [String: ManagementType] = [:]
        do {
            while let link = next {
                guard seenLinks.insert(link).inserted, seenLinks.count <= pageLimit else {
                    throw GraphReadError(message: "the beta listing's nextLink leads back to a page already read")
                }
                let page = try MirrorPage.androidKinds(try await connection.get(link).body)
                kinds.merge(page.kinds) { _, new in new }
                next = page.nextLink
                progress(SyncProgress(pages: seenLinks.count, devices: kinds.count, expected: guessed, phase: "Android kinds (beta)"))
            }
        } catch {
            tally.skipped[note + " (the /beta read failed: \(error))", default: 0] += guessed
            return
        }
        try writer.refineAndroidKinds(kinds)
    }

    /// What the reading identity may do; when it is one operator's own sign-in, theirs is
    /// kept current with it.
    func readGrant() async throws -> ServiceGrant {
        let grant = try await ServiceGrantReader.read(connection)
        if case .operator(let upn) = connection.owner { try ServiceSignIns(store: store).refresh(operator: upn, grant: grant) }
        return grant
    }

    /// The service's audit events since the last sync; the ids of the devices they name.
    func syncAuditEvents(grant: ServiceGrant, writer: MirrorWriter, tally: inout MirrorWriter.Tally,
                         progress: @escaping @Sendable (SyncProgress) -> Void) async throws -> Set<String> {
        guard grant.allows(anyOf: GraphPermission.neededToReadAudit) else {
            try store.updateMirrorStatus {
                $0.auditUnavailable = "The sign-in lacks \(GraphPermission.readAudit): the service's audit events are not mirrored (this console's own entries are)."
            }
            return []
        }
        var named = Set<String>()
        let status = try store.mirrorStatus()
        // From a minute before the last sync's start (clocks differ); ids already mirrored are skipped.
        let since = status.auditEventsSince.map { $0.addingTimeInterval(-60) } ?? Date().addingTimeInterval(-30 * 86_400)
        let started = Date()
        var next: String? = "/deviceManagement/auditEvents?$top=1000&$filter=" +
            ("activityDateTime ge \(DateText.iso(since))".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        var seenLinks = Set<String>()
        var pages = 0
        while let link = next {
            guard seenLinks.insert(link).inserted, pages < pageLimit else {
                throw GraphReadError(message: "the auditEvents nextLink leads back to a page already read")
            }
            let answer = try await connection.get(link)
            guard let page = try? JSONDecoder().decode(GraphCollectionPage<GraphAuditEvent>.self, from: Data(answer.body)) else {
                throw GraphReadError(message: "page \(pages + 1) of auditEvents is not a JSON collection")
            }
            let events = page.value.compactMap { $0?.serviceEvent }
            named.formUnion(events.compactMap(\.deviceId))
            tally.auditEvents += try writer.append(events)
            pages += 1
            progress(SyncProgress(pages: pages, devices: tally.staged, expected: 0, phase: "audit events"))
            next = page.nextLink
        }
        try store.updateMirrorStatus {
            $0.auditEventsSince = started
            $0.auditUnavailable = nil
        }
        return named
    }
}
