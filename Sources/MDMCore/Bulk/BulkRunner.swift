import Foundation
import GRDB

/// Why a bulk run did not start: nothing was done.
public enum BulkError: Error, Equatable, CustomStringConvertible {
    case overCap(selected: Int, cap: Int)
    case countMismatch(typed: Int, takeable: Int)
    case countNeeded(action: DeviceAction, takeable: Int)
    case nothingToTake(greyed: Int)
    case connected
    /// Not one of the service's bulk device actions.
    case notBulk(action: DeviceAction)
    /// More devices than the action's own limit (diagnostics: 25).
    case overActionLimit(action: DeviceAction, selected: Int, limit: Int)
    /// A run's input that no device could take (a rename's template without a variable part).
    case invalidInput(String)

    public var description: String {
        switch self {
        case .overCap(let selected, let cap):
            "\(selected) devices selected; one bulk run takes at most \(cap) (bulk.max, an Administrator changes it with `mdmconsole bulk max N`). Nothing was done."
        case .countMismatch(let typed, let takeable):
            "the confirmation says \(typed) but \(takeable) devices would take it now. Nothing was done."
        case .countNeeded(let action, let takeable):
            "bulk \(action.rawValue) needs the number of devices it will act on typed to confirm: --confirm-count \(takeable)"
        case .nothingToTake(let greyed):
            "no selected device can take it (\(greyed) greyed). Nothing was done."
        case .connected:
            "a bulk action on a connected tenant goes to its service, and this door has no connection to it (nothing was sent)"
        case .notBulk(let action):
            "\(action.rawValue) is taken one device at a time, as in the service; its bulk actions are \(DeviceAction.bulkActions.map(\.rawValue).joined(separator: ", ")). Nothing was done."
        case .overActionLimit(let action, let selected, let limit):
            "\(selected) devices selected; the service takes \(action.rawValue) on at most \(limit) devices at once. Nothing was done."
        case .invalidInput(let problem):
            "\(problem). Nothing was done."
        }
    }
}

/// The result of one device in a bulk run.
public enum BulkResult: String, Codable, Sendable, CaseIterable {
    case taken, greyed, denied, failed
}

/// One device's line of a bulk run's results.
public struct BulkResultLine: Codable, Sendable, Equatable {
    public var deviceId: String
    public var deviceName: String
    public var result: BulkResult
    public var rule: String?
    public var reason: String
    public var actionId: String?
}

/// Where a bulk run is, for a progress bar.
public struct BulkProgress: Sendable, Equatable {
    public var taken = 0, skipped = 0, failed = 0
    public var done: Int { taken + skipped + failed }
    public var total: Int
    public var current: String

    public init(total: Int, current: String) {
        self.total = total
        self.current = current
    }
}

/// What a bulk run did.
public struct BulkSummary: Sendable, Equatable {
    public var bulkId: String
    public var action: DeviceAction
    public var total: Int
    public var taken = 0, greyed = 0, denied = 0, failed = 0
    public var stopped = false
    public var notReached: Int { total - taken - greyed - denied - failed }

    public init(bulkId: String, action: DeviceAction, total: Int, taken: Int = 0, greyed: Int = 0, denied: Int = 0, failed: Int = 0, stopped: Bool = false) {
        self.bulkId = bulkId
        self.action = action
        self.total = total
        self.taken = taken
        self.greyed = greyed
        self.denied = denied
        self.failed = failed
        self.stopped = stopped
    }
}

/// Takes one action on many devices. Each device is its own transaction: its action record,
/// its audit entry (with Graph's `deviceActionCategory: bulk` and the run's
/// `bulkDeviceActionId`) and its result line land together or not at all, so a run killed at
/// any moment leaves a consistent store and results that say how far it got. Each device is
/// re-checked by the rules at the moment it is acted on: one greyed since the preview is
/// recorded greyed, never acted on.
public struct BulkRunner: Sendable {
    public let store: TenantStore
    let random: RandomSource
    /// A connected tenant's service: each device's action is one request to it, sent as a single
    /// action is (the same rules, recorded before it is sent, never resent but on a 429), paced
    /// by the store's Graph budget; nil on a simulated tenant.
    public let sender: (any ServiceActionSending)?

