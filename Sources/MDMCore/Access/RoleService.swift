import Foundation
import GRDB

/// Why a role change was not made.
public enum RoleChangeError: Error, Equatable, CustomStringConvertible {
    /// The actor's role lacks the Roles permission the change needs (refusals are audited as denied).
    case lacksPermission(upn: String, role: String, needed: Permission)
    /// Nobody would be left holding Roles/Assign: nobody could give anyone a role again.
    case lastRoleAssigner(upn: String)
    case noSuchAssignment(upn: String)
    /// Controls, bidi overrides or spaces: an identity that could pass for another.
    case invalidIdentity(upn: String, problem: String)
    case noSuchRole(name: String, known: [String])
    case invalidRole(name: String, problem: String)
    case nameTaken(name: String)
    case builtIn(name: String)
    case inUse(name: String, operators: [String])
    case noPermissions(name: String)
    case unknownPermission(text: String)

    public var description: String {
        switch self {
        case .lacksPermission(let upn, let role, let needed):
            "\(upn) is \(role), which lacks \(needed.name), the permission to \(needed.purpose) (refusal audited)"
        case .lastRoleAssigner(let upn):
            "\(upn) would leave nobody holding Roles/Assign, and then nobody could give anyone a role: give a role that holds it to someone else first"
        case .noSuchAssignment(let upn):
            "\(upn) has no role assigned (and is Read Only Operator already)"
        case .invalidIdentity(let upn, let problem):
            "UPN \"\(TerminalText.visible(upn))\" \(problem)"
        case .noSuchRole(let name, let known):
            "no role is named \"\(TerminalText.visible(name))\"; the roles are: \(known.joined(separator: ", ")) (see `mdmconsole roles list`)"
        case .invalidRole(let name, let problem):
            "role name \"\(TerminalText.visible(name))\" \(problem)"
        case .nameTaken(let name):
            "a role named \"\(TerminalText.visible(name))\" exists already: choose another name, or change that role with `roles change`"
        case .builtIn(let name):
            "\(name) is a built-in role: it cannot be changed or deleted; define a custom role instead (`roles define NAME --allow …`, or `--like \(name)` to start from it)"
        case .inUse(let name, let operators):
            "\(name) is the role of \(operators.joined(separator: ", ")): give them another role first (`roles grant UPN ROLE`)"
        case .noPermissions(let name):
            "role \(TerminalText.visible(name)) would hold no permission: name at least one with --allow (see `mdmconsole roles permissions`)"
        case .unknownPermission(let text):
            "\"\(TerminalText.visible(text))\" is not a permission: write it as the portal does (\"Remote tasks/Wipe\", \"Managed devices/Delete\", \"Roles/*\") or as Graph does (Microsoft.Intune_RemoteTasks_Wipe); `mdmconsole roles permissions` lists them"
        }
    }
}

/// A custom role as someone writes it: `roles define`, `roles change`, a role file.
public struct RoleDraft: Sendable, Equatable {
    public var name: String
    public var description: String
    public var permissions: Set<Permission>

    public init(name: String, description: String = "", permissions: Set<Permission>) {
        self.name = name
        self.description = description
        self.permissions = permissions
    }

    /// Permissions by what people type (`Permission.named`), or the first that names none.
    public static func permissions(_ texts: [String]) throws -> Set<Permission> {
        var permissions: Set<Permission> = []
        for text in texts {
            guard let named = Permission.named(text) else { throw RoleChangeError.unknownPermission(text: text) }
            permissions.formUnion(named)
        }
        return permissions
    }
}

/// Roles, in the core so every front end gets the same answer (docs/RULES.md "Roles"): a role
/// is assigned by holders of Roles/Assign, a custom role is defined, changed and deleted by
/// holders of Roles/Create, Roles/Update and Roles/Delete; each change and each refusal is
/// audited, and `check` replays them (`RoleOrigins`).
public struct RoleService: Sendable {
    public let store: TenantStore

    public init(store: TenantStore) { self.store = store }

    /// `login`: the account on this host that is this operator from now on (moved from
    /// whoever had it), so that person no longer names themselves with `--as`.
    /// `scope`: which devices the assignment reaches (its scope tags' ids, or every device).
    public func grant(_ role: Role, to upn: String, login: String? = nil, scope: ScopeChange = .unchanged, by actor: String) throws {
        if let login, let problem = InputText.identityProblem(in: login) {
            throw RoleChangeError.invalidIdentity(upn: login, problem: problem)
        }
        try change(upn, to: role, login: login, scope: scope, by: actor)
    }

