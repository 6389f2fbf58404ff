/// A scope tag: a name an organisation gives a set of devices (a region, a school) so that a
/// role assignment can be limited to them (docs/trust.md "Scope tags"). Ids are the service's
/// `roleScopeTag` ids, digits; "0" is Default, which every device without another tag holds.
public struct ScopeTag: Codable, Sendable, Hashable {
    public var id: String
    public var displayName: String
    public var description: String

    public init(id: String, displayName: String, description: String = "") {
        self.id = id
        self.displayName = displayName
        self.description = description
    }

    public static let defaultId = "0"
    public static let `default` = ScopeTag(id: defaultId, displayName: "Default",
                                          description: "Held by every device given no other scope tag.")

    public var isBuiltIn: Bool { id == Self.defaultId }

    /// Whether `id` can be a scope tag's id: digits, as the service's are (they are also how
    /// the store finds a device's tags, in quotes).
    public static func isValidId(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 10 && id.unicodeScalars.allSatisfy { ("0"..."9").contains($0) }
    }

    /// A device's tags as given (Graph's `roleScopeTagIds`): none means Default; repeats dropped,
    /// in ascending order so two spellings of one set compare equal.
    public static func normalized(_ ids: [String]) -> [String] {
        let unique = Set(ids)
        return unique.isEmpty ? [defaultId] : unique.sorted { ($0.count, $0) < ($1.count, $1) }
    }
}

/// Which devices an operator sees and acts on: every device (an assignment without scope tags,
/// as the service's Intune Administrator), or those holding at least one of the assignment's tags.
public enum DeviceScope: Sendable, Hashable {
    case everyDevice
    case tags(Set<String>)

    public func contains(_ device: Device) -> Bool {
        switch self {
        case .everyDevice: true
        case .tags(let tags): !tags.isDisjoint(with: device.roleScopeTagIds)
        }
    }

    public var isEveryDevice: Bool { self == .everyDevice }
}

/// An operator whose assignment has scope tags, reading the tenant's history (the audit log,
/// Device actions): they see what names no device, what they did themselves, and what names a
/// device their tags hold now; the rest is left out, not redacted (docs/trust.md "Scope tags").
public struct ScopedReader: Sendable, Hashable {
    public var upn: String
    public var tags: Set<String>

    public init(upn: String, tags: Set<String>) {
        self.upn = upn
        self.tags = tags
    }
}
