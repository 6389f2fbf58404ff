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

    public func run(progress: @escaping @Sendable (SyncProgress) -> Void = { _ in }) async throws -> MirrorWriter.Tally {
        do {
            let tally = try await attempt(progress: progress)
            return tally
        } catch {
            let message = String(describing: error)
            try? store.updateMirrorStatus { status in
                status.offlineSince = status.offlineSince ?? Date()
                status.lastError = message
            }
            throw error
        }
    }

    func attempt(progress: @escaping @Sendable (SyncProgress) -> Void) async throws -> MirrorWriter.Tally {
        let started = Date()
        let grant = try await readGrant()
        try store.updateMirrorStatus { $0.grant = grant }
        var tally = MirrorWriter.Tally()
        guard grant.allows(anyOf: GraphPermission.neededToReadDevices) else {
            throw SignInError("insufficient_permissions", "the sign-in lacks \(GraphPermission.readDevices): no device can be read")
        }
        let writer = MirrorWriter(store: store)
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
            try writer.apply(page, to: &tally)
            guessedKinds += page.devices.lazy.filter(\.androidKindGuessed).count
            pages += 1
            progress(SyncProgress(pages: pages, devices: tally.staged, expected: expected, phase: "devices"))
        }
        if guessedKinds > 0 { try await readAndroidKinds(writer: writer, guessed: guessedKinds, tally: &tally, progress: progress) }
        try writer.finish(to: &tally, at: started)
        try await syncAuditEvents(grant: grant, writer: writer, tally: &tally, progress: progress)
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

    /// The token's permissions, and the Intune role's resource actions where the sign-in may
    /// read them (otherwise the service decides each action when it is sent).
    func readGrant() async throws -> ServiceGrant {
        let permissions = try await connection.grantedPermissions()
        var grant = permissions.isEmpty ? ServiceGrant.unknown : ServiceGrant(permissions: permissions)
        if grant.allows(anyOf: GraphPermission.neededToReadRoles) {
            if let answer = try? await connection.get("/deviceManagement/getEffectivePermissions(scope='allScopes')"),
               let page = try? JSONDecoder().decode(GraphCollectionPage<GraphRolePermission>.self, from: Data(answer.body)) {
                var allowed = Set<String>(), denied = Set<String>()
                for permission in page.value.compactMap({ $0 }) {
                    for actions in permission.resourceActions ?? [] {
                        allowed.formUnion(actions.allowedResourceActions ?? [])
                        denied.formUnion(actions.notAllowedResourceActions ?? [])
                    }
                }
                grant.intuneActions = allowed.subtracting(denied)
            }
        }
        return grant
    }

    func syncAuditEvents(grant: ServiceGrant, writer: MirrorWriter, tally: inout MirrorWriter.Tally,
                         progress: @escaping @Sendable (SyncProgress) -> Void) async throws {
        guard grant.allows(anyOf: GraphPermission.neededToReadAudit) else {
            try store.updateMirrorStatus {
                $0.auditUnavailable = "The sign-in lacks \(GraphPermission.readAudit): the service's audit events are not mirrored (this console's own entries are)."
            }
            return
        }
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
            tally.auditEvents += try writer.append(page.value.compactMap { $0?.serviceEvent })
            pages += 1
            progress(SyncProgress(pages: pages, devices: tally.staged, expected: 0, phase: "audit events"))
            next = page.nextLink
        }
        try store.updateMirrorStatus {
            $0.auditEventsSince = started
            $0.auditUnavailable = nil
        }
    }
}
