/// Every managedDevice property by its Graph name, marked v1.0 or beta: the one table the
/// endpoint's encoding, `$select` and `$metadata`, the sync's `$select`, the import's reader,
/// `$filter` and `$orderby` read their names from (Microsoft's v1.0 CSDL: 55 properties and
/// the entity's `id`; beta's type mappings: those and 28 more).
public enum GraphDeviceProperty: String, CaseIterable, Sendable {
    public enum Version: Sendable { case v1, beta }

    // v1.0 (and beta).
    case id
    case activationLockBypassCode, androidSecurityPatchLevel, azureADDeviceId, azureADRegistered
    case complianceGracePeriodExpirationDateTime, complianceState, configurationManagerClientEnabledFeatures
    case deviceActionResults, deviceCategoryDisplayName, deviceEnrollmentType, deviceHealthAttestationState, deviceName
    case deviceRegistrationState, easActivated, easActivationDateTime, easDeviceId, emailAddress, enrolledDateTime
    case enrollmentProfileName, ethernetMacAddress, exchangeAccessState, exchangeAccessStateReason
    case exchangeLastSuccessfulSyncDateTime, freeStorageSpaceInBytes, iccid, imei, isEncrypted, isSupervised, jailBroken
    case lastSyncDateTime, managedDeviceName, managedDeviceOwnerType, managementAgent, managementCertificateExpirationDate
    case managementState, manufacturer, meid, model, notes, operatingSystem, osVersion, partnerReportedThreatState
    case phoneNumber, physicalMemoryInBytes, remoteAssistanceSessionErrorDetails, remoteAssistanceSessionUrl
    case requireUserEnrollmentApproval, serialNumber, subscriberCarrier, totalStorageSpaceInBytes, udid, userDisplayName
    case userId, userPrincipalName, wiFiMacAddress
    // beta only.
    case aadRegistered, autopilotEnrolled, azureActiveDirectoryDeviceId, bootstrapTokenEscrowed, chassisType
    case chromeOSDeviceInfo, cloudPcRemoteActionResults, configurationManagerClientHealthState
    case configurationManagerClientInformation, deviceFirmwareConfigurationInterfaceManaged, deviceType
    case enrolledByUserPrincipalName, hardwareInformation, joinType
    /// R30's Lost Mode (enabled | disabled), read back by the mirror.
    case lostModeState
    case managementFeatures, ownerType, preferMdmOverGroupPolicyAppliedDateTime, processorArchitecture
    case retireAfterDateTime, roleScopeTagIds, securityPatchLevel, skuFamily, skuNumber, specificationVersion
    case usersLoggedOn, windowsActiveMalwareCount, windowsRemediatedMalwareCount
    /// Not a property: an export's column the import reads (beta keeps the eSIM id as
    /// `hardwareInformation.esimIdentifier`).
    case eid

    public var version: Version {
        switch self {
        case .aadRegistered, .autopilotEnrolled, .azureActiveDirectoryDeviceId, .bootstrapTokenEscrowed, .chassisType, .chromeOSDeviceInfo,
             .cloudPcRemoteActionResults, .configurationManagerClientHealthState, .configurationManagerClientInformation,
             .deviceFirmwareConfigurationInterfaceManaged, .deviceType, .enrolledByUserPrincipalName, .hardwareInformation, .joinType,
             .lostModeState, .managementFeatures, .ownerType, .preferMdmOverGroupPolicyAppliedDateTime, .processorArchitecture,
             .retireAfterDateTime, .roleScopeTagIds, .securityPatchLevel, .skuFamily, .skuNumber, .specificationVersion, .usersLoggedOn,
             .windowsActiveMalwareCount, .windowsRemediatedMalwareCount, .eid:
            .beta
        default: .v1
        }
    }

    /// Null in a list: the service gives these only to a single-device GET that names them.
    public var isNonDefault: Bool {
        switch self {
        case .activationLockBypassCode, .iccid, .udid, .notes, .ethernetMacAddress, .physicalMemoryInBytes, .bootstrapTokenEscrowed: true
        default: false
        }
    }

