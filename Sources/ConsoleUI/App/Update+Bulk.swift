import Foundation
import MDMCore

/// Bulk actions in the console: marking in All devices, the bulk "… More", one confirmation,
/// the run with its progress (Esc or Ctrl-C stops after the device in progress), the results,
/// and `:bulk` for past runs.
extension Update {
    // MARK: Marking

    /// Space, V, *, u in All devices; nil when the key is not one of them.
    static func markKey(_ key: Key, _ state: inout AppState) -> [Effect]? {
        let count = state.list.filteredCount, rows = state.listRows
        switch key {
        case .character(" "):
            guard let device = state.list.selectedDevice else { return [] }
            toggleMark(device, &state)
            state.list.position.move(by: 1, count: count, rows: rows)
            return windowEffects(&state, force: false)
        case .character("V"):
            let here = state.list.position.selection
            guard let anchor = state.marks.rangeAnchor else {
                state.marks.rangeAnchor = here
                state.status = StatusLine(text: "Range from here: move, then V again marks every device between.", kind: .info)
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
        case .character("*"):
            guard let page = state.list.page else { return [] }
            state.marks = Marks(ids: [], filter: state.list.query, except: [], filterCount: page.filteredCount, filterCountIsExact: page.count.isExact)
            state.status = StatusLine(text: "Every device of this filter is marked (\(state.marks.headerText)): m acts on them.", kind: .info)
            return []
        case .character("u"):
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
                state.status = StatusLine(text: "A whole-filter mark is on (\(state.marks.headerText)); u clears it first.", kind: .error)
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
        switch key {
        case .escape, .character("q"), .character("m"), .left:
            if menu.expanded != nil { menu.expanded = nil } else { state.overlay = nil; return [] }
        case .up, .character("k"):
            menu.highlighted = max(0, menu.highlighted - 1)
            menu.expanded = nil
        case .down, .character("j"):
            menu.highlighted = min(max(0, previews.count - 1), menu.highlighted + 1)
            menu.expanded = nil
        case .home:
            menu.highlighted = 0
            menu.expanded = nil
        case .end:
            menu.highlighted = max(0, previews.count - 1)
            menu.expanded = nil
        case .character(let digit) where digit.isNumber:
            // The greyed groups are numbered: a digit opens one to its first devices.
            guard menu.highlighted < previews.count, let number = Int(String(digit)), number >= 1,
                  number <= previews[menu.highlighted].groups.count else { return [] }
            let rule = previews[menu.highlighted].groups[number - 1].rule
            menu.expanded = menu.expanded == rule ? nil : rule
        case .enter, .right:
            guard menu.highlighted < previews.count else { return [] }
            let preview = previews[menu.highlighted]
            guard preview.takeable > 0 else {
                state.status = StatusLine(text: "No marked device can take \(preview.action.title(on: .android)).", kind: .error)
                break
            }
            state.overlay = .bulkConfirm(BulkConfirmation(preview: preview, selection: menu.selection))
            return []
        default:
            break
        }
        state.overlay = .bulkMenu(menu)
        return []
    }

    // MARK: The confirmation

    static func bulkConfirmKey(_ key: Key, _ confirmation: inout BulkConfirmation, _ state: inout AppState) -> [Effect] {
        let action = confirmation.preview.action
        if key == .escape { state.overlay = nil; return [] }
        if BulkRunner.needsCount(action) {
            switch key {
            case .character(let character) where character.isNumber:
                confirmation.typed.append(character)
                confirmation.mismatch = false
            case .backspace:
                if !confirmation.typed.isEmpty { confirmation.typed.removeLast() }
            case let key where action == .wipe && WipeOptionKeys.toggle(key, &confirmation.wipe):
                break
            case .enter:
                guard Int(confirmation.typed) == confirmation.preview.takeable else {
                    confirmation.mismatch = true
                    break
                }
                return startBulk(confirmation, count: confirmation.preview.takeable, &state)
            default: break
            }
            state.overlay = .bulkConfirm(confirmation)
            return []
        }
        switch key {
        case .enter, .character("y"), .character("Y"): return startBulk(confirmation, count: nil, &state)
        case .character("n"), .character("N"): state.overlay = nil
        default: break
        }
        return []
    }

    static func startBulk(_ confirmation: BulkConfirmation, count: Int?, _ state: inout AppState) -> [Effect] {
        let action = confirmation.preview.action
        state.overlay = .bulkRun(BulkRunView(action: action, progress: BulkProgress(total: confirmation.preview.total, current: "")))
        return [.runBulk(action, confirmation.selection, confirmCount: count, options: action == .wipe ? confirmation.wipe.asOptions : [:])]
    }

    // MARK: The run and its results

    static func bulkRunKey(_ key: Key, _ run: inout BulkRunView, _ state: inout AppState) -> [Effect] {
        if run.summary == nil {
            // Running: Esc (or Ctrl-C) stops after the device in progress; nothing else.
            guard key == .escape || key == .control("c"), !run.stopping else { return [] }
            run.stopping = true
            state.overlay = .bulkRun(run)
            return [.stopBulk]
        }
        let lines = run.lines.filter { run.filter == nil || $0.result == run.filter }
        let rows = max(1, state.height - 12)
        switch key {
        case .escape, .character("q"), .enter:
            state.overlay = nil
            return refreshEffects(state)
        case .up, .character("k"): run.top = max(0, run.top - 1)
        case .down, .character("j"): run.top = min(max(0, lines.count - rows), run.top + 1)
        case .pageDown: run.top = min(max(0, lines.count - rows), run.top + rows)
        case .pageUp: run.top = max(0, run.top - rows)
        case .character("f"):
            // Cycles the filter: all, taken, greyed, denied, failed.
            let cycle: [BulkResult?] = [nil] + BulkResult.allCases
            run.filter = cycle[((cycle.firstIndex(of: run.filter) ?? 0) + 1) % cycle.count]
            run.top = 0
        default: break
        }
        state.overlay = .bulkRun(run)
        return []
    }

    static func bulkRunsKey(_ key: Key, _ runs: [BulkRuns.Run], _ state: inout AppState) -> [Effect] {
        switch key {
        case .escape, .character("q"): state.overlay = nil
        case .enter:
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
