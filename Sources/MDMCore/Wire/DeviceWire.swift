import Foundation

/// A device as it crosses the program's edge (JSON output), with the service's property
/// names (`deviceName`, `operatingSystem`, `managedDeviceOwnerType`, …) so it lines up with
/// Microsoft Graph's managedDevice.
public struct DeviceWire: Codable, Sendable, Equatable {
    public var id: String
    public var deviceName: String
    public var operatingSystem: String
    public var osVersion: String
    public var managementType: String
    public var deviceEnrollmentType: String
    public var managedDeviceOwnerType: String
    public var complianceState: String
    public var managementState: String
    public var userPrincipalName: String
    public var userDisplayName: String
    public var emailAddress: String
    public var serialNumber: String
    public var model: String
    public var manufacturer: String
    public var imei: String
    public var androidSecurityPatchLevel: String
    public var enrolledDateTime: String
    public var lastSyncDateTime: String
    public var managementCertificateExpirationDate: String
    public var isSupervised: Bool
    public var isEncrypted: Bool
    public var jailBroken: String
    /// beta's `lostModeState` (R30): `enabled` or `disabled`.
    public var lostModeState: String
    /// Null on a connected tenant: Microsoft Graph does not say whether a device is reachable.
    @ExplicitNull public var online: Bool?

    public init(_ device: Device) {
        id = device.id
        deviceName = device.name
        operatingSystem = device.platform.rawValue
        osVersion = device.osVersion
        managementType = device.managementType.rawValue
        deviceEnrollmentType = device.managementType.graphDeviceEnrollmentType
        managedDeviceOwnerType = device.ownership.rawValue
        complianceState = device.complianceState.rawValue
        managementState = device.managementState.rawValue
        userPrincipalName = device.primaryUserUPN
        userDisplayName = device.primaryUserDisplayName
        emailAddress = device.primaryUserEmail
        serialNumber = device.serialNumber
        model = device.model
        manufacturer = device.manufacturer
        imei = device.imei
        androidSecurityPatchLevel = device.securityPatchLevel
        enrolledDateTime = DateText.iso(device.enrolledAt)
        lastSyncDateTime = DateText.iso(device.lastCheckInAt)
        managementCertificateExpirationDate = DateText.iso(device.certificateExpiresAt)
        isSupervised = device.isSupervised
        isEncrypted = device.isEncrypted
        jailBroken = device.isJailbroken ? "True" : "False"
        lostModeState = device.lostMode == nil ? "disabled" : "enabled"
        online = device.presenceKnown ? device.isOnline : nil
    }
}

/// An action taken, on the wire (R20).
public struct ActionRecordWire: Codable, Sendable, Equatable {
    public var id: String
    public var action: String
    public var deviceId: String
    public var deviceName: String
    public var actionState: String
    public var startDateTime: String
    public var lastUpdatedDateTime: String
    public var initiatedBy: String
    public var source: String
    public var detail: String
    @ExplicitNull public var temporaryPasscode: String?
    /// R19: set for a retire/wipe with no audit entry.
    @ExplicitNull public var explanation: String?

    public init(_ record: ActionRecord, now: Date, explanation: String? = nil) {
        id = record.id
        action = record.action.rawValue
        deviceId = record.deviceId
        deviceName = record.deviceName
        actionState = record.state.rawValue
        startDateTime = DateText.iso(record.issuedAt)
        lastUpdatedDateTime = DateText.iso(record.updatedAt)
        initiatedBy = record.initiatedBy
        source = record.source.rawValue
        detail = record.detail
        temporaryPasscode = record.visibleTemporaryPasscode(at: now)
        self.explanation = explanation
    }
}

/// One "… More" entry on the wire: `action`, `enabled`, `reason`, `remedy`, `rule`.
public struct AvailabilityWire: Codable, Sendable, Equatable {
    public var action: String
    public var title: String
    public var enabled: Bool
    @ExplicitNull public var reason: String?
    @ExplicitNull public var remedy: String?
    @ExplicitNull public var rule: String?
    public var notes: [RuleNote]
    @ExplicitNull public var predictedOutcome: String?

    public init(_ availability: ActionAvailability) {
        action = availability.action.rawValue
        title = availability.title
        enabled = availability.enabled
        reason = availability.reason
        remedy = availability.remedy
        rule = availability.rule?.rawValue
        notes = availability.notes
        predictedOutcome = availability.predictedOutcome?.rawValue
    }
}

