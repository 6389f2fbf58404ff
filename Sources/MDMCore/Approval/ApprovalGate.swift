import Foundation
import GRDB

/// Multi Admin Approval on the one action path (`ActionService.take`): after the rules have
/// let the action through, a protected one either becomes a request (asked with a
/// justification; nothing is taken), or runs because its approved request is being completed
/// by its requester. A bulk run's devices pass under the request its completion marked.
enum ApprovalGate {
    enum Passage {
        /// No access policy protects it.
        case free
        /// Asked with this justification: a request is made instead of the action.
        case ask(AccessPolicy, justification: String)
        /// Its approved request, completed by this action in the same transaction.
        case completing(ApprovalRequest)
        /// A device of a bulk run whose completion was recorded before the run began.
        case bulkCompleted(ApprovalRequest)
    }

    static let createActivity = "Create OperationApprovalRequest"
    static let completeActivity = "Complete OperationApprovalRequest"

    static func passage(for request: ActionRequest, device: Device, _ db: Database, now: Date) throws -> Passage {
        if let id = request.approvalRequestId {
            guard let approval = try ApprovalRecords.request(db, id: id) else { throw ApprovalError.noSuchRequest(id: id) }
            guard approval.action == request.action, approval.deviceIds.contains(device.id), approval.requestor == request.operatorUPN else {
                throw ApprovalError.codeMismatch(id: id, asked: approval.summary + " by " + approval.requestor)
            }
            if let bulkId = request.bulkDeviceActionId {
                guard approval.storedStatus == .completed, approval.bulkRunId == bulkId else {
                    throw ApprovalError.wrongStatus(id: id, status: approval.status(at: now), doing: "used by this run")
                }
                return .bulkCompleted(approval)
            }
            let status = approval.status(at: now)
            guard status == .approved else { throw ApprovalError.wrongStatus(id: id, status: status, doing: "completed") }
            return .completing(approval)
        }
        guard let policy = try ApprovalRecords.protecting(request.action, db).first else { return .free }
        if request.bulkDeviceActionId != nil { throw ApprovalError.bulkAsksOnce(action: request.action) }
        guard let given = request.justification else { throw ApprovalError.justificationNeeded(action: request.action, policy: policy.displayName) }
        return .ask(policy, justification: try justification(given))
    }

    /// A justification as the service takes it: not empty, at most 1024 characters, no control.
    static func justification(_ text: String, what: String = "justification") throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { throw ApprovalError.invalidText(what: what, problem: "is empty: say why it is needed") }
        if trimmed.count > AccessPolicy.longestJustification {
            throw ApprovalError.invalidText(what: what, problem: "is \(trimmed.count) characters; the service takes at most \(AccessPolicy.longestJustification)")
        }
        if let problem = InputText.problem(in: trimmed) { throw ApprovalError.invalidText(what: what, problem: problem) }
        return trimmed
    }

    /// The request for a protected action on one device or several (a bulk run), audited per device.
    static func ask(_ action: DeviceAction, devices: [Device], options: [String: String], justification: String,
                    by requestor: String, _ db: Database, now: Date, random: RandomSource) throws -> ApprovalRequest {
        if let open = try ApprovalRecords.open(db, kind: action.rawValue, deviceIds: devices.map(\.id), now: now) {
            let name = devices.first { open.deviceIds.contains($0.id) }?.name ?? ""
            throw ApprovalError.alreadyRequested(requestId: open.id, deviceName: name, status: open.status(at: now))
        }
        let made = ApprovalRequest(id: random.identifier(), subject: .deviceAction(action, deviceIds: devices.map(\.id), deviceNames: devices.map(\.name), options: options),
                                   requestor: requestor, justification: justification, requestedAt: now,
                                   expiresAt: now.addingTimeInterval(AccessPolicy.requestLifetime), lastModifiedAt: now)
        try ApprovalRecords.insert(made, db)
        let approvers = try ApprovalRecords.protecting(action, db).flatMap(\.approvers)
        for device in devices {
            try AuditLog.append(db, AuditEntry(time: now, activity: createActivity, result: .success, actor: requestor, actorType: .user,
                                               deviceId: device.id, deviceName: device.name,
                                               changedProperties: [ChangedProperty("operationApprovalRequest", from: "", to: made.id),
                                                                   ChangedProperty("action", from: "", to: action.graphActionName),
                                                                   ChangedProperty("requestJustification", from: "", to: justification),
                                                                   ChangedProperty("approvers", from: "", to: Set(approvers).sorted().joined(separator: ", "))]))
        }
        return made
    }

    /// Marks `approval` completed by its requester (`bulkRunId`: the run about to take it).
    static func complete(_ approval: ApprovalRequest, bulkRunId: String? = nil, _ db: Database, now: Date) throws -> ApprovalRequest {
        var done = approval
        done.bulkRunId = bulkRunId
        return try ApprovalRecords.move(done, to: .completed, activity: completeActivity, by: approval.requestor, db, now: now,
                                        recording: bulkRunId.map { [ChangedProperty("bulkDeviceActionId", from: "", to: $0)] } ?? [])
    }
}
