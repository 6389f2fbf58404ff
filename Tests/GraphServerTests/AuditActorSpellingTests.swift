import Foundation
import Testing
@testable import GraphServer
@testable import MDMCore

/// One spelling of Graph's `auditActorType` for the endpoint and for `audit --json`.
@Suite("auditActorType")
struct AuditActorSpellingTests {
    @Test("serve's auditEvent and audit --json's origin spell the actor type alike, as Graph does (ItPro, Application)", arguments: ActorType.allCases)
    func oneSpelling(type: ActorType) throws {
        var entry = AuditEntry(id: 7, time: Date(timeIntervalSince1970: 1_800_000_000), activity: "retire ManagedDevice", result: .success,
                               actor: "ana@contoso.com", actorType: type, deviceId: "d1", deviceName: "A")
        entry.origin = AuditOrigin(applicationDisplayName: "mdmconsole cli", ipAddress: "", login: "ana", host: "h")
        let served = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(AuditEventShape(entry))) as? [String: Any])
        let servedType = (served["actor"] as? [String: Any])?["auditActorType"] as? String
        let cli = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(AuditEntryWire(entry))) as? [String: Any])
        let cliType = (cli["origin"] as? [String: Any])?["auditActorType"] as? String
        #expect(servedType == cliType)
        #expect(servedType == (type == .user ? "ItPro" : "Application"))
    }
}
