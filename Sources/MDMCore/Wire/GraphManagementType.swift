/// The maps between the domain's `ManagementType` and Graph's three properties that together
/// say how a device is managed: `deviceEnrollmentType`, `managementAgent` (and beta's
/// `deviceType`), with `managedDeviceOwnerType`. The service's own enrollment type wins.
public enum GraphManagementType {
    /// Graph: `deviceEnrollmentType`, then `deviceType` (beta) and `managementAgent` with
    /// the ownership. Returns nil for an Android device nothing describes, or a message when
    /// the enrollment type does not fit the platform.
    static func read(platform: Platform, enrollmentType: String?, deviceType: String?, agent: String?,
                      ownership: Ownership) -> Result<ManagementType, GraphManagementType.MappingProblem> {
        let enrollment = enrollmentType ?? ""
        let androidEnrollment = androidEnterpriseKind(enrollment)
        let appleEnrollment: ManagementType? = switch enrollment {
        case "appleUserEnrollment", "appleUserEnrollmentWithServiceAccount", "appleAccountDrivenUserEnrollment": .appleUserEnrollment
        case "appleBulkWithUser", "appleBulkWithoutUser": .appleAutomatedEnrollment
        default: nil
        }
        switch platform {
        case .android:
            if appleEnrollment != nil || enrollment.hasPrefix("windows") { return .failure(.doesNotFit(enrollment)) }
            if let androidEnrollment { return .success(androidEnrollment) }
            if deviceType == "androidForWork" { return .success(ownership == .company ? .androidCorporateWorkProfile : .androidWorkProfile) }
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

    /// The Android Enterprise kinds beta's `deviceEnrollmentType` names (v1.0 has none of them).
    public static func androidEnterpriseKind(_ enrollmentType: String?) -> ManagementType? {
        switch enrollmentType {
        case "androidEnterpriseDedicatedDevice": .androidDedicated
        case "androidEnterpriseFullyManaged": .androidFullyManaged
        case "androidEnterpriseCorporateWorkProfile": .androidCorporateWorkProfile
        default: nil
        }
    }

    public enum MappingProblem: Error {
        case doesNotFit(String)
        case undetermined
    }
}

extension ManagementType {
    /// The service's `deviceEnrollmentType` wire name.
    public var graphDeviceEnrollmentType: String {
        switch self {
        case .androidDeviceAdministrator, .androidWorkProfile: "userEnrollment"
        case .androidFullyManaged: "androidEnterpriseFullyManaged"
        case .androidCorporateWorkProfile: "androidEnterpriseCorporateWorkProfile"
        case .androidDedicated: "androidEnterpriseDedicatedDevice"
        case .appleDeviceEnrollment: "userEnrollment"
        case .appleAutomatedEnrollment: "appleBulkWithUser"
        case .appleUserEnrollment: "appleUserEnrollment"
        case .windowsMDM: "windowsAzureADJoin"
        }
    }

    /// Beta's `deviceType`: what kind of device the service takes it for.
    public func graphDeviceType(on platform: Platform) -> String {
        switch self {
        case .androidDeviceAdministrator: "android"
        case .androidWorkProfile, .androidCorporateWorkProfile: "androidForWork"
        case .androidFullyManaged, .androidDedicated: "androidEnterprise"
        case .appleDeviceEnrollment, .appleAutomatedEnrollment, .appleUserEnrollment:
            switch platform { case .iPadOS: "iPad"; case .macOS: "macMDM"; default: "iPhone" }
        case .windowsMDM: "desktop"
        }
    }

    /// The service's `managementAgent`: Android Enterprise devices are managed by Google's
    /// device policy controller, every other kind by the MDM channel.
    public var graphManagementAgent: String {
        switch self {
        case .androidWorkProfile, .androidCorporateWorkProfile, .androidFullyManaged, .androidDedicated: "googleCloudDevicePolicyController"
        case .androidDeviceAdministrator, .appleDeviceEnrollment, .appleAutomatedEnrollment, .appleUserEnrollment, .windowsMDM: "mdm"
        }
    }
}

/// The service's enum values for the properties the mapping reads, to refuse a typo
/// instead of guessing: beta's members (an export or a beta answer may carry them), read from
/// the one table of `GraphEnumTypes`.
public enum GraphEnums {
    static let deviceEnrollmentType = Set(GraphEnumTypes.deviceEnrollmentType.beta)
    /// The members v1.0 has (its CSDL); beta's later ones (Android Enterprise, AOSP, account-
    /// driven) are `unknownFutureValue` there, as an evolvable enum's newer members are.
    public static let deviceEnrollmentTypeV1 = Set(GraphEnumTypes.deviceEnrollmentType.members(on: .v1))
    public static let managedDeviceArchitecture = Set(GraphEnumTypes.managedDeviceArchitecture.beta)
    static let managementAgent = Set(GraphEnumTypes.managementAgentType.beta)
    static let deviceType = Set(GraphEnumTypes.deviceType.beta)
}
