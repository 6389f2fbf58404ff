import Foundation
import MDMCore

/// Carries out the effects `update` asks for against the store, and turns what comes back
/// into messages. Theme changes and quitting belong to the terminal loop.
public struct EffectRunner: Sendable {
    public let store: TenantStore
    public let operatorUPN: String
    let service: ActionService
    /// A connected tenant's service; nil on a simulated tenant.
    public let sender: (any ServiceActionSending)?
    /// Where this console's audit entries come from, carried to work done off its thread.
    let auditContext = AuditOrigin.context
    /// Set by Esc during a bulk run; the run asks it between devices.
    let bulkStop = StopSwitch()
    /// The store revision last seen, so a tick knows whether anyone wrote since.
    let revisions = RevisionWatch()
    /// Screen-reader mode: the header says when the mirror synced, not how long ago, so it
    /// is not repainted (and read out) as time passes.
    public var saysTimesOfDay = false

    public init(store: TenantStore, operatorUPN: String, sender: (any ServiceActionSending)? = nil) {
        self.store = store
        self.operatorUPN = operatorUPN
        self.sender = sender
        service = ActionService(store: store)
    }

    public func perform(_ effect: Effect) -> Message? {
        do {
            switch effect {
            case .loadHeader:
                let status = sender == nil ? nil : try store.mirrorStatus()
                return .loaded(.header(HeaderInfo(tenantName: try store.tenantName(), clock: try store.now(),
                                                  role: try store.role(of: operatorUPN), mirror: status?.summary(now: Date(), timeOfDay: saysTimesOfDay),
                                                  auditNotice: status?.auditUnavailable)))
            case .loadDevices(let request):
                let window = try store.deviceWindow(request.query, start: request.start, limit: request.limit, counting: request.counting)
                return .loaded(.devices(request, window))
            case .countDevices(let query):
                return .loaded(.deviceCount(query, try store.deviceCount(query)))
            case .loadOverview(let id):
                return .loaded(.overview(deviceId: id, try store.overview(deviceId: id, role: try store.role(of: operatorUPN))))
            case .loadActions(let filter):
                let records = try store.actions(state: filter)
                return .loaded(.actions(ActionsPage(filter: filter, records: records, explanations: try store.noAuditEntryExplanations(for: records),
                                                    now: try store.now())))
            case .loadAudit(let request):
                return .loaded(.audit(request, try store.auditWindow(request.query, start: request.start, limit: request.limit, counting: request.counting)))
            case .countAudit(let query):
                return .loaded(.auditCount(query, try store.auditCount(query)))
            case .take(let request) where sender != nil:
                do {
                    return .actionFinished(.connected(try takeConnected(request), request: request))
                } catch {
                    return .actionFinished(.error(describe(error), request: request))
                }
            case .take(let request):
                do {
                    return .actionFinished(.outcome(try service.take(request), request: request))
                } catch {
                    return .actionFinished(.error(describe(error), request: request))
                }
            case .checkStore:
                do {
                    return try revisions.changed(in: store) ? .storeChanged : nil
                } catch StoreError.replaced(let path) {
                    // Writing on would go into a deleted file and vanish: stop, and say why.
                    return .storeLost(describe(StoreError.replaced(path: path)))
                } catch {
                    return nil  // a read that failed this time: the next tick looks again
                }
            case .previewBulk(let selection):
                let previews = try DeviceAction.allCases.map {
                    try BulkPreview.compute(store, action: $0, selection: selection, operatorUPN: operatorUPN, sampleSize: 8)
                }
                return .loaded(.bulkPreviews(selection, previews))
            case .runBulk:
                return runBulk(effect, post: { _ in })
            case .stopBulk:
                bulkStop.turn(on: true)
                return nil
            case .recordBypassCodeRead(let id):
                try store.recordBypassCodeRead(deviceId: id, by: operatorUPN, through: "console")
                return nil
            case .loadBulkResults(let id):
                return .loaded(.bulkResults(bulkId: id, try BulkRuns(store: store).results(id)))
            case .loadBulkRuns:
                return .loaded(.bulkRuns(try BulkRuns(store: store).runs()))
            case .setTheme, .quit:
                return nil
            }
        } catch {
            return .failed(describe(error))
        }
    }

    /// A bulk run; its progress is posted (a few times a second), its end returned.
    func runBulk(_ effect: Effect, post: (Message) -> Void) -> Message? {
        guard case .runBulk(let action, let selection, let count, let options) = effect else { return nil }
        bulkStop.turn(on: false)
        var lastPost = Date.distantPast
        do {
            let summary = try AuditOrigin.$context.withValue(auditContext) {
                try BulkRunner(store: store).run(action, selection: selection, operatorUPN: operatorUPN, confirmCount: count, options: options,
                                                 shouldStop: { bulkStop.isOn }) { progress in
                    guard Date().timeIntervalSince(lastPost) > 0.1 || progress.done == progress.total else { return }
                    lastPost = Date()
                    post(.bulkProgress(progress))
                }
            }
            return .bulkFinished(.success(summary))
        } catch {
            return .bulkFinished(.failure(BulkFailure(describe(error))))
        }
    }

    /// Sends through the service and waits for its answer (this runs off the drawing loop:
    /// see `ConsoleSession.run`).
    func takeConnected(_ request: ActionRequest) throws -> ConnectedOutcome {
        let service = ConnectedActionService(store: store, sender: sender!)
        let wipe = WipeOptions(keepEnrollmentData: request.options["keepEnrollmentData"] == "true",
                               keepUserData: request.options["keepUserData"] == "true",
                               persistEsimDataPlan: request.options["persistEsimDataPlan"] == "true")
        let context = auditContext
        return try blocking {
            try await AuditOrigin.$context.withValue(context) { try await service.take(request, wipe: wipe) }
        }
    }

