import Foundation
import HTTPTypes
import Testing
@testable import GraphServer
@testable import MDMCore
@testable import MDMDemo

/// The everyday remote tasks through `serve`'s routes: each with Graph's request (v1.0 or beta
/// only), its body checked by the same input rules as the console's, greyed as a 400 naming
/// the rule, and the outcome read back in the device's `deviceActionResults` subtypes.
@Suite("serve: the everyday remote tasks")
struct GraphActionRoutesTests: RoutedDemo {
    let folder = NSTemporaryDirectory() + "mdmconsole-actions-\(UUID().uuidString)"

    func served(as upn: String = "helpdesk@contoso.com") throws -> (TenantStore, GraphRoutes, String) {
        let (store, routes) = try demoRoutes()
        let (_, secret) = try ApiTokens(store: store).issue(to: upn, name: "t", lifetime: 3600, by: "admin@contoso.com")
        return (store, routes, secret)
    }

    func post(_ routes: GraphRoutes, _ id: String, _ name: String, _ body: String = "", beta: Bool, token: String) async -> GraphAnswer {
        var request = call(.post, "deviceManagement/managedDevices/\(id)/\(name)", body: body, token: token)
        if beta {
            request.version = .beta
            request.base = "http://127.0.0.1:1/beta"
        }
        return await routes.respond(request)
    }

    func error(_ answer: GraphAnswer) -> (code: String, message: String) {
        let error = object(answer)["error"] as? [String: Any]
        return (error?["code"] as? String ?? "", error?["message"] as? String ?? "")
    }

