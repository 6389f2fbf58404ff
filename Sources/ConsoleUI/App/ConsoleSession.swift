import Foundation
import MDMCore

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
    /// `:sign-in` is carried out by whoever holds the service's client: it posts the prompt,
    /// then `.signedIn` or `.failed`, from its own task.
    public var signInRequest: ((@escaping @Sendable (Message) -> Void) -> Void)?
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
            case .signIn:
                if let signInRequest {
                    let inbox = inbox
                    signInRequest { inbox.post($0) }
                } else {
                    queue += apply(.failed("Signing in is not available here."))
                }
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
