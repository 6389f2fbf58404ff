import GRDB

/// A change only an Administrator makes (a key, a token, the simulator's switch): in one transaction, the role is
/// checked, the change made and audited; anyone else's attempt is audited as `denied`.
/// Returns the problem to report (the role refusal, or what `body` found), nil when done.
enum AdministratorChange {
    static func run<Problem>(_ store: TenantStore, activity: String, actor: String, property: ChangedProperty,
                             refusal: @escaping (Role) -> Problem, _ body: @escaping (Database) throws -> Problem?) throws -> Problem? {
        try run(store, activity: activity, actor: actor, property: { _ in property }, refusal: refusal, body)
    }

    /// The same, with the audited property read inside the transaction (its value before).
    static func run<Problem>(_ store: TenantStore, activity: String, actor: String, property makeProperty: @escaping (Database) throws -> ChangedProperty,
                             refusal: @escaping (Role) -> Problem, _ body: @escaping (Database) throws -> Problem?) throws -> Problem? {
        try store.write { db in
            let property = try makeProperty(db)
            let role = try Operators.role(db, actor)
            let now = try TenantClock.now(db)
            guard role == .administrator else {
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
