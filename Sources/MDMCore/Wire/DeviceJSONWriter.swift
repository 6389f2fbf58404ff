/// `devices --json`, written by hand: the same bytes JSONEncoder writes for `[DeviceWire]`
/// (pretty, sorted keys, slashes unescaped), at the speed of the CSV. Encoding each device
/// through JSONEncoder, then re-indenting it for the array, took 2.3 times the CSV's time on
/// a million devices; a device here is a flat object of strings and booleans, so its text is
/// written straight into one buffer. A test holds it to JSONEncoder's output, byte for byte.
public struct DeviceJSONWriter: JSONListWriter {
    public private(set) var bytes: [UInt8] = []
    private var count = 0

    /// DeviceWire's properties in JSONEncoder's sorted order: `append` writes them in this order.
    public static let keys = [
        "androidSecurityPatchLevel", "complianceState", "deviceEnrollmentType", "deviceName", "emailAddress",
        "enrolledDateTime", "id", "imei", "isEncrypted", "isSupervised", "jailBroken", "lastSyncDateTime",
        "lostModeState", "managedDeviceOwnerType", "managementCertificateExpirationDate", "managementState",
        "managementType", "manufacturer", "model", "online", "operatingSystem", "osVersion", "serialNumber",
        "userDisplayName", "userPrincipalName",
    ]

    /// The keys as written, quotes, separator and indentation included; the first without the
    /// comma and new line that end the property before it.
    private static let keyPrefixes: [[UInt8]] = keys.enumerated().map { index, key in Array(((index == 0 ? "" : ",\n") + "    \"\(key)\" : ").utf8) }
    private static let firstOpen = Array("  {\n".utf8), nextOpen = Array(",\n  {\n".utf8), close = Array("\n  }".utf8)

    public init() { bytes.append(contentsOf: "[\n".utf8) }

    /// Appends one element of the array, a property at a time in `keys`' order.
    public mutating func append(_ device: DeviceWire) {
        bytes.append(contentsOf: count == 0 ? Self.firstOpen : Self.nextOpen)
        property(0, device.androidSecurityPatchLevel)
        property(1, device.complianceState)
        property(2, device.deviceEnrollmentType)
        property(3, device.deviceName)
        property(4, device.emailAddress)
        property(5, device.enrolledDateTime)
        property(6, device.id)
        property(7, device.imei)
        property(8, device.isEncrypted)
        property(9, device.isSupervised)
        property(10, device.jailBroken)
        property(11, device.lastSyncDateTime)
        property(12, device.lostModeState)
        property(13, device.managedDeviceOwnerType)
        property(14, device.managementCertificateExpirationDate)
        property(15, device.managementState)
        property(16, device.managementType)
        property(17, device.manufacturer)
        property(18, device.model)
        property(19, device.online)
        property(20, device.operatingSystem)
        property(21, device.osVersion)
        property(22, device.serialNumber)
        property(23, device.userDisplayName)
        property(24, device.userPrincipalName)
        bytes.append(contentsOf: Self.close)
        count += 1
    }

    private mutating func property(_ index: Int, _ value: String) {
        bytes.append(contentsOf: Self.keyPrefixes[index])
        JSONBytes.append(string: value, to: &bytes)
    }

    private mutating func property(_ index: Int, _ value: Bool?) {
        bytes.append(contentsOf: Self.keyPrefixes[index])
        JSONBytes.append(flag: value, to: &bytes)
    }

    /// The end of the array: JSONEncoder writes an empty one as "[\n\n]".
    public mutating func finish() { bytes.append(contentsOf: "\n]\n".utf8) }

    /// Takes what was written so far (the buffer starts again empty).
    public mutating func take() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }
}
