import Foundation

/// A condition on one property of a device, as Graph's `$filter` states them: the endpoint
/// parses, the store turns it into SQL. (The console's filter is `DeviceQuery.search`.)
public struct DeviceCondition: Sendable, Hashable {
    /// The filterable managedDevice properties, by their Graph names.
    public enum Property: String, Sendable, CaseIterable {
        case deviceName, operatingSystem, complianceState, managementState, manufacturer, model, serialNumber, imei
        case userPrincipalName, emailAddress, osVersion, lastSyncDateTime, enrolledDateTime

        /// The store's column.
        var column: String {
            switch self {
            case .deviceName: "name"
            case .operatingSystem: "platform"
            case .userPrincipalName: "primaryUserUPN"
            case .emailAddress: "primaryUserEmail"
            case .lastSyncDateTime: "lastCheckInAt"
            case .enrolledDateTime: "enrolledAt"
            case .complianceState, .managementState, .manufacturer, .model, .serialNumber, .imei, .osVersion: rawValue
            }
        }

        public var isDate: Bool { self == .lastSyncDateTime || self == .enrolledDateTime }
    }

    public enum Comparison: Sendable, Hashable {
        /// Equal to any of these (ignoring case): `eq`, and `eq … or eq …` on one property.
        case equals([String])
        case notEquals(String)
        case contains(String)
        case before(Date)
        case after(Date)
    }

    public var property: Property
    public var comparison: Comparison

    public init(_ property: Property, _ comparison: Comparison) {
        self.property = property
        self.comparison = comparison
    }
}
