import Crypto
import Foundation
import GRDB

/// The endpoint's side of signing in (OAuth 2.0 as the Microsoft identity platform speaks
/// it): device authorization grants a person approves with `tokens approve`, access tokens
/// with the permissions asked for, and refresh tokens used once each (rotation). Only
/// hashes are stored, as for `ApiTokens`.
public struct SignInGrants: Sendable {
    public let store: TenantStore
    /// How long an access token lives (an hour, as the identity platform's default).
    public let accessTokenLifetime: TimeInterval
    static let deviceCodeLifetime: TimeInterval = 900
    static let pollInterval = 5
    static let refreshLifetime: TimeInterval = 90 * 86_400
    static let approveActivity = "approve DeviceCodeSignIn"
    static let declineActivity = "decline DeviceCodeSignIn"

    /// Added to the instants written in a token's claims (`iat`, `exp`): a server whose clock
    /// is off, for testing that clients go by `expires_in` rather than by their own clock.
    public let claimsClockSkew: TimeInterval

    public init(store: TenantStore, accessTokenLifetime: TimeInterval = 3600, claimsClockSkew: TimeInterval = 0) {
        self.store = store
        self.accessTokenLifetime = accessTokenLifetime
        self.claimsClockSkew = claimsClockSkew
    }

    /// What `/devicecode` answers.
    public struct DeviceCode: Sendable {
        public var deviceCode: String
        public var userCode: String
        public var expiresIn: Int
        public var interval: Int
    }

    /// What `/token` answers on success.
    public struct Tokens: Sendable {
        public var accessToken: String
        public var refreshToken: String?
        public var expiresIn: Int
        public var scope: String
    }

    /// The OAuth error codes of RFC 6749/8628, with a description.
    public struct OAuthError: Error, Equatable, CustomStringConvertible {
        public var code: String
        public var message: String
        public var description: String { "\(code): \(message)" }
        init(_ code: String, _ message: String) {
            self.code = code
            self.message = message
        }
    }

    /// At most this many sign-ins wait for approval at once: a flood of `/devicecode` is
    /// refused, not written.
    static let mostWaiting = 500
    /// Expired grants are deleted a day after they expire (kept that long so a late poll
    /// still hears "expired", not "unknown").
    static let keptAfterExpiry: TimeInterval = 86_400

