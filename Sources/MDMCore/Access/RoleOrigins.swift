import Foundation
import GRDB

/// Every role in the store must be explained by the audit log: a row written into the
/// operator table with sqlite3 would otherwise make someone an Administrator with no trace.
/// Roles are only ever written here (a tenant's founding operators) and by `RoleService`,
/// each with its audited grant or revoke; `check` replays those entries and names any
/// operator whose role they do not explain.
public enum RoleOrigins {
    static let grantActivity = "grant RoleAssignment"
    static let revokeActivity = "revoke RoleAssignment"
    static let propertyPrefix = "role of "

    /// Gives `upn` `role` as one of a new tenant's first operators (the creator, the demo's
    /// help desk and auditor, a sandbox's viewer), audited as a grant by `actor` with why.
    package static func found(_ db: Database, _ upn: String, _ role: Role, login: String? = nil, by actor: String, origin: String) throws {
        let before = try Operator.fetchOne(db, key: upn)?.role
        try Operator(upn: upn, role: role, login: login).save(db)
        try AuditLog.append(db, AuditEntry(time: try TenantClock.now(db), activity: grantActivity, result: .success, actor: actor,
                                           actorType: .user, deviceId: nil, deviceName: nil,
                                           changedProperties: [property(upn, from: before, to: role),
                                                               ChangedProperty("origin", from: "", to: origin)]
                                               + (login.map { [ChangedProperty("login of \(upn)", from: "", to: $0)] } ?? [])))
    }

    static func property(_ upn: String, from: Role?, to: Role?) -> ChangedProperty {
        ChangedProperty(propertyPrefix + upn, from: from?.rawValue ?? "", to: to?.rawValue ?? "")
    }

    /// Operators whose stored role the audited grants and revokes do not explain, as lines
    /// for `check`. A connected tenant's mirrored service events are the service's roles, not
    /// this store's, and are left out.
    static func unexplained(_ db: Database) throws -> [String] {
        var audited: [String: Role] = [:]
        let cursor = try Row.fetchCursor(db, SQLRequest<Row>(literal: """
            SELECT changedProperties FROM auditEntry WHERE activity IN \([grantActivity, revokeActivity]) AND result = \(AuditResult.success)
              AND id NOT IN (SELECT auditEntryId FROM serviceAuditEvent)
            ORDER BY id
            """))
        while let row = try cursor.next() {
            let text: String = row["changedProperties"]
            let properties = (try? JSONDecoder().decode([ChangedProperty].self, from: Data(text.utf8))) ?? []
            for property in properties where property.name.hasPrefix(propertyPrefix) {
                // Operators' UPNs ignore case in the store (COLLATE NOCASE), so here too.
                let upn = String(property.name.dropFirst(propertyPrefix.count)).lowercased()
                audited[upn] = Role(rawValue: property.newValue)
            }
        }
        var problems: [String] = []
        for person in try Operator.fetchAll(db, sql: "SELECT * FROM operator ORDER BY upn") where audited[person.upn.lowercased()] != person.role {
            let explained = audited[person.upn.lowercased()].map { "the audit log last gave them \($0.displayName)" } ?? "no audited grant gave them any role"
            problems.append("operator \(person.upn) is \(person.role.displayName) but \(explained) (a role written outside mdmconsole?)")
        }
        let stored = Set(try String.fetchAll(db, sql: "SELECT upn FROM operator").map { $0.lowercased() })
        for (upn, role) in audited.sorted(by: { $0.key < $1.key }) where !stored.contains(upn) {
            problems.append("operator \(upn) was granted \(role.displayName) in the audit log but has no role in the store (removed outside mdmconsole?)")
        }
        return problems
    }
}
