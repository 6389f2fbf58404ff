import Foundation
import Testing
@testable import GraphClient
@testable import GraphServer
@testable import MDMCore
@testable import MDMDemo

/// The everyday remote tasks on a connected tenant: sent as Graph's requests (beta-only ones
/// to the same service's /beta), refused here when no request can carry an input, and read
/// back from the service's action results at the next sync (R29, R30, R32).
@Suite("Connected tenant: the everyday remote tasks")
struct RemoteTaskClientTests {
    static let admin = "admin@contoso.com"

    func take(_ actions: ConnectedActionService, _ action: DeviceAction, _ device: Device, _ input: [String: String] = [:]) async throws -> ConnectedOutcome {
        var request = ActionRequest(action: action, deviceId: device.id, operatorUPN: Self.admin, typedName: device.name, acknowledged: true)
        request.options = input
        return try await actions.take(request)
    }

    /// A demo service of `devices` on loopback, a store connected to it as the admin, synced once;
    /// `extensions: false` has serve answer as Microsoft's service does.
    struct Connected {
        let service: LocalService
        let store: TenantStore
        let connection: GraphConnection
        let firstSync: MirrorWriter.Tally
        var actions: ConnectedActionService { ConnectedActionService(store: store, sender: GraphActionSender(connection: connection)) }

        /// The service's device checks in (delivering what was sent), then the mirror syncs.
        func checkInAndSync(_ deviceId: String) async throws {
            _ = try Simulator(store: service.served).checkIn(deviceId: deviceId, by: RemoteTaskClientTests.admin)
            _ = try await MirrorSync(connection: connection, store: store).run()
        }
    }

    func connected(devices: Int, extensions: Bool = true) async throws -> Connected {
        let service = try await LocalService(devices: devices)
        do {
            let (store, source) = try service.connectedStore()
            _ = try await service.signIn(source, as: Self.admin, mirror: store)
            let connection = service.connection(source, extensions: extensions)
            let tally = try await MirrorSync(connection: connection, store: store).run()
            return Connected(service: service, store: store, connection: connection, firstSync: tally)
        } catch {
            await service.stop()  // its HTTP client must be shut down, whatever failed
            throw error
        }
    }

    func accepted(_ outcome: ConnectedOutcome) -> Bool {
        if case .sent(_, .accepted, _) = outcome { return true }
        return false
    }

