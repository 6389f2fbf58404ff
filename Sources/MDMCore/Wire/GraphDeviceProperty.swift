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
    // beta only.
    case deviceType, skuFamily, processorArchitecture, eid

    public var version: Version {
        switch self {
        case .deviceType, .skuFamily, .processorArchitecture, .eid: .beta
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

    /// What `serve` writes today (and so what its `$select` takes), in the order it writes them.
    public static let served: [GraphDeviceProperty] = [
        .id, .deviceName, .operatingSystem, .osVersion, .deviceEnrollmentType, .managedDeviceOwnerType, .complianceState,
        .managementState, .userPrincipalName, .userDisplayName, .emailAddress, .serialNumber, .model, .manufacturer, .imei,
        .androidSecurityPatchLevel, .enrolledDateTime, .lastSyncDateTime, .managementCertificateExpirationDate, .isSupervised,
        .isEncrypted, .jailBroken, .managementAgent, .activationLockBypassCode, .deviceActionResults,
    ]

    /// What a sync asks for (`$select`): what the rules read, and the action results.
    public static let mirrored: [GraphDeviceProperty] = [
        .id, .deviceName, .operatingSystem, .osVersion, .deviceEnrollmentType, .managedDeviceOwnerType,
        .complianceState, .managementState, .managementAgent, .userPrincipalName, .userDisplayName, .emailAddress,
        .serialNumber, .model, .manufacturer, .imei, .androidSecurityPatchLevel, .enrolledDateTime, .lastSyncDateTime,
        .managementCertificateExpirationDate, .isSupervised, .isEncrypted, .jailBroken, .deviceActionResults,
    ]

    public var name: String { rawValue }
}

/// The keys of the `mdmconsole` extension object (`Prefer: mdmconsole.extensions`): what the
/// rules read and Graph does not carry.
public enum DeviceExtensionKey: String, CaseIterable, CodingKey, Sendable {
    case object = "mdmconsole"
    case activationLockAllowedByPolicy, activationLockBypassCodeIssuedDateTime, workProfilePasscodeRequiredByPolicy
    case workProfilePasscodeSet, passcodeResetPromptAccepted, passcodeRequiredByCompliance, online, apps, managementType
}
