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
        let served = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(GraphAuditEvent(entry))) as? [String: Any])
        let servedType = (served["actor"] as? [String: Any])?["auditActorType"] as? String
        let cli = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(AuditEntryWire(entry))) as? [String: Any])
        let cliType = (cli["origin"] as? [String: Any])?["auditActorType"] as? String
        #expect(servedType == cliType)
        #expect(servedType == (type == .user ? "ItPro" : "Application"))
    }

    @Test("One auditEvent type both ways: what serve encodes, a sync decodes to the same event; an element shaped oddly is left out, not the page")
    func roundTrip() throws {
        var entry = AuditEntry(id: 9, time: Date(timeIntervalSince1970: 1_800_000_000), activity: "wipe ManagedDevice", result: .success,
                               actor: "ana@contoso.com", actorType: .user, deviceId: "d1", deviceName: "Ana's iPhone",
                               changedProperties: [ChangedProperty("keepUserData", from: "", to: "true")])
        entry.origin = AuditOrigin(applicationDisplayName: "mdmconsole cli", ipAddress: "192.0.2.4", login: "ana", host: "h")
        let event = try JSONSerialization.jsonObject(with: JSONEncoder().encode(GraphAuditEvent(entry)))
        let page = try JSONSerialization.data(withJSONObject: ["value": [event, "not an event", ["id": 5]]])
        let decoded = try JSONDecoder().decode(GraphCollectionPage<GraphAuditEvent>.self, from: page)
        #expect(decoded.value.count == 3 && decoded.value[1] == nil)
        let mirrored = try #require(decoded.value[0]?.serviceEvent)
        #expect(mirrored.id == "00000000-0000-4000-8000-000000000009" && mirrored.activity == entry.activity && mirrored.time == entry.time)
        let object = try #require(event as? [String: Any])
        #expect(UUID(uuidString: try #require(object["correlationId"] as? String)) != nil, "correlationId is a Guid even with no action")
        #expect(UUID(uuidString: try #require(object["id"] as? String)) != nil)
        #expect(mirrored.actor == "ana@contoso.com" && mirrored.actorIsPerson && mirrored.ipAddress == "192.0.2.4")
        #expect(mirrored.deviceId == "d1" && mirrored.deviceName == "Ana's iPhone")
        #expect(mirrored.changedProperties == entry.changedProperties)
        #expect(decoded.value[2]?.serviceEvent == nil, "an event with no activity or time is no event")
    }
}
