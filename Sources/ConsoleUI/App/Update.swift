import Foundation
import MDMCore

/// The console's behaviour: `update(state, message) -> (state, effects)`. Pure: it never
/// touches the terminal, the store or the clock, so every screen can be driven by keys in
/// a test.
public enum Update {
    public static func update(_ state: AppState, _ message: Message) -> (AppState, [Effect]) {
        var next = state
        let effects = apply(&next, message)
        return (next, effects)
    }

    static func apply(_ state: inout AppState, _ message: Message) -> [Effect] {
        switch message {
        case .key(let key):
            return handle(key, &state)
        case .mouse(let event):
            return mouse(event, &state)
        case .resized(let width, let height):
            state.width = width
            state.height = height
            clampPositions(&state)
            return windowEffects(&state, force: true)
        case .tick:
            state.ticks += 1
            // "synced 40 s ago" ages without any write to the store.
            if state.header?.mirror != nil, state.ticks % 20 == 0 { return [.checkStore, .loadHeader] }
            return [.checkStore]
        case .storeChanged:
            return refreshEffects(state)
        case .storeLost(let reason):
            state.storeLost = reason
            return [.quit]
        case .loaded(let loaded):
            return receive(loaded, &state)
        case .actionFinished(let finished):
            return finish(finished, &state)
        case .failed(let text):
            state.sending = false
            state.signInPrompt = nil
            state.status = StatusLine(text: text, kind: .error)
            return []
        case .signInPrompt(let text):
            state.signInPrompt = text
            return []
        case .signedIn(let account):
            state.signInPrompt = nil
            state.status = StatusLine(text: "Signed in to the service as \(account): your actions go under your own name.", kind: .success)
            // The menu's greying follows from the store (the sign-in is written there); the list
            // and the place in it stay as they are.
            return [.loadHeader]
        case .bulkProgress(let progress):
            bulkProgressed(progress, &state)
            return []
        case .bulkFinished(let result):
            return bulkFinished(result, &state)
        case .approvalStepDone(let text, let isError):
            return approvalStepDone(text, isError: isError, &state)
        case .approvalCompletion(let request):
            state.sending = true
            return [.take(request)]
        case .themeChanged(let name):
            state.themeName = name
            state.status = StatusLine(text: "Theme: \(name)", kind: .info)
            return []
        }
    }

    // MARK: Keys

    static func handle(_ key: Key, _ state: inout AppState) -> [Effect] {
        // Ctrl-C during a bulk run stops the run (after the device in progress), not the console.
        if state.keymap.command(for: key, in: .global) == .interrupt {
            if case .bulkRun(let run)? = state.overlay, run.summary == nil { return bulkRunCommand(.stop, &state) }
            return [.quit]
        }
        if state.isTooSmall {
            return state.keymap.command(for: key, in: .global) == .quit ? [.quit] : []
        }
        if state.commandLine != nil { return commandKey(key, &state) }
        if let overlay = state.overlay { return overlayKey(key, overlay, &state) }
        if state.list.editingFilter, state.screen == .devices { return listFilterKey(key, &state) }
        if state.audit.editingFilter, state.screen == .audit { return auditFilterKey(key, &state) }
        state.status = nil
        let context = state.keyContext
        switch state.keymap.command(for: key, in: context) {
        case .quit?: return [.quit]
        case .help?: state.overlay = .help; return []
        case .command?: state.commandLine = ""; return []
        case .back?: return back(&state)
        case .devices? where state.screen != .devices: return show(.devices, &state)
        case .actions? where state.screen != .actions: return show(.actions, &state)
        case .audit? where state.screen != .audit: return show(.audit, &state)
        case nil: return []
        case let command?: return viewCommand(command, &state)
        }
    }

    /// A command of the current view (not one of the global ones).
    static func viewCommand(_ command: Command, _ state: inout AppState) -> [Effect] {
        switch state.screen {
        case .devices: return listCommand(command, &state)
        case .overview(let id): return overviewCommand(command, id, &state)
        case .actions: return actionsCommand(command, &state)
        case .audit: return auditCommand(command, &state)
        }
    }

    /// Up, down, a page, first, last: the one navigation set every list shares. False when
    /// the command is not one of them.
    static func navigate(_ command: Command, _ position: inout ListPosition, count: Int, rows: Int) -> Bool {
        switch command {
        case .moveUp: position.move(by: -1, count: count, rows: rows)
        case .moveDown: position.move(by: 1, count: count, rows: rows)
        case .movePageUp: position.move(by: -rows, count: count, rows: rows)
        case .movePageDown: position.move(by: rows, count: count, rows: rows)
        case .first: position.select(0, count: count, rows: rows)
        case .last: position.select(count - 1, count: count, rows: rows)
        default: return false
        }
        return true
    }

    /// A key in a text field: the text it types, or one of the field's commands.
    enum FieldEdit { case typed(Character), accept, cancel, erase, other }

    static func fieldEdit(_ key: Key, _ state: AppState) -> FieldEdit {
        if let character = Keymap.typed(key) { return .typed(character) }
        switch state.keymap.command(for: key, in: .input) {
        case .accept?: return .accept
        case .cancel?: return .cancel
        case .erase?: return .erase
        default: return .other
        }
    }

