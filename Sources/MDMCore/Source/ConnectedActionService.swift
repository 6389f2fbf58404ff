import Foundation
import GRDB

/// What came of a request on a connected tenant.
public enum ConnectedOutcome: Sendable {
    /// Greyed here: nothing was sent.
    case refused(ActionAvailability)
    /// Sent; the record, and for Bypass Activation Lock the code as the service gives it.
    case sent(ActionRecord, answer: ServiceAnswer, bypassCode: String?)
    /// The service refused it: one line with its code and message; nothing was done.
    case serviceRefused(status: Int, code: String, message: String)
    /// The service's Multi Admin Approval made a request of it: nothing was done yet.
    case awaitingApproval(ApprovalRequest)
}

/// Takes actions on a connected tenant: the same rules as a simulated one (plus what the
/// sign-in may do, PERMISSION), the same confirmations, then one Graph request, then one
/// audit entry in the hash chain with the service's answer and request-id (R18). Never
/// retries by itself: the sender retries only what the service said it did not carry out.
public struct ConnectedActionService: Sendable {
    public let store: TenantStore
    public let sender: any ServiceActionSending

    public init(store: TenantStore, sender: any ServiceActionSending) {
        self.store = store
        self.sender = sender
    }

    /// `readBack`: read the device from the service right after (a bulk run leaves it to the next sync).
    public func take(_ request: ActionRequest, readBack: Bool = true) async throws -> ConnectedOutcome {
        // 1. The rules, on the mirror, as for a simulated device.
        let checked: (Device, ActionAvailability, Date) = try store.write { db in
            guard let device = try Operators.visibleDevice(db, id: request.deviceId, to: request.operatorUPN) else { throw ActionError.unknownDevice(id: request.deviceId) }
            let now = try TenantClock.now(db)
            let role = try Operators.role(db, request.operatorUPN)
            let verdict = Rules.availability(of: request.action, for: device, role: role, now: now,
                                             openActions: try ActionSQL.open(db, deviceId: device.id), grant: try TenantStore.serviceGrant(db, operator: request.operatorUPN),
                                             usage: try ActionSQL.usage(db, deviceId: device.id, now: now))
            if !verdict.enabled, verdict.rule == .role || verdict.rule == .permission {
                try AuditLog.append(db, AuditEntry(time: now, activity: request.action.auditActivity, result: .denied,
                                                   actor: request.operatorUPN, actorType: .user, deviceId: device.id, deviceName: device.name,
                                                   changedProperties: request.bulkProperties + [ChangedProperty(verdict.rule == .role ? "role" : "permission", from: "",
                                                                                       to: verdict.reason ?? "")]))
            }
            return (device, verdict, now)
        }
        let (device, verdict, _) = checked
        guard verdict.enabled else { return .refused(verdict) }
        try ActionService.checkConfirmation(request, device)
        if let problem = ActionInputRules.problem(request.options, action: request.action, device: device) {
            throw ActionError.invalidInput(action: request.action, problem: problem)
        }
        // What no Graph request carries cannot be sent: said, not silently dropped.
        if let local = request.action.inputFields(on: device.platform).first(where: { !$0.onWire && !(request.options[$0.name] ?? "").isEmpty }) {
            throw ActionError.invalidInput(action: request.action, problem: ActionInputProblem(
                name: local.name, field: local, text: "no Graph request carries it, so it is only for the simulated tenant"
                    + (local.name == "unlockPin" ? " (the service picks the Mac's PIN and the next sync shows it)" : "; take a Restart after the rename")))
        }

        // 2. Recorded before it is sent: a console killed while the request is out leaves an
        // action that says its answer is unknown, never no trace of a wipe that reached the service.
        let recordId = try recordSending(request, device: device)
        // 3. One request; whatever happens next, what it answered is recorded.
        let body = GraphActionBody.json(request.options, action: request.action, platform: device.platform)
        // The service's Multi Admin Approval decides what is protected: a justification given
        // is sent with it; a completion resends the same request with the approved code.
        let approval: ServiceApproval? = request.approvalRequestId.map(ServiceApproval.code) ?? request.justification.map(ServiceApproval.justification)
        let answer = await sender.send(request.action, deviceId: device.id, body: body, approval: approval)
        let code = request.action == .bypassActivationLock && answer.isAccepted ? await sender.bypassCode(deviceId: device.id) : nil
        let outcome = try record(answer, request: request, device: device,
                                 options: ActionInputRules.recorded(request.options, action: request.action, platform: device.platform),
                                 bypassCode: code, recordId: recordId)

        // 4. The device as the service now has it (best effort: the next sync catches up).
        if readBack, answer.isAccepted, let refreshed = await sender.refreshedDevice(id: device.id) {
            try MirrorWriter(store: store).replaceOne(id: device.id, with: refreshed)
        }
        return outcome
    }

    /// What a request in flight looks like in Device actions until its answer is recorded.
    static let sendingDetail = "Sent to the service; no answer was recorded (the console stopped before it came). Unknown: not resent; the next sync tells whether it was carried out."