    public init(store: TenantStore, random: RandomSource = RandomSource(), sender: (any ServiceActionSending)? = nil) {
        self.store = store
        self.random = random
        self.sender = sender
    }

    /// Destructive bulk actions need their count typed.
    public static func needsCount(_ action: DeviceAction) -> Bool {
        action == .wipe || action == .delete || action == .retire
    }

    /// Checks the run may start (cap, typed count); returns the preview it was checked against.
    public func check(_ action: DeviceAction, selection: BulkSelection, operatorUPN: String, confirmCount: Int?,
                      input: [String: String] = [:], countConfirmed: Bool = false) throws -> BulkPreview {
        if try store.source() != nil, sender == nil { throw BulkError.connected }
        guard action.isBulkAction else { throw BulkError.notBulk(action: action) }
        if let problem = BulkInput.problem(input, action: action) {
            throw BulkError.invalidInput(action == .rename ? problem.text : problem.description)
        }
        let preview = try BulkPreview.compute(store, action: action, selection: selection, operatorUPN: operatorUPN, input: input)
        let cap = try BulkSettings(store: store).max()
        guard preview.total <= cap else { throw BulkError.overCap(selected: preview.total, cap: cap) }
        if let limit = action.bulkDeviceLimit, preview.total > limit {
            throw BulkError.overActionLimit(action: action, selected: preview.total, limit: limit)
        }
        guard preview.takeable > 0 else { throw BulkError.nothingToTake(greyed: preview.greyed) }
        if Self.needsCount(action), !countConfirmed {
            guard let confirmCount else { throw BulkError.countNeeded(action: action, takeable: preview.takeable) }
            guard confirmCount == preview.takeable else { throw BulkError.countMismatch(typed: confirmCount, takeable: preview.takeable) }
        }
        return preview
    }

