/// R7: the three conditions that make a work profile's passcode reset token active.
public enum ResetTokenCondition: String, Codable, Sendable, CaseIterable {
    case policyRequiresWorkProfilePasscode
    case userSetCompliantPasscode
    case userAcceptedResetPrompt

    public var missingText: String {
        switch self {
        case .policyRequiresWorkProfilePasscode:
            "(1) no configuration policy requires a work profile passcode"
        case .userSetCompliantPasscode:
            "(2) the user has not set a compliant work profile passcode"
        case .userAcceptedResetPrompt:
            "(3) the user has not accepted the second prompt allowing passcode reset"
        }
    }

    public var remedyText: String {
        switch self {
        case .policyRequiresWorkProfilePasscode:
            "assign a configuration policy that requires a work profile passcode"
        case .userSetCompliantPasscode:
            "ask the user to set a compliant work profile passcode"
        case .userAcceptedResetPrompt:
            "ask the user to accept the prompt allowing passcode reset"
        }
    }
}

/// R7: which of the three conditions are missing for this device (empty: the token is active).
public enum ResetTokenDiagnosis {
    public static func missingConditions(_ device: Device) -> [ResetTokenCondition] {
        var missing: [ResetTokenCondition] = []
        if !device.workProfilePasscodeRequiredByPolicy { missing.append(.policyRequiresWorkProfilePasscode) }
        if !device.workProfilePasscodeSet { missing.append(.userSetCompliantPasscode) }
        if !device.passcodeResetPromptAccepted { missing.append(.userAcceptedResetPrompt) }
        return missing
    }

    public static func isTokenActive(_ device: Device) -> Bool { missingConditions(device).isEmpty }

    /// One sentence naming what is missing, or nil when the token is active.
    public static func explanation(_ device: Device) -> String? {
        let missing = missingConditions(device)
        guard !missing.isEmpty else { return nil }
        return "No active reset token: " + missing.map(\.missingText).joined(separator: "; ")
            + ". Sent now, it would end as Not supported."
    }

    public static func remedy(_ device: Device) -> String? {
        let missing = missingConditions(device)
        guard !missing.isEmpty else { return nil }
        let steps = missing.map(\.remedyText).joined(separator: ", then ")
        return steps.prefix(1).uppercased() + steps.dropFirst() + "."
    }
}
