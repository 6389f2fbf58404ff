import Foundation

/// What came of one action request, whichever way it went: simulated here
/// (`ActionService`) or sent to the tenant's service (`ConnectedActionService`). The command
/// line and the console each render this one type, once.
public struct ActionResult: Sendable {
    public enum Path: Sendable, Equatable {
        /// Carried out on this store (a demo, an imported fleet).
        case simulated
        /// Sent to the connected tenant's service.
        case service
    }

    public enum Outcome: Sendable {
        /// Carried out, or accepted by the service: the record, whether the device is gone
        /// (a delete), and for Bypass Activation Lock the code (R2).
        case taken(ActionRecord, deviceRemoved: Bool, bypassCode: String?, requestId: String?)
        /// Greyed by a rule, or denied by role (audited `denied`): nothing was taken or sent.
        case refused(ActionAvailability)
        /// The service refused it with its code and message: nothing was done.
        case refusedByService(status: Int, code: String, message: String)
        /// Sent, and no answer that says either way: recorded, never resent.
        case unknown(ActionRecord, reason: String, requestId: String?)
        /// Protected by an access policy: a request awaits another approver; nothing was taken.
        case awaitingApproval(ApprovalRequest)
    }

    public let path: Path
    public let outcome: Outcome

    public init(path: Path, outcome: Outcome) {
        self.path = path
        self.outcome = outcome
    }
}

extension ActionOutcome {
    public var result: ActionResult {
        switch self {
        case .taken(let record, let device, let code):
            ActionResult(path: .simulated, outcome: .taken(record, deviceRemoved: device == nil, bypassCode: code, requestId: nil))
        case .refused(let verdict):
            ActionResult(path: .simulated, outcome: .refused(verdict))
        case .awaitingApproval(let request):
            ActionResult(path: .simulated, outcome: .awaitingApproval(request))
        }
    }
}

extension ConnectedOutcome {
    public var result: ActionResult {
        switch self {
        case .refused(let verdict):
            return ActionResult(path: .service, outcome: .refused(verdict))
        case .serviceRefused(let status, let code, let message):
            return ActionResult(path: .service, outcome: .refusedByService(status: status, code: code, message: message))
        case .awaitingApproval(let request):
            return ActionResult(path: .service, outcome: .awaitingApproval(request))
        case .sent(let record, let answer, let code):
            switch answer {
            case .accepted(let requestId):
                return ActionResult(path: .service, outcome: .taken(record, deviceRemoved: record.action == .delete, bypassCode: code, requestId: requestId))
            case .unknown(let reason, let requestId):
                return ActionResult(path: .service, outcome: .unknown(record, reason: reason, requestId: requestId))
            case .refused(let status, let code, let message, _):
                return ActionResult(path: .service, outcome: .refusedByService(status: status, code: code, message: message))
            case .approvalRequired(let code, _):
                // Recorded as `awaitingApproval` by the path; a record is never sent with this answer.
                return ActionResult(path: .service, outcome: .refusedByService(status: 403, code: GraphApprovalHeader.requiredCode, message: "request \(code)"))
            }
        }
    }
}

/// The one door an action request goes through: the rules and the role, then the simulated
/// lifecycle or the service, then one `ActionResult` (and one audit entry, written by the
/// path taken). A connected store has a sender; a simulated one has none.
public struct ActionDoor: Sendable {
    public let store: TenantStore
    public let sender: (any ServiceActionSending)?

    public init(store: TenantStore, sender: (any ServiceActionSending)?) {
        self.store = store
        self.sender = sender
    }

    public func take(_ request: ActionRequest) async throws -> ActionResult {
        if let sender { return try await ConnectedActionService(store: store, sender: sender).take(request).result }
        return try ActionService(store: store).take(request).result
    }
}