    /// Runs it; `shouldStop` is asked between devices (Esc, Ctrl-C): the device in progress
    /// finishes, the rest are not reached.
    /// `approvalRequestId`: an action an access policy protects runs only as the completion of
    /// its approved request, on the devices it lists (their count was confirmed when it was asked).
    public func run(_ action: DeviceAction, selection requested: BulkSelection, operatorUPN: String, confirmCount: Int?,
                    options: [String: String] = [:], approvalRequestId: String? = nil, shouldStop: () -> Bool = { false },
                    progress: (BulkProgress) -> Void = { _ in }) throws -> BulkSummary {
        var selection = requested
        var confirmed = confirmCount
        if let approvalRequestId {
            let approval = try ApprovalService(store: store).request(approvalRequestId, seenBy: operatorUPN)
            guard approval.action == action, approval.requestor == operatorUPN else {
                throw ApprovalError.codeMismatch(id: approvalRequestId, asked: approval.summary + " by " + approval.requestor)
            }
            let status = approval.status(at: try store.now())
            guard status == .approved else { throw ApprovalError.wrongStatus(id: approvalRequestId, status: status, doing: "completed") }
            selection = .ids(approval.deviceIds)
            confirmed = nil
        } else if try store.read({ db in try !ApprovalRecords.protecting(action, db).isEmpty }) {
            throw ApprovalError.bulkAsksOnce(action: action)
        }
        let preview = try check(action, selection: selection, operatorUPN: operatorUPN, confirmCount: confirmed, input: options,
                                countConfirmed: approvalRequestId != nil)
        let bulkId = UUID().uuidString.lowercased()
        try store.write { db in
            let now = try TenantClock.now(db)
            if let approvalRequestId {
                // Recorded before any device is taken: a second completion finds it completed.
                guard let approval = try ApprovalRecords.request(db, id: approvalRequestId) else { throw ApprovalError.noSuchRequest(id: approvalRequestId) }
                let status = approval.status(at: now)
                guard status == .approved else { throw ApprovalError.wrongStatus(id: approvalRequestId, status: status, doing: "completed") }
                _ = try ApprovalGate.complete(approval, bulkRunId: bulkId, db, now: now)
            }
            try db.execute(sql: """
                INSERT INTO bulkRun(id, action, operator, startedAt, total, takeableAtPreview, state) VALUES (?, ?, ?, ?, ?, ?, 'running')
                """, arguments: [bulkId, action.rawValue, operatorUPN, now, preview.total, preview.takeable])
        }
        var summary = BulkSummary(bulkId: bulkId, action: action, total: preview.total)
        var state = BulkProgress(total: preview.total, current: "")
        var sequence = 0
        var names = BulkNames()
        try selection.forEachWindow(store, scope: try store.scope(of: operatorUPN)) { devices in
            for device in devices {
                if shouldStop() { summary.stopped = true; return false }
                sequence += 1
                state.current = device.name
                // The preview's per-device checks again: a clash is greyed here too, not sent.
                let input = BulkInput.resolved(options, action: action, device: device)
                let line: BulkResultLine
                if let clash = names.refusal(input, action: action, device: device) {
                    line = BulkResultLine(deviceId: device.id, deviceName: device.name, result: .greyed, rule: RuleID.r33.rawValue, reason: clash)
                    try store.write { db in try Self.insert(line, bulkId: bulkId, sequence: sequence, db) }
                } else if let sender {
                    line = try sendOne(action, device, through: sender, bulkId: bulkId, sequence: sequence, operatorUPN: operatorUPN, options: input)
                } else {
                    line = try takeOne(action, device, bulkId: bulkId, sequence: sequence, operatorUPN: operatorUPN, options: input,
                                       approvalRequestId: approvalRequestId)
                }
                switch line.result {
                case .taken: summary.taken += 1; state.taken += 1
                case .greyed: summary.greyed += 1; state.skipped += 1
                case .denied: summary.denied += 1; state.skipped += 1
                case .failed: summary.failed += 1; state.failed += 1
                }
                progress(state)
            }
            return true
        }
        try store.write { db in
            try db.execute(sql: "UPDATE bulkRun SET finishedAt = ?, state = ? WHERE id = ?",
                           arguments: [try TenantClock.now(db), summary.stopped ? "stopped" : "done", bulkId])
        }
        return summary
    }

    /// One device, one transaction (its result line included).
    func takeOne(_ action: DeviceAction, _ device: Device, bulkId: String, sequence: Int, operatorUPN: String,
                 options: [String: String], approvalRequestId: String? = nil) throws -> BulkResultLine {
        do {
            return try store.write { db in
                var line: BulkResultLine
                let role = try Operators.role(db, operatorUPN)
                if let refusal = BulkPreview.bulkRoleRefusal(action, role: role) {
                    try AuditLog.append(db, AuditEntry(time: try TenantClock.now(db), activity: action.auditActivity, result: .denied,
                                                       actor: operatorUPN, actorType: .user, deviceId: device.id, deviceName: device.name,
                                                       changedProperties: Self.bulkProperties(bulkId) + [ChangedProperty("role", from: "", to: role.id)]))
                    line = BulkResultLine(deviceId: device.id, deviceName: device.name, result: .denied, rule: RuleID.role.rawValue, reason: refusal)
                } else {
                    var request = ActionRequest(action: action, deviceId: device.id, operatorUPN: operatorUPN,
                                                typedName: action.needsTypedName ? device.name : nil, acknowledged: true)
                    request.options = options
                    request.bulkDeviceActionId = bulkId
                    request.approvalRequestId = approvalRequestId
                    switch try ActionService.take(request, db, random: random) {
                    case .taken(let record, _, _):
                        line = BulkResultLine(deviceId: device.id, deviceName: device.name, result: .taken, rule: nil,
                                              reason: record.detail, actionId: record.id)
                    case .refused(let verdict):
                        line = BulkResultLine(deviceId: device.id, deviceName: device.name, result: verdict.rule == .role ? .denied : .greyed,
                                              rule: verdict.rule?.rawValue, reason: verdict.reason ?? "")
                    case .awaitingApproval:
                        // Not reached: a protected action in bulk runs only under its approved request.
                        throw ApprovalError.bulkAsksOnce(action: action)
                    }
                }
                try Self.insert(line, bulkId: bulkId, sequence: sequence, db)
                return line
            }
        } catch ActionError.invalidInput(_, let problem) {
            let line = BulkResultLine(deviceId: device.id, deviceName: device.name, result: .failed, rule: nil, reason: "Not sent: \(problem).")
            try store.write { db in try Self.insert(line, bulkId: bulkId, sequence: sequence, db) }
            return line
        } catch ActionError.unknownDevice {
            let line = BulkResultLine(deviceId: device.id, deviceName: device.name, result: .failed, rule: nil, reason: "The device was deleted since the preview.")
            try store.write { db in try Self.insert(line, bulkId: bulkId, sequence: sequence, db) }
            return line
        }
    }

