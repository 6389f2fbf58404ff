import Foundation
import GRDB

/// A custom role as the store keeps it: its permissions as a JSON array of `Permission`'s raw values.
struct CustomRoleRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "roleDefinition"
    var id: String
    var displayName: String
    var description: String
    var permissions: String

    init(_ role: Role) {
        id = role.id
        displayName = role.displayName
        description = role.description
        permissions = CustomRoleRow.text(of: role.permissions)
    }

    static func text(of permissions: Set<Permission>) -> String {
        String(decoding: try! JSONEncoder().encode(permissions.sorted().map(\.rawValue)), as: UTF8.self)
    }

    /// A permission this build does not know (written by a newer one) is dropped: a role never
    /// holds more here than its holder could be told about.
    var role: Role {
        let names = (try? JSONDecoder().decode([String].self, from: Data(permissions.utf8))) ?? []
        return Role(id: id, displayName: displayName, description: description,
                    permissions: Set(names.compactMap(Permission.init(rawValue:))), isBuiltIn: false)
    }
}

/// Every role of a tenant, built-in and custom, looked up by id or name.
enum RoleCatalog {
    static func role(_ db: Database, id: String) throws -> Role? {
        if let builtIn = Role.builtIn(id: id) { return builtIn }
        return try CustomRoleRow.fetchOne(db.cachedStatement(sql: "SELECT * FROM roleDefinition WHERE id = ?"), arguments: [id])?.role
    }

    /// The built-in roles, then the custom ones by name.
    static func all(_ db: Database) throws -> [Role] {
        Role.builtIn + (try CustomRoleRow.fetchAll(db, sql: "SELECT * FROM roleDefinition ORDER BY displayName COLLATE NOCASE")).map(\.role)
    }

    /// A role by what a person types: a built-in's loose name, or a custom role's name
    /// (ignoring case) or id.
    static func named(_ db: Database, _ text: String) throws -> Role? {
        if let builtIn = Role(loose: text) ?? Role.builtIn(id: text) { return builtIn }
        return try CustomRoleRow.fetchOne(db, sql: "SELECT * FROM roleDefinition WHERE displayName = ? COLLATE NOCASE OR id = ?",
                                          arguments: [text, text])?.role
    }

    /// The error for a name no role has, listing the roles there are.
    static func noSuchRole(_ db: Database, _ name: String) throws -> RoleChangeError {
        .noSuchRole(name: name, known: try all(db).map(\.displayName))
    }

    /// Operators whose role holds `permission`.
    static func holders(_ db: Database, of permission: Permission) throws -> [String] {
        var holders: [String] = []
        for person in try Operator.fetchAll(db, sql: "SELECT * FROM operator ORDER BY upn") {
            if let role = try role(db, id: person.roleId), role.holds(permission) { holders.append(person.upn) }
        }
        return holders
    }
}

extension TenantStore {
    /// Every role, built-in first (`roles list`).
    public func roles() throws -> [Role] {
        try read { db in try RoleCatalog.all(db) }
    }

    /// A role by name (`roles grant UPN NAME`, `roles show NAME`); nil when none is so named.
    public func role(named text: String) throws -> Role? {
        try read { db in try RoleCatalog.named(db, text) }
    }

    /// The same, or `RoleChangeError.noSuchRole` listing the roles there are.
    public func existingRole(named text: String) throws -> Role {
        try read { db in
            guard let role = try RoleCatalog.named(db, text) else { throw try RoleCatalog.noSuchRole(db, text) }
            return role
        }
    }
}
