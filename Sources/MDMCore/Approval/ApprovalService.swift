import Foundation
import GRDB

/// Multi Admin Approval (docs/trust.md "Approvals"): access policies, and the requests they
/// make of wipe, retire and delete: approved or rejected by another approver with a note,
/// completed or cancelled by the requester, expired after three days. Access policies protect
/// themselves: defining or deleting one is a request too, which any holder of "Approval for
/// Multi Admin Approval" but its requester approves. Every step is audited in the transaction
/// that makes it; a refusal by permission is audited `denied`.
public struct ApprovalService: Sendable {
    public let store: TenantStore
    let random: RandomSource

    public init(store: TenantStore, random: RandomSource = RandomSource()) {
        self.store = store
        self.random = random
    }

    static let approveActivity = "Approve OperationApprovalRequest"
    static let rejectActivity = "Reject OperationApprovalRequest"
    static let cancelActivity = "Cancel OperationApprovalRequest"
    static let createPolicyActivity = "Create OperationApprovalPolicy"
    static let deletePolicyActivity = "Delete OperationApprovalPolicy"
    static let longestName = 128

    // MARK: access policies

    public func policies() throws -> [AccessPolicy] {
        try store.read { db in try ApprovalRecords.policies(db) }
    }

    /// Asks for a new access policy: it protects nothing until approved and completed.
    public func requestPolicy(name rawName: String, description: String = "", protecting actions: [DeviceAction], approvers: [String],
                              justification: String, by actor: String) throws -> ApprovalRequest {
        if try store.source() != nil { throw ApprovalError.mirrored }
        let name = rawName.trimmingCharacters(in: .whitespaces)
        if name.isEmpty { throw ApprovalError.invalidPolicy(problem: "its name is empty") }
        if let problem = InputText.problem(in: name) { throw ApprovalError.invalidPolicy(problem: "its name \(problem)") }
        if name.unicodeScalars.count > Self.longestName { throw ApprovalError.invalidPolicy(problem: "its name is longer than \(Self.longestName) characters") }
        if let problem = InputText.problem(in: description) { throw ApprovalError.invalidPolicy(problem: "its description \(problem)") }
        if actions.isEmpty { throw ApprovalError.invalidPolicy(problem: "it protects no action (it protects \(AccessPolicy.protectable.map(\.rawValue).joined(separator: ", ")))") }
        if let other = actions.first(where: { !AccessPolicy.protectable.contains($0) }) {
            throw ApprovalError.invalidPolicy(problem: "\(other.rawValue) is not a device action an access policy protects (only \(AccessPolicy.protectable.map(\.rawValue).joined(separator: ", ")))")
        }
        if approvers.isEmpty { throw ApprovalError.invalidPolicy(problem: "it names no approver (--approver UPN)") }
        let justification = try ApprovalGate.justification(justification)
        return try asking(needs: .createAccessPolicy, justification: justification, by: actor, property: ChangedProperty("access policy", from: "", to: name)) { db, now in
            if try Self.policyExists(db, named: name) {
                throw ApprovalError.policyNameTaken(name: name)
            }
            let known = Set(try String.fetchAll(db, sql: "SELECT upn FROM operator"))
            if let stranger = approvers.first(where: { !known.contains($0) }) {
                throw ApprovalError.invalidPolicy(problem: "\(stranger) is not an operator of this tenant (see `mdmconsole operators`)")
            }
            let ordered = AccessPolicy.protectable.filter(actions.contains)
            let policy = AccessPolicy(id: random.identifier(), displayName: name, description: description, protectedActions: ordered,
                                      approvers: Set(approvers).sorted(), lastModifiedAt: now)
            return (.createPolicy(policy),
                    [ChangedProperty("protects", from: "", to: ordered.map(\.rawValue).joined(separator: ", ")),
                     ChangedProperty("approvers", from: "", to: policy.approvers.joined(separator: ", "))])
        }
    }

    /// Asks to delete an access policy: it goes on protecting until approved and completed.
    public func requestPolicyDeletion(_ text: String, justification: String, by actor: String) throws -> ApprovalRequest {
        if try store.source() != nil { throw ApprovalError.mirrored }
        let justification = try ApprovalGate.justification(justification)
        return try asking(needs: .deleteAccessPolicy, justification: justification, by: actor, property: ChangedProperty("access policy", from: text, to: "")) { db, _ in
            let policy = try Self.policy(db, named: text)
            return (.deletePolicy(id: policy.id, name: policy.displayName), [])
        }
    }