    /// One device of a connected tenant: one request to its service, its result line from the
    /// service's answer (an unknown stays unknown until a sync says).
    func sendOne(_ action: DeviceAction, _ device: Device, through sender: any ServiceActionSending, bulkId: String, sequence: Int,
                 operatorUPN: String, options: [String: String]) throws -> BulkResultLine {
        var request = ActionRequest(action: action, deviceId: device.id, operatorUPN: operatorUPN,
                                    typedName: action.needsTypedName ? device.name : nil, acknowledged: true)
        request.options = options
        request.bulkDeviceActionId = bulkId
        let service = ConnectedActionService(store: store, sender: sender)
        let sending = request
        let line: BulkResultLine
        do {
            // The device is read back at the next sync, not after each action: a bulk run's
            // requests are its writes.
            switch try blocking({ try await service.take(sending, readBack: false) }) {
            case .refused(let verdict):
                line = BulkResultLine(deviceId: device.id, deviceName: device.name,
                                      result: verdict.rule == .role || verdict.rule == .permission ? .denied : .greyed,
                                      rule: verdict.rule?.rawValue, reason: verdict.reason ?? "")
            case .sent(let record, .accepted, _):
                line = BulkResultLine(deviceId: device.id, deviceName: device.name, result: .taken, rule: nil, reason: record.detail, actionId: record.id)
            case .sent(let record, let answer, _):
                line = BulkResultLine(deviceId: device.id, deviceName: device.name, result: .failed, rule: nil,
                                      reason: answer.summary, actionId: record.id)
            case .serviceRefused(let status, let code, let message):
                line = BulkResultLine(deviceId: device.id, deviceName: device.name, result: status == 403 ? .denied : .failed, rule: nil,
                                      reason: "The service refused it: \(status) \(code): \(message)")
            case .awaitingApproval(let request):
                line = BulkResultLine(deviceId: device.id, deviceName: device.name, result: .denied, rule: nil,
                                      reason: "The service's Multi Admin Approval made it request \(request.id): nothing was done.")
            }
        } catch ActionError.invalidInput(_, let problem) {
            line = BulkResultLine(deviceId: device.id, deviceName: device.name, result: .failed, rule: nil, reason: "Not sent: \(problem).")
        } catch ActionError.unknownDevice {
            line = BulkResultLine(deviceId: device.id, deviceName: device.name, result: .failed, rule: nil, reason: "The device left the mirror since the preview.")
        }
        try store.write { db in try Self.insert(line, bulkId: bulkId, sequence: sequence, db) }
        return line
    }

    static func bulkProperties(_ bulkId: String) -> [ChangedProperty] {
        [ChangedProperty("deviceActionCategory", from: "", to: "bulk"), ChangedProperty("bulkDeviceActionId", from: "", to: bulkId)]
    }

    static func insert(_ line: BulkResultLine, bulkId: String, sequence: Int, _ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO bulkResult(bulkId, sequence, deviceId, deviceName, result, rule, reason, actionId) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [bulkId, sequence, line.deviceId, line.deviceName, line.result.rawValue, line.rule, line.reason, line.actionId])
    }
}
