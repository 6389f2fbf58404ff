import Foundation

/// A managedDevice as `serve` writes it (v1.0 names), with its `deviceActionResults`,
/// encoded with `JSONEncoder` (swift-corelibs' `JSONSerialization` of dictionaries took most
/// of a page's time) and only the `$select`ed properties written.
public struct GraphManagedDevice: Encodable, Sendable {
    let wire: DeviceWire
    let managementType: ManagementType
    let actionResults: [GraphDeviceActionResult]
    /// Nil: every property. The bypass code is only written when named (and valid, R3).
    let selected: Set<String>?
    let bypassCode: String?
    /// `Prefer: mdmconsole.extensions`: what the rules read that Graph does not carry.
    let extensions: DeviceExtensions?

    /// The `mdmconsole` object: policies, reset-token steps, presence and apps (R1, R7, R10),
    /// and when the service's bypass code was issued (never the code itself).
    public struct DeviceExtensions: Encodable, Sendable {
        struct App: Encodable, Sendable { let name: String, managed: String }
        let activationLockAllowedByPolicy: Bool
        let activationLockBypassCodeIssuedDateTime: String?
        let workProfilePasscodeRequiredByPolicy: Bool
        let workProfilePasscodeSet: Bool
        let passcodeResetPromptAccepted: Bool
        let passcodeRequiredByCompliance: Bool
        let online: Bool
        let apps: [App]
        /// Exact where Graph's v1.0 properties leave it open (a corporate-owned work profile).
        let managementType: String

        init(_ device: Device) {
            activationLockAllowedByPolicy = device.activationLockAllowedByPolicy
            activationLockBypassCodeIssuedDateTime = device.activationLockBypassCode == nil ? nil : device.activationLockBypassCodeIssuedAt.map(DateText.iso)
            workProfilePasscodeRequiredByPolicy = device.workProfilePasscodeRequiredByPolicy
            workProfilePasscodeSet = device.workProfilePasscodeSet
            passcodeResetPromptAccepted = device.passcodeResetPromptAccepted
            passcodeRequiredByCompliance = device.passcodeRequiredByCompliance
            online = device.isOnline
            apps = device.apps.map { App(name: $0.name, managed: $0.deployment.rawValue) }
            managementType = device.managementType.rawValue
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: DeviceExtensionKey.self)
            try container.encode(activationLockAllowedByPolicy, forKey: .activationLockAllowedByPolicy)
            try container.encodeIfPresent(activationLockBypassCodeIssuedDateTime, forKey: .activationLockBypassCodeIssuedDateTime)
            try container.encode(workProfilePasscodeRequiredByPolicy, forKey: .workProfilePasscodeRequiredByPolicy)
            try container.encode(workProfilePasscodeSet, forKey: .workProfilePasscodeSet)
            try container.encode(passcodeResetPromptAccepted, forKey: .passcodeResetPromptAccepted)
            try container.encode(passcodeRequiredByCompliance, forKey: .passcodeRequiredByCompliance)
            try container.encode(online, forKey: .online)
            try container.encode(apps, forKey: .apps)
            try container.encode(managementType, forKey: .managementType)
        }
    }

    public init(_ device: Device, actions: [ActionRecord], selected: Set<String>?, bypassCode: String? = nil, extensions: Bool = false) {
        self.extensions = extensions ? DeviceExtensions(device) : nil
        wire = DeviceWire(device)
        managementType = device.managementType
        actionResults = actions.map(GraphDeviceActionResult.init)
        self.selected = selected
        self.bypassCode = bypassCode
    }

    struct Key: CodingKey {
        var stringValue: String
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        func put<T: Encodable>(_ property: GraphDeviceProperty, _ value: T) throws {
            if selected == nil || selected!.contains(property.name) { try container.encode(value, forKey: Key(property.name)) }
        }
        try put(.id, wire.id)
        try put(.deviceName, wire.deviceName)
        try put(.operatingSystem, wire.operatingSystem)
        try put(.osVersion, wire.osVersion)
        try put(.deviceEnrollmentType, wire.deviceEnrollmentType)
        try put(.managedDeviceOwnerType, wire.managedDeviceOwnerType)
        try put(.complianceState, wire.complianceState)
        try put(.managementState, wire.managementState)
        try put(.userPrincipalName, wire.userPrincipalName)
        try put(.userDisplayName, wire.userDisplayName)
        try put(.emailAddress, wire.emailAddress)
        try put(.serialNumber, wire.serialNumber)
        try put(.model, wire.model)
        try put(.manufacturer, wire.manufacturer)
        try put(.imei, wire.imei)
        try put(.androidSecurityPatchLevel, wire.androidSecurityPatchLevel)
        try put(.enrolledDateTime, wire.enrolledDateTime)
        try put(.lastSyncDateTime, wire.lastSyncDateTime)
        try put(.managementCertificateExpirationDate, wire.managementCertificateExpirationDate)
        try put(.isSupervised, wire.isSupervised)
        try put(.isEncrypted, wire.isEncrypted)
        try put(.jailBroken, wire.jailBroken)
        try put(.managementAgent, managementType.graphManagementAgent)
        // As the service does: null unless named in $select on the single-device GET.
        try put(.activationLockBypassCode, ExplicitNull(wrappedValue: bypassCode))
        try put(.deviceActionResults, actionResults)
        if let extensions { try container.encode(extensions, forKey: Key(DeviceExtensionKey.object.rawValue)) }
    }

    /// What `$select` takes: the properties this endpoint writes.
    public static let properties = Set(GraphDeviceProperty.served.map(\.name))
}
