import Crypto
import Foundation
import GRDB
import Testing
@testable import MDMCore

/// Where identity comes from, in order, and when a claim (`--as`) is honoured.
@Suite("Identity")
struct IdentityTests {
    static let edKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl help desk"

    /// A tenant that is not a demo (no simulation, no impersonation for just anyone).
    func realTenant() throws -> TemporaryStore {
        let tenant = try TemporaryStore()
        try tenant.store.write { db in
            try db.execute(sql: "DELETE FROM meta WHERE key = ?", arguments: [SimulationGate.allowedKey])
            try db.execute(sql: "UPDATE operator SET login = 'ana' WHERE upn = 'admin@contoso.com'")
            try db.execute(sql: "UPDATE operator SET login = 'hugo' WHERE upn = 'helpdesk@contoso.com'")
        }
        return tenant
    }

    func claim(_ login: String, as claimed: String? = nil, key: String? = nil) -> IdentityClaim {
        IdentityClaim(login: login, keyFingerprint: key, claimed: claimed, application: "mdmconsole cli", ipAddress: "10.0.0.5", host: "ops-1")
    }

    @Test("Order: a key names its operator, else a mapped login, else the login name")
    func order() throws {
        let tenant = try realTenant()
        let key = try SSHPublicKey(line: Self.edKey)
        try OperatorKeys(store: tenant.store).add(key, to: "helpdesk@contoso.com", by: "admin@contoso.com")
        #expect(try IdentityResolver.resolve(claim("root", key: key.fingerprint), in: tenant.store).upn == "helpdesk@contoso.com")
        #expect(try IdentityResolver.resolve(claim("ana"), in: tenant.store).upn == "admin@contoso.com")
        #expect(try IdentityResolver.resolve(claim("ana"), in: tenant.store).source == .login)
        let stranger = try IdentityResolver.resolve(claim("zoe"), in: tenant.store)
        #expect(stranger.upn == "zoe" && stranger.source == .loginName)
        #expect(try tenant.store.role(of: stranger.upn) == .readOnly)
    }