    public func startDeviceCode(clientId: String, scope: String, from address: String = "", now: Date = Date()) throws -> DeviceCode {
        try check(clientId: clientId)
        let scopes = GraphPermission.normalized(scope.split(separator: " ").map(String.init))
        let deviceCode = ApiTokens.randomText(bytes: 32)
        let userCode = Self.userCode()
        try store.write { db in
            try db.execute(sql: "DELETE FROM deviceCodeGrant WHERE expiresAt < ?", arguments: [now.addingTimeInterval(-Self.keptAfterExpiry)])
            let waiting = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM deviceCodeGrant WHERE expiresAt > ? AND approvedBy IS NULL AND declined = 0
                """, arguments: [now]) ?? 0
            guard waiting < Self.mostWaiting else {
                throw OAuthError("temporarily_unavailable", "\(waiting) sign-ins are already waiting for approval; try again in a few minutes")
            }
            try db.execute(sql: """
                INSERT INTO deviceCodeGrant(deviceCodeHash, userCode, clientId, scopes, createdAt, expiresAt, interval, requestedFrom)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [ApiTokens.hash(deviceCode), userCode, clientId, scopes.sorted().joined(separator: " "), now,
                                 now.addingTimeInterval(Self.deviceCodeLifetime), Self.pollInterval, address])
        }
        return DeviceCode(deviceCode: deviceCode, userCode: userCode, expiresIn: Int(Self.deviceCodeLifetime), interval: Self.pollInterval)
    }

    /// A sign-in waiting for approval, as `tokens approve` shows it before asking.
    public struct WaitingSignIn: Sendable, Equatable {
        public var userCode: String
        public var clientId: String
        public var scopes: [String]
        public var requestedAt: Date
        public var requestedFrom: String
        public var expiresAt: Date
    }

    /// The sign-in waiting for `userCode` (answered, expired and unknown ones are errors).
    public func waiting(userCode: String, now: Date = Date()) throws -> WaitingSignIn {
        let code = Self.normalized(userCode)
        return try store.read { db in
            let row = try Self.waitingGrant(db, code: code, now: now)
            return WaitingSignIn(userCode: code, clientId: row["clientId"], scopes: (row["scopes"] as String).split(separator: " ").map(String.init),
                                 requestedAt: row["createdAt"], requestedFrom: (row["requestedFrom"] as String?) ?? "",
                                 expiresAt: row["expiresAt"])
        }
    }

    /// `tokens approve USER_CODE`: the operator signs in on the device that shows this code.
    public func approve(userCode: String, by upn: String, now: Date = Date()) throws {
        try decide(userCode: userCode, by: upn, approve: true, now: now)
    }

    public func decline(userCode: String, by upn: String, now: Date = Date()) throws {
        try decide(userCode: userCode, by: upn, approve: false, now: now)
    }

    func decide(userCode: String, by upn: String, approve: Bool, now: Date) throws {
        if let problem = InputText.identityProblem(in: upn) { throw OAuthError("invalid_request", "the operator \(problem)") }
        let code = Self.normalized(userCode)
        try store.write { db in
            let row = try Self.waitingGrant(db, code: code, now: now)
            if approve {
                try db.execute(sql: "UPDATE deviceCodeGrant SET approvedBy = ? WHERE userCode = ?", arguments: [upn, code])
            } else {
                try db.execute(sql: "UPDATE deviceCodeGrant SET declined = 1 WHERE userCode = ?", arguments: [code])
            }
            let scopes: String = row["scopes"]
            try AuditLog.append(db, AuditEntry(time: try TenantClock.now(db), activity: approve ? Self.approveActivity : Self.declineActivity,
                                               result: .success, actor: upn, actorType: .user, deviceId: nil, deviceName: nil,
                                               changedProperties: [ChangedProperty("sign-in of app \(row["clientId"] as String)", from: "",
                                                                                   to: approve ? "approved for \(scopes)" : "declined")]))
        }
    }

    /// A user code as people type it (any case, with spaces or dashes).
    static func normalized(_ userCode: String) -> String {
        userCode.uppercased().filter { $0.isLetter || $0.isNumber }
    }

    /// The grant waiting for `code`: unknown, expired and answered ones are errors.
    static func waitingGrant(_ db: Database, code: String, now: Date) throws -> Row {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM deviceCodeGrant WHERE userCode = ?", arguments: [code]) else {
            throw OAuthError("bad_verification_code", "no sign-in is waiting for code \(code)")
        }
        guard (row["expiresAt"] as Date) > now else { throw OAuthError("expired_token", "code \(code) expired; start the sign-in again") }
        guard row["approvedBy"] as String? == nil, !(row["declined"] as Bool) else {
            throw OAuthError("invalid_grant", "code \(code) was already answered")
        }
        return row
    }

    /// `grant_type=urn:ietf:params:oauth:grant-type:device_code`: polled until approved.
    public func redeemDeviceCode(_ deviceCode: String, clientId: String, now: Date = Date()) throws -> Tokens {
        let hash = ApiTokens.hash(deviceCode)
        // The poll's time is kept even when the answer is an error (pending, slow_down): an
        // error thrown inside the transaction would roll it back, and slow_down never fire.
        var pollError: OAuthError?
        let grant: (upn: String, scopes: String)? = try store.write { db in
            do { return try Self.redeem(db, hash: hash, clientId: clientId, now: now) } catch let error as OAuthError {
                pollError = error
                return nil
            }
        }
        if let pollError { throw pollError }
        guard let grant else { throw OAuthError("invalid_grant", "the device code could not be redeemed") }
        return try issue(upn: grant.upn, clientId: clientId, scopes: grant.scopes, now: now, family: ApiTokens.randomText(bytes: 9))
    }

    static func redeem(_ db: Database, hash: String, clientId: String, now: Date) throws -> (upn: String, scopes: String) {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM deviceCodeGrant WHERE deviceCodeHash = ?", arguments: [hash]),
              row["clientId"] as String == clientId else {
            throw OAuthError("bad_verification_code", "the device code is not one this endpoint gave to this client")
        }
        guard !(row["redeemed"] as Bool) else { throw OAuthError("invalid_grant", "the device code was already used") }
        guard (row["expiresAt"] as Date) > now else { throw OAuthError("expired_token", "the device code expired (15 minutes); sign in again") }
        if row["declined"] as Bool { throw OAuthError("authorization_declined", "the sign-in was declined") }
        let interval: Int = row["interval"]
        if let last = row["lastPolledAt"] as Date?, now.timeIntervalSince(last) < Double(interval) - 0.5 {
            try db.execute(sql: "UPDATE deviceCodeGrant SET lastPolledAt = ?, interval = interval + 5 WHERE deviceCodeHash = ?", arguments: [now, hash])
            throw OAuthError("slow_down", "polled faster than every \(interval) s")
        }
        try db.execute(sql: "UPDATE deviceCodeGrant SET lastPolledAt = ? WHERE deviceCodeHash = ?", arguments: [now, hash])
        guard let upn = row["approvedBy"] as String? else {
            throw OAuthError("authorization_pending", "waiting for the code to be approved (`mdmconsole tokens approve`)")
        }
        try db.execute(sql: "UPDATE deviceCodeGrant SET redeemed = 1 WHERE deviceCodeHash = ?", arguments: [hash])
        return (upn, row["scopes"])
    }

    /// `grant_type=refresh_token`: a refresh token works once and brings a new one.
    public func redeemRefreshToken(_ refreshToken: String, clientId: String, now: Date = Date()) throws -> Tokens {
        let hash = ApiTokens.hash(refreshToken)
        // nil: the token was replayed, and its family is revoked (committed before the refusal).
        let grant: (upn: String, scopes: String, family: String)? = try store.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM refreshGrant WHERE hash = ?", arguments: [hash]),
                  row["clientId"] as String == clientId else {
                throw OAuthError("invalid_grant", "the refresh token is not valid for this client")
            }
            let family = (row["family"] as String?) ?? ApiTokens.randomText(bytes: 9)
            if row["usedAt"] as Date? != nil {
                // A rotated token used again: someone holds a copy. Every token of this
                // sign-in ends, the thief's and the owner's (RFC 6819 5.2.2.3, OAuth 2.1).
                try db.execute(sql: "UPDATE refreshGrant SET usedAt = ? WHERE family = ? AND usedAt IS NULL", arguments: [now, family])
                try db.execute(sql: "UPDATE apiToken SET revokedAt = ? WHERE family = ? AND revokedAt IS NULL", arguments: [now, family])
                return nil
            }
            guard (row["expiresAt"] as Date) > now else { throw OAuthError("invalid_grant", "the refresh token expired; sign in again") }
            try db.execute(sql: "UPDATE refreshGrant SET usedAt = ? WHERE hash = ?", arguments: [now, hash])
            return (row["upn"], row["scopes"], family)
        }
        guard let grant else {
            throw OAuthError("invalid_grant", "the refresh token was already used (they rotate): every token of this sign-in is revoked; sign in again")
        }
        return try issue(upn: grant.upn, clientId: clientId, scopes: grant.scopes, now: now, family: grant.family)
    }

    /// `grant_type=client_credentials`: an application whose secret is a token from `tokens
    /// issue` gets access tokens of that token's operator, with every permission (an
    /// application's `roles`), and no refresh token (the identity platform gives none here).
    public func redeemClientSecret(_ secret: String, clientId: String, now: Date = Date()) throws -> Tokens {
        try check(clientId: clientId)
        guard secret.hasPrefix("mdm_"), let token = try ApiTokens(store: store).valid(secret, now: now) else {
            throw OAuthError("invalid_client", "the client secret is not a valid token of this endpoint (`mdmconsole tokens issue`)")
        }
        var tokens = try issue(upn: token.upn, clientId: clientId, scopes: GraphPermission.applicationGrant.joined(separator: " "),
                               now: now, refreshable: false, issuedBy: token)
        tokens.refreshToken = nil
        return tokens
    }

    /// Ends every sign-in of `upn` at once: its access tokens and refresh tokens (what an
    /// administrator does when a laptop is lost).
    public func revokeAll(of upn: String, by actor: String, now: Date = Date()) throws {
        let problem = try PermittedChange.run(store, needs: .assignRoles, activity: ApiTokens.revokeActivity, actor: actor,
                                    property: ChangedProperty("sign-ins of \(upn)", from: "", to: "revoked"),
                                    refusal: { ApiTokenError.lacksPermission(upn: actor, role: $0) }) { db in
            try db.execute(sql: "UPDATE apiToken SET revokedAt = ? WHERE upn = ? AND revokedAt IS NULL AND clientId IS NOT NULL", arguments: [now, upn])
            try db.execute(sql: "UPDATE refreshGrant SET usedAt = ? WHERE upn = ? AND usedAt IS NULL", arguments: [now, upn])
            return nil as ApiTokenError?
        }
        if let problem { throw problem }
    }

    /// An access token shaped as a JWT (header.claims.secret) so a client reads its claims as
    /// it would Microsoft's (`scp`, `upn`, `exp`); the last part is a random secret, and only
    /// the whole token's hash is stored. It is not signed: this endpoint is its only verifier.
    func issue(upn: String, clientId: String, scopes: String, now: Date, refreshable: Bool = true, issuedBy parent: ApiToken? = nil,
               family: String? = nil) throws -> Tokens {
        // A token minted from a secret lives no longer than the secret does.
        let expires = min(now.addingTimeInterval(accessTokenLifetime), parent?.expiresAt ?? .distantFuture)
        let lifetime = Int(expires.timeIntervalSince(now).rounded(.down))
        let header = #"{"alg":"none","typ":"JWT"}"#
        let claims: [String: Any] = ["aud": "https://graph.microsoft.com", "iss": "mdmconsole serve", "upn": upn, "preferred_username": upn,
                                     "appid": clientId, "scp": scopes, "iat": Int(now.timeIntervalSince1970 + claimsClockSkew), "exp": Int(expires.timeIntervalSince1970 + claimsClockSkew)]
        let body = try JSONSerialization.data(withJSONObject: claims, options: [.sortedKeys, .withoutEscapingSlashes])
        let access = PageToken.base64URL(Data(header.utf8)) + "." + PageToken.base64URL(body) + "." + ApiTokens.randomText(bytes: 32)
        let refresh = ApiTokens.randomText(bytes: 48)
        try store.write { db in
            try ApiToken(id: ApiTokens.randomText(bytes: 6), hash: ApiTokens.hash(access), upn: upn, name: "sign-in of app \(clientId)",
                         createdAt: now, expiresAt: expires, revokedAt: nil, scopes: scopes, clientId: clientId, issuedBy: parent?.id, family: family).insert(db)
            if refreshable {
                try db.execute(sql: "INSERT INTO refreshGrant(hash, upn, clientId, scopes, createdAt, expiresAt, family) VALUES (?, ?, ?, ?, ?, ?, ?)",
                               arguments: [ApiTokens.hash(refresh), upn, clientId, scopes, now, now.addingTimeInterval(Self.refreshLifetime), family])
            }
        }
        return Tokens(accessToken: access, refreshToken: refresh, expiresIn: lifetime, scope: scopes)
    }

    func check(clientId: String) throws {
        guard !clientId.isEmpty, clientId.utf8.count <= 100, InputText.identityProblem(in: clientId) == nil else {
            throw OAuthError("invalid_client", "client_id is missing or not an application id")
        }
    }

    /// Eight letters people can read aloud (no 0/O, 1/I), as the identity platform's codes.
    static func userCode() -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<8).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}
