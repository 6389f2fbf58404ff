/// How an imported device's management type is told from what the file says. The
/// service's own `deviceEnrollmentType` wins; the rest is documented in docs/import.md.
enum ManagementTypeMapping {
    /// Graph: `deviceEnrollmentType`, then `deviceType` (beta) and `managementAgent` with
    /// the ownership. Returns nil for an Android device nothing describes, or a message when
    /// the enrollment type does not fit the platform.
    static func graph(platform: Platform, enrollmentType: String?, deviceType: String?, agent: String?,
                      ownership: Ownership) -> Result<ManagementType, MappingProblem> {
        let enrollment = enrollmentType ?? ""
        let androidEnrollment: ManagementType? = switch enrollment {
        case "androidEnterpriseDedicatedDevice": .androidDedicated
        case "androidEnterpriseFullyManaged": .androidFullyManaged
        case "androidEnterpriseCorporateWorkProfile": .androidWorkProfile
        default: nil
        }
        let appleEnrollment: ManagementType? = switch enrollment {
        case "appleUserEnrollment", "appleUserEnrollmentWithServiceAccount", "appleAccountDrivenUserEnrollment": .appleUserEnrollment
        case "appleBulkWithUser", "appleBulkWithoutUser": .appleAutomatedEnrollment
        default: nil
        }
        switch platform {
        case .android:
            if appleEnrollment != nil || enrollment.hasPrefix("windows") { return .failure(.doesNotFit(enrollment)) }
            if let androidEnrollment { return .success(androidEnrollment) }
            if deviceType == "androidForWork" { return .success(.androidWorkProfile) }
            if agent == "googleCloudDevicePolicyController" || deviceType == "androidEnterprise" {
                return .success(ownership == .personal ? .androidWorkProfile : .androidFullyManaged)
            }
            if deviceType == "android" || agent == "mdm" || agent == "easMdm" { return .success(.androidDeviceAdministrator) }
            return .failure(.undetermined)
        case .iOS, .iPadOS, .macOS:
            if androidEnrollment != nil || enrollment.hasPrefix("windows") { return .failure(.doesNotFit(enrollment)) }
            return .success(appleEnrollment ?? .appleDeviceEnrollment)
        case .windows:
            if androidEnrollment != nil || appleEnrollment != nil { return .failure(.doesNotFit(enrollment)) }
            return .success(.windowsMDM)
        }
    }

    /// CSV: the JoinType (or Managed by) text where it names the enrollment, else the
    /// ownership for Android and supervision for Apple.
    static func csv(platform: Platform, joinType: String, managedBy: String, ownership: Ownership, supervised: Bool) -> ManagementType {
        let text = (joinType + " " + managedBy).lowercased()
        switch platform {
        case .android:
            if text.contains("dedicated") || text.contains("kiosk") { return .androidDedicated }
            if text.contains("fully managed") { return .androidFullyManaged }
            if text.contains("work profile") { return .androidWorkProfile }
            if text.contains("device admin") { return .androidDeviceAdministrator }
            switch ownership {
            case .personal: return .androidWorkProfile
            case .company: return .androidFullyManaged
            case .unknown: return .androidDeviceAdministrator
            }
        case .iOS, .iPadOS, .macOS:
            if text.contains("user enrollment") { return .appleUserEnrollment }
            if text.contains("automated") || text.contains("bulk") { return .appleAutomatedEnrollment }
            if text.contains("device enrollment") { return .appleDeviceEnrollment }
            return supervised ? .appleAutomatedEnrollment : .appleDeviceEnrollment
        case .windows:
            return .windowsMDM
        }
    }

    enum MappingProblem: Error {
        case doesNotFit(String)
        case undetermined
    }
}

/// The service's enum values for the properties the mapping reads, to refuse a typo
/// instead of guessing.
enum GraphEnums {
    static let deviceEnrollmentType: Set<String> = [
        "unknown", "userEnrollment", "deviceEnrollmentManager", "appleBulkWithUser", "appleBulkWithoutUser",
        "windowsAzureADJoin", "windowsBulkUserless", "windowsAutoEnrollment", "windowsBulkAzureDomainJoin",
        "windowsCoManagement", "windowsAzureADJoinUsingDeviceAuth", "appleUserEnrollment",
        "appleUserEnrollmentWithServiceAccount", "azureAdJoinUsingAzureVmExtension", "androidEnterpriseDedicatedDevice",
        "androidEnterpriseFullyManaged", "androidEnterpriseCorporateWorkProfile", "androidAOSPUserOwnedDeviceEnrollment",
        "androidAOSPUserlessDeviceEnrollment", "appleAccountDrivenUserEnrollment", "unknownFutureValue",
    ]
    static let managementAgent: Set<String> = [
        "eas", "mdm", "easMdm", "intuneClient", "easIntuneClient", "configurationManagerClient",
        "configurationManagerClientMdm", "configurationManagerClientMdmEas", "unknown", "jamf",
        "googleCloudDevicePolicyController", "microsoft365ManagedMdm", "msSense", "intuneAosp", "google", "unknownFutureValue",
    ]
    static let deviceType: Set<String> = [
        "desktop", "windowsRT", "winMO6", "nokia", "windowsPhone", "mac", "winCE", "winEmbedded", "iPhone", "iPad", "iPod",
        "android", "iSocConsumer", "unix", "macMDM", "holoLens", "surfaceHub", "androidForWork", "androidEnterprise",
        "windows10x", "androidnGMS", "chromeOS", "linux", "blackberry", "palm", "unknown", "cloudPC",
    ]
}
