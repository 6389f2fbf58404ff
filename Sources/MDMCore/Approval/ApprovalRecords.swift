import Foundation
import GRDB

/// How the store keeps access policies and approval requests: lists and the request's subject
/// as JSON text, dates as the store's dates.
enum ApprovalRecords {
    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try! encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String, what: String) throws -> T {
        do { return try JSONDecoder().decode(type, from: Data(text.utf8)) } catch {
            throw StoreError.invalid("an unreadable \(what) in the store: \(text.prefix(80))")
        }
    }

    // MARK: access policies

    static func policies(_ db: Database) throws -> [AccessPolicy] {
        try Row.fetchAll(db, sql: "SELECT * FROM accessPolicy ORDER BY displayName COLLATE NOCASE").map(policy)
    }

    static func policy(_ row: Row) throws -> AccessPolicy {
        let actions = try decode([String].self, row["protectedActions"], what: "access policy's actions")
        return AccessPolicy(id: row["id"], displayName: row["displayName"], description: row["description"],
                            protectedActions: actions.compactMap(DeviceAction.init(rawValue:)),
                            approvers: try decode([String].self, row["approvers"], what: "access policy's approvers"),
                            lastModifiedAt: row["lastModifiedAt"])
    }

    static func insert(_ policy: AccessPolicy, _ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO accessPolicy(id, displayName, description, protectedActions, approvers, lastModifiedAt) VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [policy.id, policy.displayName, policy.description, json(policy.protectedActions.map(\.rawValue)),
                             json(policy.approvers), policy.lastModifiedAt])
    }

    /// The policies that protect `action`, by name.
    static func protecting(_ action: DeviceAction, _ db: Database) throws -> [AccessPolicy] {
        try policies(db).filter { $0.protectedActions.contains(action) }
    }

    // MARK: requests

    static func kind(of subject: ApprovalSubject) -> String {
        switch subject {
        case .deviceAction(let action, _, _, _): action.rawValue
        case .createPolicy: "createAccessPolicy"
        case .deletePolicy: "deleteAccessPolicy"
        }
    }

    static func request(_ row: Row) throws -> ApprovalRequest {
        guard let status = ApprovalStatus(rawValue: row["status"]) else {
            throw StoreError.invalid("the approval request \(row["id"] as String) has an unknown status \(row["status"] as String)")
        }
        return ApprovalRequest(id: row["id"], subject: try decode(ApprovalSubject.self, row["subject"], what: "approval request"),
                               requestor: row["requestor"], justification: row["justification"], storedStatus: status,
                               requestedAt: row["requestedAt"], expiresAt: row["expiresAt"], lastModifiedAt: row["lastModifiedAt"],
                               approver: row["approver"], approverNote: row["approverNote"], bulkRunId: row["bulkRunId"])
    }

    static func request(_ db: Database, id: String) throws -> ApprovalRequest? {
        try Row.fetchOne(db, sql: "SELECT * FROM approvalRequest WHERE id = ?", arguments: [id]).map(request)
    }

    static func insert(_ request: ApprovalRequest, _ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO approvalRequest(id, kind, subject, deviceIds, requestor, justification, status, requestedAt, expiresAt, lastModifiedAt,
                                        approver, approverNote, bulkRunId)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [request.id, kind(of: request.subject), json(request.subject), json(request.deviceIds), request.requestor,
                             request.justification, request.storedStatus.rawValue, request.requestedAt, request.expiresAt,
                             request.lastModifiedAt, request.approver, request.approverNote, request.bulkRunId])
    }

    /// A request moved to `status` by `actor`, with its audit entry (on its device when it has
    /// one): every step after the request is made goes through here.
    static func move(_ request: ApprovalRequest, to status: ApprovalStatus, activity: String, by actor: String, _ db: Database, now: Date,
                     recording extra: [ChangedProperty] = []) throws -> ApprovalRequest {
        var moved = request
        moved.storedStatus = status
        moved.lastModifiedAt = now
        try update(moved, db)
        let device = request.singleDevice
        try AuditLog.append(db, AuditEntry(time: now, activity: activity, result: .success, actor: actor, actorType: .user,
                                           deviceId: device?.id, deviceName: device?.name,
                                           changedProperties: [ChangedProperty("operationApprovalRequest", from: "", to: request.id),
                                                               ChangedProperty("status", from: request.status(at: now).rawValue, to: status.rawValue)] + extra))
        return moved
    }

    static func update(_ request: ApprovalRequest, _ db: Database) throws {
        try db.execute(sql: """
            UPDATE approvalRequest SET status = ?, lastModifiedAt = ?, approver = ?, approverNote = ?, bulkRunId = ? WHERE id = ?
            """, arguments: [request.storedStatus.rawValue, request.lastModifiedAt, request.approver, request.approverNote,
                             request.bulkRunId, request.id])
    }

    /// An open, unexpired request for `kind` on one of `deviceIds`, or (a policy change) for `subject`'s policy.
    static func open(_ db: Database, kind: String, deviceIds: [String], now: Date, subject: ApprovalSubject? = nil) throws -> ApprovalRequest? {
        let rows = try Row.fetchAll(db, sql: """
            SELECT * FROM approvalRequest WHERE kind = ? AND status IN (?, ?) AND expiresAt > ?
            """, arguments: [kind, ApprovalStatus.needsApproval.rawValue, ApprovalStatus.approved.rawValue, now])
        let wanted = Set(deviceIds)
        return try rows.map(request).first {
            if let subject { return $0.subject.policyName == subject.policyName }
            return !wanted.isDisjoint(with: $0.deviceIds)
        }
    }
}
