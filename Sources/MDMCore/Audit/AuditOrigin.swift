import Synchronization

/// Where an audit entry came from, besides who (its actor): the front end, the client's
/// address, the account on this host that ran it, the host, the SSH key it came in with,
/// and, when someone acted as another operator, who really did (sudo's habit of logging
/// who ran a command next to whom it ran as). Part of the entry's hashed content.
public struct AuditOrigin: Codable, Sendable, Hashable {
    /// `mdmconsole console`, `mdmconsole cli`, or a token's name (Graph's auditActor name).
    public var applicationDisplayName: String
    /// The SSH client's (or HTTP peer's) address; empty when local (Graph's auditActor name).
    public var ipAddress: String
    /// The account on the host that ran the process.
    public var login: String
    public var host: String
    /// `SHA256:…` of the SSH key the session came in with, when it came in with one.
    public var keyFingerprint: String?
    /// The operator the process really was, when it acted as another (`--as`).
    public var impersonatedBy: String?

    public init(applicationDisplayName: String, ipAddress: String = "", login: String, host: String,
                keyFingerprint: String? = nil, impersonatedBy: String? = nil) {
        self.applicationDisplayName = applicationDisplayName
        self.ipAddress = ipAddress
        self.login = login
        self.host = host
        self.keyFingerprint = keyFingerprint
        self.impersonatedBy = impersonatedBy
    }

    /// The origin of what the current front end does on behalf of a person, read by
    /// `AuditLog.append` for entries a user initiated. A box bound for a scope (the command
    /// line binds one for the whole process, a server would bind one per request) and filled
    /// in once the store has said who the operator is, which a command learns only inside it.
    @TaskLocal public static var context: AuditOriginContext?

    public static var current: AuditOrigin? { context?.origin }
}

/// A mutable slot for the origin of one scope (see `AuditOrigin.context`).
public final class AuditOriginContext: Sendable {
    private let slot = Mutex<AuditOrigin?>(nil)

    public init() {}

    public var origin: AuditOrigin? {
        get { slot.withLock { $0 } }
        set { slot.withLock { $0 = newValue } }
    }
}

extension AuditOrigin {
    /// One line for people: `ssh 10.0.0.5 · login help1 · host ops-1 · key SHA256:ab…`.
    public var summary: String {
        var parts = [applicationDisplayName]
        if !ipAddress.isEmpty { parts.append("from \(ipAddress)") }
        parts.append("login \(login)")
        parts.append("host \(host)")
        if let keyFingerprint { parts.append("key \(keyFingerprint)") }
        if let impersonatedBy { parts.append("really \(impersonatedBy)") }
        return parts.joined(separator: " · ")
    }
}
