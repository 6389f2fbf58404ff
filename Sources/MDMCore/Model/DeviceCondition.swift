import Foundation

/// A condition on one property of a device, as Graph's `$filter` states them: the endpoint
/// parses, the store turns it into SQL. (The console's filter is `DeviceQuery.search`.)
public struct DeviceCondition: Sendable, Hashable {
    /// The filterable managedDevice properties (their Graph names are `graph`'s).
    public enum Property: Sendable, CaseIterable {
        case deviceName, operatingSystem, complianceState, managementState, manufacturer, model, serialNumber, imei
        case userPrincipalName, emailAddress, osVersion, lastSyncDateTime, enrolledDateTime

        /// The managedDevice property it is.
        public var graph: GraphDeviceProperty {
            switch self {
            case .deviceName: .deviceName
            case .operatingSystem: .operatingSystem
            case .complianceState: .complianceState
            case .managementState: .managementState
            case .manufacturer: .manufacturer
            case .model: .model
            case .serialNumber: .serialNumber
            case .imei: .imei
            case .userPrincipalName: .userPrincipalName
            case .emailAddress: .emailAddress
            case .osVersion: .osVersion
            case .lastSyncDateTime: .lastSyncDateTime
            case .enrolledDateTime: .enrolledDateTime
            }
        }

        public var rawValue: String { graph.name }

        public init?(rawValue: String) {
            guard let found = Self.allCases.first(where: { $0.graph.rawValue == rawValue }) else { return nil }
            self = found
        }

        /// The store's column.
        var column: String {
            switch self {
            case .deviceName: "name"
            case .operatingSystem: "platform"
            case .userPrincipalName: "primaryUserUPN"
            case .emailAddress: "primaryUserEmail"
            case .lastSyncDateTime: "lastCheckInAt"
            case .enrolledDateTime: "enrolledAt"
            case .complianceState: "complianceState"  // the store's column names, not Graph's
            case .managementState: "managementState"
            case .manufacturer: "manufacturer"
            case .model: "model"
            case .serialNumber: "serialNumber"
            case .imei: "imei"
            case .osVersion: "osVersion"
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
