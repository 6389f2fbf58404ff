import Foundation
import GRDB

/// What the process knows of who runs it before the store is asked: the account on this
/// host, the SSH key it came in with (the forced command's `--operator-key`), and whom it
/// claims to be (`--as`, `MDMCONSOLE_OPERATOR`).
public struct IdentityClaim: Sendable, Equatable {
    public var login: String
    public var keyFingerprint: String?
    public var claimed: String?
    /// Where the claim came from, for messages: `--as` or `MDMCONSOLE_OPERATOR`.
    public var claimSource: String
    public var application: String
    public var ipAddress: String
    public var host: String

    public init(login: String, keyFingerprint: String? = nil, claimed: String? = nil, claimSource: String = "--as",
                application: String, ipAddress: String = "", host: String) {
        self.login = login
        self.keyFingerprint = keyFingerprint
        self.claimed = claimed
        self.claimSource = claimSource
        self.application = application
        self.ipAddress = ipAddress
        self.host = host
    }
}

/// Who the operator is, and where that came from.
public struct Identity: Sendable, Equatable {
    public enum Source: String, Sendable {
        case key, login, loginName, claimed
    }

    public var upn: String
    public var source: Source
    public var origin: AuditOrigin
}

/// Why the store would not take the claimed identity.
public enum IdentityRefusal: Error, Equatable, CustomStringConvertible {
    case unknownKey(fingerprint: String)
    case impersonation(claimed: String, source: String, by: String)
    /// A name that would not pass the identity door (from a sign-in's claims, say).
    case invalidName(String)

    public var description: String {
        switch self {
        case .invalidName(let message): message
        case .unknownKey(let fingerprint):
            "the SSH key \(fingerprint) is no operator of this tenant (refusal audited); an operator whose role holds Roles/Assign adds it with `mdmconsole operators add-key`"
        case .impersonation(let claimed, let source, let by):
            "\(source) \(claimed): you are \(by), and on this tenant only an OS login mapped to an operator whose role holds Roles/Assign may act as someone else (refusal audited)"
        }
    }
}

/// Where identity comes from, in order: an SSH key mapped to an operator (the forced
/// command of `operators authorized-keys`), the OS login mapped to an operator
/// (`roles grant --login`), and otherwise the login name. A claim (`--as`) is honoured on
/// demo and sandbox tenants (training needs it) and, elsewhere, only for a login mapped to
/// an Administrator; the entry then records both. A key's session ignores every claim.
public enum IdentityResolver {
    public static func resolve(_ claim: IdentityClaim, in store: TenantStore) throws -> Identity {
        switch try store.read({ db in try decide(claim, db) }) {
        case .success(let identity):
            return identity
        case .failure(let refusal):
            // A refusal is written (so whoever tried is on record), then reported.
            try store.write { db in
                _ = try AuditLog.append(db, AuditEntry(time: try TenantClock.now(db), activity: "sign in Operator", result: .denied,
                                                   actor: refusal.actor, actorType: .user, deviceId: nil, deviceName: nil,
                                                   changedProperties: [refusal.property], origin: refusal.origin))
            }
            throw refusal.reason
        }
    }

    struct Refused: Error {
        var reason: IdentityRefusal
        var actor: String
        var property: ChangedProperty
        var origin: AuditOrigin
    }

    static func decide(_ claim: IdentityClaim, _ db: Database) throws -> Result<Identity, Refused> {
        var origin = AuditOrigin(applicationDisplayName: claim.application, ipAddress: claim.ipAddress, login: claim.login,
                                 host: claim.host, keyFingerprint: claim.keyFingerprint)
        if let fingerprint = claim.keyFingerprint {
            guard let upn = try OperatorKeys.owner(db, fingerprint: fingerprint) else {
                return .failure(Refused(reason: .unknownKey(fingerprint: fingerprint), actor: claim.login,
                                        property: ChangedProperty("SSH key", from: "", to: fingerprint), origin: origin))
            }
            return .success(Identity(upn: upn, source: .key, origin: origin))
        }
        let mapped = try Operator.fetchOne(db, sql: "SELECT * FROM operator WHERE login = ?", arguments: [claim.login])
        let base = mapped?.upn ?? claim.login
        guard let claimed = claim.claimed, claimed.caseInsensitiveCompare(base) != .orderedSame else {
            return .success(Identity(upn: base, source: mapped == nil ? .loginName : .login, origin: origin))
        }
        let trainingTenant = try Meta.get(db, "demoSeed") != nil
        guard try trainingTenant || mapped.flatMap({ try RoleCatalog.role(db, id: $0.roleId) })?.holds(.assignRoles) == true else {
            return .failure(Refused(reason: .impersonation(claimed: claimed, source: claim.claimSource, by: base), actor: base,
                                    property: ChangedProperty("claimed identity", from: "", to: claimed), origin: origin))
        }
        origin.impersonatedBy = base
        return .success(Identity(upn: claimed, source: .claimed, origin: origin))
    }
}
