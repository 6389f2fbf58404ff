/// `audit list --json`, written by hand: the same bytes JSONEncoder writes for
/// `[AuditEntryWire]` (pretty, sorted keys, slashes unescaped). Each entry through JSONEncoder
/// and re-indented (JSONArrayStream) took 73 s for a million entries; an entry is strings, an
/// id, an optional origin object and an array of changed properties, written straight into
/// one buffer. A test holds it to JSONEncoder's output, byte for byte.
public struct AuditJSONWriter: JSONListWriter {
    public private(set) var bytes: [UInt8] = []
    private var count = 0

    /// AuditEntryWire's properties in JSONEncoder's sorted order: `append` writes them so.
    public static let keys = [
        "actionId", "activity", "activityDateTime", "activityResult", "actor", "actorType", "bulkDeviceActionId",
        "deviceActionCategory", "id", "modifiedProperties", "origin", "targetDeviceId", "targetDeviceName",
    ]
    /// AuditOriginWire's, and ChangedProperty's.
    public static let originKeys = ["applicationDisplayName", "auditActorType", "host", "impersonatedBy", "ipAddress", "keyFingerprint", "login", "userPrincipalName"]
    public static let changeKeys = ["name", "newValue", "oldValue"]

    /// Each key with its indentation and separator, for an object at `depth` (its properties
    /// one level deeper); the first without the comma that ends the property before it.
    private static func prefixes(_ keys: [String], depth: Int) -> [[UInt8]] {
        keys.enumerated().map { index, key in
            Array(((index == 0 ? "" : ",\n") + String(repeating: "  ", count: depth + 1) + "\"\(key)\" : ").utf8)
        }
    }

    private static let entryKeys = prefixes(keys, depth: 1)
    private static let origin = prefixes(originKeys, depth: 2)
    private static let change = prefixes(changeKeys, depth: 3)
    private static let firstOpen = Array("  {\n".utf8), nextOpen = Array(",\n  {\n".utf8), close = Array("\n  }".utf8)

    public init() { bytes.append(contentsOf: "[\n".utf8) }

    /// Appends one element of the array, a property at a time in `keys`' order.
    public mutating func append(_ entry: AuditEntryWire) {
        bytes.append(contentsOf: count == 0 ? Self.firstOpen : Self.nextOpen)
        text(Self.entryKeys[0], entry.actionId)
        text(Self.entryKeys[1], entry.activity)
        text(Self.entryKeys[2], entry.activityDateTime)
        text(Self.entryKeys[3], entry.activityResult)
        text(Self.entryKeys[4], entry.actor)
        text(Self.entryKeys[5], entry.actorType)
        text(Self.entryKeys[6], entry.bulkDeviceActionId)
        text(Self.entryKeys[7], entry.deviceActionCategory)
        bytes.append(contentsOf: Self.entryKeys[8])
        bytes.append(contentsOf: String(entry.id).utf8)
        bytes.append(contentsOf: Self.entryKeys[9])
        appendChanges(entry.modifiedProperties)
        bytes.append(contentsOf: Self.entryKeys[10])
        appendOrigin(entry.origin)
        text(Self.entryKeys[11], entry.targetDeviceId)
        text(Self.entryKeys[12], entry.targetDeviceName)
        bytes.append(contentsOf: Self.close)
        count += 1
    }

    private mutating func text(_ key: [UInt8], _ value: String?) {
        bytes.append(contentsOf: key)
        JSONBytes.append(string: value, to: &bytes)
    }

    /// An array inside an entry: JSONEncoder writes an empty one as "[\n\n    ]".
    private mutating func appendChanges(_ changes: [ChangedProperty]) {
        bytes.append(contentsOf: "[\n".utf8)
        guard !changes.isEmpty else {
            bytes.append(contentsOf: "\n    ]".utf8)
            return
        }
        for (index, change) in changes.enumerated() {
            bytes.append(contentsOf: (index == 0 ? "      {\n" : ",\n      {\n").utf8)
            text(Self.change[0], change.name)
            text(Self.change[1], change.newValue)
            text(Self.change[2], change.oldValue)
            bytes.append(contentsOf: "\n      }".utf8)
        }
        bytes.append(contentsOf: "\n    ]".utf8)
    }

    private mutating func appendOrigin(_ origin: AuditOriginWire?) {
        guard let origin else { return bytes.append(contentsOf: JSONBytes.nullText) }
        bytes.append(contentsOf: "{\n".utf8)
        text(Self.origin[0], origin.applicationDisplayName)
        text(Self.origin[1], origin.auditActorType)
        text(Self.origin[2], origin.host)
        text(Self.origin[3], origin.impersonatedBy)
        text(Self.origin[4], origin.ipAddress)
        text(Self.origin[5], origin.keyFingerprint)
        text(Self.origin[6], origin.login)
        text(Self.origin[7], origin.userPrincipalName)
        bytes.append(contentsOf: "\n    }".utf8)
    }

    /// The end of the array: JSONEncoder writes an empty one as "[\n\n]".
    public mutating func finish() { bytes.append(contentsOf: "\n]\n".utf8) }

    /// Takes what was written so far (the buffer starts again empty).
    public mutating func take() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }
}
