import Foundation
import MDMCore

/// Bulk actions in the console: marking in All devices, the bulk "… More", one confirmation,
/// the run with its progress (Esc or Ctrl-C stops after the device in progress), the results,
/// and `:bulk` for past runs.
extension Update {
    // MARK: Marking

    /// Marking commands in All devices; nil when the command is not one of them.
    static func markCommand(_ command: Command, _ state: inout AppState) -> [Effect]? {
        let count = state.list.filteredCount, rows = state.listRows
        switch command {
        case .mark:
            guard let device = state.list.selectedDevice else { return [] }
            toggleMark(device, &state)
            state.list.position.move(by: 1, count: count, rows: rows)
            return windowEffects(&state, force: false)
        case .markRange:
            let here = state.list.position.selection
            let key = state.keymap.label(.markRange, in: .devices, glyphs: state.glyphs) ?? "mark-range"
            guard let anchor = state.marks.rangeAnchor else {
                state.marks.rangeAnchor = here
                state.status = StatusLine(text: "Range from here: move, then \(key) again marks every device between.", kind: .info)
                return []
            }
            state.marks.rangeAnchor = nil
            var marked = 0
            for index in min(anchor, here)...max(anchor, here) {
                guard let device = state.list.device(at: index), !state.marks.isMarked(device, listedBy: state.list.query) else { continue }
                toggleMark(device, &state)
                marked += 1
            }
            state.status = StatusLine(text: "\(marked) more marked.", kind: .info)
            return []
        case .markAll:
            guard let page = state.list.page else { return [] }
            state.marks = Marks(ids: [], filter: state.list.query, except: [], filterCount: page.filteredCount, filterCountIsExact: page.count.isExact)
            let more = state.keymap.label(.more, in: .devices, glyphs: state.glyphs) ?? "More"
            state.status = StatusLine(text: "Every device of this filter is marked (\(state.marks.headerText)): \(more) acts on them.", kind: .info)
            return []
        case .unmark:
            guard !state.marks.isEmpty else { return [] }
            state.marks = Marks()
            state.status = StatusLine(text: "Marks cleared.", kind: .info)
            return []
        default:
            return nil
        }
    }

    static func toggleMark(_ device: Device, _ state: inout AppState) {
        if let filter = state.marks.filter {
            guard Marks.sameFilter(filter, state.list.query) else {
                let unmark = state.keymap.label(.unmark, in: .devices, glyphs: state.glyphs) ?? "unmark"
                state.status = StatusLine(text: "A whole-filter mark is on (\(state.marks.headerText)); \(unmark) clears it first.", kind: .error)
                return
            }
            if state.marks.except.remove(device.id) == nil { state.marks.except.insert(device.id) }
        } else if let index = state.marks.ids.firstIndex(of: device.id) {
            state.marks.ids.remove(at: index)
        } else {
            state.marks.ids.append(device.id)
        }
    }

    /// `m` with marks: the bulk menu, its previews computed in the background.
    static func openBulkMenu(_ state: inout AppState) -> [Effect] {
        let selection = state.marks.selection
        state.overlay = .bulkMenu(BulkMenu(selection: selection, previews: nil))
        return [.previewBulk(selection)]
    }

    // MARK: The bulk menu

    static func bulkMenuKey(_ key: Key, _ menu: inout BulkMenu, _ state: inout AppState) -> [Effect] {
        let previews = menu.previews ?? []
        let command = state.keymap.command(for: key, in: .menu)
        if moveInMenu(command, &menu.highlighted, count: previews.count) {
            menu.expanded = nil
        } else if let number = Keymap.digit(key), command == nil {
            // The greyed groups are numbered: a digit opens one to its first devices.
            guard menu.highlighted < previews.count, number >= 1, number <= previews[menu.highlighted].groups.count else { return [] }
            let rule = previews[menu.highlighted].groups[number - 1].rule
            menu.expanded = menu.expanded == rule ? nil : rule
        } else {
            switch command {
            case .close?:
                if menu.expanded != nil { menu.expanded = nil } else { state.overlay = nil; return [] }
            case .take?:
                guard menu.highlighted < previews.count else { return [] }
                let preview = previews[menu.highlighted]
                guard preview.takeable > 0 else {
                    state.status = StatusLine(text: "No marked device can take \(preview.action.title(on: .android)).", kind: .error)
                    break
                }
                var confirmation = BulkConfirmation(preview: preview, selection: menu.selection)
                confirmation.form = ActionForm(fields: BulkInput.fields(of: preview.action))
                state.overlay = .bulkConfirm(confirmation)
                return []
            default:
                break
            }
        }
        state.overlay = .bulkMenu(menu)
        return []
    }

    // MARK: The confirmation

