import Foundation
import Crypto
import _CryptoExtras
@testable import GraphClient
import GraphServer
import Testing
@testable import MDMCore

/// The Graph client against the real endpoint on loopback: sign-in, mirroring, actions and
/// the faults a service has. Each test serves its own demo tenant.
@Suite("Graph client against serve", .serialized)
struct GraphClientTests {
    @Test("Device code: pending until approved, then tokens; a refresh token works once (rotation)")
    func deviceCodeAndRotation() async throws {
        let service = try await LocalService()
        let (_, source) = try service.connectedStore()
        let signIn = SignIn(http: service.http, source: source)
        let prompt = try await signIn.startDeviceCode()
        #expect(prompt.message.contains(prompt.userCode))
        // Not approved yet: one poll says pending, and polling again at once says slow_down.
        await #expect(throws: SignInError.self) {
            _ = try await signIn.finishDeviceCode(prompt, sleep: { _ in throw SignInError("stop", "stop after one poll") })
        }
        try SignInGrants(store: service.served).approve(userCode: prompt.userCode, by: "helpdesk@contoso.com")
        let tokens = try await signIn.finishDeviceCode(prompt, sleep: { _ in try await Task.sleep(for: .milliseconds(10)) })
        #expect(TokenClaims(tokens.accessToken)?.account == "helpdesk@contoso.com")
        #expect(tokens.scope.contains(GraphPermission.privilegedOperations))
        let refresh = try #require(tokens.refreshToken)
        let renewed = try await signIn.refresh(refresh)
        #expect(renewed.refreshToken != refresh)
        let reuse = await #expect(throws: SignInError.self) { _ = try await signIn.refresh(refresh) }
        #expect(reuse?.code == "sign_in_needed")
        await service.stop()
    }

    @Test("A declined sign-in stops polling with its reason")
    func declined() async throws {
        let service = try await LocalService()
        let (_, source) = try service.connectedStore()
        let signIn = SignIn(http: service.http, source: source)
        let prompt = try await signIn.startDeviceCode()
        try SignInGrants(store: service.served).decline(userCode: prompt.userCode, by: "admin@contoso.com")
        let error = await #expect(throws: SignInError.self) {
            _ = try await signIn.finishDeviceCode(prompt, sleep: { _ in try await Task.sleep(for: .milliseconds(10)) })
        }
        #expect(error?.code == "authorization_declined")
        await service.stop()
    }

    @Test("The temporary passcode of a reset (R23) reaches the mirror from the service's resetPasscodeActionResult")
    func temporaryPasscodeMirrored() async throws {
        let service = try await LocalService()
        let (store, source) = try service.connectedStore()
        _ = try await service.signIn(source, as: "admin@contoso.com", mirror: store)
        let now = try service.served.now()
        let reset = try #require(try service.served.actions().first { $0.action == .resetPasscode && $0.visibleTemporaryPasscode(at: now) != nil },
                                 "the demo has a work-profile reset whose passcode is shown")
        _ = try await MirrorSync(connection: service.connection(source), store: store).run()
        let mirrored = try store.actions(deviceId: reset.deviceId).filter { $0.action == .resetPasscode }
        #expect(mirrored.contains { $0.visibleTemporaryPasscode(at: now) == reset.temporaryPasscode }, "the mirror shows the service's passcode")
        await service.stop()
    }

    @Test("A sync mirrors every device across pages; a device the service deleted leaves the mirror only with a complete listing")
    func mirrorAcrossPages() async throws {
        let service = try await LocalService(devices: 2500)
        let (store, source) = try service.connectedStore()
        _ = try await service.signIn(source, as: "admin@contoso.com", mirror: store)
        let sync = MirrorSync(connection: service.connection(source), store: store)
        let first = try await sync.run()
        #expect(first.added == (try service.listed().count), "retired and wiped devices have left the service's list")
        #expect(try store.devices(DeviceQuery()).map(\.id).sorted() == (try service.listed()).map(\.id).sorted())
        let gone = try #require(try service.served.devices(DeviceQuery()).first { $0.platform == .windows && $0.managementState == .managed })
        _ = try ActionService(store: service.served).take(ActionRequest(action: .delete, deviceId: gone.id, operatorUPN: "admin@contoso.com",
                                                                        typedName: gone.name))
        let second = try await sync.run()
        #expect(second.removed == 1 && second.added == 0)
        #expect(try store.device(id: gone.id) == nil)
        await service.stop()
    }

    @Test("A nextLink that loops ends the sync with an error and the mirror as it was; the next sync completes")
    func loopingNextLink() async throws {
        let service = try await LocalService(devices: 2500, faults: ["loop@list:3"])
        let (store, source) = try service.connectedStore()
        _ = try await service.signIn(source, as: "admin@contoso.com", mirror: store)
        let sync = MirrorSync(connection: service.connection(source), store: store)
        // Pages 1 and 2 are read; the third request answers a page whose nextLink is itself.
        let error = await #expect(throws: GraphReadError.self) { _ = try await sync.run() }
        #expect(error?.message.contains("leads back to a page already read") == true)
        #expect(try store.deviceCount() == 0, "nothing of an unfinished listing is applied")
        #expect(try store.mirrorStatus().offlineSince != nil)
        let next = try await sync.run()
        #expect(next.added == (try service.listed().count) && next.removed == 0)
        #expect(try store.mirrorStatus().offlineSince == nil)
        await service.stop()
    }

    @Test("429 is waited out (Retry-After) and the action carried out once; a 503 after it was carried out is unknown and never resent")
    func throttledAndLostAnswers() async throws {
        let service = try await LocalService(faults: ["429@action:1", "done-503@action:3"])
        let (store, source) = try service.connectedStore()
        _ = try await service.signIn(source, as: "admin@contoso.com", mirror: store)
        let waits = WaitLog()
        let connection = service.connection(source, waits: waits)
        _ = try await MirrorSync(connection: connection, store: store).run()
        let windows = try store.devices(DeviceQuery()).filter { $0.platform == .windows && $0.managementState == .managed }
        let sender = GraphActionSender(connection: connection)
        let actions = ConnectedActionService(store: store, sender: sender)
        // Action request 1 is answered 429, request 2 (its retry) carried out.
        let first = try await actions.take(ActionRequest(action: .sync, deviceId: windows[0].id, operatorUPN: "admin@contoso.com"))
        guard case .sent(_, .accepted, _) = first else { Issue.record("expected accepted, got \(first)"); return }
        #expect(waits.all == [1])
        // Request 3 is carried out and then answered 503.
        let second = try await actions.take(ActionRequest(action: .retire, deviceId: windows[1].id, operatorUPN: "admin@contoso.com", acknowledged: true))
        guard case .sent(let record, .unknown, _) = second else { Issue.record("expected unknown, got \(second)"); return }
        #expect(record.detail.contains("Not resent"))
        let served = try service.served.auditEntries(AuditQuery(device: windows[1].id))
        #expect(served.filter { $0.activity == DeviceAction.retire.auditActivity && $0.result == .success }.count == 1)
        let local = try store.auditEntries(AuditQuery(device: windows[1].id))
        #expect(local.first { $0.activity == DeviceAction.retire.auditActivity }?.result == .unknown)
        #expect(try ConsistencyCheck.run(store).isEmpty)
        await service.stop()
    }

    @Test("The token file is 0600 in a 0700 folder, and logout deletes it")
    func tokenFile() throws {
        let folder = NSTemporaryDirectory() + "mdmconsole-tokens-\(UUID().uuidString)"
        setenv("XDG_STATE_HOME", folder, 1)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let tokens = StoredTokens(accessToken: "a.b.c", refreshToken: "r", expiresAt: Date(timeIntervalSince1970: 2_000_000_000), scope: "x",
                                  obtainedAt: Date(timeIntervalSince1970: 1_999_996_400))
        try TokenFile.write(tokens, sourceId: "s1")
        let attributes = try FileManager.default.attributesOfItem(atPath: TokenFile.path(for: "s1"))
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let folderAttributes = try FileManager.default.attributesOfItem(atPath: TokenFile.folder())
        #expect((folderAttributes[.posixPermissions] as? Int) == 0o700)
        #expect(TokenFile.read(sourceId: "s1") == tokens)
        #expect(TokenFile.delete(sourceId: "s1"))
        #expect(TokenFile.read(sourceId: "s1") == nil)
    }
}

