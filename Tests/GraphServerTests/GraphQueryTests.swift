import Foundation
import Testing
@testable import GraphServer
@testable import MDMCore

/// The parts of the endpoint that read what a client sent: `$select`, `$filter` on audit
/// events, action bodies, page tokens. Each refusal is a 400 that says where.
@Suite("Graph query options and bodies")
struct GraphQueryTests {
    func message(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch let error as GraphError { return "\(error.status.code) \(error.code): \(error.message)" } catch { return "\(error)" }
    }

    @Test("$select keeps the named properties and id; an unknown one is refused by name")
    func select() throws {
        let selection = try Selection("deviceName, managementState", of: GraphManagedDevice.properties(on: .v1))
        let device = Device(id: "d1", name: "A", platform: .iOS, osVersion: "18.1", managementType: .appleDeviceEnrollment, ownership: .company,
                            model: "X", enrolledAt: Date(), lastCheckInAt: Date(), certificateExpiresAt: Date())
        let data = try JSONEncoder().encode(GraphManagedDevice(device, actions: [], now: Date(), selected: selection.names))
        let kept = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(kept.keys) == ["id", "deviceName", "managementState"])
        #expect(message { _ = try Selection("deviceName,shoeSize", of: GraphManagedDevice.properties(on: .v1)) } == "400 BadRequest: $select: 'shoeSize' is not a property of managedDevice")
    }

    @Test("$filter on audit events: activityDateTime ge/gt/le/lt joined by and; anything else names its clause", arguments: [
        ("activityDateTime ge 2026-11-01T00:00:00Z and activityDateTime le 2026-11-30T00:00:00Z", nil),
        ("activityDateTime lt 2026-11-01T00:00:00Z", nil),
        ("actor eq 'x'", "clause 1"),
        ("activityDateTime ge 2026-11-01T00:00:00Z and activityDateTime xx 2026-11-02T00:00:00Z", "clause 2: 'xx' is not ge, gt, le or lt"),
        ("activityDateTime ge yesterday", "'yesterday' is not a date"),
    ] as [(String, String?)])
    func auditFilter(filter: String, problem: String?) {
        var query = AuditQuery()
        let outcome = message { try AuditEventFilter.apply(filter, to: &query) }
        if let problem { #expect(outcome?.contains(problem) == true, "\(outcome ?? "accepted")") } else { #expect(outcome == nil) }
    }

    @Test("Action bodies: none, or wipe's four options with their types; anything else refused", arguments: [
        (DeviceAction.wipe, #"{"keepEnrollmentData": false, "keepUserData": true, "persistEsimDataPlan": false, "macOsUnlockCode": "123456"}"#, nil),
        (.wipe, "", nil), (.retire, "{}", nil),
        (.wipe, #"{"keepUserData": 1}"#, "'keepUserData' must be a boolean"),
        (.wipe, #"{"keepUserData": tru"#, "not valid JSON"),
        (.retire, #"{"keepUserData": true}"#, "'keepUserData' does not exist on the retire action"),
        (.wipe, #"["keepUserData"]"#, "must be a JSON object"),
        (.wipe, "{\"macOsUnlockCode\": \"1\\u001b[2J\"}", "contains ESC"),
    ] as [(DeviceAction, String, String?)])
    func bodies(action: DeviceAction, body: String, problem: String?) {
        let outcome = message { try ActionBody.check(action, Data(body.utf8)) }
        if let problem { #expect(outcome?.contains(problem) == true, "\(outcome ?? "accepted")") } else { #expect(outcome == nil) }
    }

    @Test("Beta's wipe: the defaults msgraph-beta-sdk always sends are taken; a protected wipe is refused, not ignored; v1.0 has neither", arguments: [
        (GraphDeviceProperty.Version.beta, #"{"keepUserData": false, "useProtectedWipe": false}"#, nil),
        (.beta, #"{"obliterationBehavior": "default"}"#, nil),
        (.beta, #"{"useProtectedWipe": true}"#, "only its default is taken here"),
        (.beta, #"{"obliterationBehavior": "always"}"#, "only its default is taken here"),
        (.v1, #"{"useProtectedWipe": false}"#, "'useProtectedWipe' does not exist on the wipe action"),
    ] as [(GraphDeviceProperty.Version, String, String?)])
    func betaWipeBody(version: GraphDeviceProperty.Version, body: String, problem: String?) {
        let outcome = message { try ActionBody.check(.wipe, Data(body.utf8), version: version) }
        if let problem { #expect(outcome?.contains(problem) == true, "\(outcome ?? "accepted")") } else { #expect(outcome == nil) }
    }

    @Test("Page tokens: a device key and an audit key read back; garbage and the other list's tokens are no token")
    func pageTokens() {
        let device = Device(id: "d1", name: "Ana's iPhone", platform: .iOS, osVersion: "18.1", managementType: .appleDeviceEnrollment, ownership: .company,
                            enrolledAt: Date(), lastCheckInAt: Date(), certificateExpiresAt: Date())
        let key = DeviceListKey(device, sort: .name)
        #expect(DeviceListKey(pageToken: key.pageToken) == key)
        #expect(DeviceListKey(pageToken: "garbage") == nil)
        let entry = AuditEntry(id: 42, time: Date(timeIntervalSince1970: 1_800_000_000), activity: "a", result: .success, actor: "x",
                               actorType: .user, deviceId: nil, deviceName: nil)
        #expect(AuditKey(pageToken: AuditKey(entry).pageToken) == AuditKey(entry))
        #expect(DeviceListKey(pageToken: AuditKey(entry).pageToken) == nil)
        #expect(AuditKey(pageToken: key.pageToken) == nil)
    }
}

/// Throttling as the service does it, with the clock given.
@Suite("Throttling")
struct ThrottleTests {
    @Test("Over a token's limit: refused with the seconds until the window frees; other tokens go on; the tenant has its own limit")
    func windows() throws {
        let throttle = Throttle(limits: try #require(ThrottleLimits("3/20s")))
        for second in 0..<3 { #expect(throttle.admit(token: "a", isWrite: true, now: Double(second)) == nil) }
        #expect(throttle.admit(token: "a", isWrite: false, now: 3) == 17, "the oldest (t=0) leaves the window at t=20")
        #expect(throttle.admit(token: "b", isWrite: true, now: 3) == nil)
        #expect(throttle.admit(token: "b", isWrite: true, now: 4) == nil)
        #expect(throttle.admit(token: "c", isWrite: true, now: 5) == nil, "the tenant's sixth")
        #expect(throttle.admit(token: "d", isWrite: true, now: 6) == 14, "the tenant's 6 are used")
        #expect(throttle.admit(token: "a", isWrite: true, now: 20.5) == nil, "the window slid")
    }

    @Test("The settings: service limits, off, N/20s; anything else is no setting")
    func settings() {
        #expect(ThrottleLimits("service") == .service)
        #expect(ThrottleLimits.service.writesPerToken == 200 && ThrottleLimits.service.requestsPerTenant == 4000)
        #expect(ThrottleLimits("off") == nil && ThrottleLimits("fast") == nil && ThrottleLimits("0/20s") == nil)
        #expect(ThrottleLimits("50/20s")?.writesPerTenant == 100)
    }
}

/// `$filter` on managed devices: the documented subset, or a 400 naming the term.
@Suite("Managed device filters")
struct DeviceFilterTests {
    @Test("Terms become conditions", arguments: [
        ("operatingSystem eq 'iOS'", [DeviceCondition(.operatingSystem, .equals(["iOS"]))]),
        ("contains(deviceName,'Ana''s')", [DeviceCondition(.deviceName, .contains("Ana's"))]),
        ("(complianceState eq 'compliant' or complianceState eq 'noncompliant') and userPrincipalName ne 'x@y.z'",
         [DeviceCondition(.complianceState, .equals(["compliant", "noncompliant"])), DeviceCondition(.userPrincipalName, .notEquals("x@y.z"))]),
        ("lastSyncDateTime lt 2026-11-01T00:00:00Z", [DeviceCondition(.lastSyncDateTime, .before(DateParsing.iso("2026-11-01T00:00:00Z")!))]),
    ])
    func parses(filter: String, conditions: [DeviceCondition]) throws {
        #expect(try DeviceFilterParser.parse(filter) == conditions)
    }

    @Test("Refusals say which term and why", arguments: [
        ("shoeSize eq '42'", "term 1 ('shoeSize eq '42''): 'shoeSize' is not a filterable property"),
        ("operatingSystem eq 'iOS' and contains(serialNumber,'X')", "term 2"),
        ("operatingSystem lt '5'", "'operatingSystem' does not support lt"),
        ("deviceName eq iPhone", "expected a value in single quotes"),
        ("(operatingSystem eq 'iOS' or model eq 'X')", "'or' joins eq on one property only"),
        ("deviceName startswith 'A'", "'startswith' is not supported"),
    ])
    func refuses(filter: String, problem: String) {
        #expect {
            try DeviceFilterParser.parse(filter)
        } throws: { error in
            ((error as? GraphError)?.message.contains(problem)) == true
        }
    }
}
