import Foundation
import HTTPTypes
import Testing
@testable import GraphServer
@testable import MDMCore
@testable import MDMDemo

/// What a hostile client can send the endpoint, through `GraphCall` values (no socket): each
/// answer is Graph's error, names what is wrong, and leaves the store as it was.
@Suite("Graph endpoint against hostile calls", .serialized)
struct GraphRoutesHostileTests: RoutedDemo {
    let folder = NSTemporaryDirectory() + "mdmconsole-routes-\(UUID().uuidString)"

    func served() throws -> (TenantStore, GraphRoutes) { try demoRoutes() }

    func errorMessage(_ answer: GraphAnswer) -> String {
        ((object(answer)["error"] as? [String: Any])?["message"] as? String) ?? ""
    }

    @Test("$filter with 60 terms, 60 alternatives or a 60 KB literal: 400 naming the limit, never the SQL")
    func filterLimits() async throws {
        let (store, routes) = try served()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (_, secret) = try ApiTokens(store: store).issue(to: "admin@contoso.com", name: "t", lifetime: 3600, by: "admin@contoso.com")
        let manyTerms = Array(repeating: "deviceName eq 'x'", count: 60).joined(separator: " and ")
        let manyValues = "(" + Array(repeating: "deviceName eq 'x'", count: 60).joined(separator: " or ") + ")"
        let longLiteral = "contains(deviceName,'" + String(repeating: "a", count: 60_000) + "')"
        for (filter, limit) in [(manyTerms, "at most 50 are accepted"), (manyValues, "at most 50 are accepted"), (longLiteral, "at most 4096 are accepted")] {
            let answer = await routes.respond(call(.get, "deviceManagement/managedDevices", query: [("$filter", filter)], token: secret))
            #expect(answer.status == 400)
            #expect(errorMessage(answer).contains(limit), "\(errorMessage(answer).prefix(200))")
            #expect(!errorMessage(answer).contains("SELECT"))
            #expect((answer.body?.count ?? 0) < 2000, "the answer does not echo the filter back whole")
        }
        let fine = await routes.respond(call(.get, "deviceManagement/managedDevices", query: [("$filter", "deviceName eq 'x'")], token: secret))
        #expect(fine.status == 200)
    }

    @Test("$batch: an absolute URL to any host is refused (400) and not run; a relative one is")
    func batchAbsoluteURL() async throws {
        let (store, routes) = try served()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (_, secret) = try ApiTokens(store: store).issue(to: "admin@contoso.com", name: "t", lifetime: 3600, by: "admin@contoso.com")
        let device = try #require(try store.devices(DeviceQuery()).first)
        let before = try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM action")! }
        let body = """
            {"requests": [
              {"id": "1", "method": "POST", "url": "https://evil.example/v1.0/deviceManagement/managedDevices/\(device.id)/syncDevice"},
              {"id": "2", "method": "POST", "url": "//evil.example/v1.0/deviceManagement/managedDevices/\(device.id)/syncDevice"},
              {"id": "3", "method": "GET", "url": "/deviceManagement/managedDevices?$top=1"}
            ]}
            """
        let answer = await routes.respond(call(.post, "$batch", body: body, token: secret))
        let responses = try #require(object(answer)["responses"] as? [[String: Any]])
        #expect(responses.map { $0["status"] as? Int } == [400, 400, 200])
        #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM action")! } == before, "nothing was run for the absolute URLs")
    }

