import Foundation
import GRDB

/// Every role assignment and every custom role in the store must be explained by the audit
/// log: a row written into the operator or roleDefinition table with sqlite3 would otherwise
/// make someone an administrator, or widen a role, with no trace. They are only ever written
/// here (a tenant's founding operators, the upgrade of 0.15) and by `RoleService`, each with
/// its audited entry; `check` replays those entries and names what they do not explain.
public enum RoleOrigins {
    static let grantActivity = "grant RoleAssignment"
    static let revokeActivity = "revoke RoleAssignment"
    static let createActivity = "create RoleDefinition"
    static let updateActivity = "update RoleDefinition"
    static let deleteActivity = "delete RoleDefinition"
    static let propertyPrefix = "role of "
    /// A custom role's audited properties: "name of role ID", "permissions of role ID", "description of role ID".
    static let definitionNamePrefix = "name of role "
    static let definitionPermissionsPrefix = "permissions of role "
    static let definitionDescriptionPrefix = "description of role "

    /// Gives `upn` `role` as one of a new tenant's first operators (the creator, the demo's
    /// help desk and auditor, a sandbox's viewer), audited as a grant by `actor` with why.
    package static func found(_ db: Database, _ upn: String, _ role: Role, login: String? = nil, by actor: String, origin: String) throws {
        let before = try Operator.fetchOne(db, key: upn)?.roleId
        try Operator(upn: upn, roleId: role.id, login: login).save(db)
        try AuditLog.append(db, AuditEntry(time: try TenantClock.now(db), activity: grantActivity, result: .success, actor: actor,
                                           actorType: .user, deviceId: nil, deviceName: nil,
                                           changedProperties: [property(upn, from: before, to: role.id),
                                                               ChangedProperty("origin", from: "", to: origin)]
                                               + (login.map { [ChangedProperty("login of \(upn)", from: "", to: $0)] } ?? [])))
    }

    static func property(_ upn: String, from: String?, to: String?) -> ChangedProperty {
        ChangedProperty(propertyPrefix + upn, from: from ?? "", to: to ?? "")
    }

    /// An assignment's scope tags as audited: their ids as stored (a JSON array), "" for every device.
    static let scopePrefix = "scope tags of "
    static func scopeProperty(_ upn: String, from: [String]?, to: [String]?) -> ChangedProperty {
        ChangedProperty(scopePrefix + upn, from: from.map(ScopeTagColumn.text) ?? "", to: to.map(ScopeTagColumn.text) ?? "")
    }

    /// The audited properties of a custom role's change (nil: the role before or after is none).
    static func definitionProperties(id: String, from old: Role?, to new: Role?) -> [ChangedProperty] {
        var properties: [ChangedProperty] = []
        if old?.displayName != new?.displayName {
            properties.append(ChangedProperty(definitionNamePrefix + id, from: old?.displayName ?? "", to: new?.displayName ?? ""))
        }
        if old?.permissions != new?.permissions {
            properties.append(ChangedProperty(definitionPermissionsPrefix + id, from: old.map { permissionList($0.permissions) } ?? "",
                                              to: new.map { permissionList($0.permissions) } ?? ""))
        }
        if old?.description != new?.description {
            properties.append(ChangedProperty(definitionDescriptionPrefix + id, from: old?.description ?? "", to: new?.description ?? ""))
        }
        return properties
    }

    /// Permissions as the audit log writes them: their names, in `Permission`'s order, comma-separated.
    static func permissionList(_ permissions: Set<Permission>) -> String {
        permissions.sorted().map(\.name).joined(separator: ", ")
    }

    /// The entries that say who holds which role, and what each custom role holds, in order.
    private static func roleEntries(_ db: Database) throws -> RowCursor {
        try Row.fetchCursor(db, SQLRequest<Row>(literal: """
            SELECT changedProperties FROM auditEntry
             WHERE activity IN \([grantActivity, revokeActivity, createActivity, updateActivity, deleteActivity]) AND result = \(AuditResult.success)
               AND id NOT IN (SELECT auditEntryId FROM serviceAuditEvent)
             ORDER BY id
            """))
    }

