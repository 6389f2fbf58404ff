import Crypto
import Foundation

/// R18, tamper evidence: each audit entry carries a SHA-256 over its content and the
/// previous entry's hash, so an entry edited, removed, added or moved breaks the chain.
/// The id is left out of the hash on purpose: a moved entry then still matches its own
/// hash, and the verifier can say "reordered" rather than "edited".
public enum AuditChain {
    /// The "previous hash" of the first entry.
    public static let genesis = String(repeating: "0", count: 64)

    /// The fields as stored: `time` and `changedProperties` are the exact database text.
    package struct Content {
        var time: String
        var activity: String
        var result: String
        var actor: String
        var actorType: String
        var deviceId: String?
        var deviceName: String?
        var actionId: String?
        var changedProperties: String
        var previousHash: String
        /// The stored JSON of `AuditOrigin`; absent in entries written before it existed,
        /// which then hash exactly as they did.
        var origin: String? = nil

        // Spelled out because a memberwise initializer is never wider than internal.
        package init(time: String, activity: String, result: String, actor: String, actorType: String, deviceId: String?,
                     deviceName: String?, actionId: String?, changedProperties: String, previousHash: String, origin: String? = nil) {
            self.time = time; self.activity = activity; self.result = result; self.actor = actor; self.actorType = actorType
            self.deviceId = deviceId; self.deviceName = deviceName; self.actionId = actionId
            self.changedProperties = changedProperties; self.previousHash = previousHash; self.origin = origin
        }
    }

    static func hash(_ content: Content) -> String {
        // One buffer, one digest: per field a presence byte, its UTF-8, and a separator,
        // so a missing value and an empty one never hash alike.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(384)
        func add(_ field: String?) {
            if let field {
                bytes.append(0x01)
                bytes.append(contentsOf: field.utf8)
            } else {
                bytes.append(0x00)
            }
            bytes.append(0x1F)
        }
        add(content.time)
        add(content.activity)
        add(content.result)
        add(content.actor)
        add(content.actorType)
        add(content.deviceId)
        add(content.deviceName)
        add(content.actionId)
        add(content.changedProperties)
        add(content.previousHash)
        if let origin = content.origin { add(origin) }
        return hex(SHA256.hash(data: bytes))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in bytes {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
