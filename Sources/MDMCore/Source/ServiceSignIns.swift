import Foundation
import GRDB

/// A connected tenant's operators each act on the service as themselves: who has signed in,
/// as which account, and what that sign-in may do (its permissions and Intune role, for the
/// PERMISSION rule). The tokens are never here: they stay in each operator's token file.
public struct ServiceSignIn: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "serviceSignIn"
    public var `operator`: String
    /// The service's account the token names (the operator's own, checked at sign-in).
    public var account: String
    public var grant: String
    public var signedInAt: Date

    public var serviceGrant: ServiceGrant? { try? JSONDecoder().decode(ServiceGrant.self, from: Data(grant.utf8)) }
}

/// Why an operator's sign-in was not recorded.
public struct ServiceSignInError: Error, CustomStringConvertible, Equatable {
    public let description: String
}

public struct ServiceSignIns: Sendable {
    public let store: TenantStore
    static let signInActivity = "sign in ServiceSignIn"
    static let signOutActivity = "sign out ServiceSignIn"

    public init(store: TenantStore) { self.store = store }

    /// Records `operator`'s own sign-in (audited). The account the token names must be the
    /// operator's: one person signing in as another would put the wrong name in the
    /// service's audit log and give them the other's Intune role.
    public func record(operator upn: String, account: String?, grant: ServiceGrant, now: Date = Date()) throws {
        if let problem = Self.accountProblem(operator: upn, account: account) { throw problem }
        guard let account else { return }
        let text = try Self.text(of: grant)
        try store.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM operator WHERE upn = ?)", arguments: [upn]) == true else {
                throw ServiceSignInError(description: "\(upn) has no role in this store, so could take nothing: an operator whose role holds Roles/Assign gives them one first (`mdmconsole roles grant \(upn) helpdesk`)")
            }
            try ServiceSignIn(operator: upn, account: account, grant: text, signedInAt: now).insert(db)
            try AuditLog.append(db, AuditEntry(time: try TenantClock.now(db), activity: Self.signInActivity, result: .success, actor: upn, actorType: .user,
                                               deviceId: nil, deviceName: nil,
                                               changedProperties: [ChangedProperty("service sign-in of \(upn)", from: "", to: account)]))
        }
    }

    /// A grant as the store keeps it (sorted keys: one text for one grant).
    static func text(of grant: ServiceGrant) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(grant), as: UTF8.self)
    }

    /// Why a token naming `account` is not `upn`'s own sign-in, or nil when it is.
    public static func accountProblem(operator upn: String, account: String?) -> ServiceSignInError? {
        guard let account, !account.isEmpty else {
            return ServiceSignInError(description: "the service's token does not say which account signed in, so it cannot be told to be \(upn)'s: nothing was kept")
        }
        guard account.caseInsensitiveCompare(upn) == .orderedSame else {
            return ServiceSignInError(description: "signed in as \(TerminalText.visible(account)), but you are \(upn) in this store: sign in with your own account (nothing was kept)")
        }
        return nil
    }

    /// Updates what a sign-in may do (read again with its own token), unaudited: nothing a
    /// person did, only what the service now says.
    public func refresh(operator upn: String, grant: ServiceGrant) throws {
        let text = try Self.text(of: grant)
        try store.write { db in
            try db.execute(sql: "UPDATE serviceSignIn SET \"grant\" = ? WHERE operator = ?", arguments: [text, upn])
        }
    }

    /// Ends `operator`'s sign-in (themselves, or an Administrator for anyone); true if there was one.
    @discardableResult
    public func forget(operator upn: String, by actor: String) throws -> Bool {
        try store.write { db in
            if actor.caseInsensitiveCompare(upn) != .orderedSame {
                guard try Operators.role(db, actor).holds(.assignRoles) else {
                    throw ServiceSignInError(description: "only an operator whose role holds Roles/Assign ends another operator's sign-in")
                }
            }
            guard try ServiceSignIn.deleteOne(db, key: upn) else { return false }
            try AuditLog.append(db, AuditEntry(time: try TenantClock.now(db), activity: Self.signOutActivity, result: .success, actor: actor, actorType: .user,
                                               deviceId: nil, deviceName: nil,
                                               changedProperties: [ChangedProperty("service sign-in of \(upn)", from: "signed in", to: "ended")]))
            return true
        }
    }

    public func signIn(of upn: String) throws -> ServiceSignIn? {
        try store.read { db in try ServiceSignIn.fetchOne(db, key: upn) }
    }

    public func all() throws -> [ServiceSignIn] {
        try store.read { db in try ServiceSignIn.fetchAll(db, sql: "SELECT * FROM serviceSignIn ORDER BY operator") }
    }
}