/// The certificate credential's client assertion, checked as the identity platform would:
/// its header names the certificate's SHA-1 thumbprint, its claims the app and the token
/// endpoint, and its RS256 signature verifies with the certificate's public key.
@Suite("Certificate sign-in")
struct CertificateAssertionTests {
    @Test("The assertion is RS256 over header.claims, x5t the certificate's thumbprint, aud the token endpoint")
    func assertion() throws {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let certificateDER = Data((0..<300).map { UInt8($0 % 251) })  // only its bytes matter to the client
        let pem = key.pemRepresentation + "\n-----BEGIN CERTIFICATE-----\n" + certificateDER.base64EncodedString(options: .lineLength64Characters)
            + "\n-----END CERTIFICATE-----\n"
        let token = try CertificateAssertion.make(pem: pem, path: "app.pem", clientId: "app-id", audience: "https://login/x/oauth2/v2.0/token",
                                                  now: Date(timeIntervalSince1970: 1_800_000_000))
        let parts = token.split(separator: ".").map(String.init)
        #expect(parts.count == 3)
        let header = try #require(try JSONSerialization.jsonObject(with: Base64URL.decode(parts[0])!) as? [String: Any])
        #expect(header["alg"] as? String == "RS256")
        #expect(header["x5t"] as? String == Base64URL.encode(Data(Insecure.SHA1.hash(data: certificateDER))))
        let claims = try #require(try JSONSerialization.jsonObject(with: Base64URL.decode(parts[1])!) as? [String: Any])
        #expect(claims["aud"] as? String == "https://login/x/oauth2/v2.0/token")
        #expect(claims["iss"] as? String == "app-id" && claims["sub"] as? String == "app-id")
        #expect(claims["exp"] as? Int == 1_800_000_600)
        let signature = _RSA.Signing.RSASignature(rawRepresentation: Base64URL.decode(parts[2])!)
        #expect(key.publicKey.isValidSignature(signature, for: Data("\(parts[0]).\(parts[1])".utf8), padding: .insecurePKCS1v1_5))
    }

    @Test("A file without a certificate, or without a key, is refused naming it")
    func badFiles() throws {
        #expect(throws: SignInError.self) { _ = try CertificateAssertion.make(pem: "nothing", path: "x.pem", clientId: "a", audience: "b", now: Date()) }
        let onlyCertificate = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
        let error = #expect(throws: SignInError.self) {
            _ = try CertificateAssertion.make(pem: onlyCertificate, path: "x.pem", clientId: "a", audience: "b", now: Date())
        }
        #expect(error?.message.contains("x.pem: no RSA private key") == true)
    }
}