    func first(_ store: TenantStore, _ action: DeviceAction, enabled: Bool = true, _ extra: (Device) -> Bool = { _ in true }) throws -> Device {
        let now = try store.now()
        return try #require(try store.devices(DeviceQuery()).first { device in
            extra(device) && Rules.availability(of: action, for: device, role: .helpDesk, now: now,
                                                openActions: (try? store.actions(deviceId: device.id).filter(\.state.isOpen)) ?? []).enabled == enabled
        }, "a demo device where \(action) is \(enabled ? "enabled" : "greyed")")
    }

    @Test("Each task answers on the Graph version that has it: v1.0's on both, beta-only ones on /beta only (404 on v1.0, and nothing taken)")
    func versions() async throws {
        let (store, routes, token) = try served()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let laptop = try first(store, .restart) { $0.platform == .windows }
        #expect(await post(routes, laptop.id, "rebootNow", beta: false, token: token).status == 204)
        let renamed = await post(routes, laptop.id, "setDeviceName", #"{"deviceName": "LAPTOP-ANA"}"#, beta: false, token: token)
        #expect(renamed.status == 404, "setDeviceName is beta's")
        #expect(try store.actions(deviceId: laptop.id).filter { $0.action == .rename }.isEmpty)
        #expect(await post(routes, laptop.id, "setDeviceName", #"{"deviceName": "LAPTOP-ANA"}"#, beta: true, token: token).status == 204)
        let rename = try #require(try store.actions(deviceId: laptop.id).first { $0.action == .rename })
        #expect(rename.input["deviceName"] == "LAPTOP-ANA" && rename.initiatedBy == "helpdesk@contoso.com")
        let phone = try first(store, .enableLostMode)
        #expect(await post(routes, phone.id, "enableLostMode", #"{"message": "Lost", "phoneNumber": "+33 1 70 00 12 34", "footer": "Contoso"}"#,
                           beta: true, token: token).status == 204)
        let iPhone = try first(store, .sendCustomNotification)
        #expect(await post(routes, iPhone.id, "sendCustomNotificationToCompanyPortal", #"{"notificationTitle": "IT", "notificationBody": "Come by"}"#,
                           beta: true, token: token).status == 204)
    }

    @Test("R29, R30, R33, R34: bodies are checked by the input rules; a greyed task is a 400 with its rule; read only is a 403")
    func refusals() async throws {
        let (store, routes, token) = try served()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let windows = try first(store, .remoteLock, enabled: false) { $0.platform == .windows }
        let greyed = await post(routes, windows.id, "remoteLock", beta: false, token: token)
        #expect(greyed.status == 400 && error(greyed).code == "R29" && error(greyed).message.contains("by design"))
        let phone = try first(store, .enableLostMode)
        let noMessage = await post(routes, phone.id, "enableLostMode", #"{"phoneNumber": "+33 1"}"#, beta: true, token: token)
        #expect(noMessage.status == 400 && error(noMessage).message == "Property 'message': is required")
        let number = await post(routes, phone.id, "enableLostMode", #"{"message": 7}"#, beta: true, token: token)
        #expect(number.status == 400 && error(number).message == "Property 'message' must be a string")
        let stray = await post(routes, phone.id, "enableLostMode", #"{"message": "x", "unlockPin": "123456"}"#, beta: true, token: token)
        #expect(stray.status == 400 && error(stray).message.contains("does not exist on the enableLostMode action"))
        let laptop = try first(store, .rename) { $0.platform == .windows }
        let badName = await post(routes, laptop.id, "setDeviceName", #"{"deviceName": "MY LAPTOP"}"#, beta: true, token: token)
        #expect(badName.status == 400 && error(badName).message.contains("Property 'deviceName': has a space"))
        let restart = await post(routes, laptop.id, "setDeviceName", #"{"deviceName": "LAPTOP-1", "restartAfterRename": true}"#, beta: true, token: token)
        #expect(restart.status == 400, "no Graph body carries the restart: \(error(restart).message)")
        let iPhone = try first(store, .sendCustomNotification)
        let long = await post(routes, iPhone.id, "sendCustomNotificationToCompanyPortal",
                              #"{"notificationTitle": "\#(String(repeating: "t", count: 51))", "notificationBody": "b"}"#, beta: true, token: token)
        #expect(long.status == 400 && error(long).message == "Property 'notificationTitle': is 51 characters; at most 50")
        #expect(try store.actions(deviceId: phone.id).filter { $0.action == .enableLostMode }.isEmpty, "nothing taken for a refused body")

        let (_, reader) = try ApiTokens(store: store).issue(to: DemoTenant.readOnlyOperator, name: "r", lifetime: 3600, by: "admin@contoso.com")
        #expect(await post(routes, laptop.id, "rebootNow", beta: false, token: reader).status == 403)
    }

    @Test("R35: createDeviceLogCollectionRequest answers 200 with the request it made, and takes the documented template body")
    func logCollection() async throws {
        let (store, routes, token) = try served()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let laptop = try first(store, .collectDiagnostics)
        let answer = await post(routes, laptop.id, "createDeviceLogCollectionRequest", #"{"templateType": {"templateType": "predefined"}}"#,
                                beta: true, token: token)
        #expect(answer.status == 200)
        let made = object(answer)
        #expect(made["status"] as? String == "pending" && made["managedDeviceId"] as? String == laptop.id)
        #expect(made["initiatedByUserPrincipalName"] as? String == "helpdesk@contoso.com")
        #expect((made["@odata.context"] as? String)?.contains("deviceLogCollectionResponse") == true)
        let wrong = await post(routes, laptop.id, "createDeviceLogCollectionRequest", #"{"templateType": "predefined"}"#, beta: true, token: token)
        #expect(wrong.status == 400)
    }

    @Test("R29, R30, R32: after the check-in the device's deviceActionResults carry the locate position and the Mac's PIN; beta's lostModeState says enabled")
    func outcomesOnTheWire() async throws {
        let (store, routes, token) = try served(as: "admin@contoso.com")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let phone = try first(store, .enableLostMode) { $0.isOnline }
        #expect(await post(routes, phone.id, "enableLostMode", #"{"message": "Lost"}"#, beta: true, token: token).status == 204)
        #expect(await post(routes, phone.id, "syncDevice", beta: false, token: token).status == 204)
        #expect(await post(routes, phone.id, "locateDevice", beta: false, token: token).status == 204)
        #expect(await post(routes, phone.id, "syncDevice", beta: false, token: token).status == 204)
        var beta = call(.get, "deviceManagement/managedDevices/\(phone.id)", token: token)
        beta.version = .beta
        let shown = object(await routes.respond(beta))
        #expect(shown["lostModeState"] as? String == "enabled")
        let v1 = object(await routes.respond(call(.get, "deviceManagement/managedDevices/\(phone.id)", token: token)))
        #expect(v1["lostModeState"] == nil, "a beta property")
        let results = v1["deviceActionResults"] as? [[String: Any]] ?? []
        let locate = try #require(results.first { $0["actionName"] as? String == "locateDevice" })
        #expect(locate["@odata.type"] as? String == "#microsoft.graph.locateDeviceActionResult" && locate["actionState"] as? String == "done")
        let position = try #require(locate["deviceLocation"] as? [String: Any])
        #expect((position["latitude"] as? Double).map { abs($0 - 48.85) < 0.1 } == true)
        #expect(Set(position.keys) == ["latitude", "longitude", "altitude", "horizontalAccuracy", "verticalAccuracy", "heading", "speed", "lastCollectedDateTime"])

        let mac = try first(store, .remoteLock) { $0.platform == .macOS && $0.isOnline }
        #expect(await post(routes, mac.id, "remoteLock", beta: false, token: token).status == 204)
        let macShown = object(await routes.respond(call(.get, "deviceManagement/managedDevices/\(mac.id)", token: token)))
        let lock = try #require((macShown["deviceActionResults"] as? [[String: Any]] ?? []).first { $0["actionName"] as? String == "remoteLock" })
        #expect(lock["@odata.type"] as? String == "#microsoft.graph.remoteLockActionResult")
        #expect((lock["unlockPin"] as? String)?.count == 6, "the service picked the Mac's PIN")
    }
}