    func describe(_ error: Error) -> String {
        String(describing: error)
    }
}

/// The console running: state, the runner, and the loop of message → update → effects →
/// messages, until nothing is left to do. The terminal feeds it keys; tests do the same.
public final class ConsoleSession {
    public private(set) var state: AppState
    public let runner: EffectRunner
    public private(set) var quitRequested = false
    /// Why the console had to stop: its store was deleted or replaced while open.
    public var storeLost: String? { state.storeLost }
    /// Theme changes are asked of whoever draws the screen.
    public var themeRequest: ((String) -> Message?)?
    /// Where background effects run; nil runs them in line (tests, scripted sessions).
    public var background: BackgroundScheduler?
    static let backgroundDelayMilliseconds = 150
    private let inbox = BackgroundInbox()
    /// How many times the store was seen to change, for `pollStore`'s answer.
    private var storeChanges = 0

    public init(state: AppState, runner: EffectRunner) {
        self.state = state
        self.runner = runner
    }

    /// Loads what the first screen needs.
    public func start() {
        runner.revisions.noteCurrent(of: runner.store)
        run(state.startEffects)
    }

    public func send(_ message: Message) {
        run(apply(message))
    }

    public func press(_ keys: Key...) { for key in keys { send(.key(key)) } }

    public func type(_ text: String) { for character in text { send(.key(.character(character))) } }

    /// The loop's tick (twice a second): the store is looked at, and what changed refreshed.
    /// True when it had changed.
    @discardableResult
    public func pollStore() -> Bool {
        let before = storeChanges
        send(.tick)
        return storeChanges != before
    }

    func run(_ effects: [Effect]) {
        var queue = effects
        while !queue.isEmpty {
            let effect = queue.removeFirst()
            switch effect {
            case .quit:
                quitRequested = true
                if state.storeLost != nil { return }
            case .setTheme(let name):
                if let message = themeRequest?(name) { queue += apply(message) }
            case .runBulk where background != nil:
                // Long: the screen keeps drawing its progress, and Esc reaches the stop switch.
                let runner = runner, inbox = inbox
                background?.run(after: 0) {
                    if let message = runner.runBulk(effect, post: { inbox.post($0) }) { inbox.post(message) }
                }
            case .stopBulk:
                // At once, never queued behind the run it stops.
                runner.bulkStop.turn(on: true)
            case .take where runner.sender != nil && background != nil:
                // A request to the service can take seconds: the screen keeps drawing ("Sending…").
                let runner = runner, inbox = inbox
                background?.run(after: 0) {
                    if let message = runner.perform(effect) { inbox.post(message) }
                }
            case let effect where effect.backgroundSlot != nil && background != nil:
                let slot = effect.backgroundSlot!
                inbox.setLatest(effect, for: slot)
                let runner = runner, inbox = inbox
                // A moment's wait first: while someone types, each keystroke supersedes the last
                // count of its kind before it starts, instead of a full scan competing with the
                // next frame. A count of another kind (devices, audit) is not superseded.
                background?.run(after: Self.backgroundDelayMilliseconds) {
                    guard inbox.latest(for: slot) == effect else { return }
                    if let message = runner.perform(effect) { inbox.post(message) }
                }
            default:
                if let message = runner.perform(effect) { queue += apply(message) }
            }
        }
    }

    /// Applies what background work finished since the last look; how many answers came.
    @discardableResult
    public func drainBackground() -> Int {
        let messages = inbox.take()
        for message in messages { run(apply(message)) }
        return messages.count
    }

    /// Waits for background work queued so far and applies it (benchmarks, tests).
    public func finishBackground() {
        background?.waitUntilIdle()
        drainBackground()
    }

    private func apply(_ message: Message) -> [Effect] {
        if case .storeChanged = message { storeChanges += 1 }
        let (next, effects) = Update.update(state, message)
        state = next
        return effects
    }

    public var screen: CellGrid { ConsoleView.render(state) }
}

/// A flag one thread sets and another reads.
final class StopSwitch: @unchecked Sendable {
    private let lock = NSLock()
    private var on = false
    var isOn: Bool { lock.withLock { on } }
    func turn(on value: Bool) { lock.withLock { on = value } }
}

/// Messages from background work, waiting for the loop to pick them up.
final class BackgroundInbox: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [Message] = []
    private var latest: [String: Effect] = [:]

    /// The newest background effect of each kind: older ones not yet started are skipped.
    func latest(for slot: String) -> Effect? { lock.withLock { latest[slot] } }

    func setLatest(_ effect: Effect, for slot: String) { lock.withLock { latest[slot] = effect } }

    func post(_ message: Message) { lock.withLock { messages.append(message) } }

    func take() -> [Message] {
        lock.withLock {
            defer { messages.removeAll() }
            return messages
        }
    }
}

/// The store's revision as last seen by this console.
final class RevisionWatch: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: Int64?

    func noteCurrent(of store: TenantStore) {
        let revision = try? store.revision()
        lock.withLock { seen = revision }
    }

    /// Whether the store's revision moved since the last look (and remembers the new one);
    /// throws `StoreError.replaced` when the file is no longer the one opened.
    func changed(in store: TenantStore) throws -> Bool {
        let revision = try store.revision()
        return lock.withLock {
            defer { seen = revision }
            return revision != seen
        }
    }
}
