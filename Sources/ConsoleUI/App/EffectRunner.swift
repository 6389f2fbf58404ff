import Foundation
import MDMCore

/// Carries out the effects `update` asks for against the store, and turns what comes back
/// into messages. Theme changes and quitting belong to the terminal loop.
public struct EffectRunner: Sendable {
    public let store: TenantStore
    public let operatorUPN: String
    let service: ActionService

    public init(store: TenantStore, operatorUPN: String) {
        self.store = store
        self.operatorUPN = operatorUPN
        service = ActionService(store: store)
    }

    public func perform(_ effect: Effect) -> Message? {
        do {
            switch effect {
            case .loadHeader:
                return .loaded(.header(HeaderInfo(tenantName: try store.tenantName(), clock: try store.now(),
                                                  role: try store.role(of: operatorUPN))))
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
            case .take(let request):
                do {
                    return .actionFinished(.outcome(try service.take(request), request: request))
                } catch {
                    return .actionFinished(.error(describe(error), request: request))
                }
            case .setTheme, .quit:
                return nil
            }
        } catch {
            return .failed(describe(error))
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
    public private(set) var storeLost: String?
    /// Theme changes are asked of whoever draws the screen.
    public var themeRequest: ((String) -> Message?)?
    private var lastRevision: Int64?
    /// Where background effects run; nil runs them in line (tests, scripted sessions).
    public var backgroundQueue: DispatchQueue?
    static let backgroundDelayMilliseconds = 150
    private let inbox = BackgroundInbox()

    public init(state: AppState, runner: EffectRunner) {
        self.state = state
        self.runner = runner
    }

    /// Loads what the first screen needs.
    public func start() {
        lastRevision = try? runner.store.revision()
        run(state.startEffects)
    }

    public func send(_ message: Message) {
        let (next, effects) = Update.update(state, message)
        state = next
        run(effects)
    }

    public func press(_ keys: Key...) { for key in keys { send(.key(key)) } }

    public func type(_ text: String) { for character in text { send(.key(.character(character))) } }

    /// Checks whether anyone wrote to the store since the last look; if so, refreshes.
    @discardableResult
    public func pollStore() -> Bool {
        do {
            try runner.store.checkInPlace()
        } catch {
            // Writing on would go into a deleted file and vanish: stop, and say why.
            storeLost = "\(error)"
            quitRequested = true
            return false
        }
        guard let revision = try? runner.store.revision(), revision != lastRevision else { return false }
        lastRevision = revision
        send(.storeChanged)
        return true
    }

    func run(_ effects: [Effect]) {
        var queue = effects
        while !queue.isEmpty {
            let effect = queue.removeFirst()
            switch effect {
            case .quit:
                quitRequested = true
            case .setTheme(let name):
                if let message = themeRequest?(name) { queue += apply(message) }
            case let effect where effect.runsInBackground && backgroundQueue != nil:
                inbox.latest = effect
                let runner = runner, inbox = inbox
                // A moment's wait first: while someone types, each keystroke supersedes the last
                // count before it starts, instead of a full scan competing with the next frame.
                backgroundQueue?.asyncAfter(deadline: .now() + .milliseconds(Self.backgroundDelayMilliseconds)) {
                    guard inbox.latest == effect else { return }  // superseded before it started
                    if let message = runner.perform(effect) { inbox.post(message) }
                }
            default:
                if let message = runner.perform(effect) { queue += apply(message) }
            }
        }
    }

    /// Applies what background work finished since the last look; true if anything did.
    @discardableResult
    public func drainBackground() -> Bool {
        let messages = inbox.take()
        for message in messages { run(apply(message)) }
        return !messages.isEmpty
    }

    /// Waits for background work queued so far and applies it (benchmarks, tests).
    public func finishBackground() {
        // Past the delay, so the work is queued, then behind it.
        if backgroundQueue != nil { Thread.sleep(forTimeInterval: Double(Self.backgroundDelayMilliseconds + 10) / 1000) }
        backgroundQueue?.sync {}
        drainBackground()
    }

    private func apply(_ message: Message) -> [Effect] {
        let (next, effects) = Update.update(state, message)
        state = next
        return effects
    }

    public var screen: CellGrid { ConsoleView.render(state) }
}

/// Messages from background work, waiting for the loop to pick them up.
final class BackgroundInbox: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [Message] = []
    private var _latest: Effect?

    /// The newest background effect asked for: older ones not yet started are skipped.
    var latest: Effect? {
        get { lock.withLock { _latest } }
        set { lock.withLock { _latest = newValue } }
    }

    func post(_ message: Message) { lock.withLock { messages.append(message) } }

    func take() -> [Message] {
        lock.withLock {
            defer { messages.removeAll() }
            return messages
        }
    }
}
