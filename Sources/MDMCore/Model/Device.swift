import Foundation

/// A managed device as the console knows it: inventory, state, the policies the rules read,
/// and the simulation's view of whether it is reachable.
public struct Device: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    public var platform: Platform
    public var osVersion: String
    public var managementType: ManagementType
    public var ownership: Ownership
    public var complianceState: ComplianceState
    public var managementState: ManagementState
    public var primaryUserUPN: String
    public var primaryUserDisplayName: String
    public var primaryUserEmail: String
    public var serialNumber: String
    public var model: String
    public var manufacturer: String
    public var imei: String
    public var securityPatchLevel: String
    public var enrolledAt: Date
    public var lastCheckInAt: Date
    /// R14: the MDM certificate's expiry; renewed by check-ins, never by the clock alone.
    public var certificateExpiresAt: Date
    public var isSupervised: Bool
    public var isEncrypted: Bool
    public var isJailbroken: Bool
    /// Simulation: an online device checks in on schedule; an offline one never does.
    public var isOnline: Bool
    /// False where no one says whether the device is reachable (Microsoft Graph does not):
    /// `isOnline` is then no fact, and the rules never claim the device is offline.
    public var presenceKnown: Bool
    public var activationLockBypassCode: String?
    public var activationLockBypassCodeIssuedAt: Date?
    /// R1: a device restriction policy allowing Activation Lock is assigned (supervised iOS).
    public var activationLockAllowedByPolicy: Bool
    /// R9: a compliance policy requires a passcode.
    public var passcodeRequiredByCompliance: Bool
    /// R7 (1): a configuration policy requires a work profile passcode.
    public var workProfilePasscodeRequiredByPolicy: Bool
    /// R7 (2): the user set a compliant work profile passcode.
    public var workProfilePasscodeSet: Bool
    /// R7 (3): the user accepted the second prompt allowing passcode reset.
    public var passcodeResetPromptAccepted: Bool
    public var apps: [DeviceApp]
    /// Inventory the console does not model but keeps so an export gives back what was
    /// imported, keyed by the portal's CSV header (`Wi-Fi MAC`, `Azure AD Device ID`, …).
    public var inventory: [String: String]
    /// R30: set while the device is in Lost Mode.
    public var lostMode: LostMode?
    /// R32: the last position a Locate device found (shown 24 hours from `collectedAt`).
    public var location: DeviceLocation?
    /// R35: the diagnostics uploads kept for the device, newest last.
    public var diagnostics: [DiagnosticsUpload]
    /// The scope tags the device holds (Graph's `roleScopeTagIds`): which operators see it.
    /// Never empty: a device given none holds Default.
    public var roleScopeTagIds: [String]

    public init(
        id: String, name: String, platform: Platform, osVersion: String,
        managementType: ManagementType, ownership: Ownership,
        complianceState: ComplianceState = .compliant, managementState: ManagementState = .managed,
        primaryUserUPN: String = "", primaryUserDisplayName: String = "", primaryUserEmail: String = "",
        serialNumber: String = "", model: String = "", manufacturer: String = "", imei: String = "",
        securityPatchLevel: String = "", enrolledAt: Date, lastCheckInAt: Date,
        certificateExpiresAt: Date? = nil, isSupervised: Bool = false, isEncrypted: Bool = true,
        isJailbroken: Bool = false, isOnline: Bool = true,
        activationLockBypassCode: String? = nil, activationLockBypassCodeIssuedAt: Date? = nil,
        activationLockAllowedByPolicy: Bool = false, passcodeRequiredByCompliance: Bool = false,
        workProfilePasscodeRequiredByPolicy: Bool = false, workProfilePasscodeSet: Bool = false,
        passcodeResetPromptAccepted: Bool = false, apps: [DeviceApp] = [],
        inventory: [String: String] = [:], lostMode: LostMode? = nil, location: DeviceLocation? = nil,
        diagnostics: [DiagnosticsUpload] = [], presenceKnown: Bool = true, roleScopeTagIds: [String] = [ScopeTag.defaultId]
    ) {
        self.id = id
        self.name = name
        self.platform = platform
        self.osVersion = osVersion
        self.managementType = managementType
        self.ownership = ownership
        self.complianceState = complianceState
        self.managementState = managementState
        self.primaryUserUPN = primaryUserUPN
        self.primaryUserDisplayName = primaryUserDisplayName
        self.primaryUserEmail = primaryUserEmail
        self.serialNumber = serialNumber
        self.model = model
        self.manufacturer = manufacturer
        self.imei = imei
        self.securityPatchLevel = securityPatchLevel
        self.enrolledAt = enrolledAt
        self.lastCheckInAt = lastCheckInAt
        self.certificateExpiresAt = certificateExpiresAt ?? Certificate.firstExpiry(enrolledAt: enrolledAt)
        self.isSupervised = isSupervised
        self.isEncrypted = isEncrypted
        self.isJailbroken = isJailbroken
        self.isOnline = isOnline
        self.activationLockBypassCode = activationLockBypassCode
        self.activationLockBypassCodeIssuedAt = activationLockBypassCodeIssuedAt
        self.activationLockAllowedByPolicy = activationLockAllowedByPolicy
        self.passcodeRequiredByCompliance = passcodeRequiredByCompliance
        self.workProfilePasscodeRequiredByPolicy = workProfilePasscodeRequiredByPolicy
        self.workProfilePasscodeSet = workProfilePasscodeSet
        self.passcodeResetPromptAccepted = passcodeResetPromptAccepted
        self.apps = apps
        self.inventory = inventory
        self.lostMode = lostMode
        self.location = location
        self.diagnostics = diagnostics
        self.presenceKnown = presenceKnown
        self.roleScopeTagIds = ScopeTag.normalized(roleScopeTagIds)
    }

    /// Known to be offline (not merely unknown).
    public var isKnownOffline: Bool { presenceKnown && !isOnline }

    public var version: OSVersion { OSVersion(osVersion) }

    /// The "Managed by / management type" column: every device here is managed by Intune.
    public var managedByDescription: String { "Intune · \(managementType.displayName)" }
}
