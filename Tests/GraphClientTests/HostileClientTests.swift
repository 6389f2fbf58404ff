import Foundation
import Hummingbird
import HTTPTypes
import NIOCore
import NIOHTTP1
@testable import GraphClient
import Testing
@testable import MDMCore

/// The client against servers of the tests' own that lie: links to other hosts, throttling
/// without end, bodies a byte at a time, claims with escapes, token commands that never stop.
@Suite("Graph client against a hostile server", .serialized)
struct HostileClientTests {
    /// Forwards to a real `serve`, rewriting its links to point at itself, or (when `foreign`
    /// is set) at another server: a man in the middle the client cannot tell from the service.
    final class Proxy: @unchecked Sendable {
        let lock = NSLock()
        var foreignOrigin: String?
        var onAction: (@Sendable () -> Void)?
        var server: HostileServer!

        init(_ service: LocalService) async throws {
            let target = "http://127.0.0.1:\(service.port)"
            let http = service.http
            server = try await HostileServer { [unowned self] method, path, body in
                let (foreign, onAction) = self.lock.withLock { (self.foreignOrigin, self.onAction) }
                if method == "POST" { onAction?() }
                let received = self.server.received.last
                let answer = try? await http.exchange(HTTPMethod(rawValue: method), target + path,
                                                      headers: received?.authorization.map { [("Authorization", $0)] } ?? [],
                                                      body: body.isEmpty ? nil : Array(body))
                guard let answer else { return Response(status: .badGateway) }
                let text = String(decoding: answer.body, as: UTF8.self)
                    .replacingOccurrences(of: target, with: foreign ?? "http://127.0.0.1:\(self.server.port)")
                var fields = HTTPFields()
                fields[.contentType] = "application/json"
                return Response(status: .init(code: answer.status), headers: fields, body: .init(byteBuffer: ByteBuffer(string: text)))
            }
        }
    }

    /// A connected store whose source is `url`, signed in by a token command printing `secret`.
    func connectedStore(_ service: LocalService, url: String, secret: String) throws -> (TenantStore, GraphSource) {
        setenv("XDG_STATE_HOME", service.folder + "/state", 1)
        let source = GraphSource(graphURL: url, authority: url.replacingOccurrences(of: "/v1.0", with: ""), tenant: "contoso", clientId: "test-app",
                                 signIn: .tokenCommand("printf %s \(secret)"), id: UUID().uuidString)
        let store = try TenantStore.createConnected(at: "\(service.folder)/mirror-\(UUID().uuidString).sqlite", source: source,
                                                    creator: "admin@contoso.com", creatorLogin: nil)
        return (store, source)
    }

    @Test("A nextLink to another host is not followed: no token goes there, the sync fails saying why, the mirror stays whole")
    func foreignNextLink() async throws {
        let service = try await LocalService(devices: 1500)
        let (_, secret) = try ApiTokens(store: service.served).issue(to: "admin@contoso.com", name: "t", lifetime: 3600, by: "admin@contoso.com")
        let proxy = try await Proxy(service)
        let elsewhere = try await HostileServer { _, _, _ in HostileServer.json(["value": [Any]()]) }
        let (store, source) = try connectedStore(service, url: proxy.server.url, secret: secret)
        var sync = MirrorSync(connection: service.connection(source), store: store)
        sync.fullListingEvery = nil  // every sync lists every page
        let listed = try service.listed().count
        #expect(try await sync.run().added == listed)
        // Now the second page's link names another origin (the same host, another port).
        proxy.lock.withLock { proxy.foreignOrigin = "http://127.0.0.1:\(elsewhere.port)" }
        let error = await #expect(throws: GraphReadError.self) { _ = try await sync.run() }
        #expect(error?.message.contains("not followed") == true, "\(error?.message ?? "")")
        #expect(elsewhere.received.isEmpty, "the bearer token never reached the other server")
        #expect(try store.deviceCount() == listed, "an empty foreign page did not complete (and so empty) the listing")
        #expect(try store.mirrorStatus().lastError?.contains("not followed") == true)
        await elsewhere.stop(); await proxy.server.stop(); await service.stop()
    }

    @Test("Retry-After: 0 for ever: a bounded number of tries, each after at least a second, for reads and actions")
    func endlessRetryAfterZero() async throws {
        let service = try await LocalService(devices: 40)
        let throttling = try await HostileServer { _, _, _ in
            HostileServer.json(["error": ["code": "TooManyRequests", "message": "later"]], status: .tooManyRequests, headers: ["Retry-After": "0"])
        }
        let (_, source) = try connectedStore(service, url: throttling.url, secret: "mdm_test")
        let waits = WaitLog()
        let connection = service.connection(source, waits: waits)
        await #expect(throws: GraphReadError.self) { _ = try await connection.get("/deviceManagement/managedDevices") }
        let reads = throttling.received.count
        #expect(reads <= GraphConnection.throttledAttempts, "\(reads) requests")
        #expect(waits.all.allSatisfy { $0 >= 1 }, "\(waits.all)")
        let answer = await connection.act(.POST, "/deviceManagement/managedDevices/x/syncDevice")
        guard case .refused(let status, _, _, _) = answer else { Issue.record("\(answer)"); return }
        #expect(status == 429)
        #expect(throttling.received.count - reads <= GraphConnection.throttledAttempts)
        await throttling.stop(); await service.stop()
    }

