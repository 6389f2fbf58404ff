import Foundation
import GRDB

/// Why a scope tag change was not made.
public enum ScopeTagError: Error, Equatable, CustomStringConvertible {
    case noSuchTag(text: String, known: [String])
    case invalidName(name: String, problem: String)
    case nameTaken(name: String)
    case idTaken(id: String, by: String)
    case invalidId(text: String)
    case builtIn
    case inUse(name: String, devices: Int, operators: [String])
    /// A connected tenant's devices hold the service's tags: tagged here, the next sync would undo it.
    case mirrored

    public var description: String {
        switch self {
        case .noSuchTag(let text, let known):
            "no scope tag is named \"\(TerminalText.visible(text))\"; the scope tags are: \(known.joined(separator: ", ")) (see `mdmconsole scope-tags list`)"
        case .invalidName(let name, let problem):
            "scope tag name \"\(TerminalText.visible(name))\" \(problem)"
        case .nameTaken(let name):
            "a scope tag named \"\(TerminalText.visible(name))\" exists already"
        case .idTaken(let id, let name):
            "the scope tag id \(id) is \(name)'s already"
        case .invalidId(let text):
            "\"\(TerminalText.visible(text))\" is not a scope tag id: the service's ids are digits (1 to 10 of them)"
        case .builtIn:
            "Default is the service's own scope tag, held by every device given no other: it cannot be defined, renamed or deleted"
        case .inUse(let name, let devices, let operators):
            "\(name) is still in use (\([devices > 0 ? "\(devices) device\(devices == 1 ? "" : "s")" : nil, operators.isEmpty ? nil : "the assignments of \(operators.joined(separator: ", "))"].compactMap { $0 }.joined(separator: " and "))): untag them first (`scope-tags untag`, `roles grant UPN ROLE --every-device` or other tags)"
        case .mirrored:
            "this store mirrors a connected tenant: its devices' scope tags are the service's (tag them in the Intune admin center; the next sync brings them)"
        }
    }
}

/// What a role grant does to the operator's scope tags.
public enum ScopeChange: Sendable, Equatable {
    /// As they were (a new operator: every device).
    case unchanged
    case everyDevice
    case tags([String])
}

/// Scope tags (docs/trust.md "Scope tags"): defined (Roles/Create), deleted while unused
/// (Roles/Delete), and put on devices or taken off (Roles/Assign: like an assignment, it decides
/// who sees a device); each change and each refusal audited, in one transaction with it.
public struct ScopeTagService: Sendable {
    public let store: TenantStore

    public init(store: TenantStore) { self.store = store }

    static let createActivity = "create RoleScopeTag"
    static let deleteActivity = "delete RoleScopeTag"
    static let tagActivity = "assign RoleScopeTag"
    static let longestName = 128

    /// Default, then the tenant's own, by id.
    public func tags() throws -> [ScopeTag] {
        try store.read { db in try Self.all(db) }
    }

    static func all(_ db: Database) throws -> [ScopeTag] {
        let own = try Row.fetchAll(db, sql: "SELECT id, displayName, description FROM roleScopeTag").map {
            ScopeTag(id: $0["id"], displayName: $0["displayName"], description: $0["description"])
        }
        return [.default] + own.sorted { ($0.id.count, $0.id) < ($1.id.count, $1.id) }
    }

