import Foundation

/// Where a Multi Admin Approval request is (Graph's `operationApprovalRequestStatus`).
public enum ApprovalStatus: String, Codable, Sendable, CaseIterable {
    case needsApproval, approved, rejected, cancelled, completed, expired

    /// Still waiting on someone: an approver, or the requester's completion.
    public var isOpen: Bool { self == .needsApproval || self == .approved }

    public var title: String {
        switch self {
        case .needsApproval: "Needs approval"
        case .approved: "Approved"
        case .rejected: "Rejected"
        case .cancelled: "Cancelled"
        case .completed: "Completed"
        case .expired: "Expired"
        }
    }
}

/// What a request asks to do once approved.
public enum ApprovalSubject: Codable, Sendable, Hashable {
    /// A protected device action on these devices (one for a single device, every device of a
    /// bulk run), with the inputs it was asked with and the names the requester confirmed.
    case deviceAction(DeviceAction, deviceIds: [String], deviceNames: [String], options: [String: String])
    /// Access policies protect themselves: a new one, or one deleted, waits for approval too.
    case createPolicy(AccessPolicy)
    case deletePolicy(id: String, name: String)
}

/// One Multi Admin Approval request: asked with a justification, approved or rejected by
/// another operator with a note, then completed (or cancelled) by its requester; it expires
/// after `AccessPolicy.requestLifetime`. Graph's `operationApprovalRequest`.
public struct ApprovalRequest: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var subject: ApprovalSubject
    public var requestor: String
    public var justification: String
    /// As last written; `status(at:)` is what it is now (an open request past its expiry is expired).
    public var storedStatus: ApprovalStatus
    public var requestedAt: Date
    public var expiresAt: Date
    public var lastModifiedAt: Date
    public var approver: String?
    public var approverNote: String?
    /// A bulk request's run, named when its completion starts (each device is taken under it once).
    public var bulkRunId: String?

    public init(id: String, subject: ApprovalSubject, requestor: String, justification: String, storedStatus: ApprovalStatus = .needsApproval,
                requestedAt: Date, expiresAt: Date, lastModifiedAt: Date, approver: String? = nil, approverNote: String? = nil,
                bulkRunId: String? = nil) {
        self.id = id
        self.subject = subject
        self.requestor = requestor
        self.justification = justification
        self.storedStatus = storedStatus
        self.requestedAt = requestedAt
        self.expiresAt = expiresAt
        self.lastModifiedAt = lastModifiedAt
        self.approver = approver
        self.approverNote = approverNote
        self.bulkRunId = bulkRunId
    }

    public func status(at now: Date) -> ApprovalStatus {
        storedStatus.isOpen && now >= expiresAt ? .expired : storedStatus
    }

    /// The device action asked for, if it is one.
    public var action: DeviceAction? {
        if case .deviceAction(let action, _, _, _) = subject { return action }
        return nil
    }

    /// Its device when it names one only (a bulk request's audit entries name none).
    public var singleDevice: (id: String, name: String)? {
        guard case .deviceAction(_, let ids, let names, _) = subject, ids.count == 1 else { return nil }
        return (ids[0], names.first ?? "")
    }

    public var deviceIds: [String] {
        if case .deviceAction(_, let ids, _, _) = subject { return ids }
        return []
    }

    /// "Wipe of Finance-iPad-07", "Retire of 12 devices", "New access policy Device actions".
    public var summary: String {
        switch subject {
        case .deviceAction(let action, let ids, let names, _):
            let title = action.title(on: .windows)
            return ids.count == 1 ? "\(title) of \(names.first ?? ids[0])" : "\(title) of \(ids.count) devices"
        case .createPolicy(let policy): return "New access policy \(policy.displayName)"
        case .deletePolicy(_, let name): return "Delete access policy \(name)"
        }
    }
}
