import Crypto
import Foundation
import GRDB

/// A bearer token of the Graph endpoint: an operator, a name (the audit entries'
/// `applicationDisplayName`) and an expiry. Only the SHA-256 of the secret is stored, so a
/// copy of the store gives no one a working token.
public struct ApiToken: Codable, Sendable, Equatable {
    public var id: String
    public var hash: String
    public var upn: String
    public var name: String
    public var createdAt: Date
    public var expiresAt: Date
    public var revokedAt: Date?
    /// The Graph permissions of a sign-in's token; nil for `tokens issue`'s, which have all.
    public var scopes: String? = nil
    /// The application a sign-in's token was issued to; nil for `tokens issue`'s.
    public var clientId: String? = nil
    /// The `tokens issue` token whose secret minted this one (client credentials): it dies with it.
    public var issuedBy: String? = nil
    /// The sign-in (device code, then each refresh) this token descends from: a replayed
    /// refresh token ends the whole family.
    public var family: String? = nil

    /// Whose throttling window a request counts in. The service throttles per app and per
    /// tenant, so every token minted from one secret, or signed in to one app, shares one:
    /// minting more tokens buys no more requests.
    public var throttleKey: String {
        if let issuedBy { return "secret:\(issuedBy)" }
        if let clientId { return "app:\(clientId)" }
        return "token:\(id)"
    }

    /// What this token may do, in Graph's terms.
    public var grant: ServiceGrant? { scopes.map { ServiceGrant(permissions: $0.split(separator: " ").map(String.init)) } }
}

extension ApiToken: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "apiToken"
}

/// Why a token was not issued or revoked.
public enum ApiTokenError: Error, Equatable, CustomStringConvertible {
    case lacksPermission(upn: String, role: Role)
    case noSuchToken(String)
    case invalid(String)

    public var description: String {
        switch self {
        case .lacksPermission(let upn, let role): Role.refusal(upn, role, lacks: .assignRoles, doing: "issues or revokes tokens")
        case .noSuchToken(let id): "no token \(id) (see `mdmconsole tokens list`)"
        case .invalid(let message): message
        }
    }
}

/// Issuing, listing, revoking and checking tokens. Expiry is wall-clock time, not the
/// tenant's simulated clock: a token is real access, whatever the demo's date.
public struct ApiTokens: Sendable {
    public let store: TenantStore
    static let issueActivity = "issue ApiToken"
    static let revokeActivity = "revoke ApiToken"
    static let longest: TimeInterval = 365 * 86_400

    public init(store: TenantStore) { self.store = store }

    /// A new token for `upn`; the secret is returned once and never stored.
    public func issue(to upn: String, name: String, lifetime: TimeInterval, by actor: String, now: Date = Date()) throws -> (ApiToken, secret: String) {
        if let problem = InputText.identityProblem(in: upn) { throw ApiTokenError.invalid("UPN \"\(TerminalText.visible(upn))\" \(problem)") }
        if let problem = InputText.problem(in: name) { throw ApiTokenError.invalid("the name \(problem)") }
        guard lifetime > 0, lifetime <= Self.longest else { throw ApiTokenError.invalid("a token lives from a minute to a year") }
        let secret = "mdm_" + Self.randomText(bytes: 32)
        let token = ApiToken(id: Self.randomText(bytes: 6), hash: Self.hash(secret), upn: upn, name: name.isEmpty ? "mdmconsole token" : name,
                             createdAt: now, expiresAt: now.addingTimeInterval(lifetime), revokedAt: nil)
        try change(activity: Self.issueActivity, actor: actor,
                   property: ChangedProperty("token \(token.id) of \(upn)", from: "", to: "\(token.name), until \(DateText.iso(token.expiresAt))")) { db in
            try token.insert(db)
            return nil
        }
        return (token, secret)
    }

    public func revoke(_ id: String, by actor: String, now: Date = Date()) throws {
        guard let token = try store.read({ db in try ApiToken.fetchOne(db, key: id) }) else { throw ApiTokenError.noSuchToken(id) }
        try change(activity: Self.revokeActivity, actor: actor, property: ChangedProperty("token \(id) of \(token.upn)", from: token.name, to: "revoked")) { db in
            // The access tokens its secret minted end with it.
            try db.execute(sql: "UPDATE apiToken SET revokedAt = ? WHERE (id = ? OR issuedBy = ?) AND revokedAt IS NULL", arguments: [now, id, id])
            return nil
        }
    }

    public func all() throws -> [ApiToken] {
        try store.read { db in try ApiToken.fetchAll(db, sql: "SELECT * FROM apiToken ORDER BY createdAt") }
    }

    /// The token a bearer secret is, while it is valid (not expired, not revoked).
    public func valid(_ secret: String, now: Date = Date()) throws -> ApiToken? {
        // `tokens issue`'s tokens, or a sign-in's JWT-shaped ones (see `SignInGrants.issue`).
        guard secret.hasPrefix("mdm_") || secret.split(separator: ".", omittingEmptySubsequences: false).count == 3,
              secret.utf8.count < 4096 else { return nil }
        let hash = Self.hash(secret)
        // The token and, for a minted one, the secret it came from, in one snapshot.
        let (token, issuer): (ApiToken?, ApiToken?) = try store.read { db in
            let token = try ApiToken.fetchOne(db, sql: "SELECT * FROM apiToken WHERE hash = ?", arguments: [hash])
            return (token, try token?.issuedBy.flatMap { try ApiToken.fetchOne(db, key: $0) })
        }
        guard let token, token.revokedAt == nil, token.expiresAt > now else { return nil }
        // A minted token never outlives its secret, whatever its own expiry says.
        if token.issuedBy != nil {
            guard let issuer, issuer.revokedAt == nil, issuer.expiresAt > now else { return nil }
        }
        return token
    }

    static func hash(_ secret: String) -> String {
        AuditChain.hex(SHA256.hash(data: Data(secret.utf8)))
    }

    static func randomText(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return PageToken.base64URL(Data(bytes))
    }

    private func change(activity: String, actor: String, property: ChangedProperty, _ body: @escaping (Database) throws -> ApiTokenError?) throws {
        let problem = try PermittedChange.run(store, needs: .assignRoles, activity: activity, actor: actor, property: property,
                                                  refusal: { ApiTokenError.lacksPermission(upn: actor, role: $0) }, body)
        if let problem { throw problem }
    }
}