    /// Esc: leave the current view for the one before it; on All devices, clear the filter.
    static func back(_ state: inout AppState) -> [Effect] {
        if let previous = state.backStack.popLast() {
            state.screen = previous
            return loadEffects(for: previous, &state)
        }
        if state.screen == .devices, !state.list.query.search.isEmpty {
            state.list.query.search = ""
            state.list.position = ListPosition()
            return windowEffects(&state, force: true)
        }
        if state.screen != .devices {
            state.screen = .devices
            return windowEffects(&state, force: true)
        }
        return []
    }

    /// Goes to a view, remembering where we were.
    static func show(_ screen: Screen, _ state: inout AppState) -> [Effect] {
        guard state.screen != screen else { return [] }
        if case .overview = screen, case .overview = state.screen {
            // Overview to overview replaces rather than stacks.
        } else {
            state.backStack.append(state.screen)
        }
        // The stack stays short: going back to a view already on it unwinds to it.
        if let index = state.backStack.firstIndex(of: screen) { state.backStack.removeSubrange(index...) }
        state.screen = screen
        return loadEffects(for: screen, &state)
    }

    static func loadEffects(for screen: Screen, _ state: inout AppState) -> [Effect] {
        switch screen {
        case .devices: return windowEffects(&state, force: true)
        case .overview(let id):
            state.overviewScroll = 0
            state.bypassCodeShownFor = nil  // a new visit: a code shown is read again
            return [.loadOverview(deviceId: id)]
        case .actions: return [.loadActions(filter: state.actions.filter)]
        case .audit: return auditLoad(&state)
        }
    }

    /// Everything on screen read again (another console wrote, or an action was taken).
    static func refreshEffects(_ state: AppState) -> [Effect] {
        var scratch = state
        var effects: [Effect] = [.loadHeader] + windowEffects(&scratch, force: true)
        var overviewId: String?
        if case .overview(let id) = state.screen { overviewId = id }
        switch state.overlay {
        case .more(let menu): overviewId = menu.deviceId
        case .confirm(let confirmation): overviewId = confirmation.deviceId
        case .result, .auditEntry, .help, .bulkMenu, .bulkConfirm, .bulkRun, .bulkRuns, .approvals, nil: break
        }
        if let overviewId { effects.append(.loadOverview(deviceId: overviewId)) }
        switch state.screen {
        case .actions: effects.append(.loadActions(filter: state.actions.filter))
        case .audit:
            effects += auditWindowEffects(&scratch, force: true)
        case .devices, .overview: break
        }
        return effects
    }

    // MARK: Results of effects

    static func receive(_ loaded: Loaded, _ state: inout AppState) -> [Effect] {
        switch loaded {
        case .header(let header):
            state.header = header
        case .devices(let request, let window):
            return receiveWindow(request, window, &state)
        case .deviceCount(let query, let count):
            receiveCount(query, count, &state)
        case .overview(let id, let overview):
            if let overview {
                if state.overview?.device.id != id { state.overviewScroll = 0 }
                state.overview = overview
                // Each visit that shows a code is one audited read, not each refresh of it.
                if let code = overview.bypassCode, code != MirrorPage.codeHeldByService, state.bypassCodeShownFor != id {
                    state.bypassCodeShownFor = id
                    return [.recordBypassCodeRead(deviceId: id)]
                }
            } else {
                removed(id, &state)
            }
        case .actions(let page):
            guard page.filter == state.actions.filter else { return [] }
            state.actions.page = page
            state.actions.position.select(state.actions.position.selection, count: page.records.count, rows: state.listRows)
        case .audit(let request, let window):
            return receiveAudit(request, window, &state)
        case .auditCount(let query, let count):
            receiveAuditCount(query, count, &state)
        case .bulkPreviews, .bulkResults, .bulkRuns:
            receiveBulk(loaded, &state)
        case .approvals(let requests, let now):
            var panel = ApprovalsPanel(requests: requests, now: now)
            if case .approvals(let shown) = state.overlay {
                panel.selected = requests.firstIndex { $0.id == shown.current?.id } ?? min(shown.selected, max(0, requests.count - 1))
            }
            state.overlay = .approvals(panel)
        }
        return []
    }

    /// The device asked for no longer exists (deleted here or elsewhere, or cleaned up).
    static func removed(_ id: String, _ state: inout AppState) {
        if state.overview?.device.id == id { state.overview = nil }
        switch state.overlay {
        case .more(let menu) where menu.deviceId == id: state.overlay = nil
        case .confirm(let confirmation) where confirmation.deviceId == id: state.overlay = nil
        default: break
        }
        if state.screen == .overview(deviceId: id) {
            state.screen = state.backStack.popLast() ?? .devices
            state.status = StatusLine(text: "That device no longer exists: it was deleted or removed by the service.", kind: .error)
        }
    }

    static func clampPositions(_ state: inout AppState) {
        let rows = state.listRows
        state.list.position.select(state.list.position.selection, count: state.list.filteredCount, rows: rows)
        state.actions.position.select(state.actions.position.selection, count: state.actions.page?.records.count ?? 0, rows: rows)
        state.audit.position.select(state.audit.position.selection, count: state.audit.count, rows: rows)
    }
}
