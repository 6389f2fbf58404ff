/// One of Graph's enum types that the endpoint writes, with its members as Microsoft publishes
/// them: v1.0's names and values from the v1.0 CSDL (`schemas/v1.0-Prod.csdl` of
/// microsoftgraph/msgraph-metadata), beta's names from its beta type mappings
/// (`schemas/type-mappings/beta-enum-types.json`, which give no values). The one place the
/// members are spelled: the endpoint's encoding, the import's reader and `$metadata` read them.
public struct GraphEnumType: Sendable {
    public let name: String
    /// v1.0's members and their values, in the schema's order; nil for a beta-only type.
    public let v1: [(name: String, value: Int)]?
    /// beta's members: v1.0's first, in its order, then beta's own.
    public let beta: [String]

    init(_ name: String, v1: [(String, Int)]?, beta: [String]) {
        self.name = name
        self.v1 = v1?.map { (name: $0.0, value: $0.1) }
        self.beta = beta
    }

    /// The members on a version (none on v1.0 for a beta-only type).
    public func members(on version: GraphDeviceProperty.Version) -> [String] {
        version == .v1 ? (v1?.map(\.name) ?? []) : beta
    }

    public func contains(_ member: String, on version: GraphDeviceProperty.Version) -> Bool {
        members(on: version).contains(member)
    }
}