/// The device overview on the wire: properties, hardware overview (R3), actions (R20), menu.
public struct DeviceOverviewWire: Codable, Sendable {
    public struct Hardware: Codable, Sendable {
        @ExplicitNull public var activationLockBypassCode: String?
        @ExplicitNull public var activationLockBypassCodeExpirationDateTime: String?
        /// R3: why no code is shown.
        @ExplicitNull public var activationLockBypassCodeUnavailableReason: String?
        public var managementCertificateExpirationDate: String
        public var certificateExpired: Bool
        /// R15: when the service removes the device if it never checks in again.
        public var cleanupDateTime: String
    }

    public var device: DeviceWire
    public var hardware: Hardware
    public var deviceActions: [ActionRecordWire]
    public var actions: [AvailabilityWire]
    public var notes: [RuleNote]
    public var apps: [DeviceApp]

    public init(_ overview: DeviceOverview) {
        device = DeviceWire(overview.device)
        hardware = Hardware(
            activationLockBypassCode: overview.bypassCode,
            activationLockBypassCodeExpirationDateTime: overview.bypassCodeExpiresAt.map(DateText.iso),
            activationLockBypassCodeUnavailableReason: overview.bypassCodeAbsence,
            managementCertificateExpirationDate: DateText.iso(overview.device.certificateExpiresAt),
            certificateExpired: overview.certificateExpired,
            cleanupDateTime: DateText.iso(overview.cleanupDate))
        deviceActions = overview.actions.map { ActionRecordWire($0, now: overview.now, explanation: overview.explanation(for: $0)) }
        actions = overview.availability.map(AvailabilityWire.init)
        var notes: [RuleNote] = []
        if let long = overview.wipePendingLong { notes.append(RuleNote(.r16, long)) }
        if let passcode = overview.temporaryPasscode {
            notes.append(RuleNote(.r23, "Temporary passcode \(passcode.code), shown until \(DateText.short(passcode.until))."))
        }
        self.notes = notes
        apps = overview.device.apps
    }
}

/// An audit entry on the wire (R18).
public struct AuditEntryWire: Codable, Sendable, Equatable {
    public var id: Int64
    public var activityDateTime: String
    public var activity: String
    public var activityResult: String
    public var actor: String
    public var actorType: String
    @ExplicitNull public var targetDeviceId: String?
    @ExplicitNull public var targetDeviceName: String?
    @ExplicitNull public var actionId: String?
    public var modifiedProperties: [ChangedProperty]
    /// Where it came from, with Graph's auditActor names (null for the service's own
    /// entries and entries older than origins).
    @ExplicitNull public var origin: AuditOriginWire?
    /// Graph's remoteActionAudit names: `bulk` for one device of a bulk run (else `single`
    /// for an action), and the run's id.
    @ExplicitNull public var deviceActionCategory: String?
    @ExplicitNull public var bulkDeviceActionId: String?

    public init(_ entry: AuditEntry) {
        let bulkId = entry.changedProperties.first { $0.name == "bulkDeviceActionId" }?.newValue
        bulkDeviceActionId = bulkId
        deviceActionCategory = bulkId != nil ? "bulk" : entry.actionId != nil ? "single" : nil
        origin = entry.origin.map { AuditOriginWire($0, entry: entry) }
        id = entry.id
        activityDateTime = DateText.iso(entry.time)
        activity = entry.activity
        activityResult = entry.result.rawValue
        actor = entry.actor
        actorType = entry.actorType.rawValue
        targetDeviceId = entry.deviceId
        targetDeviceName = entry.deviceName
        actionId = entry.actionId
        modifiedProperties = entry.changedProperties
    }
}

extension ActorType {
    /// Graph's `auditActor.auditActorType` for it, the one spelling `serve` and `--json` share:
    /// a person is an `ItPro`; the service and applications are an `Application`.
    public var graphAuditActorType: String {
        switch self {
        case .user: "ItPro"
        case .service, .application: "Application"
        }
    }
}

/// An audit entry's origin as Graph's `auditActor` names it where a name exists
/// (`auditActorType`, `userPrincipalName`, `applicationDisplayName`, `ipAddress`), and the
/// console's own beside them.
public struct AuditOriginWire: Codable, Sendable, Equatable {
    public var auditActorType: String
    public var userPrincipalName: String
    public var applicationDisplayName: String
    public var ipAddress: String
    public var login: String
    public var host: String
    @ExplicitNull public var keyFingerprint: String?
    @ExplicitNull public var impersonatedBy: String?

    public init(_ origin: AuditOrigin, entry: AuditEntry) {
        auditActorType = entry.actorType.graphAuditActorType
        userPrincipalName = entry.actor
        applicationDisplayName = origin.applicationDisplayName
        ipAddress = origin.ipAddress
        login = origin.login
        host = origin.host
        keyFingerprint = origin.keyFingerprint
        impersonatedBy = origin.impersonatedBy
    }
}
