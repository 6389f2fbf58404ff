import GRDB

/// A change only a role holding one permission makes (a key, a token, the simulator's switch,
/// a bulk setting): in one transaction, the permission is checked, the change made and audited;
/// anyone else's attempt is audited as `denied`.
/// Returns the problem to report (the refusal, or what `body` found), nil when done.
enum PermittedChange {
    static func run<Problem>(_ store: TenantStore, needs permission: Permission, activity: String, actor: String, property: ChangedProperty,
                             refusal: @escaping (Role) -> Problem, _ body: @escaping (Database) throws -> Problem?) throws -> Problem? {
        try run(store, needs: permission, activity: activity, actor: actor, property: { _ in property }, refusal: refusal, body)
    }

    /// The same, with the audited property read inside the transaction (its value before).
    static func run<Problem>(_ store: TenantStore, needs permission: Permission, activity: String, actor: String,
                             property makeProperty: @escaping (Database) throws -> ChangedProperty,
                             refusal: @escaping (Role) -> Problem, _ body: @escaping (Database) throws -> Problem?) throws -> Problem? {
        try store.write { db in
            let property = try makeProperty(db)
            let role = try Operators.role(db, actor)
            let now = try TenantClock.now(db)
            guard role.holds(permission) else {
                try AuditLog.append(db, AuditEntry(time: now, activity: activity, result: .denied, actor: actor, actorType: .user,
                                                   deviceId: nil, deviceName: nil, changedProperties: [property]))
                return refusal(role)
            }
            if let problem = try body(db) { return problem }
            try AuditLog.append(db, AuditEntry(time: now, activity: activity, result: .success, actor: actor, actorType: .user,
                                               deviceId: nil, deviceName: nil, changedProperties: [property]))
            return nil
        }
    }
}

extension Role {
    /// "admin@contoso.com is Help Desk Operator, which lacks Roles/Assign: only a role that
    /// holds it adds or removes operators' keys (refusal audited)".
    static func refusal(_ upn: String, _ role: Role, lacks permission: Permission, doing: String) -> String {
        "\(upn) is \(role.displayName), which lacks \(permission.name): only a role that holds it \(doing) (refusal audited)"
    }
}
