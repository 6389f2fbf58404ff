import Foundation
import GRDB

/// What a bulk action would do to its devices, computed by the rules module device by
/// device over keyset windows (memory flat in the selection's size): how many would take it,
/// and the others grouped by the rule that greys them, each group with its first devices.
public struct BulkPreview: Sendable, Equatable {
    public struct Group: Sendable, Equatable, Identifiable {
        public var rule: RuleID
        /// The first greyed device's reason, standing for the group.
        public var reason: String
        public var count: Int
        /// The first devices of the group (ids and names), for expanding it.
        public var devices: [Member]
        public var id: RuleID { rule }
    }

    public struct Member: Sendable, Equatable {
        public var id: String
        public var name: String
    }

    public var action: DeviceAction
    public var total: Int
    public var takeable: Int
    public var groups: [Group]
    /// The devices that would take it (the first ones), for `--dry-run`'s list.
    public var takers: [Member]

    public var greyed: Int { total - takeable }

    /// A bulk wipe or delete needs Organization/Update besides the action's own permission (as
    /// the service asks it of a notification sent to a group): a help desk takes them one by one.
    public static func bulkRoleRefusal(_ action: DeviceAction, role: Role) -> String? {
        guard action == .wipe || action == .delete, !role.holds(.updateOrganization) else { return nil }
        return "A bulk \(action.rawValue) needs Organization/Update, which your role, \(role.displayName), lacks; it may take \(action.rawValue) one device at a time."
    }

    /// The verdict for one device in a bulk run: the rules, then the bulk role rule.
    static func verdict(_ action: DeviceAction, _ device: Device, role: Role, now: Date, open: [ActionRecord], grant: ServiceGrant?,
                        usage: ActionUsage? = nil) -> ActionAvailability {
        let verdict = Rules.availability(of: action, for: device, role: role, now: now, openActions: open, grant: grant, usage: usage)
        if verdict.enabled, let refusal = bulkRoleRefusal(action, role: role) {
            return .greyed(action, on: device.platform, reason: refusal, remedy: "Ask an operator whose role holds Organization/Update to run it.", rule: .role)
        }
        return verdict
    }

    /// Every selected device with its verdict, a window at a time (`--dry-run --json` streams these).
    /// `input`: the run's inputs (a rename's template), checked per device as the run will.
    /// R26: the day's limit is counted as the devices go, so those past it read greyed.
    public static func forEachVerdict(_ store: TenantStore, action: DeviceAction, selection: BulkSelection, operatorUPN: String,
                                      input: [String: String] = [:], _ body: (Device, ActionAvailability) throws -> Void) throws {
        let (role, scope, now, grant, tenantUsage) = try store.read { db in
            let now = try TenantClock.now(db)
            return (try Operators.role(db, operatorUPN), try Operators.scope(db, operatorUPN), now, try TenantStore.serviceGrant(db, operator: operatorUPN),
                    try ActionSQL.usage(db, deviceId: nil, now: now))
        }
        var usage = tenantUsage
        var names = BulkNames()
        // No rule reads a device's apps or inventory (its notes count apps; a verdict has none).
        try selection.forEachWindow(store, scope: scope, columns: .withoutAppsAndInventory) { devices in
            let open = try store.openActions(deviceIds: devices.map(\.id))
            for device in devices {
                var verdict = Self.verdict(action, device, role: role, now: now, open: open[device.id] ?? [], grant: grant, usage: usage)
                if verdict.enabled, let refusal = names.refusal(BulkInput.resolved(input, action: action, device: device), action: action, device: device) {
                    verdict = .greyed(action, on: device.platform, reason: refusal, remedy: "Change the name template.", rule: .r33)
                }
                if verdict.enabled, ActionUsage.dailyLimit[action] != nil { usage.today[action, default: 0] += 1 }
                try body(device, verdict)
            }
            return true
        }
    }


    public static func compute(_ store: TenantStore, action: DeviceAction, selection: BulkSelection, operatorUPN: String,
                               input: [String: String] = [:], sampleSize: Int = 50) throws -> BulkPreview {
        var preview = BulkPreview(action: action, total: 0, takeable: 0, groups: [], takers: [])
        var order: [RuleID] = []
        var groups: [RuleID: Group] = [:]
        try forEachVerdict(store, action: action, selection: selection, operatorUPN: operatorUPN, input: input) { device, verdict in
                preview.total += 1
                if verdict.enabled {
                    preview.takeable += 1
                    if preview.takers.count < sampleSize { preview.takers.append(Member(id: device.id, name: device.name)) }
                    return
                }
                let rule = verdict.rule ?? .role
                if groups[rule] == nil {
                    order.append(rule)
                    groups[rule] = Group(rule: rule, reason: verdict.reason ?? "", count: 0, devices: [])
                }
                groups[rule]!.count += 1
                if groups[rule]!.devices.count < sampleSize { groups[rule]!.devices.append(Member(id: device.id, name: device.name)) }
        }
        // Largest group first, as the portal's reports read.
        preview.groups = order.compactMap { groups[$0] }.sorted { $0.count > $1.count }
        return preview
    }
}

extension TenantStore {
    /// The open actions of many devices at once, by device.
    public func openActions(deviceIds: [String]) throws -> [String: [ActionRecord]] {
        guard !deviceIds.isEmpty else { return [:] }
        return try read { db in
            try Dictionary(grouping: ActionRecord.fetchAll(db, SQLRequest<ActionRecord>(literal: """
                SELECT * FROM action WHERE deviceId IN \(deviceIds) AND state IN \(ActionState.open)
                """)), by: \.deviceId)
        }
    }
}

/// A bulk run's per-device input checks: each device's resolved input by the same rules as
/// one device's, and R33's clashes (two devices given one name).
struct BulkNames {
    private var given: [String: String] = [:]

    /// Only a rename's inputs differ per device; the other actions' are checked once, before the run.
    mutating func refusal(_ input: [String: String], action: DeviceAction, device: Device) -> String? {
        guard action == .rename, let name = input["deviceName"] else { return nil }
        if let problem = ActionInputRules.problem(input, action: action, device: device) {
            return "The name would be \"\(name)\": \(problem.text)."
        }
        let key = name.lowercased()
        if let first = given[key] { return "The name \"\(name)\" is also given to \(first): two devices would share it." }
        given[key] = device.name
        return nil
    }
}