    public func revoke(_ upn: String, by actor: String) throws {
        try change(upn, to: nil, by: actor)
    }

    func change(_ upn: String, to role: Role?, login: String? = nil, scope: ScopeChange = .unchanged, by actor: String) throws {
        if let problem = InputText.identityProblem(in: upn) { throw RoleChangeError.invalidIdentity(upn: upn, problem: problem) }
        try audited(activity: role == nil ? RoleOrigins.revokeActivity : RoleOrigins.grantActivity, needs: .assignRoles, by: actor) { db in
            let existing = try Operator.fetchOne(db, key: upn)
            var changes = [RoleOrigins.property(upn, from: existing?.roleId, to: role?.id)]
            if let login, login != existing?.login {
                changes.append(ChangedProperty("login of \(upn)", from: existing?.login ?? "", to: login))
            }
            let scopeTags: [String]? = switch scope {
            case .unchanged: existing?.scopeTagIds
            case .everyDevice: nil
            case .tags(let ids): ScopeTag.normalized(ids)
            }
            // A revoke ends the assignment's scope too, so a later grant starts from every device.
            let scopeAfter = role == nil ? nil : scopeTags
            if scopeAfter != existing?.scopeTagIds {
                changes.append(RoleOrigins.scopeProperty(upn, from: existing?.scopeTagIds, to: scopeAfter))
            }
            return (changes, {
                if role == nil, existing == nil { throw RoleChangeError.noSuchAssignment(upn: upn) }
                if let role {
                    // The role as it is now, not as the caller read it (deleted meanwhile?).
                    guard try RoleCatalog.role(db, id: role.id) != nil else { throw try RoleCatalog.noSuchRole(db, role.displayName) }
                    if let login {
                        // One login is one operator: it moves here from whoever had it.
                        for other in try Operator.fetchAll(db, sql: "SELECT * FROM operator WHERE login = ? AND upn != ?", arguments: [login, upn]) {
                            try db.execute(sql: "UPDATE operator SET login = NULL WHERE upn = ?", arguments: [other.upn])
                            changes.append(ChangedProperty("login of \(other.upn)", from: login, to: ""))
                        }
                    }
                    if case .tags(let ids) = scope, let unknown = try ids.first(where: { try !ScopeTagService.exists(db, id: $0) }) {
                        throw ScopeTagError.noSuchTag(text: unknown, known: try ScopeTagService.all(db).map(\.displayName))
                    }
                    try Operator(upn: upn, roleId: role.id, login: login ?? existing?.login, scopeTagIds: scopeTags).save(db)
                } else {
                    try Operator.deleteOne(db, key: upn)
                }
                if try RoleCatalog.holders(db, of: .assignRoles).isEmpty { throw RoleChangeError.lastRoleAssigner(upn: upn) }
                return changes
            })
        }
    }

    /// A new custom role (Roles/Create).
    @discardableResult
    public func define(_ draft: RoleDraft, by actor: String) throws -> Role {
        let role = Role(id: UUID().uuidString.lowercased(), displayName: draft.name.trimmingCharacters(in: .whitespaces),
                        description: draft.description, permissions: draft.permissions, isBuiltIn: false)
        try audited(activity: RoleOrigins.createActivity, needs: .createRoles, by: actor) { db in
            (RoleOrigins.definitionProperties(id: role.id, from: nil, to: role), {
                try Self.validate(db, role)
                try CustomRoleRow(role).insert(db)
                return RoleOrigins.definitionProperties(id: role.id, from: nil, to: role)
            })
        }
        return role
    }

