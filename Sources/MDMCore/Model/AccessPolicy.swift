import Foundation

/// A Multi Admin Approval access policy (docs/trust.md "Approvals"): the device actions it
/// protects, and the operators who may approve a request to take one (the service's approver
/// group). Graph's `operationApprovalPolicy`: one policy type per protected action.
public struct AccessPolicy: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var displayName: String
    public var description: String
    /// Among `AccessPolicy.protectable`.
    public var protectedActions: [DeviceAction]
    /// User principal names, sorted; an approver must also hold "Multi Admin Approval/Approval
    /// for Multi Admin Approval" when they approve.
    public var approvers: [String]
    public var lastModifiedAt: Date

    public init(id: String, displayName: String, description: String = "", protectedActions: [DeviceAction],
                approvers: [String], lastModifiedAt: Date) {
        self.id = id
        self.displayName = displayName
        self.description = description
        self.protectedActions = protectedActions
        self.approvers = approvers
        self.lastModifiedAt = lastModifiedAt
    }

    /// What the service's "Device actions" access policies can protect.
    public static let protectable: [DeviceAction] = [.wipe, .retire, .delete]

    /// How long a request may wait for approval and completion (the service: 3 days).
    public static let requestLifetime: TimeInterval = 3 * 24 * 3600

    /// The longest justification or approver note the service takes.
    public static let longestJustification = 1024
}
