import Foundation
import GRDB

/// What the operator asked for, with the confirmations a destructive action needs.
public struct ActionRequest: Sendable, Equatable {
    public var action: DeviceAction
    public var deviceId: String
    public var operatorUPN: String
    /// Wipe and Delete: the device's name as the operator typed it.
    public var typedName: String?
    /// Retire: the operator read the R12 note and said yes.
    public var acknowledged: Bool
    /// The action's inputs by their `ActionInputField` names (wipe's `keepUserData`, a
    /// rename's `deviceName`, …), checked by `ActionInputRules` and recorded with its audit
    /// entry (secrets as "(set)").
    public var options: [String: String] = [:]
    /// Set when it is one device of a bulk run: recorded as Graph's `deviceActionCategory:
    /// bulk` and `bulkDeviceActionId` in its audit entry.
    public var bulkDeviceActionId: String? = nil
    /// A protected action (an access policy's): the business justification it is asked with;
    /// the action becomes an approval request instead of being taken.
    public var justification: String? = nil
    /// A protected action: the approved request this completes (`ApprovalService.actionRequest`).
    public var approvalRequestId: String? = nil

    public init(action: DeviceAction, deviceId: String, operatorUPN: String, typedName: String? = nil, acknowledged: Bool = false) {
        self.action = action
        self.deviceId = deviceId
        self.operatorUPN = operatorUPN
        self.typedName = typedName
        self.acknowledged = acknowledged
    }
}

extension ActionRequest {
    var bulkProperties: [ChangedProperty] { bulkDeviceActionId.map(BulkRunner.bulkProperties) ?? [] }
}

/// What came of a request.
public enum ActionOutcome: Sendable {
    /// Sent: the record (its state may already be `done`), the device after it (nil once
    /// deleted), and for Bypass Activation Lock the fresh code (R2).
    case taken(ActionRecord, device: Device?, bypassCode: String?)
    /// Greyed: nothing was sent. Refusals by role are audited with result `denied`.
    case refused(ActionAvailability)
    /// Protected by an access policy: asked for approval, nothing taken (docs/trust.md "Approvals").
    case awaitingApproval(ApprovalRequest)
}

/// Takes actions. Each request is one transaction: the action record, the device's new
/// state and the audit entry land together or not at all (R18, R20).
public struct ActionService: Sendable {
    public let store: TenantStore
    let random: RandomSource

    public init(store: TenantStore, random: RandomSource = RandomSource()) {
        self.store = store
        self.random = random
    }

    public func take(_ request: ActionRequest) throws -> ActionOutcome {
        try store.write { db in try Self.take(request, db, random: random) }
    }