    @Test("R30, R32: Lost Mode goes to /beta with its message, Locate to v1.0; the next sync shows the device in Lost Mode at the position found")
    func lostPhone() async throws {
        let tenant = try await connected(devices: 40)
        let (service, store, actions) = (tenant.service, tenant.store, tenant.actions)
        let now = try store.now()
        let phone = try #require(try store.devices(DeviceQuery()).first {
            Rules.availability(of: .enableLostMode, for: $0, role: .administrator, now: now).enabled && (try? service.served.device(id: $0.id))??.isOnline == true
        })
        #expect(accepted(try await take(actions, .enableLostMode, phone, ["message": "Lost. Call Contoso IT.", "phoneNumber": "+33 1 70 00 12 34"])))
        let sent = try #require(try service.served.actions(deviceId: phone.id).first { $0.action == .enableLostMode })
        #expect(sent.input["message"] == "Lost. Call Contoso IT." && sent.initiatedBy == Self.admin, "the body reached the service")
        try await tenant.checkInAndSync(phone.id)
        var mirrored = try #require(try store.device(id: phone.id))
        #expect(mirrored.lostMode != nil, "read back from the service's results")
        #expect(accepted(try await take(actions, .locateDevice, mirrored)))
        try await tenant.checkInAndSync(phone.id)
        mirrored = try #require(try store.device(id: phone.id))
        let served = try #require(try service.served.device(id: phone.id))
        #expect(mirrored.location?.latitude == served.location?.latitude && mirrored.location != nil)
        #expect(accepted(try await take(actions, .disableLostMode, mirrored)))
        try await tenant.checkInAndSync(phone.id)
        #expect(try store.device(id: phone.id)?.lostMode == nil)
        await service.stop()
    }

    @Test("R29, R33: a rename is sent to /beta; a Mac's lock carries no PIN through Graph (refused here, nothing sent); the service's PIN reaches the mirror")
    func renameAndMacLock() async throws {
        let tenant = try await connected(devices: 40)
        let (service, store, actions) = (tenant.service, tenant.store, tenant.actions)
        let now = try store.now()
        let devices = try store.devices(DeviceQuery())
        let laptop = try #require(devices.first { $0.platform == .windows && Rules.availability(of: .rename, for: $0, role: .administrator, now: now).enabled })
        await #expect(throws: ActionError.self) { _ = try await take(actions, .rename, laptop, ["deviceName": "LAPTOP-ANA", "restartAfterRename": "true"]) }
        #expect(try service.served.actions(deviceId: laptop.id).filter { $0.action == .rename }.isEmpty, "nothing sent")
        #expect(accepted(try await take(actions, .rename, laptop, ["deviceName": "LAPTOP-ANA"])))
        #expect(try service.served.actions(deviceId: laptop.id).first { $0.action == .rename }?.input["deviceName"] == "LAPTOP-ANA")

        let mac = try #require(devices.first { $0.platform == .macOS && Rules.availability(of: .remoteLock, for: $0, role: .administrator, now: now).enabled })
        await #expect(throws: ActionError.self) { _ = try await take(actions, .remoteLock, mac, ["unlockPin": "123456"]) }
        #expect(accepted(try await take(actions, .remoteLock, mac)))
        let pin = try #require(try service.served.actions(deviceId: mac.id).first { $0.action == .remoteLock }?.temporaryPasscode)
        _ = try await MirrorSync(connection: tenant.connection, store: store).run()
        let overview = try #require(try store.overview(deviceId: mac.id, operatorUPN: "admin@contoso.com"))
        #expect(overview.unlockPin?.code == pin, "the PIN the service picked is shown")
        #expect(!(try store.auditEntries(AuditQuery(device: mac.id))).contains { $0.changedProperties.contains { $0.newValue.contains(pin) } })
        await service.stop()
    }

    @Test("Each everyday task is sent from the mirror once and reaches the service with its inputs, v1.0's and beta's alike")
    func everyTaskSent() async throws {
        let tenant = try await connected(devices: 80)
        let (service, store, actions) = (tenant.service, tenant.store, tenant.actions)
        let now = try store.now()
        let devices = try store.devices(DeviceQuery())
        let inputs: [DeviceAction: [String: String]] = [
            .enableLostMode: ["message": "Lost"], .rename: ["deviceName": "RENAMED-1"],
            .sendCustomNotification: ["notificationTitle": "IT", "notificationBody": "Come by"], .playLostModeSound: ["durationInMinutes": "2"],
        ]
        let everyday: [DeviceAction] = [.remoteLock, .restart, .shutDown, .enableLostMode, .locateDevice, .rename,
                                        .sendCustomNotification, .collectDiagnostics, .playLostModeSound, .disableLostMode]
        for action in everyday {
            let device = try #require(devices.first { Rules.availability(of: action, for: $0, role: .administrator, now: now, openActions: []).enabled },
                                      "a mirrored device where \(action) is enabled")
            #expect(accepted(try await take(actions, action, device, inputs[action] ?? [:])), "\(action)")
            let sent = try service.served.actions(deviceId: device.id).filter { $0.action == action && $0.initiatedBy == Self.admin }
            #expect(sent.count == 1, "\(action) reached the service once")
            for (key, value) in inputs[action] ?? [:] { #expect(sent.first?.input[key] == value, "\(action).\(key)") }
            let local = try store.auditEntries(AuditQuery(device: device.id)).first { $0.activity == action.auditActivity }
            #expect(local?.changedProperties.contains { $0.name == "requestId" && !$0.newValue.isEmpty } == true, "\(action): audited with the service's request-id")
        }
        await service.stop()
    }

    @Test("R24: v1.0 cannot tell a corporate work profile or a dedicated device from a fully managed one; the sync reads their kind from /beta")
    func androidKindsFromBeta() async throws {
        // As Microsoft's service answers: no mdmconsole object saying the kind.
        let tenant = try await connected(devices: 80, extensions: false)
        let (service, store, tally) = (tenant.service, tenant.store, tenant.firstSync)
        let served = try service.served.devices(DeviceQuery(platform: .android))
        for kind in [ManagementType.androidCorporateWorkProfile, .androidDedicated, .androidFullyManaged] {
            let ids = served.filter { $0.managementType == kind && $0.managementState == .managed }.map(\.id)
            #expect(!ids.isEmpty, "the demo has \(kind)")
            for id in ids { #expect(try store.device(id: id)?.managementType == kind, "\(kind) read from beta") }
        }
        #expect(tally.skipped.keys.allSatisfy { !$0.contains("guessed") }, "\(tally.skipped)")
        // Read back alone after an action (v1.0 only), a corporate work profile keeps its kind.
        let cope = try #require(served.first { $0.managementType == .androidCorporateWorkProfile })
        #expect(accepted(try await take(tenant.actions, .sync, cope)))
        #expect(try store.device(id: cope.id)?.managementType == .androidCorporateWorkProfile)
        await service.stop()
    }

    @Test("R13, R20: Graph does not say whether a device is reachable: a mirrored device is never called offline, and its actions say what is known")
    func presenceUnknown() async throws {
        let tenant = try await connected(devices: 40, extensions: false)
        let (service, store) = (tenant.service, tenant.store)
        let now = try store.now()
        let laptop = try #require(try store.devices(DeviceQuery(platform: .windows)).first { $0.managementState == .managed })
        #expect(!laptop.presenceKnown && !laptop.isKnownOffline)
        let notes = Rules.availability(of: .retire, for: laptop, role: .administrator, now: now).notes.map(\.text)
        #expect(notes.contains { $0.hasPrefix("The service does not say whether the device is reachable") }, "\(notes)")
        #expect(!notes.contains { $0.contains("is offline") })
        let sync = Rules.availability(of: .sync, for: laptop, role: .administrator, now: now).notes.map(\.text)
        #expect(sync.first?.hasPrefix("Asks the device to check in now") == true)
        #expect(DeviceWire(laptop).online == nil, "--json says null, not false")
        // serve's own answer (the extension object) does say it.
        let (exact, exactSource) = try service.connectedStore(name: "exact")
        _ = try await service.signIn(exactSource, as: Self.admin, mirror: exact)
        _ = try await MirrorSync(connection: service.connection(exactSource), store: exact).run()
        #expect(try exact.device(id: laptop.id)?.presenceKnown == true)
        await service.stop()
    }

    @Test("A beta-only action on a service whose URL does not end in /v1.0 is not sent anywhere else, and says why")
    func noBetaBase() async throws {
        let source = GraphSource(graphURL: "https://graph.example.com/custom", authority: "https://login.example.com", tenant: "t", clientId: "c",
                                 signIn: .deviceCode, id: "x")
        #expect(source.betaURL == nil)
        #expect(GraphSource(graphURL: "https://graph.microsoft.com/v1.0", authority: "a", tenant: "t", clientId: "c", signIn: .deviceCode, id: "x").betaURL
            == "https://graph.microsoft.com/beta")
        let sender = GraphActionSender(connection: GraphConnection(source: source, http: GraphHTTP()))
        let answer = await sender.send(.rename, deviceId: "d", body: Array(#"{"deviceName":"X"}"#.utf8), approval: nil)
        guard case .refused(_, "NoBeta", let message, _) = answer else { Issue.record("\(answer)"); return }
        #expect(message.contains("nothing was sent"))
        await sender.connection.http.shutdown()
    }
}