    /// What `serve` writes on `/v1.0` (and so what its `$select` takes): every v1.0 property,
    /// in the schema's order.
    public static let served: [GraphDeviceProperty] = allCases.filter { $0.version == .v1 }

    /// What `serve` writes on `/beta`: every property of beta's managedDevice (`eid` is an
    /// import's name only).
    public static let servedOnBeta: [GraphDeviceProperty] = allCases.filter { $0 != .eid }

    public static func served(on version: Version) -> [GraphDeviceProperty] {
        version == .v1 ? served : servedOnBeta
    }

    /// What a sync asks for (`$select`): what the rules read, and the action results.
    public static let mirrored: [GraphDeviceProperty] = [
        .id, .deviceName, .operatingSystem, .osVersion, .deviceEnrollmentType, .managedDeviceOwnerType,
        .complianceState, .managementState, .managementAgent, .userPrincipalName, .userDisplayName, .emailAddress,
        .serialNumber, .model, .manufacturer, .imei, .androidSecurityPatchLevel, .enrolledDateTime, .lastSyncDateTime,
        .managementCertificateExpirationDate, .isSupervised, .isEncrypted, .jailBroken, .deviceActionResults,
    ]

    public var name: String { rawValue }

    /// The property's EDM type in Microsoft's CSDL, as far as a writer or reader must tell.
    public enum WireType: Sendable, Equatable {
        case string, boolean, dateTime, int32, int64, enumeration(String), complex(String), collection(String)
    }

    public var wireType: WireType {
        switch self {
        case .azureADRegistered, .easActivated, .isEncrypted, .isSupervised, .requireUserEnrollmentApproval, .aadRegistered,
             .autopilotEnrolled, .bootstrapTokenEscrowed, .deviceFirmwareConfigurationInterfaceManaged: .boolean
        case .complianceGracePeriodExpirationDateTime, .easActivationDateTime, .enrolledDateTime, .exchangeLastSuccessfulSyncDateTime,
             .lastSyncDateTime, .managementCertificateExpirationDate, .preferMdmOverGroupPolicyAppliedDateTime, .retireAfterDateTime: .dateTime
        case .freeStorageSpaceInBytes, .physicalMemoryInBytes, .totalStorageSpaceInBytes: .int64
        case .skuNumber, .windowsActiveMalwareCount, .windowsRemediatedMalwareCount: .int32
        case .complianceState: .enumeration(GraphEnumTypes.complianceState.name)
        case .deviceEnrollmentType: .enumeration(GraphEnumTypes.deviceEnrollmentType.name)
        case .deviceRegistrationState: .enumeration(GraphEnumTypes.deviceRegistrationState.name)
        case .exchangeAccessState: .enumeration(GraphEnumTypes.deviceManagementExchangeAccessState.name)
        case .exchangeAccessStateReason: .enumeration(GraphEnumTypes.deviceManagementExchangeAccessStateReason.name)
        case .managedDeviceOwnerType: .enumeration(GraphEnumTypes.managedDeviceOwnerType.name)
        case .managementAgent: .enumeration(GraphEnumTypes.managementAgentType.name)
        case .managementState: .enumeration(GraphEnumTypes.managementState.name)
        case .partnerReportedThreatState: .enumeration(GraphEnumTypes.managedDevicePartnerReportedHealthState.name)
        case .chassisType: .enumeration(GraphEnumTypes.chassisType.name)
        case .deviceType: .enumeration(GraphEnumTypes.deviceType.name)
        case .joinType: .enumeration(GraphEnumTypes.joinType.name)
        case .lostModeState: .enumeration(GraphEnumTypes.lostModeState.name)
        case .managementFeatures: .enumeration(GraphEnumTypes.managedDeviceManagementFeatures.name)
        case .ownerType: .enumeration(GraphEnumTypes.ownerType.name)
        case .processorArchitecture: .enumeration(GraphEnumTypes.managedDeviceArchitecture.name)
        case .configurationManagerClientEnabledFeatures, .deviceHealthAttestationState, .configurationManagerClientHealthState,
             .configurationManagerClientInformation, .hardwareInformation:
            .complex(rawValue)  // each named as its type is
        case .deviceActionResults: .collection("graph.deviceActionResult")
        case .chromeOSDeviceInfo: .collection("graph.chromeOSDeviceProperty")
        case .cloudPcRemoteActionResults: .collection("graph.cloudPcRemoteActionResult")
        case .usersLoggedOn: .collection("graph.loggedOnUser")
        case .roleScopeTagIds: .collection("Edm.String")
        case .id, .activationLockBypassCode, .androidSecurityPatchLevel, .azureADDeviceId, .deviceCategoryDisplayName, .deviceName,
             .easDeviceId, .emailAddress, .enrollmentProfileName, .ethernetMacAddress, .iccid, .imei, .jailBroken, .managedDeviceName,
             .manufacturer, .meid, .model, .notes, .operatingSystem, .osVersion, .phoneNumber, .remoteAssistanceSessionErrorDetails,
             .remoteAssistanceSessionUrl, .serialNumber, .subscriberCarrier, .udid, .userDisplayName, .userId, .userPrincipalName,
             .wiFiMacAddress, .skuFamily, .eid, .azureActiveDirectoryDeviceId, .enrolledByUserPrincipalName, .securityPatchLevel,
             .specificationVersion: .string
        }
    }

