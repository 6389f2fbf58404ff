/// Every managedDevice property by its Graph name, marked v1.0 or beta: the one table the
/// endpoint's encoding and `$select`, the sync's `$select`, the import's reader, `$filter`
/// and `$orderby` read their names from (Microsoft's v1.0 CSDL: 55 properties and the
/// entity's `id`; the beta ones are those the rules and the import read).
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
    // beta only (`eid` is not beta's managedDevice property but an export's column the
    // import reads; beta keeps the eSIM id inside hardwareInformation).
    case deviceType, skuFamily, processorArchitecture, eid
    /// beta's `lostModeState` (enabled | disabled): R30's Lost Mode, read back by the mirror.
    case lostModeState

    public var version: Version {
        switch self {
        case .deviceType, .skuFamily, .processorArchitecture, .eid, .lostModeState: .beta
        default: .v1
        }
    }

    /// Null in a list: the service gives these only to a single-device GET that names them.
    public var isNonDefault: Bool {
        switch self {
        case .activationLockBypassCode, .iccid, .udid, .notes, .ethernetMacAddress, .physicalMemoryInBytes: true
        default: false
        }
    }

    /// What `serve` writes on `/v1.0` (and so what its `$select` takes): every v1.0 property,
    /// in the schema's order.
    public static let served: [GraphDeviceProperty] = allCases.filter { $0.version == .v1 }

    /// What `serve` writes on `/beta`: v1.0's and the beta properties the rules read (`eid` is
    /// an import's name only: beta keeps it inside hardwareInformation).
    public static let servedOnBeta: [GraphDeviceProperty] = served + [.deviceType, .skuFamily, .processorArchitecture, .lostModeState]

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
        case string, boolean, dateTime, int64, enumeration, complex, collection
    }

    public var wireType: WireType {
        switch self {
        case .azureADRegistered, .easActivated, .isEncrypted, .isSupervised, .requireUserEnrollmentApproval: .boolean
        case .complianceGracePeriodExpirationDateTime, .easActivationDateTime, .enrolledDateTime, .exchangeLastSuccessfulSyncDateTime,
             .lastSyncDateTime, .managementCertificateExpirationDate: .dateTime
        case .freeStorageSpaceInBytes, .physicalMemoryInBytes, .totalStorageSpaceInBytes: .int64
        case .complianceState, .deviceEnrollmentType, .deviceRegistrationState, .exchangeAccessState, .exchangeAccessStateReason,
             .managedDeviceOwnerType, .managementAgent, .managementState, .partnerReportedThreatState, .deviceType,
             .lostModeState: .enumeration
        case .configurationManagerClientEnabledFeatures, .deviceHealthAttestationState: .complex
        case .deviceActionResults: .collection
        case .id, .activationLockBypassCode, .androidSecurityPatchLevel, .azureADDeviceId, .deviceCategoryDisplayName, .deviceName,
             .easDeviceId, .emailAddress, .enrollmentProfileName, .ethernetMacAddress, .iccid, .imei, .jailBroken, .managedDeviceName,
             .manufacturer, .meid, .model, .notes, .operatingSystem, .osVersion, .phoneNumber, .remoteAssistanceSessionErrorDetails,
             .remoteAssistanceSessionUrl, .serialNumber, .subscriberCarrier, .udid, .userDisplayName, .userId, .userPrincipalName,
             .wiFiMacAddress, .skuFamily, .processorArchitecture, .eid: .string
        }
    }

    /// `Nullable="false"` in the v1.0 CSDL: always written with a value, never null.
    public var isNullable: Bool {
        switch self {
        case .id, .complianceGracePeriodExpirationDateTime, .complianceState, .deviceEnrollmentType, .deviceRegistrationState,
             .easActivated, .easActivationDateTime, .enrolledDateTime, .exchangeAccessState, .exchangeAccessStateReason,
             .exchangeLastSuccessfulSyncDateTime, .freeStorageSpaceInBytes, .isEncrypted, .isSupervised, .lastSyncDateTime,
             .managedDeviceOwnerType, .managementAgent, .managementCertificateExpirationDate, .managementState,
             .partnerReportedThreatState, .physicalMemoryInBytes, .totalStorageSpaceInBytes, .lostModeState: false
        default: true
        }
    }

    /// The device's inventory key that keeps this property's value (the portal CSV's column
    /// name), for the properties the console keeps but does not model.
    public var inventoryKey: String? {
        switch self {
        case .azureADDeviceId: "Azure AD Device ID"
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
