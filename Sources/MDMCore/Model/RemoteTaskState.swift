import Foundation

/// R30: a device in Lost Mode (beta's `lostModeState: enabled`), with what its lock screen says.
public struct LostMode: Codable, Sendable, Hashable {
    public var message: String
    public var phoneNumber: String?
    public var footer: String?
    /// When the device carried out the enable (it is in Lost Mode from then on).
    public var since: Date

    public init(message: String, phoneNumber: String? = nil, footer: String? = nil, since: Date) {
        self.message = message
        self.phoneNumber = phoneNumber
        self.footer = footer
        self.since = since
    }
}

/// R32: where a Locate device found it (Graph's `deviceGeoLocation`), kept 24 hours.
public struct DeviceLocation: Codable, Sendable, Hashable {
    public var latitude: Double
    public var longitude: Double
    /// Metres, the radius the position is good to.
    public var horizontalAccuracy: Double
    public var collectedAt: Date

    public init(latitude: Double, longitude: Double, horizontalAccuracy: Double, collectedAt: Date) {
        self.latitude = latitude
        self.longitude = longitude
        self.horizontalAccuracy = horizontalAccuracy
        self.collectedAt = collectedAt
    }

    /// "48.85661, 2.35222 (±35 m)".
    public var text: String {
        String(format: "%.5f, %.5f (±%.0f m)", latitude, longitude, horizontalAccuracy)
    }
}

/// R35: one diagnostics upload of a Collect diagnostics (Graph's `deviceLogCollectionResponse`),
/// kept 28 days, at most 10 per device.
public struct DiagnosticsUpload: Codable, Sendable, Hashable {
    public var id: String
    public var requestedAt: Date
    public var uploadedAt: Date
    public var sizeInKB: Double
    public var requestedBy: String

    public init(id: String, requestedAt: Date, uploadedAt: Date, sizeInKB: Double, requestedBy: String) {
        self.id = id
        self.requestedAt = requestedAt
        self.uploadedAt = uploadedAt
        self.sizeInKB = sizeInKB
        self.requestedBy = requestedBy
    }
}
