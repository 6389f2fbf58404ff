/// Each action's name in Graph: the segment of `POST …/managedDevices/{id}/NAME` and the
/// `actionName` of `deviceActionResults` (Delete is `DELETE …/managedDevices/{id}`, and
/// `delete` in action results), with the Graph version that has it. The one map between the
/// domain's actions and the wire; the endpoint's routes and the client's requests read it.
extension DeviceAction {
    public var graphActionName: String {
        switch self {
        case .retire: "retire"
        case .wipe: "wipe"
        case .delete: "delete"
        case .sync: "syncDevice"
        case .resetPasscode: "resetPasscode"
        case .bypassActivationLock: "bypassActivationLock"
        }
    }

    /// v1.0 has every action the console takes today; this turn's beta-only ones will say `.beta`.
    public var graphVersion: GraphDeviceProperty.Version {
        switch self {
        case .retire, .wipe, .delete, .sync, .resetPasscode, .bypassActivationLock: .v1
        }
    }

    /// Whether Graph takes it as `POST …/managedDevices/{id}/NAME` (all but Delete).
    public var isGraphPostAction: Bool { self != .delete }

    public init?(graphActionName: String) {
        guard let action = Self.allCases.first(where: { $0.graphActionName.lowercased() == graphActionName.lowercased() }) else { return nil }
        self = action
    }
}
