/// An app on a device. R11: a *managed* app is one the service installed — deployed as
/// required, or deployed as available and installed by the user from the Company Portal.
public struct DeviceApp: Codable, Sendable, Hashable {
    public enum Deployment: String, Codable, Sendable, CaseIterable {
        case required
        case availableInstalled = "available-installed"
        case unmanaged
    }

    public var name: String
    public var deployment: Deployment

    public init(name: String, deployment: Deployment) {
        self.name = name
        self.deployment = deployment
    }

    /// R11: required, or available and installed from the Company Portal.
    public var isManaged: Bool {
        switch deployment {
        case .required, .availableInstalled: true
        case .unmanaged: false
        }
    }
}
