/// `devices --json`, written by hand: the same bytes JSONEncoder writes for `[DeviceWire]`
/// (pretty, sorted keys, slashes unescaped), at the speed of the CSV. Encoding each device
/// through JSONEncoder, then re-indenting it for the array, took 2.3 times the CSV's time on
/// a million devices; a device here is a flat object of strings and booleans, so its text is
/// written straight into one buffer. A test holds it to JSONEncoder's output, byte for byte.
public struct DeviceJSONWriter {
    public private(set) var bytes: [UInt8] = []
    private var count = 0

    /// DeviceWire's properties in JSONEncoder's sorted order, each with how its value is read.
    private enum Value {
        case text(KeyPath<DeviceWire, String>)
        case flag(KeyPath<DeviceWire, Bool>)
        case optionalFlag(KeyPath<DeviceWire, Bool?>)
    }

    // Immutable once made; key paths are not declared Sendable.
    nonisolated(unsafe) private static let properties: [(key: String, value: Value)] = [
        ("androidSecurityPatchLevel", .text(\.androidSecurityPatchLevel)),
        ("complianceState", .text(\.complianceState)),
        ("deviceEnrollmentType", .text(\.deviceEnrollmentType)),
        ("deviceName", .text(\.deviceName)),
        ("emailAddress", .text(\.emailAddress)),
        ("enrolledDateTime", .text(\.enrolledDateTime)),
        ("id", .text(\.id)),
        ("imei", .text(\.imei)),
        ("isEncrypted", .flag(\.isEncrypted)),
        ("isSupervised", .flag(\.isSupervised)),
        ("jailBroken", .text(\.jailBroken)),
        ("lastSyncDateTime", .text(\.lastSyncDateTime)),
        ("lostModeState", .text(\.lostModeState)),
        ("managedDeviceOwnerType", .text(\.managedDeviceOwnerType)),
        ("managementCertificateExpirationDate", .text(\.managementCertificateExpirationDate)),
        ("managementState", .text(\.managementState)),
        ("managementType", .text(\.managementType)),
        ("manufacturer", .text(\.manufacturer)),
        ("model", .text(\.model)),
        ("online", .optionalFlag(\.online)),
        ("operatingSystem", .text(\.operatingSystem)),
        ("osVersion", .text(\.osVersion)),
        ("serialNumber", .text(\.serialNumber)),
        ("userDisplayName", .text(\.userDisplayName)),
        ("userPrincipalName", .text(\.userPrincipalName)),
    ]

    /// The keys as written, quotes, separator and indentation included.
    private static let keyPrefixes: [[UInt8]] = properties.map { Array("    \"\($0.key)\" : ".utf8) }
    public static var keys: [String] { properties.map(\.key) }

    public init() { bytes.append(contentsOf: "[\n".utf8) }

    /// Appends one element of the array.
    public mutating func append(_ device: DeviceWire) {
        bytes.append(contentsOf: count == 0 ? Array("  {\n".utf8) : Array(",\n  {\n".utf8))
        for (index, property) in Self.properties.enumerated() {
            if index > 0 { bytes.append(contentsOf: [UInt8(ascii: ","), UInt8(ascii: "\n")]) }
            bytes.append(contentsOf: Self.keyPrefixes[index])
            switch property.value {
            case .text(let path): appendString(device[keyPath: path])
            case .flag(let path): bytes.append(contentsOf: device[keyPath: path] ? Array("true".utf8) : Array("false".utf8))
            case .optionalFlag(let path):
                bytes.append(contentsOf: device[keyPath: path].map { $0 ? Array("true".utf8) : Array("false".utf8) } ?? Array("null".utf8))
            }
        }
        bytes.append(contentsOf: "\n  }".utf8)
        count += 1
    }

    /// The end of the array: JSONEncoder writes an empty one as "[\n\n]".
    public mutating func finish() { bytes.append(contentsOf: "\n]\n".utf8) }

    /// Takes what was written so far (the buffer starts again empty).
    public mutating func take() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }

    /// A JSON string as JSONEncoder escapes it: quotes and backslashes, the control characters
    /// (\b \f \n \r \t by name, the others as \u00XX); everything else as it is, "/" included.
    private mutating func appendString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
