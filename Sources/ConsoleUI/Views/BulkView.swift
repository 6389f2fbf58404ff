import Foundation
import MDMCore

/// Bulk actions on screen: the menu with each action's count, the greyed groups of the
/// highlighted one (numbered, a digit opens one), the confirmation, the run's progress and
/// its results, and the list of past runs (`:bulk`). Greyed entries say so in words and
/// brackets, as in "… More", so they read in monochrome.
enum BulkView {
    static let width = 76

    static func drawMenu(_ grid: inout CellGrid, _ state: AppState, _ menu: BulkMenu) {
        let boxWidth = min(width, grid.width - 2)
        var content = DialogContent(dialogWidth: boxWidth, state)
        let title = "… More: \(state.marks.headerText)"
        guard let previews = menu.previews else {
            content.text(state.glyphs.text("Checking every marked device against the rules…"))
            content.draw(&grid, state, width: boxWidth, title: title)
            return
        }
        for (index, preview) in previews.enumerated() {
            let selected = index == menu.highlighted
            let name = preview.action.title(on: .android).replacingOccurrences(of: "Reset passcode", with: "Reset/Remove passcode")
            let enabled = preview.takeable > 0
            let role: StyleRole = enabled ? (selected ? .selected : .dialog) : (selected ? .greyedSelected : .greyed)
            let counts = "\(CountText.grouped(preview.takeable)) of \(CountText.grouped(preview.total))"
            if state.plain {
                // Numbered, and greyed out in words: a screen reader reads the line alone.
                content.row("\(index + 1) of \(previews.count): \(name): \(counts)" + (enabled ? "" : ", greyed out: no marked device can take it"),
                            role, cursor: selected ? 0 : nil, target: index)
                continue
            }
            let pointer = selected ? String(state.glyphs.pointer) : " "
            let label = enabled ? " \(name)" : "[\(name)]"
            content.row("\(pointer) \(label): \(counts)" + (enabled ? "" : "  greyed out"), role, cursor: selected ? 0 : nil, target: index)
        }
        content.rule(state)
        if menu.highlighted < previews.count {
            let preview = previews[menu.highlighted]
            if preview.groups.isEmpty {
                content.text("Every marked device can take it.", .label)
            } else {
                content.text("Greyed out for \(CountText.grouped(preview.greyed)); a digit lists a group's first devices:", .label)
            }
            for (number, group) in preview.groups.enumerated() {
                content.text("\(number + 1). \(group.rule.rawValue): \(CountText.grouped(group.count)) — \(group.reason)", .warning)
                if menu.expanded == group.rule {
                    for member in group.devices { content.text(member.name, .dialog, indent: 4) }
                    if group.count > group.devices.count { content.text("… and \(CountText.grouped(group.count - group.devices.count)) more", .label, indent: 4) }
                }
            }
            if preview.takeable > 0 {
                content.text("\(state.keyText(.take, .menu)): \(preview.action.title(on: .android)) on \(CountText.grouped(preview.takeable)) devices"
                             + (BulkRunner.needsCount(preview.action) ? " (asks for that number)." : "."), .label)
            }
        }
        content.draw(&grid, state, width: boxWidth, title: title)
    }

    static func drawConfirm(_ grid: inout CellGrid, _ state: AppState, _ confirmation: BulkConfirmation) {
        let boxWidth = min(width, grid.width - 2)
        var content = DialogContent(dialogWidth: boxWidth, state)
        let preview = confirmation.preview
        let title = preview.action.title(on: .android)
        content.text("\(title) on \(CountText.grouped(preview.takeable)) of the \(CountText.grouped(preview.total)) marked devices; "
                     + "\(CountText.grouped(preview.greyed)) greyed out are left alone. Each device is checked again when its turn comes.")
        if preview.action == .retire {
            content.text("R12: Retire does not revoke access tokens: the users can sign back in to Office apps. Revoke their sessions and block access with conditional access.", .warning)
        }
        content.blank()
        if !confirmation.form.isEmpty {
            if preview.action == .rename {
                content.text("R33: the name holds {{serialnumber}} or {{rand:x}} (x random digits); an invalid name or one given twice is greyed, device by device. `run rename --dry-run --name …` lists every name first.", .label)
            }
            ConfirmView.form(confirmation.form, into: &content, state)
        } else if BulkRunner.needsCount(preview.action) {
            content.text("\(title) cannot be undone. Type the number of devices, \(preview.takeable), to confirm:", .destructive)
            content.row(Text.fit(confirmation.typed, 12), .input, fill: false, spans: [(x: confirmation.typed.count, width: 1, role: .selected)],
                        cursor: confirmation.typed.count)
            if confirmation.mismatch {
                content.text("That is not \(preview.takeable); nothing was sent.", .error)
            }
            if preview.action == .wipe {
                for line in WipeOptionKeys.lines(confirmation.wipe, state) { content.text(line) }
            }
        } else {
            content.row("Send \(title) to \(CountText.grouped(preview.takeable)) devices? \(ConfirmView.sendOrCancel(state))", .dialogTitle, fill: false, cursor: 0)
        }
        content.draw(&grid, state, width: boxWidth, title: "\(title): \(CountText.grouped(preview.takeable)) devices?",
                     titleRole: BulkRunner.needsCount(preview.action) ? .destructive : .dialogTitle)
    }

