/// How a device is enrolled and managed. Rules switch over this exhaustively, so a new
/// enrollment kind forces a decision in every rule.
public enum ManagementType: String, Codable, Sendable, CaseIterable {
    /// Android device administrator (legacy device admin API).
    case androidDeviceAdministrator
    /// Android Enterprise personally-owned work profile.
    case androidWorkProfile
    /// Android Enterprise corporate-owned work profile (COPE): the company owns the device,
    /// the user's personal side stays theirs.
    case androidCorporateWorkProfile
    /// Android Enterprise fully managed (device owner).
    case androidFullyManaged
    /// Android Enterprise dedicated device (kiosk).
    case androidDedicated
    /// Apple device enrolled by the user or a device enrollment manager (not automated).
    case appleDeviceEnrollment
    /// Apple Automated Device Enrollment (Apple Business Manager), usually supervised.
    case appleAutomatedEnrollment
    /// Apple User Enrollment (account-driven, personal devices): a managed partition only.
    case appleUserEnrollment
    /// Windows MDM enrollment (Microsoft Entra joined or registered).
    case windowsMDM

    /// The platforms this management type can apply to.
    public var platforms: Set<Platform> {
        switch self {
        case .androidDeviceAdministrator, .androidWorkProfile, .androidCorporateWorkProfile, .androidFullyManaged, .androidDedicated:
            [.android]
        case .appleDeviceEnrollment, .appleAutomatedEnrollment, .appleUserEnrollment:
            [.iOS, .iPadOS, .macOS]
        case .windowsMDM:
            [.windows]
        }
    }

    /// The label of the portal's "Managed by / management type" column.
    public var displayName: String {
        switch self {
        case .androidDeviceAdministrator: "Device administrator"
        case .androidWorkProfile: "Work profile"
        case .androidCorporateWorkProfile: "Corporate work profile"
        case .androidFullyManaged: "Fully managed"
        case .androidDedicated: "Dedicated"
        case .appleDeviceEnrollment: "Device enrollment"
        case .appleAutomatedEnrollment: "Automated enrollment"
        case .appleUserEnrollment: "User enrollment"
        case .windowsMDM: "MDM"
        }
    }

    /// Android Enterprise on a company-owned device (fully managed, dedicated, corporate work
    /// profile): where the service wipes instead of retiring (R24, R25) and the corporate
    /// remote tasks (lock, locate, rename, sound) apply.
    public var isAndroidEnterpriseCorporate: Bool {
        switch self {
        case .androidFullyManaged, .androidDedicated, .androidCorporateWorkProfile: true
        case .androidDeviceAdministrator, .androidWorkProfile, .appleDeviceEnrollment, .appleAutomatedEnrollment,
             .appleUserEnrollment, .windowsMDM: false
        }
    }
}
