import Foundation
import GRDB
import Testing
@testable import MDMCore

/// A connected tenant's mirror, written page by page from what the service said.
@Suite("The mirror of a connected tenant")
struct MirrorTests {
    func connected() throws -> (TenantStore, String) { try Fixtures.connectedStore("mirror") }

    func page(_ devices: [String], next: String? = nil) -> [UInt8] {
        let body: [String: Any] = ["value": devices.map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) }]
            .merging(next.map { ["@odata.nextLink": $0] } ?? [:]) { $1 }
        return Array(try! JSONSerialization.data(withJSONObject: body))
    }

    static func graphDevice(_ id: String, state: String = "managed", os: String = "iOS", supervised: Bool = true) -> String {
        """
        {"id": "\(id)", "deviceName": "Phone \(id)", "operatingSystem": "\(os)", "osVersion": "18.1", "managementState": "\(state)",
         "complianceState": "compliant", "managedDeviceOwnerType": "company", "deviceEnrollmentType": "appleBulkWithUser",
         "isSupervised": \(supervised), "enrolledDateTime": "2026-01-01T00:00:00Z", "lastSyncDateTime": "2026-11-24T08:00:00Z",
         "managementCertificateExpirationDate": "2027-01-01T00:00:00Z",
         "deviceActionResults": [{"actionName": "retire", "actionState": "pending", "startDateTime": "2026-11-24T07:00:00Z",
                                  "lastUpdatedDateTime": "2026-11-24T07:00:00Z"}]}
        """
    }

    @Test("Values this version does not know (unknownFutureValue) read as unknown; a platform it cannot model is left out and counted")
    func lenient() throws {
        var unknown = Self.graphDevice("a")
        unknown = unknown.replacingOccurrences(of: "\"compliant\"", with: "\"unknownFutureValue\"")
        let page = try MirrorPage.parse(page([unknown, Self.graphDevice("b", os: "Linux")]), now: Fixtures.now)
        #expect(page.devices.count == 1)
        #expect(page.devices[0].device.complianceState == .unknown)
        #expect(page.skipped == ["operatingSystem Linux": 1])
    }

    @Test("Microsoft's own examples: a null deviceName (nullable in v1.0) and a jailBroken text this version does not know keep the device; a missing id is said of the id, not of the operatingSystem")
    func documentedShapes() throws {
        let nameless = Self.graphDevice("a").replacingOccurrences(of: "\"Phone a\"", with: "null").replacingOccurrences(of: "\"isSupervised\"", with: "\"serialNumber\": \"F2LX123\", \"jailBroken\": \"jailBroken value\", \"isSupervised\"")
        let unnamed = Self.graphDevice("b").replacingOccurrences(of: "\"Phone b\"", with: "null")
        let anonymous = Self.graphDevice("c").replacingOccurrences(of: "\"id\": \"c\", ", with: "")
        let page = try MirrorPage.parse(page([nameless, unnamed, anonymous]), now: Fixtures.now)
        #expect(page.devices.map(\.device.name) == ["F2LX123", "(no name) b"], "named by its serial number, else by its id")
        #expect(page.devices.first?.device.isJailbroken == false)
        #expect(page.skipped == ["id: is required and missing": 1], "\(page.skipped)")
    }

    @Test("Microsoft's service says nothing of the Activation Lock policy: a supervised iPhone's code is taken as held by the service, never its value")
    func bypassCodeHeldByService() throws {
        let page = try MirrorPage.parse(page([Self.graphDevice("a"), Self.graphDevice("b", supervised: false)]), now: Fixtures.now)
        #expect(page.devices[0].device.activationLockBypassCode == MirrorPage.codeHeldByService)
        #expect(page.devices[1].device.activationLockBypassCode == nil)
    }

    @Test("A page that is not JSON, or has no value array, is an error naming it")
    func badPages() {
        #expect(throws: MirrorPageError.self) { _ = try MirrorPage.parse(Array("<html>".utf8), now: Fixtures.now) }
        #expect(throws: MirrorPageError.self) { _ = try MirrorPage.parse(Array(#"{"error": {}}"#.utf8), now: Fixtures.now) }
    }

    @Test("A listing changes the mirror only once it reached its end; action results become Device actions (R20)")
    func removalOnlyWhenComplete() throws {
        let (store, folder) = try connected()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let writer = MirrorWriter(store: store)
        var tally = MirrorWriter.Tally()
        try writer.begin()
        try writer.apply(try MirrorPage.parse(page([Self.graphDevice("a"), Self.graphDevice("b")]), now: Fixtures.now), to: &tally)
        try writer.finish(to: &tally, at: Fixtures.now)
        #expect(tally.added == 2)
        #expect(try store.actions(deviceId: "a").first?.state == .pending)
        // A listing that stops after its first page changes nothing: neither removes nor adds.
        try writer.begin()
        tally = MirrorWriter.Tally()
        try writer.apply(try MirrorPage.parse(page([Self.graphDevice("a"), Self.graphDevice("c")], next: "https://x/next"), now: Fixtures.now), to: &tally)
        #expect(try store.devices(DeviceQuery()).map(\.id).sorted() == ["a", "b"])
        // A complete one does.
        try writer.begin()
        var changed = Self.graphDevice("a", state: "retirePending")
        changed = changed.replacingOccurrences(of: "\"actionState\": \"pending\"", with: "\"actionState\": \"done\"")
        try writer.apply(try MirrorPage.parse(page([changed]), now: Fixtures.now), to: &tally)
        try writer.finish(to: &tally, at: Fixtures.now)
        #expect(tally.removed == 1 && tally.changed == 1 && tally.added == 0)
        #expect(try store.device(id: "b") == nil)
        #expect(try store.device(id: "a")?.managementState == .retirePending)
        #expect(try store.actions(deviceId: "a").map(\.state) == [.done])
        #expect(try ConsistencyCheck.run(store).isEmpty)
    }

    @Test("The service's audit events join the hash chain once each; their role grants are not this store's roles (check passes)")
    func serviceAuditEvents() throws {
        let (store, folder) = try connected()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let grant = ServiceAuditEvent(id: "7", activity: "grant RoleAssignment", time: Fixtures.now, result: "success", actor: "boss@contoso.com",
                                      actorIsPerson: true, application: "portal", ipAddress: nil, deviceId: nil, deviceName: nil,
                                      changedProperties: [ChangedProperty("role of eve@contoso.com", from: "", to: "administrator")])
        #expect(try MirrorWriter(store: store).append([grant]) == 1)
        #expect(try MirrorWriter(store: store).append([grant]) == 0)
        #expect(try store.auditEntries(AuditQuery(activity: "grant RoleAssignment")).count == 2)  // the creator's, and the service's
        #expect(try ConsistencyCheck.run(store).isEmpty)
        #expect(try AuditVerifier.verify(store).problem == nil)
    }

    @Test("A hostile page: a mistyped field is named as the reason, a NUL keeps the name whole, years 0 and 99999 are no dates, a repeated id is counted")
    func hostilePage() throws {
        let (store, folder) = try connected()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let mistyped = Self.graphDevice("m").replacingOccurrences(of: "\"deviceName\": \"Phone m\"", with: "\"deviceName\": 42")
        let withNul = Self.graphDevice("n").replacingOccurrences(of: "Phone n", with: "Phone\\u0000 n")
        let yearZero = Self.graphDevice("z").replacingOccurrences(of: "\"2026-01-01T00:00:00Z\"", with: "\"0000-01-01T00:00:00Z\"")
        let farYear = Self.graphDevice("f").replacingOccurrences(of: "\"2026-01-01T00:00:00Z\"", with: "\"99999-01-01T00:00:00Z\"")
        let first = try MirrorPage.parse(page([mistyped, withNul, yearZero, Self.graphDevice("d")]), now: Fixtures.now)
        #expect(first.skipped == ["deviceName: expected a string, found a number": 1], "\(first.skipped)")
        let named = try #require(first.devices.first { $0.device.id == "n" })
        #expect(named.device.name == "Phone\u{FFFD} n")
        let dated = try #require(first.devices.first { $0.device.id == "z" })
        #expect(DateText.iso(dated.device.enrolledAt).hasPrefix("0000") == false)
        #expect(DateParsing.iso("0000-01-01T00:00:00Z") == nil && DateParsing.iso("99999-01-01T00:00:00Z") == nil)
        #expect(DateParsing.iso("0001-01-01T00:00:00Z") != nil && DateParsing.iso("9999-12-31T23:59:59Z") != nil)
        _ = farYear
        // The same id on two pages: the first copy kept, and said.
        let writer = MirrorWriter(store: store)
        try writer.begin()
        var tally = MirrorWriter.Tally()
        try writer.apply(first, to: &tally)
        let again = Self.graphDevice("d").replacingOccurrences(of: "Phone d", with: "Phone d again")
        try writer.apply(try MirrorPage.parse(page([again]), now: Fixtures.now), to: &tally)
        try writer.finish(to: &tally, at: Fixtures.now)
        #expect(tally.skipped["an id listed twice (the first copy kept)"] == 1, "\(tally.skipped)")
        #expect(try store.device(id: "d")?.name == "Phone d")
        #expect(try store.device(id: "n")?.name == "Phone\u{FFFD} n", "the name survives the store whole")
        // A read-back that is no device is an error, not "gone".
        #expect(throws: MirrorPageError.self) { _ = try MirrorPage.parseDevice(Array(#"{"error": "nope"}"#.utf8), now: Fixtures.now) }
    }
}