    @Test("A body sent a byte at a time is given up at the deadline: the action is unknown, not a hang")
    func slowBody() async throws {
        let service = try await LocalService(devices: 40)
        let slow = try await HostileServer { _, _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody { writer in
                for _ in 0..<60 {
                    try await writer.write(ByteBuffer(string: " "))
                    try await Task.sleep(for: .milliseconds(500))
                }
                try await writer.write(ByteBuffer(string: "{}"))
            })
        }
        let (_, source) = try connectedStore(service, url: slow.url, secret: "mdm_test")
        let http = GraphHTTP(timeout: .seconds(2))
        let connection = GraphConnection(source: source, http: http, waitBudget: 300, sleep: { _ in })
        let started = Date()
        let answer = await connection.act(.POST, "/deviceManagement/managedDevices/x/syncDevice")
        let elapsed = Date().timeIntervalSince(started)
        guard case .unknown(let reason, _) = answer else { Issue.record("\(answer)"); return }
        #expect(reason.contains("within 2 s"), "\(reason)")
        #expect(elapsed < 10, "given up after \(elapsed) s, not after the 30 s the body takes")
        await http.shutdown(); await slow.stop(); await service.stop()
    }

    @Test("An action is recorded before it is sent: while the request is out, Device actions already hold it")
    func recordedBeforeSending() async throws {
        let service = try await LocalService(devices: 40)
        let (_, secret) = try ApiTokens(store: service.served).issue(to: "admin@contoso.com", name: "t", lifetime: 3600, by: "admin@contoso.com")
        let proxy = try await Proxy(service)
        let (store, source) = try connectedStore(service, url: proxy.server.url, secret: secret)
        let connection = service.connection(source)
        _ = try await MirrorSync(connection: connection, store: store).run()
        // The operator acts with a sign-in of their own (an opaque token names no one: recorded as theirs here).
        try ServiceSignIns(store: store).record(operator: "admin@contoso.com", account: "admin@contoso.com", grant: .unknown)
        let now = try store.read { db in try TenantClock.now(db) }
        let device = try #require(try store.devices(DeviceQuery()).first {
            Rules.availability(of: .sync, for: $0, role: .administrator, now: now).enabled
        })
        let seen = WaitLog()
        proxy.lock.withLock {
            proxy.onAction = {
                // The service got the request: what would a kill now leave in the store?
                let inFlight = (try? store.read { db in
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM action WHERE deviceId = ? AND detail = ?",
                                     arguments: [device.id, ConnectedActionService.sendingDetail])
                }) ?? 0
                seen.add(TimeInterval(inFlight ?? 0))
            }
        }
        let outcome = try await ConnectedActionService(store: store, sender: GraphActionSender(connection: connection))
            .take(ActionRequest(action: .sync, deviceId: device.id, operatorUPN: "admin@contoso.com"))
        #expect(seen.all.first == 1, "one record said 'sent, no answer recorded' while the request was out")
        guard case .sent(let record, let answer, _) = outcome else { Issue.record("\(outcome)"); return }
        #expect(answer.isAccepted)
        let stored = try #require(try store.read { db in try ActionRecord.fetchOne(db, key: record.id) })
        #expect(stored.detail.hasPrefix("Accepted"), "the answer replaced the in-flight note")
        #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM action WHERE deviceId = ?", arguments: [device.id]) } == 1)
        // What a kill between sending and recording the answer leaves: an action that says it
        // is unknown, which `check` reads as one consistent story.
        let service2 = ConnectedActionService(store: store, sender: GraphActionSender(connection: connection))
        _ = try service2.recordSending(ActionRequest(action: .sync, deviceId: device.id, operatorUPN: "admin@contoso.com"), device: device)
        let problems = try ConsistencyCheck.run(store)
        #expect(problems.isEmpty, "\(problems)")
        await proxy.server.stop(); await service.stop()
    }

    @Test("Claims with escapes name no one: not the account, not the mirror's first Administrator")
    func hostileClaims() throws {
        func token(_ claims: [String: Any]) -> String {
            let body = try! JSONSerialization.data(withJSONObject: claims)
            return "e30." + Base64URL.encode(body) + ".x"
        }
        #expect(TokenClaims(token(["upn": "evil\u{1B}]0;owned\u{07}@x.com"]))?.account == nil)
        #expect(TokenClaims(token(["upn": "evil\u{1B}[2J", "preferred_username": "ana@contoso.com"]))?.account == "ana@contoso.com")
        let folder = NSTemporaryDirectory() + "mdmconsole-claims-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let source = GraphSource(graphURL: "http://127.0.0.1:1/v1.0", authority: "http://127.0.0.1:1", tenant: "t", clientId: "c", signIn: .deviceCode, id: "x")
        #expect(throws: IdentityRefusal.self) {
            _ = try TenantStore.createConnected(at: folder + "/m.sqlite", source: source, creator: "a\u{1B}[2J@x.com", creatorLogin: nil)
        }
    }

    @Test("The token command is bounded: endless output, a command that never ends (its group killed), output that is no token")
    func tokenCommandBounds() throws {
        let folder = NSTemporaryDirectory() + "mdmconsole-tokencmd-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var started = Date()
        let endless = #expect(throws: SignInError.self) { _ = try SignIn.tokenCommand("yes", timeout: 20) }
        #expect(endless?.message.contains("over 16 KiB") == true, "\(endless?.message ?? "")")
        #expect(Date().timeIntervalSince(started) < 10)
        started = Date()
        let pidFile = folder + "/pid"
        let hanging = #expect(throws: SignInError.self) {
            _ = try SignIn.tokenCommand("sh -c 'echo $$ > \(pidFile); exec sleep 1000' & wait", timeout: 1)
        }
        #expect(hanging?.message.contains("within 1 s") == true, "\(hanging?.message ?? "")")
        #expect(Date().timeIntervalSince(started) < 10)
        let sleeper = try #require(Int32(String(decoding: FileManager.default.contents(atPath: pidFile) ?? Data(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        // The grandchild was in the command's process group: killed with it (at most a zombie left to init).
        var gone = false
        for _ in 0..<50 where !gone {
            let status = (try? String(contentsOfFile: "/proc/\(sleeper)/stat", encoding: .utf8)) ?? ""
            gone = status.isEmpty || status.contains(") Z ")
            if !gone { usleep(100_000) }
        }
        #expect(gone, "the command's own child was killed with its group")
        let escapes = #expect(throws: SignInError.self) { _ = try SignIn.tokenCommand(#"printf '\033]0;owned\007eyJ.x.y'"#) }
        #expect(escapes?.message.contains("no single bearer token") == true)
        #expect(try SignIn.tokenCommand("printf 'eyJhbGciOiJub25lIn0.e30.c2ln\\n'").accessToken == "eyJhbGciOiJub25lIn0.e30.c2ln")
    }

    @Test("The token folder: refused when others may write it or it is not ours; a link at the token's path is replaced, never followed")
    func tokenFolder() throws {
        let state = NSTemporaryDirectory() + "mdmconsole-state-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: state + "/mdmconsole/tokens", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: state) }
        setenv("XDG_STATE_HOME", state, 1)
        let tokens = StoredTokens(accessToken: "secret-token", refreshToken: nil, expiresAt: Date().addingTimeInterval(600), scope: "")
        chmod(state + "/mdmconsole/tokens", 0o777)
        let open = #expect(throws: TokenFolderError.self) { try TokenFile.write(tokens, sourceId: "s1") }
        #expect(open?.message.contains("can be written by other users") == true, "\(open?.message ?? "")")
        chmod(state + "/mdmconsole/tokens", 0o700)
        if geteuid() == 0 {
            chown(state + "/mdmconsole", 65534, 65534)
            let foreign = #expect(throws: TokenFolderError.self) { try TokenFile.write(tokens, sourceId: "s1") }
            #expect(foreign?.message.contains("not to you") == true)
            chown(state + "/mdmconsole", 0, 0)
        }
        let victim = state + "/victim"
        FileManager.default.createFile(atPath: victim, contents: Data("mine".utf8))
        symlink(victim, TokenFile.path(for: "s1"))
        #expect(TokenFile.read(sourceId: "s1") == nil, "a link is not read as the token file")
        try TokenFile.write(tokens, sourceId: "s1")
        #expect(String(decoding: FileManager.default.contents(atPath: victim)!, as: UTF8.self) == "mine", "the link's target was not written")
        #expect(TokenFile.read(sourceId: "s1")?.accessToken == tokens.accessToken)
        var status = stat()
        lstat(TokenFile.path(for: "s1"), &status)
        #expect(status.st_mode & S_IFMT == S_IFREG && status.st_mode & 0o777 == 0o600)
    }

    @Test("An id is one path segment: `..` and `.` are encoded, never resolved away; a slash or a query stays inside")
    func idsAsSegments() {
        #expect(GraphActionSender.escape("..") == "%2E%2E")
        #expect(GraphActionSender.escape(".") == "%2E")
        #expect(GraphActionSender.escape("a/b?c#d") == "a%2Fb%3Fc%23d")
        #expect(GraphActionSender.escape("9d2e-0000_x~") == "9d2e-0000_x~")
    }
}