    package static func take(_ request: ActionRequest, _ db: Database, random: RandomSource) throws -> ActionOutcome {
        guard var device = try Operators.visibleDevice(db, id: request.deviceId, to: request.operatorUPN) else {
            throw ActionError.unknownDevice(id: request.deviceId)
        }
        let now = try TenantClock.now(db)
        let role = try Operators.role(db, request.operatorUPN)
        let open = try ActionSQL.open(db, deviceId: device.id)
        let usage = try ActionSQL.usage(db, deviceId: device.id, now: now)
        let verdict = Rules.availability(of: request.action, for: device, role: role, now: now, openActions: open, usage: usage)
        guard verdict.enabled else {
            if verdict.rule == .role {
                try AuditLog.append(db, AuditEntry(time: now, activity: request.action.auditActivity, result: .denied,
                                                   actor: request.operatorUPN, actorType: .user, deviceId: device.id,
                                                   deviceName: device.name,
                                                   changedProperties: request.bulkProperties + [ChangedProperty("role", from: "", to: role.id), ChangedProperty("permission lacked", from: "", to: request.action.permission.name)]))
            }
            return .refused(verdict)
        }
        try checkConfirmation(request, device)
        if let problem = ActionInputRules.problem(request.options, action: request.action, device: device) {
            throw ActionError.invalidInput(action: request.action, problem: problem)
        }
        let recorded = ActionInputRules.recorded(request.options, action: request.action, platform: device.platform)
        let passage = try ApprovalGate.passage(for: request, device: device, db, now: now)
        switch passage {
        case .ask(_, let justification):
            return .awaitingApproval(try ApprovalGate.ask(request.action, devices: [device], options: request.options, justification: justification,
                                                          by: request.operatorUPN, db, now: now, random: random))
        case .completing(let approval):
            _ = try ApprovalGate.complete(approval, db, now: now)
        case .free, .bulkCompleted:
            break
        }

        var record = ActionRecord(id: random.identifier(), action: request.action, deviceId: device.id,
                                  deviceName: device.name, platform: device.platform, state: .pending,
                                  issuedAt: now, updatedAt: now, initiatedBy: request.operatorUPN, source: .console,
                                  detail: "Waiting for the device to check in.",
                                  input: recorded.filter { $0.value != "(set)" })
        var changes: [ChangedProperty] = []
        var bypassCode: String?
        switch request.action {
        case .retire:
            changes.append(ChangedProperty(GraphDeviceProperty.managementState.name, from: device.managementState.rawValue, to: ManagementState.retirePending.rawValue))
            device.managementState = .retirePending
        case .wipe:
            changes.append(ChangedProperty(GraphDeviceProperty.managementState.name, from: device.managementState.rawValue, to: ManagementState.wipePending.rawValue))
            device.managementState = .wipePending
        case .delete:
            // R25: the service hides the record at once and sends a retire, or a factory wipe to
            // a corporate-owned Android Enterprise device.
            let sent = Rules.deleteSends(device)
            changes.append(ChangedProperty("deviceRecord", from: "present", to: "deleted"))
            changes.append(ChangedProperty("sentToDevice", from: "", to: sent.graphActionName))
            record.state = .done
            record.detail = sent == .wipe
                ? "The device record was removed from the service (R17); the device was sent a factory wipe (R25)."
                : "The device record was removed from the service (R17); the device was sent a retire (R25)."
        case .sync:
            changes.append(ChangedProperty("syncRequested", from: "", to: DateText.iso(now)))
        case .resetPasscode:
            changes.append(ChangedProperty("passcodeReset", from: "", to: "requested"))
        case .bypassActivationLock:
            // R2: nothing happens on the device; the service gets a fresh code, valid 15 days.
            let code = random.bypassCode()
            bypassCode = code
            let expires = BypassCode.expiry(issuedAt: now)
            changes.append(ChangedProperty("activationLockBypassCode", from: "(previous code)", to: "issued, valid until \(DateText.iso(expires))"))
            device.activationLockBypassCode = code
            device.activationLockBypassCodeIssuedAt = now
            record.state = .done
            record.detail = "New bypass code issued, valid until \(DateText.short(expires)). Type it on the Activation Lock screen after the wipe."
        case .remoteLock:
            if device.platform == .macOS {
                // R29: the PIN the locked Mac asks for, shown to the operator 30 days.
                record.temporaryPasscode = request.options["unlockPin"].flatMap { $0.isEmpty ? nil : $0 } ?? random.temporaryPasscode()
                record.temporaryPasscodeExpiresAt = now.addingTimeInterval(RuleDurations.unlockPinVisibility)
            }
        case .sendCustomNotification:
            // R34: delivered at once through the Company Portal app, not tracked further.
            record.state = .done
            record.detail = "Sent to the Company Portal app; the service does not track its delivery."
        case .restart, .shutDown, .enableLostMode, .disableLostMode, .locateDevice, .playLostModeSound, .rename,
             .collectDiagnostics:
            break
        }
        if device.platform == .macOS, request.action != .remoteLock, request.action != .sync {
            // R29: a Mac's unlock PIN is shown until another action is taken on it (a sync only
            // asks for a check-in).
            try db.execute(literal: """
                UPDATE action SET temporaryPasscodeExpiresAt = \(now)
                WHERE deviceId = \(device.id) AND action = \(DeviceAction.remoteLock) AND temporaryPasscodeExpiresAt > \(now)
                """)
        }
        try record.insert(db)
        // The inputs it was sent with are part of what was done (secrets as "(set)").
        changes += recorded.sorted { $0.key < $1.key }.map { ChangedProperty($0.key, from: "", to: $0.value) }
        changes += request.bulkProperties
        if let approved = request.approvalRequestId { changes.append(ChangedProperty("operationApprovalRequest", from: "", to: approved)) }
        try AuditLog.append(db, AuditEntry(time: now, activity: request.action.auditActivity, result: .success,
                                           actor: request.operatorUPN, actorType: .user, deviceId: device.id,
                                           deviceName: device.name, actionId: record.id, changedProperties: changes))
        if request.action == .delete {
            try cancelOpenActions(db, deviceId: device.id, at: now, detail: "The device record was deleted.")
            try Device.deleteOne(db, key: device.id)
            return .taken(record, device: nil, bypassCode: nil)
        }
        try device.updateRow(db)
        // Sync asks an online device to check in now, which also delivers what is pending.
        if request.action == .sync, device.isOnline {
            device = try CheckIn.perform(db, deviceId: device.id, at: now, random: random)
            record = try ActionRecord.fetchOne(db, key: record.id) ?? record
        }
        return .taken(record, device: device, bypassCode: bypassCode)
    }

    /// Wipe and Delete: the device's exact name, or the form the screen shows of a name that
    /// holds characters no one can type (a control, from a store made before import refused
    /// them), so such a device can still be wiped.
    public static func typedNameMatches(_ typed: String, deviceName: String) -> Bool {
        typed == deviceName || typed == TerminalText.typeable(deviceName)
    }

    static func checkConfirmation(_ request: ActionRequest, _ device: Device) throws {
        if request.action.needsTypedName {
            guard let typed = request.typedName, !typed.isEmpty else {
                throw ActionError.confirmationNeeded(action: request.action, deviceName: device.name)
            }
            guard typedNameMatches(typed, deviceName: device.name) else {
                throw ActionError.confirmationMismatch(action: request.action, deviceName: device.name, typed: typed)
            }
        }
        if request.action == .retire, !request.acknowledged {
            throw ActionError.acknowledgementNeeded(action: request.action)
        }
    }

    static func cancelOpenActions(_ db: Database, deviceId: String, at now: Date, detail: String) throws {
        try db.execute(literal: """
            UPDATE action SET state = \(ActionState.canceled), updatedAt = \(now), detail = \(detail)
            WHERE deviceId = \(deviceId) AND state IN \(ActionState.open)
            """)
    }
}