    /// The EDM type as `$metadata` writes it.
    public var edmType: String {
        switch wireType {
        case .string: "Edm.String"
        case .boolean: "Edm.Boolean"
        case .dateTime: "Edm.DateTimeOffset"
        case .int32: "Edm.Int32"
        case .int64: "Edm.Int64"
        case .enumeration(let name): "graph.\(name)"
        case .complex(let name): "graph.\(name)"
        case .collection(let element): "Collection(\(element))"
        }
    }

    /// `Nullable="false"` in the v1.0 CSDL: always written with a value, never null. Beta's
    /// type mappings do not say, so a beta-only property is taken as nullable.
    public var isNullable: Bool {
        switch self {
        case .id, .complianceGracePeriodExpirationDateTime, .complianceState, .deviceEnrollmentType, .deviceRegistrationState,
             .easActivated, .easActivationDateTime, .enrolledDateTime, .exchangeAccessState, .exchangeAccessStateReason,
             .exchangeLastSuccessfulSyncDateTime, .freeStorageSpaceInBytes, .isEncrypted, .isSupervised, .lastSyncDateTime,
             .managedDeviceOwnerType, .managementAgent, .managementCertificateExpirationDate, .managementState,
             .partnerReportedThreatState, .physicalMemoryInBytes, .totalStorageSpaceInBytes: false
        default: true
        }
    }

    /// The device's inventory key that keeps this property's value (the portal CSV's column
    /// name), for the properties the console keeps but does not model.
    public var inventoryKey: String? {
        switch self {
        case .azureADDeviceId, .azureActiveDirectoryDeviceId: "Azure AD Device ID"
        case .meid: "MEID"
        case .userId: "UserId"
        case .phoneNumber: "Phone number"
        case .wiFiMacAddress: "Wi-Fi MAC"
        case .ethernetMacAddress: "EthernetMAC"
        case .iccid: "ICCID"
        case .subscriberCarrier: "Subscriber carrier"
        case .managedDeviceName: "Management name"
        case .deviceCategoryDisplayName: "Category"
        case .totalStorageSpaceInBytes: "Total storage"
        case .freeStorageSpaceInBytes: "Free storage"
        case .skuFamily: "SkuFamily"
        case .processorArchitecture: "ProcessorArchitecture"
        case .eid: "EID"
        default: nil
        }
    }
}

/// The keys of the `mdmconsole` extension object (`Prefer: mdmconsole.extensions`): what the
/// rules read and Graph does not carry.
public enum DeviceExtensionKey: String, CaseIterable, CodingKey, Sendable {
    case object = "mdmconsole"
    case activationLockAllowedByPolicy, activationLockBypassCodeIssuedDateTime, workProfilePasscodeRequiredByPolicy
    case workProfilePasscodeSet, passcodeResetPromptAccepted, passcodeRequiredByCompliance, online, apps, managementType
}
