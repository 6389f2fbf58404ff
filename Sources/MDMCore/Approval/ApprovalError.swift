/// Why an approval step (a request, an approval, a completion, a policy change) was not made.
/// Nothing was changed; refusals by permission are audited `denied`.
public enum ApprovalError: Error, Equatable, CustomStringConvertible {
    /// A protected action asked without a business justification.
    case justificationNeeded(action: DeviceAction, policy: String)
    case invalidText(what: String, problem: String)
    /// One open request per device and action (the service: "a request for the same object is
    /// already pending").
    case alreadyRequested(requestId: String, deviceName: String, status: ApprovalStatus)
    case noSuchRequest(id: String)
    /// Only the requester completes or cancels a request.
    case notRequestor(id: String, requestor: String)
    /// Nobody approves their own request, an Intune Administrator neither.
    case ownRequest(id: String)
    case notApprover(upn: String, approvers: [String])
    case lacksPermission(upn: String, role: String, needed: Permission)
    case wrongStatus(id: String, status: ApprovalStatus, doing: String)
    /// An approval code given with another action, device or operator than it was asked for.
    case codeMismatch(id: String, asked: String)
    /// A bulk run asks once for all its devices (`run … --justification`), not per device.
    case bulkAsksOnce(action: DeviceAction)
    /// A connected tenant's access policies are the service's.
    case mirrored
    case noSuchPolicy(text: String, known: [String])
    case policyNameTaken(name: String)
    case invalidPolicy(problem: String)

    public var description: String {
        switch self {
        case .justificationNeeded(let action, let policy):
            "\(action.rawValue) is protected by the access policy \"\(policy)\": a second operator must approve it. Ask with a business justification (--justification TEXT); nothing was taken"
        case .invalidText(let what, let problem):
            "the \(what) \(problem)"
        case .alreadyRequested(let id, let name, let status):
            "a request for this action on \(name) is already open (\(id), \(status.title.lowercased())): complete or cancel it first (`mdmconsole approvals show \(id)`)"
        case .noSuchRequest(let id):
            "no approval request \(id) that you can see (see `mdmconsole approvals list`)"
        case .notRequestor(let id, let requestor):
            "only its requester, \(requestor), completes or cancels request \(id)"
        case .ownRequest(let id):
            "you asked for request \(id): another approver must approve or reject it (nobody approves their own request, an Intune Administrator neither)"
        case .notApprover(let upn, let approvers):
            "\(upn) is not an approver of the access policy that protects this action; its approvers: \(approvers.isEmpty ? "(none)" : approvers.joined(separator: ", "))"
        case .lacksPermission(let upn, let role, let needed):
            "\(upn) is \(role), which lacks \(needed.name): only a role that holds it does this (refusal audited)"
        case .wrongStatus(let id, let status, let doing):
            "request \(id) is \(status.title.lowercased()): it cannot be \(doing)"
        case .codeMismatch(let id, let asked):
            "the approval code \(id) was given for \(asked), not for this request"
        case .bulkAsksOnce(let action):
            "\(action.rawValue) is protected by an access policy: a bulk run asks for one approval for all its devices (`run \(action.rawValue) … --justification TEXT`), then `approvals complete ID` runs it"
        case .mirrored:
            "this store mirrors a connected tenant: its access policies and its requests are the service's (approve, reject or cancel them in the Intune admin center; `approvals complete ID` resends your approved action with its code)"
        case .noSuchPolicy(let text, let known):
            "no access policy is named \"\(TerminalText.visible(text))\"; the access policies are: \(known.isEmpty ? "(none)" : known.joined(separator: ", "))"
        case .policyNameTaken(let name):
            "an access policy named \"\(TerminalText.visible(name))\" exists already"
        case .invalidPolicy(let problem):
            "access policy not asked for: \(problem)"
        }
    }
}
