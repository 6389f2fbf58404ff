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

/// Roles, in the core so every front end gets the same answer (DOMAIN.md "Roles"):
/// administrators grant and revoke; each change and each refusal is audited.
public struct RoleService: Sendable {
    public let store: TenantStore

    public init(store: TenantStore) { self.store = store }

    public func grant(_ role: Role, to upn: String, by actor: String) throws {
        try change(upn, to: role, by: actor)
    }

    public func revoke(_ upn: String, by actor: String) throws {
        try change(upn, to: nil, by: actor)
    }

    func change(_ upn: String, to role: Role?, by actor: String) throws {
        if let problem = InputText.identityProblem(in: upn) { throw RoleChangeError.invalidIdentity(upn: upn, problem: problem) }
        // A refusal is committed (audited) and then reported, so it runs in its own transaction.
        let refusal: RoleChangeError? = try store.write { db in
            let now = try TenantClock.now(db)
            let actorRole = try Operators.role(db, actor)
            let activity = role == nil ? RoleOrigins.revokeActivity : RoleOrigins.grantActivity
            let current = try Operator.fetchOne(db, key: upn)?.role
            guard actorRole == .administrator else {
                try AuditLog.append(db, AuditEntry(time: now, activity: activity, result: .denied, actor: actor, actorType: .user,
                                                   deviceId: nil, deviceName: nil,
                                                   changedProperties: [RoleOrigins.property(upn, from: current, to: role)]))
                return .notAdministrator(upn: actor, role: actorRole)
            }
            if role == nil, current == nil { return .noSuchAssignment(upn: upn) }
            if current == .administrator, role != .administrator {
                let administrators = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM operator WHERE role = ?", arguments: [Role.administrator.rawValue]) ?? 0
                if administrators <= 1 { return .lastAdministrator(upn: upn) }
            }
            if let role {
                try Operator(upn: upn, role: role).save(db)
            } else {
                try Operator.deleteOne(db, key: upn)
            }
            try AuditLog.append(db, AuditEntry(time: now, activity: activity, result: .success, actor: actor, actorType: .user,
                                               deviceId: nil, deviceName: nil,
                                               changedProperties: [RoleOrigins.property(upn, from: current, to: role)]))
            return nil
        }
        if let refusal { throw refusal }
    }
}
