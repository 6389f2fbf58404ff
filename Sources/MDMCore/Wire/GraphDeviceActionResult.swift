import Foundation

/// One element of a managedDevice's `deviceActionResults` (Graph's deviceActionResult):
/// written by `serve` from an action record, read by the mirror into `ServiceActionResult`.
/// Three actions have a derived type: reset passcode (R23's passcode), remote lock (R29's
/// unlock PIN) and locate (R32's position).
public struct GraphDeviceActionResult: Encodable, Sendable, Equatable {
    /// Its property names, for the mirror's reader (which walks `JSONNode`s, not `Decodable`).
    public enum Key: String, CodingKey, Sendable {
        case odataType = "@odata.type", actionName, actionState, startDateTime, lastUpdatedDateTime
        // resetPasscodeActionResult
        case passcode, errorCode
        // remoteLockActionResult
        case unlockPin
        // locateDeviceActionResult
        case deviceLocation
    }

    /// deviceGeoLocation's members (all non-nullable doubles in v1.0, and the date).
    public enum LocationKey: String, CodingKey, Sendable {
        case latitude, longitude, altitude, horizontalAccuracy, verticalAccuracy, heading, speed, lastCollectedDateTime
    }

    /// The derived type where the action has one (`#microsoft.graph.resetPasscodeActionResult`).
    public var odataType: String?
    /// resetPasscodeActionResult: the temporary passcode while it is shown (R23), else null.
    /// remoteLockActionResult: the Mac's unlock PIN while it is shown (R29), else null.
    public var secret: String?
    /// locateDeviceActionResult: where it was found, while kept (R32).
    public var location: DeviceLocation?

    public var actionName: String
    public var actionState: String
    public var startDateTime: String
    public var lastUpdatedDateTime: String

    /// `location`: the device's position, given for its latest locate.
    public init(_ record: ActionRecord, now: Date, location: DeviceLocation? = nil) {
        switch record.action {
        case .resetPasscode:
            odataType = "#microsoft.graph.resetPasscodeActionResult"
            secret = record.visibleTemporaryPasscode(at: now)
        case .remoteLock:
            odataType = "#microsoft.graph.remoteLockActionResult"
            secret = record.visibleTemporaryPasscode(at: now)
        case .locateDevice:
            odataType = "#microsoft.graph.locateDeviceActionResult"
            self.location = location
        default:
            break
        }
        actionName = record.action.graphActionName
        actionState = record.state.rawValue
        startDateTime = DateText.iso(record.issuedAt)
        lastUpdatedDateTime = DateText.iso(record.updatedAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encodeIfPresent(odataType, forKey: .odataType)
        try container.encode(actionName, forKey: .actionName)
        try container.encode(actionState, forKey: .actionState)
        try container.encode(startDateTime, forKey: .startDateTime)
        try container.encode(lastUpdatedDateTime, forKey: .lastUpdatedDateTime)
        switch odataType {
        case "#microsoft.graph.resetPasscodeActionResult"?:
            if let secret { try container.encode(secret, forKey: .passcode) } else { try container.encodeNil(forKey: .passcode) }
            try container.encode(0, forKey: .errorCode)
        case "#microsoft.graph.remoteLockActionResult"?:
            if let secret { try container.encode(secret, forKey: .unlockPin) } else { try container.encodeNil(forKey: .unlockPin) }
        case "#microsoft.graph.locateDeviceActionResult"?:
            guard let location else { try container.encodeNil(forKey: .deviceLocation); break }
            var place = container.nestedContainer(keyedBy: LocationKey.self, forKey: .deviceLocation)
            try place.encode(location.latitude, forKey: .latitude)
            try place.encode(location.longitude, forKey: .longitude)
            try place.encode(location.horizontalAccuracy, forKey: .horizontalAccuracy)
            // Not measured by the simulated tenant; Graph's members are not nullable.
            for key in [LocationKey.altitude, .verticalAccuracy, .heading, .speed] { try place.encode(0.0, forKey: key) }
            try place.encode(DateText.iso(location.collectedAt), forKey: .lastCollectedDateTime)
        default:
            break
        }
    }
}

/// Beta's `deviceLogCollectionResponse`: what `createDeviceLogCollectionRequest` answers (R35).
public struct GraphLogCollectionResponse: Encodable, Sendable {
    enum Key: String, CodingKey {
        case context = "@odata.context", id, status, managedDeviceId, requestedDateTimeUTC, receivedDateTimeUTC,
             initiatedByUserPrincipalName, expirationDateTimeUTC, sizeInKB, enrolledByUser, errorCode
    }

    var context: String
    var record: ActionRecord

    public init(_ record: ActionRecord, context: String) {
        self.record = record
        self.context = context
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(context, forKey: .context)
        try container.encode(record.id, forKey: .id)
        // Beta's appLogUploadState: pending until the device uploads.
        try container.encode("pending", forKey: .status)
        try container.encode(record.deviceId, forKey: .managedDeviceId)
        try container.encode(DateText.iso(record.issuedAt), forKey: .requestedDateTimeUTC)
        try container.encodeNil(forKey: .receivedDateTimeUTC)
        try container.encode(record.initiatedBy, forKey: .initiatedByUserPrincipalName)
        try container.encode(DateText.iso(record.issuedAt.addingTimeInterval(RuleDurations.diagnosticsRetention)), forKey: .expirationDateTimeUTC)
        try container.encodeNil(forKey: .sizeInKB)
        try container.encodeNil(forKey: .enrolledByUser)
        try container.encode(0, forKey: .errorCode)
    }
}
