import Foundation

/// R18: the result of an audited activity.
public enum AuditResult: String, Codable, Sendable, CaseIterable {
    case success, failure, denied
    /// Sent to a connected tenant's service with no answer (a timeout, a 5xx, a dropped connection):
    /// it may or may not have been carried out; the next sync tells (never resent by itself).
    case unknown
}

/// Who initiated an audited activity: a person (by UPN), the service itself, or an app.
public enum ActorType: String, Codable, Sendable, CaseIterable {
    case user, service, application
}

/// One property an activity changed, as the audit log shows it.
public struct ChangedProperty: Codable, Sendable, Hashable {
    public var name: String
    public var oldValue: String
    public var newValue: String

    public init(_ name: String, from oldValue: String, to newValue: String) {
        self.name = name
        self.oldValue = oldValue
        self.newValue = newValue
    }
}

/// R18: one line of the append-only audit log: who did what, to which device, when, and
/// with what result.
public struct AuditEntry: Codable, Sendable, Hashable, Identifiable {
    public var id: Int64
    public var time: Date
    public var activity: String
    public var result: AuditResult
    public var actor: String
    public var actorType: ActorType
    public var deviceId: String?
    public var deviceName: String?
    public var actionId: String?
    public var changedProperties: [ChangedProperty]
    /// Where it came from; nil for the service's own entries and for entries older than it.
    public var origin: AuditOrigin?
    /// R18: SHA-256 over this entry's content and `previousHash` (see `AuditChain`).
    public var hash: String = ""
    public var previousHash: String = ""

    public init(id: Int64 = 0, time: Date, activity: String, result: AuditResult, actor: String,
                actorType: ActorType, deviceId: String?, deviceName: String?, actionId: String? = nil,
                changedProperties: [ChangedProperty] = [], origin: AuditOrigin? = nil) {
        self.id = id
        self.time = time
        self.activity = activity
        self.result = result
        self.actor = actor
        self.actorType = actorType
        self.deviceId = deviceId
        self.deviceName = deviceName
        self.actionId = actionId
        self.changedProperties = changedProperties
        self.origin = origin
    }

    /// The name the service uses for itself as an actor (R15's cleanup).
    public static let serviceActor = "Intune service"
}
