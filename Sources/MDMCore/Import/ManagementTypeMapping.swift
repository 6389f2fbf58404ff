/// How a portal CSV's device management type is told from what the file says (documented in
/// docs/import.md); Graph's properties are read by `GraphManagementType`.
enum ManagementTypeMapping {
    /// CSV: the JoinType (or Managed by) text where it names the enrollment, else the
    /// ownership for Android and supervision for Apple.
    static func csv(platform: Platform, joinType: String, managedBy: String, ownership: Ownership, supervised: Bool) -> ManagementType {
        let text = (joinType + " " + managedBy).lowercased()
        switch platform {
        case .android:
            if text.contains("dedicated") || text.contains("kiosk") { return .androidDedicated }
            if text.contains("fully managed") { return .androidFullyManaged }
            if text.contains("corporate work profile") || text.contains("corporate-owned work profile")
                || (text.contains("work profile") && ownership == .company) { return .androidCorporateWorkProfile }
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
}
