import Foundation
import GraphClient
import GraphServer
import Logging
import NIOConcurrencyHelpers
@testable import MDMCore
@testable import MDMDemo

/// A demo tenant served on a free loopback port by the real endpoint (HTTP and all), and a
/// second, connected store mirrored from it: what every client test stands on.
final class LocalService: @unchecked Sendable {
    let folder: String
    let served: TenantStore

    /// What the service lists: every device but those that left management (retired, wiped).
    func listed() throws -> [Device] {
        try served.devices(DeviceQuery()).filter { $0.managementState != .retired && $0.managementState != .wiped }
    }
    let url: String
    let port: Int
    private let task: Task<Void, Error>
    let http = GraphHTTP(timeout: .seconds(10))
    /// The tokens of each source's sign-in, handed to its connections: XDG_STATE_HOME is one
    /// per process, and the suites beside this one set it to folders of their own.
    private let signedIn = NIOLockedValueBox<[String: StoredTokens]>([:])
    /// How many requests the service answered, counted from its one log line per request.
    let requests = RequestCount()

    init(devices: Int = 300, faults: [String] = [], connectionLimits: ConnectionLimits = ConnectionLimits()) async throws {
        folder = NSTemporaryDirectory() + "mdmconsole-client-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/service.sqlite"
        try DemoTenant.build(at: path, options: DemoTenant.Options(deviceCount: devices, now: Date(), creator: "admin@contoso.com"), replace: false)
        served = try TenantStore(path: path)
        let store = served
        let plan = faults.isEmpty ? nil : try FaultPlan(faults)
        let ready = PortBox()
        let requests = requests
        task = Task {
            try await GraphServer.run(store: store, host: "127.0.0.1", port: 0, throttle: nil, tls: nil, connectionLimits: connectionLimits, faults: plan,
                                      logger: Logger(label: "test", factory: { _ in RequestCountingLogHandler(count: requests) })) { _, port in ready.set(port) }
        }
        port = try await ready.wait()
        url = "http://127.0.0.1:\(port)/v1.0"
    }

    /// Runs `body`, then stops the service whether it threw or not: its HTTP client must be
    /// shut down before it is freed.
    func stopping<T>(after body: () async throws -> T) async throws -> T {
        do {
            let value = try await body()
            await stop()
            return value
        } catch {
            await stop()
            throw error
        }
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
        await http.shutdown()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// A new connected store whose tokens come from `signIn` (a device code approved by `upn`).
    func connectedStore(name: String = "mirror", signIn: GraphSource.SignIn = .deviceCode) throws -> (TenantStore, GraphSource) {
        let source = GraphSource(graphURL: url, authority: "http://127.0.0.1:\(port)", tenant: "contoso", clientId: "test-app",
                                 signIn: signIn, id: UUID().uuidString)
        let store = try TenantStore.createConnected(at: "\(folder)/\(name).sqlite", source: source, creator: "admin@contoso.com", creatorLogin: nil)
        return (store, source)
    }

    /// Signs in by device code as `upn` (approving on the service's store), storing the tokens
    /// as the source's reading identity and, with `mirror`, as `upn`'s own sign-in there.
    func signIn(_ source: GraphSource, as upn: String, mirror: TenantStore? = nil) async throws -> StoredTokens {
        let signIn = SignIn(http: http, source: source)
        let prompt = try await signIn.startDeviceCode()
        try SignInGrants(store: served).approve(userCode: prompt.userCode, by: upn)
        let tokens = try await signIn.finishDeviceCode(prompt, sleep: { _ in try await Task.sleep(for: .milliseconds(10)) })
        setenv("XDG_STATE_HOME", folder + "/state", 1)
        try TokenFile.write(tokens, sourceId: source.id)
        signedIn.withLockedValue { $0[source.id] = tokens }
        if let mirror { _ = try await OperatorSignIn(store: mirror, source: source, http: http, operatorUPN: upn).keep(tokens) }
        return tokens
    }

    /// A connection that never really waits (the waits are recorded instead).
    /// `extensions: false`: serve answers as Microsoft's service does, without the mdmconsole object.
    func connection(_ source: GraphSource, waits: WaitLog = WaitLog(), extensions: Bool = true) -> GraphConnection {
        GraphConnection(source: source, http: http, tokens: signedIn.withLockedValue { $0[source.id] }, waitBudget: 300,
                        asksForExtensions: extensions ? nil : false, sleep: { waits.add($0) })
    }
}

final class PortBox: @unchecked Sendable {
    private let lock = NSLock()
    private var port: Int?

    func set(_ port: Int) { lock.withLock { self.port = port } }

    func wait() async throws -> Int {
        for _ in 0..<500 {
            if let port = lock.withLock({ port }) { return port }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw CancellationError()  // the test server did not start
    }
}

final class WaitLog: @unchecked Sendable {
    private let lock = NSLock()
    private var waits: [TimeInterval] = []
    func add(_ seconds: TimeInterval) { lock.withLock { waits.append(seconds) } }
    var all: [TimeInterval] { lock.withLock { waits } }
}

/// The service's requests, counted.
final class RequestCount: @unchecked Sendable {
    private let box = NIOLockedValueBox(0)
    var value: Int { box.withLockedValue { $0 } }
    func add() { box.withLockedValue { $0 += 1 } }
}

/// Counts serve's request lines ("GET /v1.0/… 200 1.2 ms upn") and logs nothing.
struct RequestCountingLogHandler: LogHandler {
    let count: RequestCount
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
        let text = message.description
        if ["GET ", "POST ", "DELETE ", "PUT ", "PATCH "].contains(where: text.hasPrefix) { count.add() }
    }
}