    @Test("A refusal by role is audited even where a device rule would also grey the action (403, a denied entry)")
    func roleBeforeDeviceRule() async throws {
        let (store, routes) = try served()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (_, secret) = try ApiTokens(store: store).issue(to: DemoTenant.readOnlyOperator, name: "t", lifetime: 3600, by: "admin@contoso.com")
        let now = try store.read { db in try TenantClock.now(db) }
        // A device whose wipe a device rule greys for an Administrator (R4 or another).
        let greyed = try #require(try store.devices(DeviceQuery()).first { device in
            let verdict = Rules.availability(of: .wipe, for: device, role: .administrator, now: now)
            return !verdict.enabled && verdict.rule != .role
        })
        let deniedBefore = try store.auditEntries(AuditQuery(activity: DeviceAction.wipe.auditActivity)).filter { $0.result == .denied }.count
        let answer = await routes.respond(call(.post, "deviceManagement/managedDevices/\(greyed.id)/wipe", token: secret))
        #expect(answer.status == 403, "\(errorMessage(answer))")
        let denied = try store.auditEntries(AuditQuery(activity: DeviceAction.wipe.auditActivity)).filter { $0.result == .denied }
        #expect(denied.count == deniedBefore + 1)
        #expect(denied.contains { $0.deviceId == greyed.id && $0.actor == DemoTenant.readOnlyOperator })
        // The same in a $batch, for Bypass Activation Lock.
        let batch = #"{"requests": [{"id": "1", "method": "POST", "url": "/deviceManagement/managedDevices/\#(greyed.id)/bypassActivationLock"}]}"#
        let batched = await routes.respond(call(.post, "$batch", body: batch, token: secret))
        #expect((object(batched)["responses"] as? [[String: Any]])?.first?["status"] as? Int == 403)
        #expect(try store.auditEntries(AuditQuery(activity: DeviceAction.bypassActivationLock.auditActivity)).contains {
            $0.result == .denied && $0.deviceId == greyed.id
        })
    }

    @Test("An access token minted from a client secret dies with it: revoked, or past the secret's expiry")
    func mintedTokensDieWithTheirSecret() async throws {
        let (store, routes) = try served()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let grants = SignInGrants(store: store)
        let now = Date()
        let (token, secret) = try ApiTokens(store: store).issue(to: "admin@contoso.com", name: "app", lifetime: 120, by: "admin@contoso.com", now: now)
        let minted = try grants.redeemClientSecret(secret, clientId: "app-1", now: now)
        #expect(minted.expiresIn <= 120, "a minted token lives no longer than its secret (\(minted.expiresIn) s)")
        #expect(try ApiTokens(store: store).valid(minted.accessToken, now: now) != nil)
        #expect(try ApiTokens(store: store).valid(minted.accessToken, now: now.addingTimeInterval(121)) == nil, "past the secret's expiry")
        let list = { await routes.respond(self.call(.get, "deviceManagement/managedDevices", query: [("$top", "1")], token: minted.accessToken)).status }
        #expect(await list() == 200)
        try ApiTokens(store: store).revoke(token.id, by: "admin@contoso.com")
        #expect(await list() == 401, "revoking the secret ends the tokens minted from it")
        // A second secret's tokens are untouched.
        let (_, other) = try ApiTokens(store: store).issue(to: "admin@contoso.com", name: "app2", lifetime: 3600, by: "admin@contoso.com")
        let second = try grants.redeemClientSecret(other, clientId: "app-2")
        #expect(try ApiTokens(store: store).valid(second.accessToken) != nil)
    }

    func signInCall(_ name: String, form: String, peer: String) -> GraphCall {
        GraphCall(method: .post, path: ["(outside /v1.0)", "contoso", "oauth2", "v2.0", name], query: [], body: Data(form.utf8),
                  authorization: nil, clientRequestId: nil, requestId: "test", peer: peer, base: "http://127.0.0.1:1/v1.0")
    }

    @Test("A /devicecode flood from one address is throttled there (429), others go on; expired grants are deleted; waiting ones are capped")
    func signInFlood() async throws {
        let (store, _) = try served()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let routes = GraphRoutes(store: store, throttle: Throttle(limits: .service), signIn: SignInGrants(store: store), faults: nil)
        var statuses: [Int] = []
        for _ in 0..<40 { statuses.append(await routes.respond(signInCall("devicecode", form: "client_id=app&scope=x", peer: "10.9.9.9")).status) }
        #expect(statuses.filter { $0 == 200 }.count == 30 && statuses.suffix(10).allSatisfy { $0 == 429 }, "\(statuses)")
        let rows = { try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM deviceCodeGrant")! } }
        #expect(try rows() == 30, "the throttled requests wrote nothing")
        #expect(await routes.respond(signInCall("devicecode", form: "client_id=app&scope=x", peer: "10.9.9.8")).status == 200)
        // Grants long expired go at the next start; a cap stops an unthrottled flood.
        let grants = SignInGrants(store: store)
        _ = try grants.startDeviceCode(clientId: "app", scope: "x", now: Date().addingTimeInterval(-3 * 86_400))
        let before = try rows()
        _ = try grants.startDeviceCode(clientId: "app", scope: "x")
        #expect(try rows() == before, "one added, the three-day-old one deleted")
        for _ in try rows()..<SignInGrants.mostWaiting { _ = try grants.startDeviceCode(clientId: "app", scope: "x") }
        #expect(throws: SignInGrants.OAuthError.self) { _ = try grants.startDeviceCode(clientId: "app", scope: "x") }
    }

    @Test("Throttling counts every token minted from one secret in one window: minting more buys no more requests")
    func throttledPerSecret() async throws {
        let (store, _) = try served()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let routes = GraphRoutes(store: store, throttle: Throttle(limits: ThrottleLimits("3/20s")!), signIn: SignInGrants(store: store), faults: nil)
        let (_, secret) = try ApiTokens(store: store).issue(to: "admin@contoso.com", name: "app", lifetime: 3600, by: "admin@contoso.com")
        var statuses: [Int] = []
        for _ in 0..<5 {
            let minted = try SignInGrants(store: store).redeemClientSecret(secret, clientId: "app-1")
            statuses.append(await routes.respond(call(.get, "deviceManagement/managedDevices", query: [("$top", "1")], token: minted.accessToken)).status)
        }
        #expect(statuses == [200, 200, 200, 429, 429])
    }

    @Test("Polling a device code too fast is answered slow_down (and the interval grows); a replayed refresh token ends its whole sign-in")
    func slowDownAndRefreshReplay() throws {
        let (store, _) = try served()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let grants = SignInGrants(store: store)
        let now = Date()
        let code = try grants.startDeviceCode(clientId: "app", scope: "DeviceManagementManagedDevices.Read.All", now: now)
        #expect(throws: SignInGrants.OAuthError("authorization_pending", "waiting for the code to be approved (`mdmconsole tokens approve`)")) {
            _ = try grants.redeemDeviceCode(code.deviceCode, clientId: "app", now: now)
        }
        let fast = #expect(throws: SignInGrants.OAuthError.self) { _ = try grants.redeemDeviceCode(code.deviceCode, clientId: "app", now: now.addingTimeInterval(1)) }
        #expect(fast?.code == "slow_down")
        let interval = try store.read { db in try Int.fetchOne(db, sql: "SELECT interval FROM deviceCodeGrant")! }
        #expect(interval == code.interval + 5)
        try grants.approve(userCode: code.userCode, by: "admin@contoso.com", now: now)
        let first = try grants.redeemDeviceCode(code.deviceCode, clientId: "app", now: now.addingTimeInterval(20))
        let second = try grants.redeemRefreshToken(first.refreshToken!, clientId: "app")
        #expect(try ApiTokens(store: store).valid(second.accessToken) != nil)
        let replay = #expect(throws: SignInGrants.OAuthError.self) { _ = try grants.redeemRefreshToken(first.refreshToken!, clientId: "app") }
        #expect(replay?.message.contains("every token of this sign-in is revoked") == true)
        #expect(try ApiTokens(store: store).valid(second.accessToken) == nil, "the family's newest access token is revoked too")
        #expect(throws: SignInGrants.OAuthError.self) { _ = try grants.redeemRefreshToken(second.refreshToken!, clientId: "app") }
    }

    @Test("tokens approve's view of a waiting sign-in: application, permissions, when and from where")
    func waitingSignIn() throws {
        let (store, _) = try served()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let grants = SignInGrants(store: store)
        let code = try grants.startDeviceCode(clientId: "app-7", scope: "DeviceManagementManagedDevices.Read.All", from: "192.0.2.7")
        let waiting = try grants.waiting(userCode: code.userCode.lowercased())
        #expect(waiting.clientId == "app-7" && waiting.requestedFrom == "192.0.2.7" && !waiting.scopes.isEmpty)
        try grants.decline(userCode: code.userCode, by: "admin@contoso.com")
        #expect(throws: SignInGrants.OAuthError.self) { _ = try grants.waiting(userCode: code.userCode) }
    }

    @Test("$select=activationLockBypassCode: an Administrator's read answers the code and is audited; a Read only operator's is 403 and audited denied")
    func bypassCodeReads() async throws {
        let (store, routes) = try served()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let now = try store.read { db in try TenantClock.now(db) }
        let phone = try #require(try store.devices(DeviceQuery()).first { BypassCode.visibleCode($0, at: now) != nil })
        let (_, admin) = try ApiTokens(store: store).issue(to: "admin@contoso.com", name: "t", lifetime: 3600, by: "admin@contoso.com")
        let (_, reader) = try ApiTokens(store: store).issue(to: DemoTenant.readOnlyOperator, name: "t", lifetime: 3600, by: "admin@contoso.com")
        let path = "deviceManagement/managedDevices/\(phone.id)"
        let answer = await routes.respond(call(.get, path, query: [("$select", "activationLockBypassCode")], token: admin))
        #expect(object(answer)["activationLockBypassCode"] as? String == phone.activationLockBypassCode)
        let refused = await routes.respond(call(.get, path, query: [("$select", "activationLockBypassCode")], token: reader))
        #expect(refused.status == 403)
        #expect(!String(decoding: refused.body ?? Data(), as: UTF8.self).contains(phone.activationLockBypassCode!))
        let plain = await routes.respond(call(.get, path, token: reader))
        #expect(plain.status == 200, "without the code the device reads as before")
        let reads = try store.auditEntries(AuditQuery(activity: BypassCodeReads.activity))
        #expect(reads.count == 2)
        #expect(reads.contains { $0.result == .success && $0.actor == "admin@contoso.com" })
        #expect(reads.contains { $0.result == .denied && $0.actor == DemoTenant.readOnlyOperator })
    }

    @Test("The macOS unlock code's rule holds in serve as on the command line: 6 digits, for the wipe of a Mac only")
    func macOSUnlockCode() async throws {
        let (store, routes) = try served()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (_, secret) = try ApiTokens(store: store).issue(to: "admin@contoso.com", name: "t", lifetime: 3600, by: "admin@contoso.com")
        let now = try store.read { db in try TenantClock.now(db) }
        let devices = try store.devices(DeviceQuery())
        let mac = try #require(devices.first { $0.platform == .macOS && Rules.availability(of: .wipe, for: $0, role: .administrator, now: now).enabled })
        let windows = try #require(devices.first { $0.platform == .windows && Rules.availability(of: .wipe, for: $0, role: .administrator, now: now).enabled })
        let wipe = { (id: String, code: String) in
            await routes.respond(self.call(.post, "deviceManagement/managedDevices/\(id)/wipe", body: #"{"macOsUnlockCode": "\#(code)"}"#, token: secret))
        }
        let short = await wipe(mac.id, "12345")
        #expect(short.status == 400 && errorMessage(short) == "Property 'macOsUnlockCode': is 6 digits", "\(errorMessage(short))")
        let notMac = await wipe(windows.id, "123456")
        #expect(notMac.status == 400 && errorMessage(notMac).contains("not on Windows"), "\(errorMessage(notMac))")
        #expect(try store.actions(deviceId: windows.id).isEmpty, "nothing was sent for a refused body")
        #expect(await wipe(mac.id, "123456").status == 204)
        #expect(ActionInputRules.problem(["macOsUnlockCode": "١٢٣٤٥٦"], action: .wipe, device: mac) != nil, "ASCII digits only")
    }

    @Test("Through GraphCall values, no socket: 401 without a token, 404 for an unknown device or path, 400 naming the rule, 400 for a page token of nothing")
    func answersWithoutSocket() async throws {
        let (store, routes) = try served()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (_, secret) = try ApiTokens(store: store).issue(to: "admin@contoso.com", name: "t", lifetime: 3600, by: "admin@contoso.com")
        var anonymous = call(.get, "deviceManagement/managedDevices", token: "")
        anonymous.authorization = nil
        #expect(await routes.respond(anonymous).status == 401)
        #expect(await routes.respond(call(.get, "deviceManagement/managedDevices/no-such-device", token: secret)).status == 404)
        #expect(await routes.respond(call(.get, "deviceManagement/shoes", token: secret)).status == 404)
        let now = try store.read { db in try TenantClock.now(db) }
        let greyed = try #require(try store.devices(DeviceQuery()).first {
            let verdict = Rules.availability(of: .wipe, for: $0, role: .administrator, now: now)
            return !verdict.enabled && verdict.rule != nil && verdict.rule != .role
        })
        let rule = Rules.availability(of: .wipe, for: greyed, role: .administrator, now: now).rule!
        let refused = await routes.respond(call(.post, "deviceManagement/managedDevices/\(greyed.id)/wipe", token: secret))
        #expect(refused.status == 400)
        #expect((object(refused)["error"] as? [String: Any])?["code"] as? String == rule.rawValue)
        let badPage = await routes.respond(call(.get, "deviceManagement/managedDevices", query: [("$skiptoken", "not-a-token")], token: secret))
        #expect(badPage.status == 400 && errorMessage(badPage).contains("$skiptoken"))
    }
}
