import Foundation
import GRDB

/// An SSH key that is an operator (gitolite's pattern: one service account, one forced
/// command per key, the key telling who is there).
public struct OperatorKey: Codable, Sendable, Equatable {
    public var fingerprint: String
    public var upn: String
    public var publicKey: String
    public var comment: String
    public var addedAt: Date
}

extension OperatorKey: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "operatorKey"
}

/// Why a key was not added or removed.
public enum OperatorKeyError: Error, Equatable, CustomStringConvertible {
    case lacksPermission(upn: String, role: Role)
    case alreadyAdded(fingerprint: String, upn: String)
    case noSuchKey(String)
    case invalidIdentity(upn: String, problem: String)

    public var description: String {
        switch self {
        case .lacksPermission(let upn, let role): Role.refusal(upn, role, lacks: .assignRoles, doing: "adds or removes operators' keys")
        case .alreadyAdded(let fingerprint, let upn): "the key \(fingerprint) is already \(upn)'s: remove it first (one key is one operator)"
        case .noSuchKey(let text): "no operator key \(text) (see `mdmconsole operators keys`)"
        case .invalidIdentity(let upn, let problem): "UPN \"\(TerminalText.visible(upn))\" \(problem)"
        }
    }
}

/// Adding, removing and listing operators' SSH keys: Administrators only, each change and
/// each refusal audited.
public struct OperatorKeys: Sendable {
    public let store: TenantStore
    static let addActivity = "add OperatorKey"
    static let removeActivity = "remove OperatorKey"

    public init(store: TenantStore) { self.store = store }

    public func add(_ key: SSHPublicKey, to upn: String, by actor: String) throws {
        if let problem = InputText.identityProblem(in: upn) { throw OperatorKeyError.invalidIdentity(upn: upn, problem: problem) }
        try change(activity: Self.addActivity, actor: actor, property: ChangedProperty("key of \(upn)", from: "", to: key.fingerprint)) { db in
            if let existing = try OperatorKey.fetchOne(db, key: key.fingerprint) {
                return .alreadyAdded(fingerprint: key.fingerprint, upn: existing.upn)
            }
            try OperatorKey(fingerprint: key.fingerprint, upn: upn, publicKey: "\(key.type) \(key.blob)", comment: key.comment,
                            addedAt: try TenantClock.now(db)).insert(db)
            return nil
        }
    }

    /// Removes a key by its fingerprint.
    public func remove(_ fingerprint: String, by actor: String) throws {
        let owner = try store.read { db in try OperatorKey.fetchOne(db, key: fingerprint)?.upn }
        guard let owner else { throw OperatorKeyError.noSuchKey(fingerprint) }
        try change(activity: Self.removeActivity, actor: actor, property: ChangedProperty("key of \(owner)", from: fingerprint, to: "")) { db in
            try OperatorKey.deleteOne(db, key: fingerprint)
            return nil
        }
    }

    public func all() throws -> [OperatorKey] {
        try store.read { db in try OperatorKey.fetchAll(db, sql: "SELECT * FROM operatorKey ORDER BY upn, addedAt") }
    }

    /// The operator a key fingerprint is, if any.
    static func owner(_ db: Database, fingerprint: String) throws -> String? {
        try OperatorKey.fetchOne(db, key: fingerprint)?.upn
    }

    private func change(activity: String, actor: String, property: ChangedProperty,
                        _ body: @escaping (Database) throws -> OperatorKeyError?) throws {
        let problem = try PermittedChange.run(store, needs: .assignRoles, activity: activity, actor: actor, property: property,
                                                  refusal: { OperatorKeyError.lacksPermission(upn: actor, role: $0) }, body)
        if let problem { throw problem }
    }
}

/// The `authorized_keys` lines of the service account: each key forced to open the console
/// as its operator, with nothing else allowed (`restrict`: no forwarding, no agent, no X11;
/// `pty` given back, the console needs a terminal).
public enum AuthorizedKeys {
    /// Characters the forced command cannot carry safely inside `command="…"` and a shell.
    public static func problem(in path: String) -> String? {
        if path.contains("\"") || path.contains("\\") || path.contains("'") || !TerminalText.isShowable(path) {
            return "\(TerminalText.visible(path)): a path with quotes, backslashes or controls cannot go in an authorized_keys command"
        }
        return nil
    }

    public static func line(for key: OperatorKey, binary: String, store: String) -> String {
        let command = "'\(binary)' --db '\(store)' --operator-key \(key.fingerprint)"
        let comment = key.comment.isEmpty ? key.upn : "\(key.upn) \(key.comment)"
        return "restrict,pty,command=\"\(command)\" \(key.publicKey) \(comment)"
    }
}
