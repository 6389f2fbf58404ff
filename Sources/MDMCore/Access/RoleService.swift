import Foundation
import GRDB

/// Why a role change was not made.
public enum RoleChangeError: Error, Equatable, CustomStringConvertible {
    /// Only administrators grant and revoke roles (refusals are audited as denied).
    case notAdministrator(upn: String, role: Role)
    case lastAdministrator(upn: String)
    case noSuchAssignment(upn: String)
    /// Controls, bidi overrides or spaces: an identity that could pass for another.
    case invalidIdentity(upn: String, problem: String)

    public var description: String {
        switch self {
        case .notAdministrator(let upn, let role):
            "\(upn) is \(role.displayName): only an Administrator grants or revokes roles"
        case .lastAdministrator(let upn):
            "\(upn) is the last Administrator: grant the role to someone else first, or nobody could manage roles"
        case .noSuchAssignment(let upn):
            "\(upn) has no role assigned (and is read only already)"
        case .invalidIdentity(let upn, let problem):
            "UPN \"\(TerminalText.visible(upn))\" \(problem)"
        }
    }
}

/// Roles, in the core so every front end gets the same answer (docs/RULES.md "Roles"):
/// administrators grant and revoke; each change and each refusal is audited.
public struct RoleService: Sendable {
    public let store: TenantStore

    public init(store: TenantStore) { self.store = store }

    /// `login`: the account on this host that is this operator from now on (moved from
    /// whoever had it), so that person no longer names themselves with `--as`.
    public func grant(_ role: Role, to upn: String, login: String? = nil, by actor: String) throws {
        if let login, let problem = InputText.identityProblem(in: login) {
            throw RoleChangeError.invalidIdentity(upn: login, problem: problem)
        }
        try change(upn, to: role, login: login, by: actor)
    }

    public func revoke(_ upn: String, by actor: String) throws {
        try change(upn, to: nil, by: actor)
    }

    func change(_ upn: String, to role: Role?, login: String? = nil, by actor: String) throws {
        if let problem = InputText.identityProblem(in: upn) { throw RoleChangeError.invalidIdentity(upn: upn, problem: problem) }
        // A refusal is committed (audited) and then reported, so it runs in its own transaction.
        let refusal: RoleChangeError? = try store.write { db in
            let now = try TenantClock.now(db)
            let actorRole = try Operators.role(db, actor)
            let activity = role == nil ? RoleOrigins.revokeActivity : RoleOrigins.grantActivity
            let existing = try Operator.fetchOne(db, key: upn)
            let current = existing?.role
            var changes = [RoleOrigins.property(upn, from: current, to: role)]
            if let login, login != existing?.login {
                changes.append(ChangedProperty("login of \(upn)", from: existing?.login ?? "", to: login))
            }
            guard actorRole == .administrator else {
                try AuditLog.append(db, AuditEntry(time: now, activity: activity, result: .denied, actor: actor, actorType: .user,
                                                   deviceId: nil, deviceName: nil,
                                                   changedProperties: changes))
                return .notAdministrator(upn: actor, role: actorRole)
            }
            if role == nil, current == nil { return .noSuchAssignment(upn: upn) }
            if current == .administrator, role != .administrator {
                let administrators = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM operator WHERE role = ?", arguments: [Role.administrator.rawValue]) ?? 0
                if administrators <= 1 { return .lastAdministrator(upn: upn) }
            }
            if let role {
                if let login {
                    // One login is one operator: it moves here from whoever had it.
                    for other in try Operator.fetchAll(db, sql: "SELECT * FROM operator WHERE login = ? AND upn != ?", arguments: [login, upn]) {
                        try db.execute(sql: "UPDATE operator SET login = NULL WHERE upn = ?", arguments: [other.upn])
                        changes.append(ChangedProperty("login of \(other.upn)", from: login, to: ""))
                    }
                }
                try Operator(upn: upn, role: role, login: login ?? existing?.login).save(db)
            } else {
                try Operator.deleteOne(db, key: upn)
            }
            try AuditLog.append(db, AuditEntry(time: now, activity: activity, result: .success, actor: actor, actorType: .user,
                                               deviceId: nil, deviceName: nil, changedProperties: changes))
            return nil
        }
        if let refusal { throw refusal }
    }
}
