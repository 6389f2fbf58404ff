import Foundation

/// The audit log's filters (who, what, which device, when, result), shared by the command
/// line and the console's audit pane.
public struct AuditQuery: Sendable, Hashable {
    /// Part of the actor's UPN, ignoring case.
    public var actor: String?
    /// Part of the activity, ignoring case ("wipe", "retire ManagedDevice").
    public var activity: String?
    /// A device id, or part of a device name.
    public var device: String?
    public var since: Date?
    public var until: Date?
    public var result: AuditResult?
    /// Part of the actor, the activity or the device name: any of them.
    public var text: String?
    /// Part of where the entry came from: the client's address, the login, the host or the key.
    public var from: String?
    /// The client's address exactly (`--ip`); `""` for local entries.
    public var ipAddress: String?
    /// The account on the host that ran it, exactly (`--login`).
    public var login: String?
    public var limit: Int?
    /// nil: the whole log; else only what that scoped operator may read.
    public var reader: ScopedReader?

    public init(actor: String? = nil, activity: String? = nil, device: String? = nil, since: Date? = nil,
                until: Date? = nil, result: AuditResult? = nil, text: String? = nil, limit: Int? = nil,
                from: String? = nil, ipAddress: String? = nil, login: String? = nil) {
        self.from = from
        self.ipAddress = ipAddress
        self.login = login
        self.actor = actor
        self.activity = activity
        self.device = device
        self.since = since
        self.until = until
        self.result = result
        self.text = text
        self.limit = limit
    }
}
