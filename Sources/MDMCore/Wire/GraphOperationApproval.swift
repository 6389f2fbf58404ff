import Foundation

/// Graph's (beta) Multi Admin Approval shapes: `operationApprovalRequest`, with the requestor
/// and approver as `identitySet`s, and `operationApprovalPolicy`; and the headers of the
/// protocol a protected request goes through (docs/graph-endpoint.md "Approvals").
public enum GraphApprovalHeader {
    /// The business justification, Base64, on a protected request.
    public static let justification = "x-msft-approval-justification"
    /// The approval request's id: answered with 403 ApprovalRequired, then sent back once approved.
    public static let code = "x-msft-approval-code"
    /// The error code of that 403.
    public static let requiredCode = "ApprovalRequired"
}

public struct GraphOperationApprovalRequest: Codable, Sendable, Equatable {
    public struct Identity: Codable, Sendable, Equatable {
        public var id: String
        public var displayName: String
    }

    public struct IdentitySet: Codable, Sendable, Equatable {
        public var user: Identity?
    }

    public var id: String
    public var requestDateTime: String
    public var expirationDateTime: String
    public var lastModifiedDateTime: String
    public var requestor: IdentitySet
    public var approver: IdentitySet
    public var status: String
    public var requestJustification: String
    public var approvalJustification: String?
    public var requiredOperationApprovalPolicyTypes: [String]

    public init(_ request: ApprovalRequest, now: Date) {
        // The policy type is read from a copy of the subject: reading it through the request's
        // `action` here crashed the release build's optimizer (Swift 6.3.1, CopyPropagation:
        // "Found outside of lifetime use").
        let subject = request.subject
        var types: [String] = []
        if case .deviceAction(let action, _, _, _) = subject { types = [Self.policyType(of: action)] }
        requiredOperationApprovalPolicyTypes = types
        id = request.id
        requestDateTime = DateText.iso(request.requestedAt)
        expirationDateTime = DateText.iso(request.expiresAt)
        lastModifiedDateTime = DateText.iso(request.lastModifiedAt)
        requestor = IdentitySet(user: Identity(id: request.requestor, displayName: request.requestor))
        approver = IdentitySet(user: request.approver.map { Identity(id: $0, displayName: $0) })
        status = request.status(at: now).rawValue
        requestJustification = request.justification
        approvalJustification = request.approverNote
    }

    /// Graph's `operationApprovalPolicyType` of a protected action.
    public static func policyType(of action: DeviceAction) -> String {
        switch action {
        case .wipe: "deviceWipe"
        case .retire: "deviceRetire"
        case .delete: "deviceDelete"
        default: "deviceAction"
        }
    }
}

public struct GraphOperationApprovalPolicy: Codable, Sendable, Equatable {
    public var id: String
    public var displayName: String
    public var description: String
    public var lastModifiedDateTime: String
    public var policyType: String
    public var policyPlatform = "notApplicable"
    /// The approvers by user principal name (the service names Entra groups' ids).
    public var approverGroupIds: [String]

    /// One per protected action: the service's policies have one type each.
    public static func policies(_ policy: AccessPolicy) -> [GraphOperationApprovalPolicy] {
        policy.protectedActions.map { action in
            GraphOperationApprovalPolicy(id: policy.protectedActions.count == 1 ? policy.id : "\(policy.id)_\(action.rawValue)",
                                         displayName: policy.displayName, description: policy.description,
                                         lastModifiedDateTime: DateText.iso(policy.lastModifiedAt),
                                         policyType: GraphOperationApprovalRequest.policyType(of: action), approverGroupIds: policy.approvers)
        }
    }
}
