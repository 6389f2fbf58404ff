import Foundation

/// A managedDevice as `serve` writes it (v1.0 names), with its `deviceActionResults`,
/// encoded with `JSONEncoder` (swift-corelibs' `JSONSerialization` of dictionaries took most
/// of a page's time) and only the `$select`ed properties written.
public struct GraphManagedDevice: Encodable, Sendable {
    let wire: DeviceWire
    let managementType: ManagementType
    let inventory: [String: String]
    let platform: Platform
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

    /// `@odata.context`, written first: a single device's answer carries one, a list's items do not.
    let context: String?

    /// beta's `lostModeState`.
    let lostModeState: String
    let roleScopeTagIds: [String]

    /// `/v1.0` or `/beta`: the properties written and the enum members allowed.
    let version: GraphDeviceProperty.Version

    public init(_ device: Device, actions: [ActionRecord], now: Date, version: GraphDeviceProperty.Version = .v1, selected: Set<String>?, bypassCode: String? = nil, extensions: Bool = false,
                context: String? = nil) {
        self.context = context
        self.version = version
        platform = device.platform
        self.extensions = extensions ? DeviceExtensions(device) : nil
        wire = DeviceWire(device)
        managementType = device.managementType
        inventory = device.inventory
        // R32: the position goes with the latest locate that found it, while it is kept.
        let latestLocate = actions.filter { $0.action == .locateDevice && $0.state == .done }.max { $0.updatedAt < $1.updatedAt }
        let location = device.visibleLocation(at: now)
        actionResults = actions.map { GraphDeviceActionResult($0, now: now, location: $0.id == latestLocate?.id ? location : nil) }
        lostModeState = device.lostMode == nil ? "disabled" : "enabled"
        roleScopeTagIds = device.roleScopeTagIds
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

    /// What the service writes where it knows nothing: `0001-01-01T00:00:00Z` for a date
    /// that never happened (as Intune's answers show).
    static let never = "0001-01-01T00:00:00Z"
    /// A compliant device has no grace period to run out (the service's far-future date).
    static let noGracePeriod = "9999-12-31T23:59:59Z"

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        if let context { try container.encode(context, forKey: Key(GraphCollectionKey.context.rawValue)) }
        for property in GraphDeviceProperty.served(on: version) where selected == nil || selected!.contains(property.name) {
            let key = Key(property.name)
            switch property {
            case .id: try container.encode(wire.id, forKey: key)
            case .deviceName: try container.encode(wire.deviceName, forKey: key)
            case .operatingSystem: try container.encode(wire.operatingSystem, forKey: key)
            case .osVersion: try container.encode(wire.osVersion, forKey: key)
            case .deviceEnrollmentType:
                let known = version == .beta || GraphEnums.deviceEnrollmentTypeV1.contains(wire.deviceEnrollmentType)
                try container.encode(known ? wire.deviceEnrollmentType : "unknownFutureValue", forKey: key)
            case .managedDeviceOwnerType: try container.encode(wire.managedDeviceOwnerType, forKey: key)
            case .complianceState: try container.encode(wire.complianceState, forKey: key)
            case .managementState: try container.encode(wire.managementState, forKey: key)
            case .userPrincipalName: try container.encode(wire.userPrincipalName, forKey: key)
            case .userDisplayName: try container.encode(wire.userDisplayName, forKey: key)
            case .emailAddress: try container.encode(wire.emailAddress, forKey: key)
            case .serialNumber: try container.encode(wire.serialNumber, forKey: key)
            case .model: try container.encode(wire.model, forKey: key)
            case .manufacturer: try container.encode(wire.manufacturer, forKey: key)
            case .imei: try container.encode(wire.imei, forKey: key)
            case .androidSecurityPatchLevel: try container.encode(wire.androidSecurityPatchLevel, forKey: key)
            case .enrolledDateTime: try container.encode(wire.enrolledDateTime, forKey: key)
            case .lastSyncDateTime: try container.encode(wire.lastSyncDateTime, forKey: key)
            case .managementCertificateExpirationDate: try container.encode(wire.managementCertificateExpirationDate, forKey: key)
            case .isSupervised: try container.encode(wire.isSupervised, forKey: key)
            case .isEncrypted: try container.encode(wire.isEncrypted, forKey: key)
            case .jailBroken: try container.encode(wire.jailBroken, forKey: key)
            case .managementAgent: try container.encode(managementType.graphManagementAgent, forKey: key)
            // As the service does: null unless named in $select on the single-device GET.
            case .activationLockBypassCode: try container.encode(ExplicitNull(wrappedValue: bypassCode), forKey: key)
            case .deviceActionResults: try container.encode(actionResults, forKey: key)
            case .complianceGracePeriodExpirationDateTime:
                try container.encode(wire.complianceState == ComplianceState.compliant.rawValue ? Self.noGracePeriod : Self.never, forKey: key)
            case .easActivated: try container.encode(false, forKey: key)
            case .easActivationDateTime, .exchangeLastSuccessfulSyncDateTime: try container.encode(Self.never, forKey: key)
            case .exchangeAccessState, .exchangeAccessStateReason: try container.encode("none", forKey: key)
            case .deviceRegistrationState: try container.encode("registered", forKey: key)
            case .partnerReportedThreatState: try container.encode("unknown", forKey: key)
            case .totalStorageSpaceInBytes, .freeStorageSpaceInBytes, .physicalMemoryInBytes:
                try container.encode(property.inventoryKey.flatMap { inventory[$0] }.flatMap { Int64($0) } ?? 0, forKey: key)
            case .azureADDeviceId, .meid, .userId, .phoneNumber, .wiFiMacAddress, .ethernetMacAddress, .iccid, .subscriberCarrier,
                 .managedDeviceName, .deviceCategoryDisplayName:
                // Kept from an import; the service gives the non-default ones only to a single
                // device's GET that names them (a single answer is the one with a context).
                let named = context != nil && selected?.contains(property.name) == true
                let value = property.isNonDefault && !named ? nil : property.inventoryKey.flatMap { inventory[$0] }
                try container.encode(ExplicitNull(wrappedValue: value), forKey: key)
            case .azureADRegistered, .requireUserEnrollmentApproval:
                try container.encode(ExplicitNull<Bool>(wrappedValue: nil), forKey: key)
            case .configurationManagerClientEnabledFeatures, .deviceHealthAttestationState, .easDeviceId, .enrollmentProfileName,
                 .notes, .remoteAssistanceSessionErrorDetails, .remoteAssistanceSessionUrl, .udid:
                try container.encode(ExplicitNull<String>(wrappedValue: nil), forKey: key)
            case .deviceType: try container.encode(managementType.graphDeviceType(on: platform), forKey: key)
            case .lostModeState: try container.encode(lostModeState, forKey: key)
            case .skuFamily: try container.encode(ExplicitNull(wrappedValue: property.inventoryKey.flatMap { inventory[$0] }), forKey: key)
            case .processorArchitecture:
                let known = property.inventoryKey.flatMap { inventory[$0] }.map { GraphEnums.managedDeviceArchitecture.contains($0) } ?? false
                try container.encode(known ? inventory[property.inventoryKey!]! : "unknown", forKey: key)
            case .aadRegistered, .bootstrapTokenEscrowed, .configurationManagerClientHealthState, .configurationManagerClientInformation,
                 .specificationVersion:
                try container.encode(ExplicitNull<String>(wrappedValue: nil), forKey: key)
            case .autopilotEnrolled, .deviceFirmwareConfigurationInterfaceManaged: try container.encode(false, forKey: key)
            case .azureActiveDirectoryDeviceId:
                try container.encode(ExplicitNull(wrappedValue: property.inventoryKey.flatMap { inventory[$0] }), forKey: key)
            case .chassisType: try container.encode(chassisType, forKey: key)
            case .chromeOSDeviceInfo, .cloudPcRemoteActionResults, .usersLoggedOn: try container.encode([String](), forKey: key)
            case .enrolledByUserPrincipalName:
                try container.encode(ExplicitNull(wrappedValue: wire.userPrincipalName.isEmpty ? nil : wire.userPrincipalName), forKey: key)
            case .hardwareInformation: try container.encode(GraphHardwareInformation(wire: wire, inventory: inventory), forKey: key)
            case .joinType: try container.encode(joinType, forKey: key)
            case .managementFeatures: try container.encode("none", forKey: key)
            case .ownerType:
                try container.encode(GraphEnumTypes.ownerType.contains(wire.managedDeviceOwnerType, on: .beta) ? wire.managedDeviceOwnerType : "unknown", forKey: key)
            case .preferMdmOverGroupPolicyAppliedDateTime, .retireAfterDateTime: try container.encode(Self.never, forKey: key)
            case .roleScopeTagIds: try container.encode(roleScopeTagIds, forKey: key)
            case .securityPatchLevel:
                try container.encode(ExplicitNull(wrappedValue: wire.androidSecurityPatchLevel.isEmpty ? nil : wire.androidSecurityPatchLevel), forKey: key)
            case .skuNumber, .windowsActiveMalwareCount, .windowsRemediatedMalwareCount: try container.encode(0, forKey: key)
            case .eid:
                continue  // an import's name only
            }
        }
        if let extensions { try container.encode(extensions, forKey: Key(DeviceExtensionKey.object.rawValue)) }
    }

    /// beta's chassisType: what the device type says (a phone, a tablet), else unknown.
    var chassisType: String {
        switch managementType.graphDeviceType(on: platform) {
        case "iPhone", "android", "androidForWork", "androidEnterprise": "phone"
        case "iPad": "tablet"
        default: "unknown"
        }
    }

    /// beta's joinType: a corporate Windows PC is joined to Entra ID, a personal one registered
    /// (the portal's "Add work account"); the others do not join.
    var joinType: String {
        guard platform == .windows else { return "unknown" }
        return wire.managedDeviceOwnerType == "company" ? "azureADJoined" : "azureADRegistered"
    }

    /// What `$select` takes: the properties this endpoint writes.
    public static func properties(on version: GraphDeviceProperty.Version) -> Set<String> {
        Set(GraphDeviceProperty.served(on: version).map(\.name))
    }
}