    static func policy(_ db: Database, named text: String) throws -> AccessPolicy {
        let every = try ApprovalRecords.policies(db)
        guard let found = every.first(where: { $0.id == text || $0.displayName.caseInsensitiveCompare(text) == .orderedSame }) else {
            throw ApprovalError.noSuchPolicy(text: text, known: every.map(\.displayName))
        }
        return found
    }

    /// A policy change as a request, in one transaction with its audit entry (or the refusal's).
    private func asking(needs permission: Permission, justification: String, by actor: String, property: ChangedProperty,
                        _ make: @escaping (Database, Date) throws -> (ApprovalSubject, [ChangedProperty])) throws -> ApprovalRequest {
        let outcome: Result<ApprovalRequest, ApprovalError> = try store.write { db in
            let now = try TenantClock.now(db)
            let role = try Operators.role(db, actor)
            guard role.holds(permission) else {
                try AuditLog.append(db, AuditEntry(time: now, activity: ApprovalGate.createActivity, result: .denied, actor: actor, actorType: .user,
                                                   deviceId: nil, deviceName: nil, changedProperties: [property]))
                return .failure(.lacksPermission(upn: actor, role: role.displayName, needed: permission))
            }
            let (subject, details) = try make(db, now)
            let kind = ApprovalRecords.kind(of: subject)
            if let open = try ApprovalRecords.open(db, kind: kind, deviceIds: [], now: now, subject: subject) {
                throw ApprovalError.alreadyRequested(requestId: open.id, deviceName: "the access policy " + (open.subject.policyDisplayName ?? ""), status: open.status(at: now))
            }
            let made = ApprovalRequest(id: random.identifier(), subject: subject, requestor: actor, justification: justification,
                                       requestedAt: now, expiresAt: now.addingTimeInterval(AccessPolicy.requestLifetime), lastModifiedAt: now)
            try ApprovalRecords.insert(made, db)
            try AuditLog.append(db, AuditEntry(time: now, activity: ApprovalGate.createActivity, result: .success, actor: actor, actorType: .user,
                                               deviceId: nil, deviceName: nil,
                                               changedProperties: [ChangedProperty("operationApprovalRequest", from: "", to: made.id), property]
                                                   + details + [ChangedProperty("requestJustification", from: "", to: justification)]))
            return .success(made)
        }
        return try outcome.get()
    }

    // MARK: requests

    /// The requests `upn` may see, newest first: their own, and those whose every device they see.
    public func requests(seenBy upn: String) throws -> [ApprovalRequest] {
        try store.read { db in
            let scope = try Operators.scope(db, upn)
            return try Row.fetchAll(db, sql: "SELECT * FROM approvalRequest ORDER BY requestedAt DESC, id").map(ApprovalRecords.request)
                .filter { try Self.sees($0, upn: upn, scope: scope, db) }
        }
    }

    static func sees(_ request: ApprovalRequest, upn: String, scope: DeviceScope, _ db: Database) throws -> Bool {
        if request.requestor == upn || scope == .everyDevice { return true }
        for id in request.deviceIds {
            // A device deleted since (a completed delete) is judged by the request's requester only.
            guard let device = try Device.fetchOne(cached: db, id: id), scope.contains(device) else { return false }
        }
        return true
    }

    /// One request, as `upn` may see it (one they may not is not found, as the service's 404).
    public func request(_ id: String, seenBy upn: String) throws -> ApprovalRequest {
        try store.read { db in try Self.visible(db, id: id, to: upn) }
    }

    static func visible(_ db: Database, id: String, to upn: String) throws -> ApprovalRequest {
        guard let found = try ApprovalRecords.request(db, id: id), try sees(found, upn: upn, scope: try Operators.scope(db, upn), db) else {
            throw ApprovalError.noSuchRequest(id: id)
        }
        return found
    }