    /// `name`'s custom role changed by `edit` (Roles/Update); its holders hold the new permissions at once.
    @discardableResult
    public func change(role name: String, by actor: String, _ edit: @escaping @Sendable (inout RoleDraft) throws -> Void) throws -> Role {
        let found = try existingCustom(name)
        var draft = RoleDraft(name: found.displayName, description: found.description, permissions: found.permissions)
        try edit(&draft)
        let role = Role(id: found.id, displayName: draft.name.trimmingCharacters(in: .whitespaces), description: draft.description,
                        permissions: draft.permissions, isBuiltIn: false)
        try audited(activity: RoleOrigins.updateActivity, needs: .updateRoles, by: actor) { db in
            let before = try RoleCatalog.role(db, id: found.id)
            return (RoleOrigins.definitionProperties(id: role.id, from: before, to: role), {
                guard let before else { throw try RoleCatalog.noSuchRole(db, name) }
                try Self.validate(db, role)
                try CustomRoleRow(role).update(db)
                if try RoleCatalog.holders(db, of: .assignRoles).isEmpty { throw RoleChangeError.lastRoleAssigner(upn: actor) }
                return RoleOrigins.definitionProperties(id: role.id, from: before, to: role)
            })
        }
        return role
    }

    /// Deletes `name`'s custom role (Roles/Delete); refused while an operator holds it.
    public func delete(role name: String, by actor: String) throws {
        let found = try existingCustom(name)
        try audited(activity: RoleOrigins.deleteActivity, needs: .deleteRoles, by: actor) { db in
            (RoleOrigins.definitionProperties(id: found.id, from: found, to: nil), {
                let holders = try String.fetchAll(db, sql: "SELECT upn FROM operator WHERE role = ? ORDER BY upn", arguments: [found.id])
                if !holders.isEmpty { throw RoleChangeError.inUse(name: found.displayName, operators: holders) }
                guard try CustomRoleRow.deleteOne(db, key: found.id) else {
                    throw try RoleCatalog.noSuchRole(db, name)
                }
                return RoleOrigins.definitionProperties(id: found.id, from: found, to: nil)
            })
        }
    }

    private func existingCustom(_ name: String) throws -> Role {
        let found = try store.existingRole(named: name)
        if found.isBuiltIn { throw RoleChangeError.builtIn(name: found.displayName) }
        return found
    }

    static func validate(_ db: Database, _ role: Role) throws {
        let name = role.displayName
        if name.isEmpty { throw RoleChangeError.invalidRole(name: name, problem: "is empty") }
        if let problem = InputText.problem(in: name) { throw RoleChangeError.invalidRole(name: name, problem: problem) }
        if name.unicodeScalars.count > 120 { throw RoleChangeError.invalidRole(name: name, problem: "is longer than 120 characters") }
        if let problem = InputText.problem(in: role.description) { throw RoleChangeError.invalidRole(name: name, problem: "has a description that \(problem)") }
        if role.description.unicodeScalars.count > 1000 { throw RoleChangeError.invalidRole(name: name, problem: "has a description longer than 1,000 characters") }
        if role.permissions.isEmpty { throw RoleChangeError.noPermissions(name: name) }
        // A custom role never shares a name with a built-in one (or with what a built-in's loose name reads as).
        if Role(loose: name) != nil || Role.builtIn.contains(where: { $0.displayName.caseInsensitiveCompare(name) == .orderedSame }) {
            throw RoleChangeError.nameTaken(name: name)
        }
        if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM roleDefinition WHERE displayName = ? COLLATE NOCASE AND id != ?)",
                             arguments: [name, role.id]) == true {
            throw RoleChangeError.nameTaken(name: name)
        }
    }

    /// One role change in one transaction: the actor's permission checked (a refusal audited as
    /// denied with what was asked, and committed), then `body`'s change made and audited. The
    /// body returns the properties a refusal records, and the change, which returns the ones
    /// its success records; a change that throws leaves the store as it was.
    func audited(activity: String, needs permission: Permission, by actor: String,
                         _ body: @escaping (Database) throws -> ([ChangedProperty], () throws -> [ChangedProperty])) throws {
        let refusal: RoleChangeError? = try store.write { db in
            let now = try TenantClock.now(db)
            let actorRole = try Operators.role(db, actor)
            let (asked, make) = try body(db)
            guard actorRole.holds(permission) else {
                try AuditLog.append(db, AuditEntry(time: now, activity: activity, result: .denied, actor: actor, actorType: .user,
                                                   deviceId: nil, deviceName: nil, changedProperties: asked))
                return .lacksPermission(upn: actor, role: actorRole.displayName, needed: permission)
            }
            let made = try make()
            try AuditLog.append(db, AuditEntry(time: now, activity: activity, result: .success, actor: actor, actorType: .user,
                                               deviceId: nil, deviceName: nil, changedProperties: made))
            return nil
        }
        if let refusal { throw refusal }
    }
}
