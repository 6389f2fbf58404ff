import Foundation
import GRDB
import Testing
@testable import MDMCore

/// Bearer tokens of the Graph endpoint: an Administrator's to issue and revoke, only hashes stored.
@Suite("API tokens")
struct ApiTokenTests {
    @Test("A token is valid until it expires or is revoked; only its hash is in the store")
    func lifecycle() throws {
        let tenant = try TemporaryStore()
        let tokens = ApiTokens(store: tenant.store)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let (token, secret) = try tokens.issue(to: "helpdesk@contoso.com", name: "script", lifetime: 3600, by: "admin@contoso.com", now: now)
        #expect(secret.hasPrefix("mdm_") && secret.count > 40)
        #expect(try tokens.valid(secret, now: now.addingTimeInterval(3599))?.id == token.id)
        #expect(try tokens.valid(secret, now: now.addingTimeInterval(3601)) == nil, "expired")
        #expect(try tokens.valid(secret + "x", now: now) == nil)
        let stored = try tenant.store.read { db in try String.fetchAll(db, sql: "SELECT hash || upn || name FROM apiToken") }
        #expect(!stored.joined().contains(secret.dropFirst(4)), "the secret itself is never stored")
        try tokens.revoke(token.id, by: "admin@contoso.com", now: now)
        #expect(try tokens.valid(secret, now: now.addingTimeInterval(1)) == nil, "revoked")
        #expect(try tenant.entriesSinceSetUp().map(\.activity) == ["revoke ApiToken", "issue ApiToken"])
    }

    @Test("Only an Administrator issues or revokes; refusals are audited; bad names and lifetimes are refused")
    func refusals() throws {
        let tenant = try TemporaryStore()
        let tokens = ApiTokens(store: tenant.store)
        #expect(throws: ApiTokenError.lacksPermission(upn: "helpdesk@contoso.com", role: .helpDesk)) {
            try tokens.issue(to: "helpdesk@contoso.com", name: "x", lifetime: 3600, by: "helpdesk@contoso.com")
        }
        #expect(try tenant.entriesSinceSetUp().map(\.result) == [.denied])
        #expect(throws: ApiTokenError.self) { try tokens.issue(to: "ad\u{1B}min", name: "x", lifetime: 3600, by: "admin@contoso.com") }
        #expect(throws: ApiTokenError.self) { try tokens.issue(to: "a@b.c", name: "x\u{202E}", lifetime: 3600, by: "admin@contoso.com") }
        #expect(throws: ApiTokenError.self) { try tokens.issue(to: "a@b.c", name: "x", lifetime: 2 * 365 * 86_400, by: "admin@contoso.com") }
        #expect(throws: ApiTokenError.noSuchToken("nope")) { try tokens.revoke("nope", by: "admin@contoso.com") }
    }
}