    /// Requests waiting for `upn`'s approval now (the console's header count).
    public func awaitingApproval(by upn: String) throws -> [ApprovalRequest] {
        try store.read { db in
            let now = try TenantClock.now(db)
            let role = try Operators.role(db, upn)
            guard role.holds(.approveMultiAdminApproval) else { return [] }
            let scope = try Operators.scope(db, upn)
            return try Row.fetchAll(db, sql: "SELECT * FROM approvalRequest WHERE status = ? AND expiresAt > ? ORDER BY requestedAt",
                                    arguments: [ApprovalStatus.needsApproval.rawValue, now])
                .map(ApprovalRecords.request)
                .filter { try $0.requestor != upn && Self.approvers(of: $0, db).contains(upn) && Self.sees($0, upn: upn, scope: scope, db) }
        }
    }

    /// Who may approve `request`: a device action's, the approvers of the policies protecting
    /// it now; a policy change's, every holder of "Approval for Multi Admin Approval".
    static func approvers(of request: ApprovalRequest, _ db: Database) throws -> Set<String> {
        if let action = request.action { return Set(try ApprovalRecords.protecting(action, db).flatMap(\.approvers)) }
        return Set(try RoleCatalog.holders(db, of: .approveMultiAdminApproval))
    }

    public func approve(_ id: String, note: String, by upn: String) throws -> ApprovalRequest {
        try decide(id, approving: true, note: note, by: upn)
    }

    public func reject(_ id: String, note: String, by upn: String) throws -> ApprovalRequest {
        try decide(id, approving: false, note: note, by: upn)
    }

    private func decide(_ id: String, approving: Bool, note rawNote: String, by upn: String) throws -> ApprovalRequest {
        // A connected tenant's requests are the service's: decided there (its admin center).
        if try store.source() != nil { throw ApprovalError.mirrored }
        let note = try ApprovalGate.justification(rawNote, what: "approver's note")
        let activity = approving ? Self.approveActivity : Self.rejectActivity
        let outcome: Result<ApprovalRequest, ApprovalError> = try store.write { db in
            let now = try TenantClock.now(db)
            var request = try Self.visible(db, id: id, to: upn)
            let device = request.singleDevice
            func refuse(_ error: ApprovalError) throws -> Result<ApprovalRequest, ApprovalError> {
                try AuditLog.append(db, AuditEntry(time: now, activity: activity, result: .denied, actor: upn, actorType: .user,
                                                   deviceId: device?.id, deviceName: device?.name,
                                                   changedProperties: [ChangedProperty("operationApprovalRequest", from: "", to: id)]))
                return .failure(error)
            }
            let status = request.status(at: now)
            guard status == .needsApproval else { throw ApprovalError.wrongStatus(id: id, status: status, doing: approving ? "approved" : "rejected") }
            if request.requestor == upn { return try refuse(.ownRequest(id: id)) }
            let role = try Operators.role(db, upn)
            guard role.holds(.approveMultiAdminApproval) else {
                return try refuse(.lacksPermission(upn: upn, role: role.displayName, needed: .approveMultiAdminApproval))
            }
            let approvers = try Self.approvers(of: request, db)
            guard approvers.contains(upn) else { return try refuse(.notApprover(upn: upn, approvers: approvers.sorted())) }
            request.approver = upn
            request.approverNote = note
            return .success(try ApprovalRecords.move(request, to: approving ? .approved : .rejected, activity: activity, by: upn, db, now: now,
                                                     recording: [ChangedProperty("approvalJustification", from: "", to: note)]))
        }
        return try outcome.get()
    }

    /// A request only its requester may go on with (complete, cancel), and where it is now.
    static func requestorsOwn(_ db: Database, id: String, upn: String, now: Date) throws -> (ApprovalRequest, ApprovalStatus) {
        let request = try visible(db, id: id, to: upn)
        guard request.requestor == upn else { throw ApprovalError.notRequestor(id: id, requestor: request.requestor) }
        return (request, request.status(at: now))
    }