    static func drawRun(_ grid: inout CellGrid, _ state: AppState, _ run: BulkRunView) {
        let boxWidth = min(width, grid.width - 2)
        var content = DialogContent(dialogWidth: boxWidth, state)
        let title = run.action.title(on: .android)
        guard let summary = run.summary else {
            let progress = run.progress
            let fraction = Double(progress.done) / Double(max(1, progress.total))
            let barWidth = content.innerWidth - 8
            let filled = Int(fraction * Double(barWidth))
            if !state.plain {
                content.row(String(repeating: "#", count: filled) + String(repeating: ".", count: barWidth - filled) + String(format: " %3d%%", Int(fraction * 100)), .accent, fill: false)
            }
            content.row("\(Int(fraction * 100))%, \(progress.done) of \(progress.total): \(progress.taken) taken, \(progress.skipped) skipped, \(progress.failed) failed",
                        .dialog, fill: false, cursor: 0)
            content.text("Now: \(progress.current)", .label)
            content.text(run.stopping ? "Stopping after the device in progress…" : "\(state.keyText(.stop, .running)) stops after the device in progress.", run.stopping ? .warning : .label)
            content.draw(&grid, state, width: boxWidth, title: "\(title): running")
            return
        }
        content.text("\(summary.taken) taken, \(summary.greyed) greyed, \(summary.denied) denied, \(summary.failed) failed"
                     + (summary.stopped ? "; stopped: \(summary.notReached) not reached." : "."), summary.failed > 0 || summary.stopped ? .warning : .success)
        content.text("Showing \(run.filter?.rawValue ?? "every result") (\(state.keyText(.filter, .results)) changes it). Bulk run \(summary.bulkId)", .label)
        let lines = run.lines.filter { run.filter == nil || $0.result == run.filter }
        let rows = max(1, state.height - 12)
        for line in lines.dropFirst(run.top).prefix(rows) {
            let rule = line.rule.map { " (\($0))" } ?? ""
            let text = "\(line.result.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)) \(line.deviceName)\(rule)"
                + (line.result == .taken ? "" : ": \(line.reason)")
            content.row(Text.fit(text, content.innerWidth), line.result == .taken ? .dialog : line.result == .failed ? .error : .greyed, fill: false)
        }
        if lines.count > run.top + rows { content.text("… \(lines.count - run.top - rows) more (\(state.glyphs.down))", .label) }
        content.draw(&grid, state, width: boxWidth, title: "\(title): results")
    }

    static func drawRuns(_ grid: inout CellGrid, _ state: AppState, _ runs: [BulkRuns.Run]) {
        let boxWidth = min(width, grid.width - 2)
        var content = DialogContent(dialogWidth: boxWidth, state)
        if runs.isEmpty { content.text("No bulk run yet: mark devices in All devices (\(state.keyText(.mark, .devices)), \(state.keyText(.markAll, .devices))), then \(state.keyText(.more, .devices)).") }
        for run in runs.prefix(max(1, state.height - 8)) {
            let state = run.state == "running" ? "running or killed" : run.state
            content.row(Text.fit("\(DateText.short(run.startedAt))  \(run.action.rawValue)  \(run.counts[.taken] ?? 0)/\(run.total) taken  \(state)  \(run.operatorUPN)",
                                 content.innerWidth), .dialog, fill: false)
        }
        if !runs.isEmpty { content.text("\(state.keyText(.open, .results)): the newest run's results.", .label) }
        content.draw(&grid, state, width: boxWidth, title: "Bulk runs")
    }
}
