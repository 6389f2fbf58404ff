import Foundation
import HTTPTypes
import Testing
@testable import GraphServer
@testable import MDMCore
@testable import MDMDemo

/// serve as Microsoft publishes Graph v1.0 (the CSDL and the API reference's examples),
/// through `GraphCall` values: every property, the documented function form, GUID ids,
/// `$batch`'s rules, contexts and headers, deviceActionResult subtypes.
@Suite("Graph endpoint as Microsoft publishes it", .serialized)
struct GraphFidelityTests: RoutedDemo {
    let folder = NSTemporaryDirectory() + "mdmconsole-fidelity-\(UUID().uuidString)"

    /// The demo behind the routes, and an Administrator's token for it.
    func served() throws -> (TenantStore, GraphRoutes, String) {
        let (store, routes) = try demoRoutes()
        let (_, secret) = try ApiTokens(store: store).issue(to: "admin@contoso.com", name: "t", lifetime: 3600, by: "admin@contoso.com")
        return (store, routes, secret)
    }

    @Test("A device carries every v1.0 property, non-nullable ones never null, Int64 ones as numbers; any of them can be $selected")
    func everyProperty() async throws {
        let (store, routes, token) = try served()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let list = object(await routes.respond(call(.get, "deviceManagement/managedDevices", query: [("$top", "3")], token: token)))
        let device = try #require((list["value"] as? [[String: Any]])?.first)
        for property in GraphDeviceProperty.allCases where property.version == .v1 {
            #expect(device.keys.contains(property.name), "\(property.name) is missing")
            if !property.isNullable { #expect(!(device[property.name] is NSNull), "\(property.name) is Nullable=false") }
        }
        for property in GraphDeviceProperty.allCases where property.version == .beta { #expect(!device.keys.contains(property.name), "\(property.name) is beta") }
        #expect(device["totalStorageSpaceInBytes"] is NSNumber && device["physicalMemoryInBytes"] is NSNumber)
        for name in ["userId", "azureADDeviceId", "managedDeviceName", "easActivated", "exchangeAccessState", "totalStorageSpaceInBytes", "wiFiMacAddress", "udid", "notes"] {
            let answer = await routes.respond(call(.get, "deviceManagement/managedDevices", query: [("$select", name), ("$top", "1")], token: token))
            #expect(answer.status == 200, "$select=\(name)")
            let selected = try #require((object(answer)["value"] as? [[String: Any]])?.first)
            #expect(Set(selected.keys) == [name, "id"])
        }
        // A non-default property: null in any list, its value only on a single GET naming it.
        var stored = try #require(try store.devices(DeviceQuery()).first { $0.managementState == .managed })
        stored.inventory["EthernetMAC"] = "00:11:22:33:44:55"
        try store.write { db in try stored.update(db) }
        let inList = object(await routes.respond(call(.get, "deviceManagement/managedDevices", query: [("$select", "ethernetMacAddress,deviceName"), ("$filter", "deviceName eq '\(stored.name.replacingOccurrences(of: "'", with: "''"))'")], token: token)))
        #expect((inList["value"] as? [[String: Any]])?.first?["ethernetMacAddress"] is NSNull)
        let single = object(await routes.respond(call(.get, "deviceManagement/managedDevices/\(stored.id)", query: [("$select", "ethernetMacAddress")], token: token)))
        #expect(single["ethernetMacAddress"] as? String == "00:11:22:33:44:55")
    }

    @Test("getEffectivePermissions(scope='allScopes'), the form the SDKs build, answers like ?scope=")
    func effectivePermissionsFunction() async throws {
        let (_, routes, token) = try served()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let function = await routes.respond(call(.get, "deviceManagement/getEffectivePermissions(scope='allScopes')", token: token))
        let query = await routes.respond(call(.get, "deviceManagement/getEffectivePermissions", query: [("scope", "allScopes")], token: token))
        #expect(function.status == 200 && query.status == 200)
        #expect(object(function)["value"] as? NSArray == object(query)["value"] as? NSArray)
        #expect(await routes.respond(call(.get, "deviceManagement/getEffectivePermissions(scope='allScopes',x=1)", token: token)).status == 400)
        #expect(GraphFunctionCall("f(a='it''s',b=2)") == GraphFunctionCall(name: "f", parameters: ["a": "it's", "b": "2"]))
        #expect(GraphFunctionCall("f(a='open") == nil)
    }

    @Test("$batch: duplicate ids and a body without Content-Type are 400; a request depending on a failed one is 424 and not run; sub-answers carry a GUID request-id")
    func batchRules() async throws {
        let (store, routes, token) = try served()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let device = try #require(try store.devices(DeviceQuery()).first { $0.managementState == .managed })
        let actions = { try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM action")! } }
        let before = try actions()
        let duplicate = #"{"requests": [{"id": "1", "method": "GET", "url": "/deviceManagement/managedDevices"}, {"id": "1", "method": "GET", "url": "/deviceManagement/auditEvents"}]}"#
        #expect(await routes.respond(call(.post, "$batch", body: duplicate, token: token)).status == 400)
        let noType = #"{"requests": [{"id": "1", "method": "POST", "url": "/deviceManagement/managedDevices/\#(device.id)/syncDevice", "body": {}}]}"#
        #expect(await routes.respond(call(.post, "$batch", body: noType, token: token)).status == 400)
        #expect(try actions() == before, "a refused batch runs nothing")
        let chained = #"""
            {"requests": [{"id": "1", "method": "GET", "url": "/deviceManagement/nothingHere"},
                          {"id": "2", "dependsOn": ["1"], "method": "POST", "url": "/deviceManagement/managedDevices/\#(device.id)/syncDevice"},
                          {"id": "3", "method": "GET", "url": "/deviceManagement/managedDevices/\#(device.id)"}]}
            """#
        let answer = await routes.respond(call(.post, "$batch", body: chained, token: token))
        let responses = try #require(object(answer)["responses"] as? [[String: Any]])
        #expect(responses.map { $0["status"] as? Int } == [404, 424, 200])
        #expect(try actions() == before, "the dependent sync was not sent")
        for response in responses {
            let headers = try #require(response["headers"] as? [String: String])
            #expect(UUID(uuidString: headers["request-id"] ?? "") != nil)
        }
        let forward = #"{"requests": [{"id": "1", "dependsOn": ["2"], "method": "GET", "url": "/deviceManagement/auditEvents"}, {"id": "2", "method": "GET", "url": "/deviceManagement/auditEvents"}]}"#
        #expect(await routes.respond(call(.post, "$batch", body: forward, token: token)).status == 400)
    }

    @Test("Contexts: a single device's answer has one, a $select names the selection; /me and /users/{upn} list a person's devices")
    func contextsAndUsers() async throws {
        let (store, routes, token) = try served()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let device = try #require(try store.devices(DeviceQuery()).first { !$0.primaryUserUPN.isEmpty })
        let single = object(await routes.respond(call(.get, "deviceManagement/managedDevices/\(device.id)", token: token)))
        #expect(single["@odata.context"] as? String == "http://127.0.0.1:1/v1.0/$metadata#deviceManagement/managedDevices/$entity")
        let selected = object(await routes.respond(call(.get, "deviceManagement/managedDevices", query: [("$select", "deviceName,model")], token: token)))
        #expect(selected["@odata.context"] as? String == "http://127.0.0.1:1/v1.0/$metadata#deviceManagement/managedDevices(deviceName,model)")
        let theirs = object(await routes.respond(call(.get, "users/\(device.primaryUserUPN)/managedDevices", token: token)))
        let listed = try #require(theirs["value"] as? [[String: Any]])
        #expect(!listed.isEmpty && listed.allSatisfy { $0["userPrincipalName"] as? String == device.primaryUserUPN })
        #expect(listed.count == (try store.devices(DeviceQuery()).filter { $0.primaryUserUPN == device.primaryUserUPN }.count))
        let mine = object(await routes.respond(call(.get, "me/managedDevices", token: token)))
        #expect((mine["value"] as? [[String: Any]])?.allSatisfy { $0["userPrincipalName"] as? String == "admin@contoso.com" } == true)
        #expect(await routes.respond(call(.get, "users/0000-no-upn/managedDevices", token: token)).status == 404)
    }

    @Test("A wrong method on a known path is 405 with Allow; an unknown path 404; a 401 says how to authenticate")
    func methodsAndChallenges() async throws {
        let (store, routes, token) = try served()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let device = try #require(try store.devices(DeviceQuery()).first)
        let put = await routes.respond(call(.put, "deviceManagement/managedDevices/\(device.id)", token: token))
        #expect(put.status == 405 && put.headers["Allow"] == "GET, DELETE")
        #expect(await routes.respond(call(.get, "deviceManagement/managedDevices/\(device.id)/wipe", token: token)).status == 405)
        #expect(await routes.respond(call(.get, "deviceManagement/nothingHere", token: token)).status == 404)
        let anonymous = await routes.respond(call(.get, "deviceManagement/managedDevices", token: "mdm_not_a_token"))
        #expect(anonymous.status == 401 && anonymous.headers["WWW-Authenticate"]?.hasPrefix("Bearer ") == true)
    }

    @Test("A reset passcode's result is a resetPasscodeActionResult carrying the temporary passcode while it is shown (R23)")
    func resetPasscodeResult() throws {
        let now = Date()
        var record = ActionRecord(id: "a1", action: .resetPasscode, deviceId: "d1", deviceName: "P", platform: .android, state: .done, issuedAt: now, updatedAt: now,
                                  initiatedBy: "helpdesk@contoso.com", source: .console, temporaryPasscode: "482913",
                                  temporaryPasscodeExpiresAt: now.addingTimeInterval(3600))
        let shown = try JSONSerialization.jsonObject(with: JSONEncoder().encode(GraphDeviceActionResult(record, now: now))) as? [String: Any]
        #expect(shown?["@odata.type"] as? String == "#microsoft.graph.resetPasscodeActionResult")
        #expect(shown?["passcode"] as? String == "482913" && shown?["errorCode"] as? Int == 0)
        let later = try JSONSerialization.jsonObject(with: JSONEncoder().encode(GraphDeviceActionResult(record, now: now.addingTimeInterval(7200)))) as? [String: Any]
        #expect(later?["passcode"] is NSNull, "gone once it is no longer shown")
        record.action = .sync
        let plain = try JSONSerialization.jsonObject(with: JSONEncoder().encode(GraphDeviceActionResult(record, now: now))) as? [String: Any]
        #expect(plain?["@odata.type"] == nil && plain?["passcode"] == nil)
    }

    @Test("v1.0 speaks only v1.0's enum members: a retired or wiped device has left the list (404), Android Enterprise enrollment types are unknownFutureValue")
    func versionedEnums() async throws {
        let (store, routes, token) = try served()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let all = try store.devices(DeviceQuery())
        let gone = try #require(all.first { $0.managementState == .retired || $0.managementState == .wiped })
        #expect(await routes.respond(call(.get, "deviceManagement/managedDevices/\(gone.id)", token: token)).status == 404)
        #expect(await routes.respond(call(.post, "deviceManagement/managedDevices/\(gone.id)/syncDevice", token: token)).status == 404,
                "an action on a device that left management finds no device, as on the service")
        let page = object(await routes.respond(call(.get, "deviceManagement/managedDevices", query: [("$top", "1000")], token: token)))
        let listed = try #require(page["value"] as? [[String: Any]])
        #expect(listed.count == all.filter { $0.managementState != .retired && $0.managementState != .wiped }.count)
        #expect(listed.allSatisfy { ManagementState(rawValue: $0["managementState"] as? String ?? "") != nil && $0["managementState"] as? String != "retired" })
        #expect(listed.allSatisfy { GraphEnums.deviceEnrollmentTypeV1.contains($0["deviceEnrollmentType"] as? String ?? "") })
        let dedicated = try #require(all.first { $0.managementType == .androidDedicated && $0.managementState == .managed })
        let shown = object(await routes.respond(call(.get, "deviceManagement/managedDevices/\(dedicated.id)", token: token)))
        #expect(shown["deviceEnrollmentType"] as? String == "unknownFutureValue")
        #expect(shown["managementAgent"] as? String == "googleCloudDevicePolicyController")
    }

    @Test("/beta speaks beta: the Android Enterprise enrollment types and the beta properties the rules read; v1.0 has neither, and its $select refuses them")
    func betaSurface() async throws {
        let (store, routes, token) = try served()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let dedicated = try #require(try store.devices(DeviceQuery()).first { $0.managementType == .androidDedicated && $0.managementState == .managed })
        var beta = call(.get, "deviceManagement/managedDevices/\(dedicated.id)", token: token)
        beta.version = .beta
        beta.base = "http://127.0.0.1:1/beta"
        let shown = object(await routes.respond(beta))
        #expect(shown["deviceEnrollmentType"] as? String == "androidEnterpriseDedicatedDevice")
        #expect(shown["deviceType"] as? String == "androidEnterprise")
        #expect(shown["processorArchitecture"] as? String == "unknown")
        #expect(shown.keys.contains("skuFamily") && !shown.keys.contains("eid"))
        #expect(shown["ownerType"] as? String == "company" && shown["chassisType"] as? String == "phone" && shown["roleScopeTagIds"] as? [String] == ["0"])
        #expect(Set(shown.keys).subtracting(["@odata.context"]) == Set(GraphDeviceProperty.servedOnBeta.map(\.name)), "every beta property")
        #expect((shown["@odata.context"] as? String)?.hasPrefix("http://127.0.0.1:1/beta/$metadata#") == true)
        let v1 = object(await routes.respond(call(.get, "deviceManagement/managedDevices/\(dedicated.id)", token: token)))
        #expect(!v1.keys.contains("deviceType"))
        #expect(await routes.respond(call(.get, "deviceManagement/managedDevices", query: [("$select", "deviceType")], token: token)).status == 400)
        var selected = call(.get, "deviceManagement/managedDevices", query: [("$select", "deviceType"), ("$top", "2")], token: token)
        selected.version = .beta
        #expect(await routes.respond(selected).status == 200)
    }
}
