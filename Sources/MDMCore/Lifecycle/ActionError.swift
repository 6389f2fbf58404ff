/// Why an action request was not carried out, beyond a greyed verdict.
public enum ActionError: Error, Equatable, CustomStringConvertible {
    /// Wipe and Delete need the device's exact name typed.
    case confirmationNeeded(action: DeviceAction, deviceName: String)
    case confirmationMismatch(action: DeviceAction, deviceName: String, typed: String)
    /// Retire needs an explicit yes after the R12 note.
    case acknowledgementNeeded(action: DeviceAction)
    case unknownDevice(id: String)
    /// An input the action was given is wrong (`ActionInputRules`): the words every door shows.
    case invalidInput(action: DeviceAction, problem: ActionInputProblem)

    public var description: String {
        switch self {
        case .confirmationNeeded(let action, let name):
            "\(action.rawValue) needs the device's name typed to confirm: --confirm \"\(name)\""
        case .confirmationMismatch(let action, let name, let typed):
            "\(action.rawValue) not sent: \"\(typed)\" does not match the device's name \"\(name)\""
        case .acknowledgementNeeded(let action):
            "\(action.rawValue) needs confirmation: add --yes after reading the note above"
        case .unknownDevice(let id):
            "no device with id \(id)"
        case .invalidInput(let action, let problem):
            "\(action.rawValue) not sent: \(problem)"
        }
    }
}

/// Why the simulation could not do what was asked.
public enum LifecycleError: Error, Equatable, CustomStringConvertible {
    /// R14: an expired certificate means no check-in.
    case certificateExpired(deviceName: String, expiredAt: String)
    case deviceNotReachable(deviceName: String, state: ManagementState)

    public var description: String {
        switch self {
        case .certificateExpired(let name, let date):
            "\(name) cannot check in: its MDM certificate expired on \(date) (R14)"
        case .deviceNotReachable(let name, let state):
            "\(name) cannot check in: it is \(state.rawValue)"
        }
    }
}
