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
        case .remoteLock: "remoteLock"
        case .restart: "rebootNow"
        case .shutDown: "shutDown"
        case .enableLostMode: "enableLostMode"
        case .disableLostMode: "disableLostMode"
        case .locateDevice: "locateDevice"
        case .playLostModeSound: "playLostModeSound"
        case .rename: "setDeviceName"
        case .sendCustomNotification: "sendCustomNotificationToCompanyPortal"
        case .collectDiagnostics: "createDeviceLogCollectionRequest"
        }
    }

    /// The oldest Graph version that has it: v1.0 actions are also on beta; the beta-only
    /// ones (Microsoft's beta carries no support promise) are answered on `/beta` only.
    public var graphVersion: GraphDeviceProperty.Version {
        switch self {
        case .retire, .wipe, .delete, .sync, .resetPasscode, .bypassActivationLock, .remoteLock, .restart, .shutDown,
             .disableLostMode, .locateDevice:
            .v1
        case .enableLostMode, .playLostModeSound, .rename, .sendCustomNotification, .collectDiagnostics:
            .beta
        }
    }

    /// Whether Graph takes it as `POST …/managedDevices/{id}/NAME` (all but Delete).
    public var isGraphPostAction: Bool { self != .delete }

    /// Whether Graph answers it with a body (200) rather than 204: the log collection
    /// request answers with the `deviceLogCollectionResponse` it made.
    public var graphAnswersWithBody: Bool { self == .collectDiagnostics }

    public init?(graphActionName: String) {
        guard let action = Self.allCases.first(where: { $0.graphActionName.lowercased() == graphActionName.lowercased() }) else { return nil }
        self = action
    }
}
