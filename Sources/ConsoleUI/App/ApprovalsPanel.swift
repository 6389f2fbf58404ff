import Foundation
import MDMCore

/// `:approvals`: the Multi Admin Approval requests this operator may see, newest first (their
/// own and those waiting for their approval), with what they can do to the selected one.
public struct ApprovalsPanel: Equatable, Sendable {
    public enum Decision: Equatable, Sendable { case approve, reject }

    public var requests: [ApprovalRequest]
    public var now: Date
    public var selected = 0
    /// Approve or reject being asked, and the note typed so far (the requester reads it).
    public var deciding: Decision?
    public var note = ""
    public var problem: String?

    public init(requests: [ApprovalRequest], now: Date) {
        self.requests = requests
        self.now = now
    }

    var current: ApprovalRequest? { selected < requests.count ? requests[selected] : nil }
}

/// A step an operator takes on a request from the panel; the core says whether they may.
public enum ApprovalStep: Equatable, Sendable {
    case approve(id: String, note: String)
    case reject(id: String, note: String)
    case complete(id: String)
    case cancel(id: String)
}
