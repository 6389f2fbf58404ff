import Foundation
import Testing
@testable import GraphServer
@testable import MDMCore

/// serve answers a scoped operator's token as the service does: their scope tags' devices
/// only, in the listing and its count; any other device is a 404, to read or to act on.
@Suite("Graph endpoint and scope tags")
struct GraphScopeTagRoutesTests: RoutedDemo {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mdmconsole-scope-routes-\(UUID().uuidString)").path

    @Test("A regional token lists its region, counts it, and gets 404 for another region's device, read or sync")
    func scopedToken() async throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (store, routes) = try demoRoutes()
        let every = try store.devices(DeviceQuery()).filter { $0.managementState == .managed }
        let (inside, outside) = (Array(every.prefix(4)), every[every.count - 1])
        let tags = ScopeTagService(store: store)
        try tags.define(name: "Europe", by: "admin@contoso.com")
        try tags.tag("Europe", devices: inside.map(\.id), adding: true, by: "admin@contoso.com")
        try RoleService(store: store).grant(.helpDesk, to: "eu@contoso.com", scope: .tags(["1"]), by: "admin@contoso.com")
        let (_, secret) = try ApiTokens(store: store).issue(to: "eu@contoso.com", name: "t", lifetime: 3600, by: "admin@contoso.com")

        let listed = object(await routes.respond(call(.get, "deviceManagement/managedDevices", query: [("$count", "true")], token: secret)))
        let ids = (listed["value"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(Set(ids) == Set(inside.map(\.id)))
        #expect(listed["@odata.count"] as? Int == inside.count)
        #expect(await routes.respond(call(.get, "deviceManagement/managedDevices/\(outside.id)", token: secret)).status == 404)
        #expect(await routes.respond(call(.get, "deviceManagement/managedDevices/\(inside[0].id)", token: secret)).status == 200)
        let before = try store.actions().count
        #expect(await routes.respond(call(.post, "deviceManagement/managedDevices/\(outside.id)/syncDevice", token: secret)).status == 404)
        #expect(try store.actions().count == before, "nothing was taken")
        var beta = call(.get, "deviceManagement/managedDevices/\(inside[0].id)", token: secret)
        beta.version = .beta
        beta.base = "http://127.0.0.1:1/beta"
        #expect(object(await routes.respond(beta))["roleScopeTagIds"] as? [String] == ["1"], "beta says which tags the device holds")
    }
}