    /// Operators whose stored role, and custom roles whose stored name or permissions, the
    /// audited entries do not explain, as lines for `check`. A connected tenant's mirrored
    /// service events are the service's roles, not this store's, and are left out.
    static func unexplained(_ db: Database) throws -> [String] {
        var assigned: [String: String] = [:]
        var names: [String: String] = [:]
        var permissions: [String: String] = [:]
        var scopes: [String: String] = [:]
        let cursor = try roleEntries(db)
        while let row = try cursor.next() {
            let text: String = row["changedProperties"]
            let properties = (try? JSONDecoder().decode([ChangedProperty].self, from: Data(text.utf8))) ?? []
            for property in properties {
                if property.name.hasPrefix(propertyPrefix) {
                    // Operators' UPNs ignore case in the store (COLLATE NOCASE), so here too.
                    let upn = String(property.name.dropFirst(propertyPrefix.count)).lowercased()
                    assigned[upn] = property.newValue.isEmpty ? nil : canonical(property.newValue)
                } else if property.name.hasPrefix(scopePrefix) {
                    scopes[String(property.name.dropFirst(scopePrefix.count)).lowercased()] = property.newValue.isEmpty ? nil : property.newValue
                } else if property.name.hasPrefix(definitionNamePrefix) {
                    let id = String(property.name.dropFirst(definitionNamePrefix.count))
                    names[id] = property.newValue.isEmpty ? nil : property.newValue
                } else if property.name.hasPrefix(definitionPermissionsPrefix) {
                    let id = String(property.name.dropFirst(definitionPermissionsPrefix.count))
                    permissions[id] = property.newValue
                }
            }
        }
        var problems: [String] = []
        func described(_ id: String) throws -> String { try RoleCatalog.role(db, id: id)?.displayName ?? "role \(id)" }
        for person in try Operator.fetchAll(db, sql: "SELECT * FROM operator ORDER BY upn") where assigned[person.upn.lowercased()] != canonical(person.roleId) {
            let explained = try assigned[person.upn.lowercased()].map { "the audit log last gave them \(try described($0))" } ?? "no audited grant gave them any role"
            problems.append("operator \(person.upn) is \(try described(person.roleId)) but \(explained) (a role written outside mdmconsole?)")
        }
        // Scope tags narrow what an operator sees: one taken off outside mdmconsole widens it.
        for person in try Operator.fetchAll(db, sql: "SELECT * FROM operator ORDER BY upn")
        where scopes[person.upn.lowercased()] != person.scopeTagIds.map(ScopeTagColumn.text) {
            let stored = person.scopeTagIds.map { "the devices tagged \($0.joined(separator: ", "))" } ?? "every device"
            let audited = scopes[person.upn.lowercased()].flatMap(ScopeTagColumn.ids).map { "the devices tagged \($0.joined(separator: ", "))" } ?? "every device"
            problems.append("operator \(person.upn) sees \(stored) but the audit log last gave them \(audited) (scope tags written outside mdmconsole?)")
        }
        let stored = Set(try String.fetchAll(db, sql: "SELECT upn FROM operator").map { $0.lowercased() })
        for (upn, id) in assigned.sorted(by: { $0.key < $1.key }) where !stored.contains(upn) {
            problems.append("operator \(upn) was granted \(try described(id)) in the audit log but has no role in the store (removed outside mdmconsole?)")
        }
        let rows = try CustomRoleRow.fetchAll(db, sql: "SELECT * FROM roleDefinition ORDER BY id")
        for row in rows {
            let role = row.role
            guard let name = names[row.id] else {
                problems.append("custom role \(row.displayName) (\(row.id)) was never created in the audit log (written outside mdmconsole?)")
                continue
            }
            if name != role.displayName {
                problems.append("custom role \(row.id) is named \(role.displayName) but the audit log last named it \(name) (renamed outside mdmconsole?)")
            }
            if permissions[row.id] != permissionList(role.permissions) {
                problems.append("custom role \(role.displayName) holds \(permissionList(role.permissions)) but the audit log last gave it \(permissions[row.id] ?? "nothing") (changed outside mdmconsole?)")
            }
        }
        let storedRoles = Set(rows.map(\.id))
        for (id, name) in names.sorted(by: { $0.key < $1.key }) where !storedRoles.contains(id) {
            problems.append("custom role \(name) (\(id)) is in the audit log but not in the store (deleted outside mdmconsole?)")
        }
        return problems
    }

    /// An audited or stored role id as this release spells it.
    static func canonical(_ id: String) -> String { id == Role.formerAdministratorId ? Role.administrator.id : id }
}

/// Once, on the first open by 0.15 or later: each operator's role becomes its built-in
/// equivalent as a set of permissions ("Administrator" is Intune Administrator, "Help desk
/// operator" Help Desk Operator, "Read only operator" Read Only Operator: each holds the same
/// actions as before), with one audit entry per operator saying so. Runs after the migrations,
/// in a transaction of its own (a migration must not write through today's `AuditLog`, whose
/// columns later migrations may change); until it has run, the former id reads as its new role.
enum RoleUpgrade {
    static let doneKey = "rolesArePermissionSets"
    static let actor = "mdmconsole"

    static func run(_ writer: any DatabaseWriter) throws {
        if try writer.read({ db in try Meta.get(db, doneKey) }) != nil { return }
        try writer.write { db in
            guard try Meta.get(db, doneKey) == nil else { return }
            let now = (try? TenantClock.now(db)) ?? Date()
            for person in try Operator.fetchAll(db, sql: "SELECT * FROM operator ORDER BY upn") {
                let new = RoleOrigins.canonical(person.roleId)
                let role = try RoleCatalog.role(db, id: new)
                if new != person.roleId { try db.execute(sql: "UPDATE operator SET role = ? WHERE upn = ?", arguments: [new, person.upn]) }
                try AuditLog.append(db, AuditEntry(time: now, activity: RoleOrigins.grantActivity, result: .success, actor: actor,
                                                   actorType: .application, deviceId: nil, deviceName: nil,
                                                   changedProperties: [RoleOrigins.property(person.upn, from: person.roleId, to: new),
                                                                       ChangedProperty("origin", from: "", to: "upgrade to \(ProgramVersion.number): roles are sets of permissions; this is the built-in \(role?.displayName ?? new)")]))
            }
            try Meta.set(db, doneKey, ProgramVersion.number)
        }
    }
}
