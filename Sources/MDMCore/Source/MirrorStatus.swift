import Foundation
import GRDB

/// How current a connected tenant's mirror is: the console's header reads it ("synced 40 s
/// ago", "offline since 10:42: showing the mirror": ConsoleUI's MirrorStatusText), `sync` writes it.
public struct MirrorStatus: Codable, Sendable, Equatable {
    /// The last sync that read every page to the end.
    public var lastCompleteSync: Date?
    /// Since when every attempt failed (nil while the service answers).
    public var offlineSince: Date?
    /// What the last failed attempt said, one line.
    public var lastError: String?
    /// Audit events are read from this instant on at the next sync.
    public var auditEventsSince: Date?
    /// Why audit events could not be read (no `DeviceManagementApps.Read.All`), shown in the audit pane.
    public var auditUnavailable: String?
    /// What the sign-in may do, as last learned from its token and the service.
    public var grant: ServiceGrant?
    /// When a sync last began, complete or not (by any process of the store).
    public var lastAttempt: Date?
    /// The start of the last sync that listed every device (the one that finds devices the
    /// service removed); the syncs between ask only what changed.
    public var lastFullListing: Date?

    /// Whether a sync is due: none began within `interval` (a failed one is not retried at
    /// once by every console), or with `retryingFailures` (a console opening: the person may
    /// just have signed in again) the last failed or none completed within it.
    public func syncDue(every interval: TimeInterval, retryingFailures: Bool = false, now: Date = Date()) -> Bool {
        if retryingFailures, offlineSince != nil { return true }
        guard let last = (retryingFailures ? [lastCompleteSync] : [lastCompleteSync, lastAttempt]).compactMap({ $0 }).max() else { return true }
        return now.timeIntervalSince(last) >= interval
    }

    public init() {}

    static let metaKey = "mirrorStatus"

    static func read(_ db: Database) throws -> MirrorStatus {
        guard let text = try Meta.get(db, metaKey) else { return MirrorStatus() }
        return (try? JSONDecoder().decode(MirrorStatus.self, from: Data(text.utf8))) ?? MirrorStatus()
    }

    static func write(_ db: Database, _ status: MirrorStatus) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        try Meta.set(db, metaKey, String(decoding: try encoder.encode(status), as: UTF8.self))
    }
}

extension TenantStore {
    public func mirrorStatus() throws -> MirrorStatus {
        try read { db in try MirrorStatus.read(db) }
    }

    /// Changes the status in one write (a sync's start, end or failure).
    public func updateMirrorStatus(_ change: @escaping (inout MirrorStatus) -> Void) throws {
        try write { db in
            var status = try MirrorStatus.read(db)
            change(&status)
            try MirrorStatus.write(db, status)
        }
    }

    /// What `operatorUPN`'s own sign-in to a connected tenant's service may do (PERMISSION);
    /// nil on a simulated tenant. An operator who has not signed in as themselves may browse
    /// the mirror but take nothing: their action would go under someone else's name.
    public func serviceGrant(operator operatorUPN: String) throws -> ServiceGrant? {
        try read { db in try Self.serviceGrant(db, operator: operatorUPN) }
    }

    static func serviceGrant(_ db: Database, operator operatorUPN: String) throws -> ServiceGrant? {
        guard try GraphSource.read(db) != nil else { return nil }
        guard let signIn = try ServiceSignIn.fetchOne(db, key: operatorUPN) else { return .notSignedIn }
        // Signed in but never told: nothing is allowed until the sign-in says what it may.
        return signIn.serviceGrant ?? ServiceGrant(permissions: [])
    }
}