    @Test("A key's session ignores every claim, and an unknown key is refused and audited")
    func keysIgnoreClaims() throws {
        let tenant = try realTenant()
        let key = try SSHPublicKey(line: Self.edKey)
        try OperatorKeys(store: tenant.store).add(key, to: "helpdesk@contoso.com", by: "admin@contoso.com")
        let identity = try IdentityResolver.resolve(claim("root", as: "admin@contoso.com", key: key.fingerprint), in: tenant.store)
        #expect(identity.upn == "helpdesk@contoso.com")
        #expect(identity.origin.keyFingerprint == key.fingerprint && identity.origin.impersonatedBy == nil)
        #expect(throws: IdentityRefusal.unknownKey(fingerprint: "SHA256:nope")) {
            try IdentityResolver.resolve(claim("root", key: "SHA256:nope"), in: tenant.store)
        }
        let denied = try #require(try tenant.store.auditEntries(AuditQuery(activity: "sign in Operator")).first)
        #expect(denied.result == .denied && denied.changedProperties.first?.newValue == "SHA256:nope")
        #expect(denied.origin?.ipAddress == "10.0.0.5")
    }

    @Test("On a tenant that is not a demo only a login mapped to an Administrator may act as someone else; both are recorded",
          arguments: [("ana", true), ("hugo", false), ("zoe", false)])
    func impersonation(login: String, allowed: Bool) throws {
        let tenant = try realTenant()
        if allowed {
            let identity = try IdentityResolver.resolve(claim(login, as: "reader@contoso.com"), in: tenant.store)
            #expect(identity.upn == "reader@contoso.com" && identity.origin.impersonatedBy == "admin@contoso.com")
        } else {
            #expect(throws: IdentityRefusal.self) { try IdentityResolver.resolve(claim(login, as: "admin@contoso.com"), in: tenant.store) }
            let denied = try #require(try tenant.store.auditEntries(AuditQuery(activity: "sign in Operator")).first)
            #expect(denied.result == .denied)
            #expect(denied.changedProperties == [ChangedProperty("claimed identity", from: "", to: "admin@contoso.com")])
            #expect(denied.origin?.login == login)
        }
    }

    @Test("Demo and sandbox tenants take any claim (training needs it), recording who really acted")
    func demoTakesClaims() throws {
        let tenant = try TemporaryStore()
        try tenant.store.write { db in try Meta.set(db, "demoSeed", "1") }
        let identity = try IdentityResolver.resolve(claim("zoe", as: "admin@contoso.com"), in: tenant.store)
        #expect(identity.upn == "admin@contoso.com" && identity.origin.impersonatedBy == "zoe")
        #expect(try IdentityResolver.resolve(claim("zoe", as: "ZOE"), in: tenant.store).origin.impersonatedBy == nil, "naming oneself is no claim")
    }

    @Test("roles grant --login maps a login to an operator, moved from whoever had it, audited")
    func loginMapping() throws {
        let tenant = try realTenant()
        try RoleService(store: tenant.store).grant(.readOnly, to: "reader@contoso.com", login: "ana", by: "admin@contoso.com")
        #expect(try IdentityResolver.resolve(claim("ana"), in: tenant.store).upn == "reader@contoso.com")
        #expect(try tenant.store.operators().first { $0.upn == "admin@contoso.com" }?.login == nil)
        let entry = try #require(try tenant.entriesSinceSetUp().first)
        #expect(entry.changedProperties.contains(ChangedProperty("login of admin@contoso.com", from: "ana", to: "")))
        #expect(entry.changedProperties.contains(ChangedProperty("login of reader@contoso.com", from: "", to: "ana")))
    }

    @Test("An entry's origin is part of its hash: edited afterwards, verify names the entry")
    func originHashed() throws {
        let phone = Fixtures.device(.android, .androidFullyManaged, "13")
        let tenant = try TemporaryStore(seededWith: [phone], auditedRoles: false)
        let context = AuditOriginContext()
        context.origin = AuditOrigin(applicationDisplayName: "mdmconsole cli", ipAddress: "10.0.0.5", login: "ana", host: "ops-1")
        try AuditOrigin.$context.withValue(context) {
            for _ in 0..<3 {
                _ = try ActionService(store: tenant.store).take(ActionRequest(action: .sync, deviceId: phone.id, operatorUPN: "admin@contoso.com"))
            }
        }
        #expect(try tenant.store.auditEntries().allSatisfy { $0.origin?.ipAddress == "10.0.0.5" })
        #expect(try AuditVerifier.verify(tenant.store).problem == nil)
        try tenant.store.close()
        let queue = try DatabaseQueue(path: tenant.path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER auditEntry_no_update")
            try db.execute(sql: "UPDATE auditEntry SET origin = replace(origin, '10.0.0.5', '192.168.1.1') WHERE id = 2")
        }
        try queue.close()
        let result = try AuditVerifier.verify(try TenantStore(path: tenant.path))
        #expect(result.problem?.entryId == 2 && result.problem?.kind == .edited)
    }

    @Test("Entries written without an origin (older stores, the service) hash exactly as before")
    func noOriginSameHash() {
        let content = AuditChain.Content(time: "2026-11-24 09:00:00.000", activity: "a", result: "success", actor: "x", actorType: "user",
                                         deviceId: nil, deviceName: nil, actionId: nil, changedProperties: "[]", previousHash: AuditChain.genesis)
        var with = content
        with.origin = "{}"
        #expect(AuditChain.hash(content) != AuditChain.hash(with))
        // The v2 layout, built here by hand: per field a presence byte, its UTF-8, a separator.
        var bytes: [UInt8] = []
        for field in ["2026-11-24 09:00:00.000", "a", "success", "x", "user", nil, nil, nil, "[]", AuditChain.genesis] as [String?] {
            if let field { bytes.append(0x01); bytes += Array(field.utf8) } else { bytes.append(0x00) }
            bytes.append(0x1F)
        }
        let expected = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        #expect(AuditChain.hash(content) == expected)
    }

    @Test("Public keys: OpenSSH's fingerprint; a wrong type, bad base64 or a key of another type refused", arguments: [
        ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl", nil),
        ("ssh-dss AAAAB3NzaC1kc3M=", "is not a public key type"),
        ("ssh-ed25519 !!!", "is not base64"),
        ("ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl", "is not a ssh-rsa key"),
        ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl evil\u{1B}[2J", "the comment contains ESC"),
    ] as [(String, String?)])
    func publicKeys(line: String, problem: String?) throws {
        if let problem {
            #expect { try SSHPublicKey(line: line) } throws: { ($0 as? SSHKeyError)?.message.contains(problem) == true }
        } else {
            // `ssh-keygen -lf` of this key prints this fingerprint.
            #expect(try SSHPublicKey(line: line).fingerprint == "SHA256:+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU")
        }
    }

    @Test("Keys are an Administrator's to add and remove; refusals are audited")
    func keysAdministered() throws {
        let tenant = try realTenant()
        let keys = OperatorKeys(store: tenant.store)
        let key = try SSHPublicKey(line: Self.edKey)
        #expect(throws: OperatorKeyError.lacksPermission(upn: "helpdesk@contoso.com", role: .helpDesk)) {
            try keys.add(key, to: "helpdesk@contoso.com", by: "helpdesk@contoso.com")
        }
        try keys.add(key, to: "helpdesk@contoso.com", by: "admin@contoso.com")
        #expect(throws: OperatorKeyError.alreadyAdded(fingerprint: key.fingerprint, upn: "helpdesk@contoso.com")) {
            try keys.add(key, to: "admin@contoso.com", by: "admin@contoso.com")
        }
        let line = AuthorizedKeys.line(for: try #require(try keys.all().first), binary: "/usr/local/bin/mdmconsole", store: "/srv/mdm/tenant.sqlite")
        #expect(line == "restrict,pty,command=\"'/usr/local/bin/mdmconsole' --db '/srv/mdm/tenant.sqlite' --operator-key \(key.fingerprint)\" \(key.type) \(key.blob) helpdesk@contoso.com help desk")
        try keys.remove(key.fingerprint, by: "admin@contoso.com")
        #expect(try keys.all().isEmpty)
        #expect(try tenant.entriesSinceSetUp().map(\.activity) == ["remove OperatorKey", "add OperatorKey", "add OperatorKey"])
        #expect(try tenant.entriesSinceSetUp().map(\.result) == [.success, .success, .denied])
        #expect(AuthorizedKeys.problem(in: "/srv/it's/tenant.sqlite") != nil)
    }

    @Test("A new store is mode 0600; one others can read is warned about, not changed")
    func fileModes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mdmconsole-modes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("t.sqlite").path
        FileManager.default.createFile(atPath: path, contents: Data("x".utf8), attributes: [.posixPermissions: 0o644])
        let notes = try StoreFileAccess.check(path: path)
        #expect(notes.count == 1 && notes[0].contains("can be read by other users (mode 644)"))
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o644, "its mode is left as it was")
    }
}