    static func exists(_ db: Database, id: String) throws -> Bool {
        try id == ScopeTag.defaultId || Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM roleScopeTag WHERE id = ?)", arguments: [id]) == true
    }

    /// A tag by its name (case ignored) or its id.
    static func named(_ db: Database, _ text: String) throws -> ScopeTag {
        let every = try all(db)
        if let found = every.first(where: { $0.id == text || $0.displayName.caseInsensitiveCompare(text) == .orderedSame }) { return found }
        throw ScopeTagError.noSuchTag(text: text, known: every.map(\.displayName))
    }

    /// The ids of tags named by name or id, for a grant (`--scope-tag`).
    public func ids(named texts: [String]) throws -> [String] {
        try store.read { db in try texts.map { try Self.named(db, $0).id } }
    }

    /// A new tag; `id`: the service's id for it (a connected tenant's tag), else the next free one.
    @discardableResult
    public func define(name rawName: String, description: String = "", id: String? = nil, by actor: String) throws -> ScopeTag {
        let name = rawName.trimmingCharacters(in: .whitespaces)
        if name.isEmpty { throw ScopeTagError.invalidName(name: name, problem: "is empty") }
        if let problem = InputText.problem(in: name) { throw ScopeTagError.invalidName(name: name, problem: problem) }
        if name.unicodeScalars.count > Self.longestName { throw ScopeTagError.invalidName(name: name, problem: "is longer than \(Self.longestName) characters") }
        if let problem = InputText.problem(in: description) { throw ScopeTagError.invalidName(name: name, problem: "has a description that \(problem)") }
        if let id, !ScopeTag.isValidId(id) { throw ScopeTagError.invalidId(text: id) }
        if id == ScopeTag.defaultId || name.caseInsensitiveCompare(ScopeTag.default.displayName) == .orderedSame { throw ScopeTagError.builtIn }
        var made: ScopeTag?
        try RoleService(store: store).audited(activity: Self.createActivity, needs: .createRoles, by: actor) { db in
            let asked = [ChangedProperty("scope tag", from: "", to: name)]
            return (asked, {
                if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM roleScopeTag WHERE displayName = ? COLLATE NOCASE)", arguments: [name]) == true {
                    throw ScopeTagError.nameTaken(name: name)
                }
                let chosen: String
                if let id {
                    if let holder = try String.fetchOne(db, sql: "SELECT displayName FROM roleScopeTag WHERE id = ?", arguments: [id]) {
                        throw ScopeTagError.idTaken(id: id, by: holder)
                    }
                    chosen = id
                } else {
                    let highest = try Int.fetchOne(db, sql: "SELECT MAX(CAST(id AS INTEGER)) FROM roleScopeTag") ?? 0
                    chosen = String(highest + 1)
                }
                let tag = ScopeTag(id: chosen, displayName: name, description: description)
                try db.execute(sql: "INSERT INTO roleScopeTag(id, displayName, description) VALUES (?, ?, ?)", arguments: [tag.id, tag.displayName, tag.description])
                made = tag
                return [ChangedProperty("scope tag \(tag.id)", from: "", to: tag.displayName)]
            })
        }
        return made!
    }

    /// Deletes a tag no device and no assignment holds.
    public func delete(_ text: String, by actor: String) throws {
        try RoleService(store: store).audited(activity: Self.deleteActivity, needs: .deleteRoles, by: actor) { db in
            let tag = try Self.named(db, text)
            if tag.isBuiltIn { throw ScopeTagError.builtIn }
            return ([ChangedProperty("scope tag \(tag.id)", from: tag.displayName, to: "")], {
                let (held, arguments) = ScopeTagColumn.clause("roleScopeTagIds", holdingAnyOf: [tag.id])
                let devices = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM device WHERE " + held, arguments: arguments) ?? 0
                let (assigned, assignedArguments) = ScopeTagColumn.clause("scopeTagIds", holdingAnyOf: [tag.id])
                let operators = try String.fetchAll(db, sql: "SELECT upn FROM operator WHERE scopeTagIds IS NOT NULL AND " + assigned + " ORDER BY upn",
                                                    arguments: assignedArguments)
                if devices > 0 || !operators.isEmpty { throw ScopeTagError.inUse(name: tag.displayName, devices: devices, operators: operators) }
                try db.execute(sql: "DELETE FROM roleScopeTag WHERE id = ?", arguments: [tag.id])
                return [ChangedProperty("scope tag \(tag.id)", from: tag.displayName, to: "")]
            })
        }
    }

    /// Puts the tag on each device (`adding`) or takes it off; a device left with no tag holds
    /// Default again, and one given its first tag of the tenant's own stops holding Default.
    /// One entry per device changed, in one transaction: all of them or none. Returns how many changed.
    @discardableResult
    public func tag(_ text: String, devices ids: [String], adding: Bool, by actor: String) throws -> Int {
        if try store.source() != nil { throw ScopeTagError.mirrored }
        var changed = 0
        try RoleService(store: store).audited(activity: Self.tagActivity, needs: .assignRoles, by: actor) { db in
            let tag = try Self.named(db, text)
            if tag.isBuiltIn { throw ScopeTagError.builtIn }
            return ([ChangedProperty(adding ? "tag devices" : "untag devices", from: "", to: "\(tag.displayName): \(ids.count) device\(ids.count == 1 ? "" : "s")")], {
                let now = try TenantClock.now(db)
                for id in ids {
                    guard var device = try Device.fetchOne(db, key: id) else { throw StoreError.unknownDevice(id, suggestions: []) }
                    let before = device.roleScopeTagIds
                    var set = Set(before).subtracting([ScopeTag.defaultId])
                    if adding { set.insert(tag.id) } else { set.remove(tag.id) }
                    device.roleScopeTagIds = ScopeTag.normalized(Array(set))
                    guard device.roleScopeTagIds != before else { continue }
                    try device.update(db)
                    try AuditLog.append(db, AuditEntry(time: now, activity: Self.tagActivity, result: .success, actor: actor, actorType: .user,
                                                       deviceId: device.id, deviceName: device.name,
                                                       changedProperties: [ChangedProperty("roleScopeTagIds", from: before.joined(separator: ","),
                                                                                           to: device.roleScopeTagIds.joined(separator: ","))]))
                    changed += 1
                }
                return [ChangedProperty(adding ? "tag devices" : "untag devices", from: "", to: "\(tag.displayName): \(changed) device\(changed == 1 ? "" : "s") changed")]
            })
        }
        return changed
    }
}