    func recordSending(_ request: ActionRequest, device: Device) throws -> String {
        try store.write { db in
            let now = try TenantClock.now(db)
            let record = ActionRecord(id: UUID().uuidString.lowercased(), action: request.action, deviceId: device.id, deviceName: device.name,
                                      platform: device.platform, state: .pending, issuedAt: now, updatedAt: now, initiatedBy: request.operatorUPN,
                                      source: .console, detail: Self.sendingDetail)
            try record.insert(db)
            return record.id
        }
    }

    func record(_ answer: ServiceAnswer, request: ActionRequest, device: Device, options: [String: String], bypassCode: String?,
                recordId: String) throws -> ConnectedOutcome {
        try store.write { db in
            let now = try TenantClock.now(db)
            // The service's refusal, or its request for approval, means nothing was done: the in-flight record goes.
            switch answer {
            case .refused, .approvalRequired: try ActionRecord.deleteOne(db, key: recordId)
            case .accepted, .unknown: break
            }
            var changes = request.bulkProperties + options.sorted { $0.key < $1.key }.map { ChangedProperty($0.key, from: "", to: $0.value) }
            if let approved = request.approvalRequestId {
                changes.append(ChangedProperty("operationApprovalRequest", from: "", to: approved))
                // Accepted with its code: the service ran it, so it is completed here too.
                if case .accepted = answer, var mirrored = try ApprovalRecords.request(db, id: approved) {
                    mirrored.storedStatus = .completed
                    mirrored.lastModifiedAt = now
                    try ApprovalRecords.update(mirrored, db)
                }
            }
            switch answer {
            case .approvalRequired(let code, let requestId):
                // Kept here as the service's request (its id is the code), so `approvals` lists it
                // and its completion resends the same action with it.
                let made = ApprovalRequest(id: code, subject: .deviceAction(request.action, deviceIds: [device.id], deviceNames: [device.name], options: request.options),
                                           requestor: request.operatorUPN, justification: request.justification ?? "", requestedAt: now,
                                           expiresAt: now.addingTimeInterval(AccessPolicy.requestLifetime), lastModifiedAt: now)
                if try ApprovalRecords.request(db, id: code) == nil { try ApprovalRecords.insert(made, db) }
                try AuditLog.append(db, AuditEntry(time: now, activity: ApprovalGate.createActivity, result: .success, actor: request.operatorUPN,
                                                   actorType: .user, deviceId: device.id, deviceName: device.name,
                                                   changedProperties: [ChangedProperty("operationApprovalRequest", from: "", to: code),
                                                                       ChangedProperty("action", from: "", to: request.action.graphActionName),
                                                                       ChangedProperty("requestJustification", from: "", to: made.justification),
                                                                       ChangedProperty("requestId", from: "", to: requestId ?? "")]))
                return .awaitingApproval(made)
            case .refused(let status, let code, let message, let requestId):
                changes += [ChangedProperty("serviceAnswer", from: "", to: "\(status) \(code): \(message)"),
                            ChangedProperty("requestId", from: "", to: requestId ?? "")]
                try AuditLog.append(db, AuditEntry(time: now, activity: request.action.auditActivity, result: .failure, actor: request.operatorUPN,
                                                   actorType: .user, deviceId: device.id, deviceName: device.name, changedProperties: changes))
                return .serviceRefused(status: status, code: code, message: message)
            case .accepted(let requestId), .unknown(_, let requestId):
                let unknown: String? = if case .unknown(let reason, _) = answer { reason } else { nil }
                let record = ActionRecord(
                    id: recordId, action: request.action, deviceId: device.id, deviceName: device.name,
                    platform: device.platform, state: request.action == .delete && unknown == nil ? .done : .pending,
                    issuedAt: now, updatedAt: now, initiatedBy: request.operatorUPN, source: .console,
                    detail: unknown.map { "Unknown — check Device actions: \($0). Not resent; the next sync tells whether it was carried out." }
                        ?? "Accepted by the service; its state follows at each sync.")
                try record.update(db)
                changes += [ChangedProperty("serviceAnswer", from: "", to: unknown.map { "unknown: \($0)" } ?? "accepted"),
                            ChangedProperty("requestId", from: "", to: requestId ?? "")]
                try AuditLog.append(db, AuditEntry(time: now, activity: request.action.auditActivity, result: unknown == nil ? .success : .unknown,
                                                   actor: request.operatorUPN, actorType: .user, deviceId: device.id, deviceName: device.name,
                                                   actionId: record.id, changedProperties: changes))
                if request.action == .delete, unknown == nil {
                    try ActionService.cancelOpenActions(db, deviceId: device.id, at: now, detail: "The device record was deleted.")
                    try Device.deleteOne(db, key: device.id)
                }
                return .sent(record, answer: answer, bypassCode: bypassCode)
            }
        }
    }
}
