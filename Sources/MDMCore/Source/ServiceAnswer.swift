import Foundation
import GRDB

/// What the service answered to one action request.
public enum ServiceAnswer: Sendable, Equatable {
    /// 2xx: carried out (accepted by the service).
    case accepted(requestId: String?)
    /// 400, 403, 404…: refused, with the service's code and message; nothing was done.
    case refused(status: Int, code: String, message: String, requestId: String?)
    /// No answer that says either way (timeout, 5xx, dropped connection): never resent by
    /// itself, the next sync tells.
    case unknown(reason: String, requestId: String?)
    /// 403 `ApprovalRequired` with `x-msft-approval-code`: the service's Multi Admin Approval
    /// made a request of it (its id is the code); nothing was done yet.
    case approvalRequired(code: String, requestId: String?)
}

/// The Multi Admin Approval header a protected action is sent with: the requester's
/// justification (the first time), or the approved request's code (its completion).
public enum ServiceApproval: Sendable, Equatable {
    case justification(String)
    case code(String)
}

/// Sends actions to a Graph service and reads back what only it knows. The HTTP client
/// implements it; the core decides whether to send and records what came back.
public protocol ServiceActionSending: Sendable {
    /// `body`: the request's JSON (`GraphActionBody`); beta-only actions go to the tenant's `/beta`.
    func send(_ action: DeviceAction, deviceId: String, body: [UInt8]?, approval: ServiceApproval?) async -> ServiceAnswer
    /// The device as the service has it now (nil: gone), to refresh the mirror after an action.
    func refreshedDevice(id: String) async -> MirroredDevice??
    /// The Activation Lock bypass code, read on demand (never stored).
    func bypassCode(deviceId: String) async -> String?
}

extension ServiceAnswer {
    public var isAccepted: Bool { if case .accepted = self { true } else { false } }

    /// One line for a bulk run's result: what the service answered, or that it is not known.
    public var summary: String {
        switch self {
        case .accepted: "Accepted by the service."
        case .refused(let status, let code, let message, _): "The service refused it: \(status) \(code): \(TerminalText.visible(message))"
        case .unknown(let reason, _): "Unknown — \(reason). Not resent; the next sync tells whether it was carried out."
        case .approvalRequired(let code, _): "The service's Multi Admin Approval made it request \(code): nothing was done until another approver approves it."
        }
    }
}
