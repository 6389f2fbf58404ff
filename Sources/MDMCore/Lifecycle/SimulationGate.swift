import Foundation
import GRDB

/// Why the simulator refused to move the clock or a device.
public enum SimulationRefusal: Error, Equatable, CustomStringConvertible {
    /// Moving the clock removes devices (R15) and can never be undone: Administrators only.
    case lacksPermission(upn: String, role: Role)
    /// An imported tenant stands for a real fleet: simulating on it must be asked for.
    case notAllowedOnTenant
    case clockOutOfRange(requested: String)
    /// A connected tenant's devices and clock are the service's: nothing here can move them.
    case connected(to: String)

    public var description: String {
        switch self {
        case .lacksPermission(let upn, let role):
            Role.refusal(upn, role, lacks: .updateOrganization, doing: "moves the tenant clock or simulated devices")
        case .notAllowedOnTenant:
            "this tenant is not a demo or sandbox, so the simulator is off (refusal audited); an operator whose role holds Organization/Update can turn it on with `mdmconsole simulate allow`"
        case .connected(let url):
            "this tenant is mirrored from \(url): its devices and clock are the service's, so nothing can be simulated on it"
        case .clockOutOfRange(let requested):
            "\(requested): the clock moves at most \(SimulationGate.longestMoveYears) years at a time and never past \(DateText.iso(SimulationGate.latestClock))"
        }
    }
}

/// Who may simulate, and the audit entry every simulation writes: the simulator changes the
/// tenant for good (a clock never goes back; devices are removed, R15), so it is an
/// administrator's act like any other, refused and audited the same way.
public enum SimulationGate {
    static let allowedKey = "simulationAllowed"
    static let longestMoveYears = 100
    public static let longestMove: TimeInterval = Double(longestMoveYears) * 365 * RuleDurations.day
    /// The last instant the clock may show: four-digit years, as every date in the tool is written.
    public static let latestClock = Date(timeIntervalSince1970: 253_402_300_799)  // 9999-12-31T23:59:59Z

    /// A demo or sandbox tenant (made by `demo`, or copied from one) simulates freely; any
    /// other only once an Administrator allowed it.
    static func isAllowed(_ db: Database) throws -> Bool {
        if try Meta.get(db, "demoSeed") != nil { return true }
        return try Meta.get(db, allowedKey) == "yes"
    }

    /// Checks `actor` may simulate; a refusal is audited (`denied`) and returned, for the
    /// caller to commit and then throw.
    static func refusal(_ db: Database, actor: String, activity: String, deviceId: String?, deviceName: String?,
                        change: [ChangedProperty]) throws -> SimulationRefusal? {
        let role = try Operators.role(db, actor)
        let source = try GraphSource.read(db)
        let refusal: SimulationRefusal? = source.map { .connected(to: $0.graphURL) }
            ?? (!role.holds(.updateOrganization) ? .lacksPermission(upn: actor, role: role) : try isAllowed(db) ? nil : .notAllowedOnTenant)
        guard let refusal else { return nil }
        try AuditLog.append(db, AuditEntry(time: try TenantClock.now(db), activity: activity, result: .denied, actor: actor,
                                           actorType: .user, deviceId: deviceId, deviceName: deviceName,
                                           changedProperties: change + [ChangedProperty("reason", from: "", to: refusal.description)]))
        return refusal
    }

    /// Turns the simulator on or off for a tenant that is not a demo (Administrators only, audited).
    static func setAllowed(_ store: TenantStore, _ allowed: Bool, by actor: String) throws -> SimulationRefusal? {
        try PermittedChange.run(store, needs: .updateOrganization, activity: allowed ? "allow Simulation" : "forbid Simulation", actor: actor, property: { db in
            ChangedProperty("simulation", from: try Meta.get(db, allowedKey) == "yes" ? "allowed" : "off", to: allowed ? "allowed" : "off")
        }, refusal: { SimulationRefusal.lacksPermission(upn: actor, role: $0) }) { db in
            if let source = try GraphSource.read(db) { return .connected(to: source.graphURL) }
            try Meta.set(db, allowedKey, allowed ? "yes" : "no")
            return nil
        }
    }
}