    static func bulkConfirmKey(_ key: Key, _ confirmation: inout BulkConfirmation, _ state: inout AppState) -> [Effect] {
        let action = confirmation.preview.action
        let command = state.keymap.command(for: key, in: .confirm)
        if command == .back { state.overlay = nil; return [] }
        if !confirmation.form.isEmpty {
            if confirmation.form.handle(key, command) {
                guard let problem = BulkInput.problem(confirmation.form.inputs, action: action) else {
                    return startBulk(confirmation, count: nil, &state)
                }
                confirmation.form.reject(problem)
            }
            state.overlay = .bulkConfirm(confirmation)
            return []
        }
        if BulkRunner.needsCount(action) {
            if let digit = Keymap.digit(key) {
                confirmation.typed.append(Character(String(digit)))
                confirmation.mismatch = false
            } else if !Keymap.types(key) {
                switch command {
                case .erase?:
                    if !confirmation.typed.isEmpty { confirmation.typed.removeLast() }
                case let command? where action == .wipe && WipeOptionKeys.toggle(command, &confirmation.wipe):
                    break
                case .send?:
                    guard Int(confirmation.typed) == confirmation.preview.takeable else {
                        confirmation.mismatch = true
                        break
                    }
                    return startBulk(confirmation, count: confirmation.preview.takeable, &state)
                default: break
                }
            }
            state.overlay = .bulkConfirm(confirmation)
            return []
        }
        switch command {
        case .send?: return startBulk(confirmation, count: nil, &state)
        case .cancel?: state.overlay = nil
        default: break
        }
        return []
    }

    static func startBulk(_ confirmation: BulkConfirmation, count: Int?, _ state: inout AppState) -> [Effect] {
        let action = confirmation.preview.action
        state.overlay = .bulkRun(BulkRunView(action: action, progress: BulkProgress(total: confirmation.preview.total, current: "")))
        let options = action == .wipe ? confirmation.wipe.asOptions : confirmation.form.inputs
        return [.runBulk(action, confirmation.selection, confirmCount: count, options: options)]
    }

    // MARK: The run and its results

    static func bulkRunCommand(_ command: Command, _ state: inout AppState) -> [Effect] {
        guard case .bulkRun(var run) = state.overlay else { return [] }
        if run.summary == nil {
            // Running: stop (Esc, or Ctrl-C) stops after the device in progress; nothing else.
            guard command == .stop, !run.stopping else { return [] }
            run.stopping = true
            state.overlay = .bulkRun(run)
            return [.stopBulk]
        }
        let lines = run.lines.filter { run.filter == nil || $0.result == run.filter }
        let rows = max(1, state.height - 12)
        let bottom = max(0, lines.count - rows)
        switch command {
        case .close, .open:
            state.overlay = nil
            return refreshEffects(state)
        case .moveUp: run.top = max(0, run.top - 1)
        case .moveDown: run.top = min(bottom, run.top + 1)
        case .movePageDown: run.top = min(bottom, run.top + rows)
        case .movePageUp: run.top = max(0, run.top - rows)
        case .filter:
            // Cycles the filter: all, taken, greyed, denied, failed.
            let cycle: [BulkResult?] = [nil] + BulkResult.allCases
            run.filter = cycle[((cycle.firstIndex(of: run.filter) ?? 0) + 1) % cycle.count]
            run.top = 0
        default: break
        }
        state.overlay = .bulkRun(run)
        return []
    }

    static func bulkRunsCommand(_ command: Command?, _ runs: [BulkRuns.Run], _ state: inout AppState) -> [Effect] {
        switch command {
        case .close?: state.overlay = nil
        case .open?:
            guard let last = runs.first else { return [] }
            var view = BulkRunView(action: last.action, progress: BulkProgress(total: last.total, current: ""))
            view.summary = BulkSummary(bulkId: last.id, action: last.action, total: last.total, taken: last.counts[.taken] ?? 0,
                                       greyed: last.counts[.greyed] ?? 0, denied: last.counts[.denied] ?? 0, failed: last.counts[.failed] ?? 0,
                                       stopped: last.state != "done")
            state.overlay = .bulkRun(view)
            return [.loadBulkResults(bulkId: last.id)]
        default: break
        }
        return []
    }

    // MARK: Messages

    static func receiveBulk(_ loaded: Loaded, _ state: inout AppState) {
        switch loaded {
        case .bulkPreviews(let selection, let previews):
            if case .bulkMenu(var menu) = state.overlay, menu.selection == selection {
                menu.previews = previews
                state.overlay = .bulkMenu(menu)
            }
        case .bulkResults(let id, let lines):
            if case .bulkRun(var run) = state.overlay, run.summary?.bulkId == id {
                run.lines = lines
                state.overlay = .bulkRun(run)
            }
        case .bulkRuns(let runs):
            state.overlay = .bulkRuns(runs)
        default:
            break
        }
    }

    static func bulkProgressed(_ progress: BulkProgress, _ state: inout AppState) {
        guard case .bulkRun(var run) = state.overlay, run.summary == nil else { return }
        run.progress = progress
        state.overlay = .bulkRun(run)
    }

    static func bulkFinished(_ result: Result<BulkSummary, BulkFailure>, _ state: inout AppState) -> [Effect] {
        switch result {
        case .failure(let failure):
            state.overlay = nil
            state.status = StatusLine(text: failure.message, kind: .error)
            return refreshEffects(state)
        case .success(let summary):
            guard case .bulkRun(var run) = state.overlay else { return [] }
            run.summary = summary
            run.stopping = false
            state.overlay = .bulkRun(run)
            state.marks = Marks()
            return [.loadBulkResults(bulkId: summary.bulkId)] + refreshEffects(state)
        }
    }
}
