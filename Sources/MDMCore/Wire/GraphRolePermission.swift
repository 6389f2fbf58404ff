/// Graph's `rolePermission` (`getEffectivePermissions` answers a collection of them): the
/// Intune resource actions a role allows and denies.
public struct GraphRolePermission: Codable, Sendable, Equatable {
    public struct ResourceAction: Codable, Sendable, Equatable {
        public var allowedResourceActions: [String]?
        public var notAllowedResourceActions: [String]?
    }

    public var resourceActions: [ResourceAction]?

    public init(allowed: [String], notAllowed: [String] = []) {
        resourceActions = [ResourceAction(allowedResourceActions: allowed, notAllowedResourceActions: notAllowed)]
    }
}
