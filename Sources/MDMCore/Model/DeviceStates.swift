/// The device's management state, with the service's wire names. `retired` and `wiped` are
/// the console's own: the service drops such records, the console keeps them visible (until
/// deleted or cleaned up) so an operator can see how the action ended.
public enum ManagementState: String, Codable, Sendable, CaseIterable {
    case managed, retirePending, retireFailed, wipePending, wipeFailed, unhealthy,
         deletePending, retireIssued, wipeIssued, wipeCanceled, retireCanceled, discovered,
         retired, wiped
}

/// Compliance, with the service's wire names.
public enum ComplianceState: String, Codable, Sendable, CaseIterable {
    case unknown, compliant, noncompliant, conflict, error, inGracePeriod, configManager

    public var displayName: String {
        switch self {
        case .unknown: "Unknown"
        case .compliant: "Compliant"
        case .noncompliant: "Not compliant"
        case .conflict: "Conflict"
        case .error: "Error"
        case .inGracePeriod: "In grace period"
        case .configManager: "Config Manager"
        }
    }
}

/// Who owns the device, with the service's wire names.
public enum Ownership: String, Codable, Sendable, CaseIterable {
    case unknown, company, personal

    public var displayName: String {
        switch self {
        case .unknown: "Unknown"
        case .company: "Corporate"
        case .personal: "Personal"
        }
    }
}