    static func policyExists(_ db: Database, named name: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM accessPolicy WHERE displayName = ? COLLATE NOCASE)", arguments: [name]) == true
    }

    /// The requester withdraws a request not yet completed.
    public func cancel(_ id: String, by upn: String) throws -> ApprovalRequest {
        if try store.source() != nil { throw ApprovalError.mirrored }
        return try store.write { db in
            let now = try TenantClock.now(db)
            let (request, status) = try Self.requestorsOwn(db, id: id, upn: upn, now: now)
            guard status.isOpen else { throw ApprovalError.wrongStatus(id: id, status: status, doing: "cancelled") }
            return try ApprovalRecords.move(request, to: .cancelled, activity: Self.cancelActivity, by: upn, db, now: now)
        }
    }

    /// What completing a device action's request takes: the same request as first asked, with
    /// the name the requester confirmed (a device renamed since is not wiped under the old name).
    public func actionRequest(for approval: ApprovalRequest, by upn: String) throws -> ActionRequest {
        guard case .deviceAction(let action, let ids, let names, let options) = approval.subject, ids.count == 1 else {
            throw ApprovalError.codeMismatch(id: approval.id, asked: approval.summary)
        }
        guard approval.requestor == upn else { throw ApprovalError.notRequestor(id: approval.id, requestor: approval.requestor) }
        var request = ActionRequest(action: action, deviceId: ids[0], operatorUPN: upn, typedName: action.needsTypedName ? names.first : nil, acknowledged: true)
        request.options = options
        request.approvalRequestId = approval.id
        return request
    }

    /// Completes an approved policy change: the policy is made (or deleted) with the request
    /// marked completed, in one transaction.
    public func completePolicyChange(_ id: String, by upn: String) throws -> ApprovalRequest {
        try store.write { db in
            let now = try TenantClock.now(db)
            let (request, status) = try Self.requestorsOwn(db, id: id, upn: upn, now: now)
            guard status == .approved else { throw ApprovalError.wrongStatus(id: id, status: status, doing: "completed") }
            switch request.subject {
            case .createPolicy(var policy):
                if try Self.policyExists(db, named: policy.displayName) {
                    throw ApprovalError.policyNameTaken(name: policy.displayName)
                }
                policy.lastModifiedAt = now
                try ApprovalRecords.insert(policy, db)
                try AuditLog.append(db, AuditEntry(time: now, activity: Self.createPolicyActivity, result: .success, actor: upn, actorType: .user,
                                                   deviceId: nil, deviceName: nil,
                                                   changedProperties: [ChangedProperty("access policy", from: "", to: policy.displayName),
                                                                       ChangedProperty("protects", from: "", to: policy.protectedActions.map(\.rawValue).joined(separator: ", ")),
                                                                       ChangedProperty("approvers", from: "", to: policy.approvers.joined(separator: ", ")),
                                                                       ChangedProperty("operationApprovalRequest", from: "", to: id)]))
            case .deletePolicy(let policyId, let name):
                try db.execute(sql: "DELETE FROM accessPolicy WHERE id = ?", arguments: [policyId])
                try AuditLog.append(db, AuditEntry(time: now, activity: Self.deletePolicyActivity, result: .success, actor: upn, actorType: .user,
                                                   deviceId: nil, deviceName: nil,
                                                   changedProperties: [ChangedProperty("access policy", from: name, to: ""),
                                                                       ChangedProperty("operationApprovalRequest", from: "", to: id)]))
            case .deviceAction:
                throw ApprovalError.codeMismatch(id: id, asked: request.summary)
            }
            return try ApprovalGate.complete(request, db, now: now)
        }
    }

    /// A bulk run's request for a protected action: one request listing its devices.
    public func requestBulk(_ action: DeviceAction, deviceIds: [String], options: [String: String], justification: String,
                            by upn: String) throws -> ApprovalRequest {
        let justification = try ApprovalGate.justification(justification)
        return try store.write { db in
            let now = try TenantClock.now(db)
            let devices = try deviceIds.map { id in
                guard let device = try Operators.visibleDevice(db, id: id, to: upn) else { throw ActionError.unknownDevice(id: id) }
                return device
            }
            return try ApprovalGate.ask(action, devices: devices, options: options, justification: justification, by: upn, db, now: now, random: random)
        }
    }
}

extension ApprovalSubject {
    var policyDisplayName: String? {
        switch self {
        case .createPolicy(let policy): policy.displayName
        case .deletePolicy(_, let name): name
        case .deviceAction: nil
        }
    }

    /// The access policy a policy change names, compared ignoring case.
    var policyName: String? { policyDisplayName?.lowercased() }
}