/// The enum types the endpoint writes (managedDevice's, its action results', the log
/// collection's), by their schema names.
public enum GraphEnumTypes {
    public static let actionState = GraphEnumType("actionState",
        v1: [("none", 0), ("pending", 1), ("canceled", 2), ("active", 3), ("done", 4), ("failed", 5), ("notSupported", 6)],
        beta: ["none", "pending", "canceled", "active", "done", "failed", "notSupported"])
    public static let complianceState = GraphEnumType("complianceState",
        v1: [("unknown", 0), ("compliant", 1), ("noncompliant", 2), ("conflict", 3), ("error", 4), ("inGracePeriod", 254), ("configManager", 255)],
        beta: ["unknown", "compliant", "noncompliant", "conflict", "error", "inGracePeriod", "configManager"])
    public static let deviceEnrollmentType = GraphEnumType("deviceEnrollmentType",
        v1: [("unknown", 0), ("userEnrollment", 1), ("deviceEnrollmentManager", 2), ("appleBulkWithUser", 3), ("appleBulkWithoutUser", 4), ("windowsAzureADJoin", 5), ("windowsBulkUserless", 6), ("windowsAutoEnrollment", 7), ("windowsBulkAzureDomainJoin", 8), ("windowsCoManagement", 9), ("windowsAzureADJoinUsingDeviceAuth", 10), ("appleUserEnrollment", 11), ("appleUserEnrollmentWithServiceAccount", 12), ("unknownFutureValue", 26)],
        beta: ["unknown", "userEnrollment", "deviceEnrollmentManager", "appleBulkWithUser", "appleBulkWithoutUser", "windowsAzureADJoin", "windowsBulkUserless", "windowsAutoEnrollment", "windowsBulkAzureDomainJoin", "windowsCoManagement", "windowsAzureADJoinUsingDeviceAuth", "appleUserEnrollment", "appleUserEnrollmentWithServiceAccount", "unknownFutureValue", "androidAOSPUserlessDeviceEnrollment", "androidAOSPUserOwnedDeviceEnrollment", "androidEnterpriseCorporateWorkProfile", "androidEnterpriseDedicatedDevice", "androidEnterpriseFullyManaged", "appleAccountDrivenUserEnrollment", "azureAdJoinUsingAzureVmExtension"])
    public static let deviceRegistrationState = GraphEnumType("deviceRegistrationState",
        v1: [("notRegistered", 0), ("registered", 2), ("revoked", 3), ("keyConflict", 4), ("approvalPending", 5), ("certificateReset", 6), ("notRegisteredPendingEnrollment", 7), ("unknown", 8)],
        beta: ["notRegistered", "registered", "revoked", "keyConflict", "approvalPending", "certificateReset", "notRegisteredPendingEnrollment", "unknown"])
    public static let deviceManagementExchangeAccessState = GraphEnumType("deviceManagementExchangeAccessState",
        v1: [("none", 0), ("unknown", 1), ("allowed", 2), ("blocked", 3), ("quarantined", 4)],
        beta: ["none", "unknown", "allowed", "blocked", "quarantined"])
    public static let deviceManagementExchangeAccessStateReason = GraphEnumType("deviceManagementExchangeAccessStateReason",
        v1: [("none", 0), ("unknown", 1), ("exchangeGlobalRule", 2), ("exchangeIndividualRule", 3), ("exchangeDeviceRule", 4), ("exchangeUpgrade", 5), ("exchangeMailboxPolicy", 6), ("other", 7), ("compliant", 8), ("notCompliant", 9), ("notEnrolled", 10), ("unknownLocation", 12), ("mfaRequired", 13), ("azureADBlockDueToAccessPolicy", 14), ("compromisedPassword", 15), ("deviceNotKnownWithManagedApp", 16)],
        beta: ["none", "unknown", "exchangeGlobalRule", "exchangeIndividualRule", "exchangeDeviceRule", "exchangeUpgrade", "exchangeMailboxPolicy", "other", "compliant", "notCompliant", "notEnrolled", "unknownLocation", "mfaRequired", "azureADBlockDueToAccessPolicy", "compromisedPassword", "deviceNotKnownWithManagedApp"])
    public static let managedDeviceOwnerType = GraphEnumType("managedDeviceOwnerType",
        v1: [("unknown", 0), ("company", 1), ("personal", 2), ("unknownFutureValue", 3)],
        beta: ["unknown", "company", "personal", "unknownFutureValue"])
    public static let managementAgentType = GraphEnumType("managementAgentType",
        v1: [("eas", 1), ("mdm", 2), ("easMdm", 3), ("intuneClient", 4), ("easIntuneClient", 5), ("configurationManagerClient", 8), ("configurationManagerClientMdm", 10), ("configurationManagerClientMdmEas", 11), ("unknown", 16), ("jamf", 32), ("googleCloudDevicePolicyController", 64), ("microsoft365ManagedMdm", 258), ("msSense", 1024)],
        beta: ["eas", "mdm", "easMdm", "intuneClient", "easIntuneClient", "configurationManagerClient", "configurationManagerClientMdm", "configurationManagerClientMdmEas", "unknown", "jamf", "googleCloudDevicePolicyController", "microsoft365ManagedMdm", "msSense", "google", "intuneAosp", "unknownFutureValue"])
    public static let managementState = GraphEnumType("managementState",
        v1: [("managed", 0), ("retirePending", 1), ("retireFailed", 2), ("wipePending", 3), ("wipeFailed", 4), ("unhealthy", 5), ("deletePending", 6), ("retireIssued", 7), ("wipeIssued", 8), ("wipeCanceled", 9), ("retireCanceled", 10), ("discovered", 11), ("unknownFutureValue", 12)],
        beta: ["managed", "retirePending", "retireFailed", "wipePending", "wipeFailed", "unhealthy", "deletePending", "retireIssued", "wipeIssued", "wipeCanceled", "retireCanceled", "discovered", "unknownFutureValue"])
    public static let managedDevicePartnerReportedHealthState = GraphEnumType("managedDevicePartnerReportedHealthState",
        v1: [("unknown", 0), ("activated", 1), ("deactivated", 2), ("secured", 3), ("lowSeverity", 4), ("mediumSeverity", 5), ("highSeverity", 6), ("unresponsive", 7), ("compromised", 8), ("misconfigured", 9)],
        beta: ["unknown", "activated", "deactivated", "secured", "lowSeverity", "mediumSeverity", "highSeverity", "unresponsive", "compromised", "misconfigured"])
    public static let chassisType = GraphEnumType("chassisType",
        v1: nil,
        beta: ["desktop", "enterpriseServer", "laptop", "mobileOther", "mobileUnknown", "phone", "tablet", "unknown", "worksWorkstation"])
    public static let deviceType = GraphEnumType("deviceType",
        v1: nil,
        beta: ["android", "androidEnterprise", "androidForWork", "androidnGMS", "blackberry", "chromeOS", "cloudPC", "desktop", "holoLens", "iPad", "iPhone", "iPod", "iSocConsumer", "linux", "mac", "macMDM", "nokia", "palm", "surfaceHub", "tvOS", "unix", "unknown", "visionOS", "winCE", "windows10x", "windowsPhone", "windowsRT", "winEmbedded", "winMO6"])
    public static let joinType = GraphEnumType("joinType",
        v1: nil,
        beta: ["azureADJoined", "azureADRegistered", "hybridAzureADJoined", "unknown"])
    public static let lostModeState = GraphEnumType("lostModeState",
        v1: nil,
        beta: ["disabled", "enabled"])
    public static let managedDeviceArchitecture = GraphEnumType("managedDeviceArchitecture",
        v1: nil,
        beta: ["arm", "arM64", "unknown", "x64", "x86"])
    public static let managedDeviceManagementFeatures = GraphEnumType("managedDeviceManagementFeatures",
        v1: nil,
        beta: ["microsoftManagedDesktop", "none"])
    public static let ownerType = GraphEnumType("ownerType",
        v1: nil,
        beta: ["company", "personal", "unknown"])
    public static let deviceLogCollectionTemplateType = GraphEnumType("deviceLogCollectionTemplateType",
        v1: [("predefined", 0), ("unknownFutureValue", 1)],
        beta: ["predefined", "unknownFutureValue"])
    public static let appLogUploadState = GraphEnumType("appLogUploadState",
        v1: [("pending", 0), ("completed", 1), ("failed", 2), ("unknownFutureValue", 3)],
        beta: ["pending", "completed", "failed", "unknownFutureValue"])
    public static let all: [GraphEnumType] = [
        actionState, complianceState, deviceEnrollmentType, deviceRegistrationState, deviceManagementExchangeAccessState,
        deviceManagementExchangeAccessStateReason, managedDeviceOwnerType, managementAgentType, managementState,
        managedDevicePartnerReportedHealthState, chassisType, deviceType, joinType, lostModeState, managedDeviceArchitecture,
        managedDeviceManagementFeatures, ownerType, deviceLogCollectionTemplateType, appLogUploadState,
    ]
}
