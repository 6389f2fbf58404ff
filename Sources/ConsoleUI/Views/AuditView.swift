import Foundation
import MDMCore

/// The audit log pane, newest first, with its filter line.
enum AuditView {
    static let columns = [
        TableColumn("Time", min: 16, max: 16, weight: 0),
        TableColumn("Activity", min: 20, max: 36, weight: 2),
        TableColumn("Result", min: 7, max: 7, weight: 0),
        TableColumn("Initiated by", min: 18, max: 30, weight: 2),
        TableColumn("Device", min: 12, max: 44, weight: 3),
    ]

    static func draw(_ grid: inout CellGrid, _ state: AppState) {
        let audit = state.audit
        let entries = "\(audit.window.count.isExact ? "" : "about ")\(CountText.grouped(audit.count)) entr\(audit.count == 1 ? "y" : "ies")"
        let count = audit.query == nil ? state.glyphs.text("loading… ")
            : audit.searchedNewestOnly ? "\(entries) in the newest \(CountText.grouped(AuditLog.searchBound)) " : entries + " "
        // While typing, the cursor is in the field, wherever the rows would put it.
        var field: CursorPlace?
        defer { if let field { grid.cursor = field } }
        if audit.editingFilter || !audit.filterText.isEmpty {
            let label = " Filter: "
            grid.write(label, x: 0, y: 1, role: .label)
            let used = grid.write(audit.filterText, x: label.count, y: 1, role: audit.editingFilter ? .input : .accent,
                                  maxWidth: max(8, grid.width - count.count - label.count - 2))
            if audit.editingFilter {
                grid.write(" ", x: label.count + used, y: 1, role: .selected)
                field = CursorPlace(x: label.count + used, y: 1)
            }
        } else if let notice = state.header?.auditNotice {
            // A connected tenant whose sign-in may not read the service's events: say so here.
            grid.write(fitted: " " + notice, x: 0, y: 1, width: grid.width - count.count - 1, role: .warning, ellipsis: state.glyphs.ellipsis)
        } else {
            grid.write(" \(state.keyText(.filter, .audit)) to filter: actor: activity: device: since: until: result:", x: 0, y: 1, role: .label)
        }
        grid.write(count, x: grid.width - count.count, y: 1, role: .label)
        let widths = TableLayout.widths(columns, total: grid.width - 2)
        TableLayout.drawRow(&grid, TableLayout.titles(columns, widths), widths: widths, x: 2, y: 2, role: .columnHeader, ellipsis: state.glyphs.ellipsis)
        grid.paint(x: 0, y: 2, width: grid.width, role: .columnHeader)
        if let error = audit.filterError {
            grid.write(" " + error, x: 0, y: 4, role: .error)
            return
        }
        if audit.query != nil, audit.count == 0 {
            grid.write(audit.searchedNewestOnly ? " No match in the newest \(CountText.grouped(AuditLog.searchBound)) entries; a third character or since:/until: search them all."
                       : " No audit entry matches.", x: 0, y: 4, role: .label)
            return
        }
        for row in 0..<state.listRows {
            let index = audit.position.top + row
            guard index < audit.count else { break }
            // In --plain the terminal's cursor marks the selection: no highlight to repaint per move.
            let isSelection = index == audit.position.selection
            let selected = isSelection && !state.plain
            let y = 3 + row
            grid.targets[y] = index
            if isSelection { grid.cursor = CursorPlace(x: 0, y: y) }
            if selected {
                grid.fill(x: 0, y: y, width: grid.width, height: 1, role: .selected)
                grid.write(String(state.glyphs.pointer), x: 0, y: y, role: .selected)
            }
            guard let entry = audit.window.row(at: index) else {
                grid.write(state.glyphs.text("  …"), x: 0, y: y, role: selected ? .selected : .normal)
                continue
            }
            let cells = [DateText.short(entry.time), entry.activity, entry.result.rawValue, entry.actor, entry.deviceName ?? state.glyphs.text("—")]
            TableLayout.drawRow(&grid, cells, widths: widths, x: 2, y: y, role: selected ? .selected : .normal, ellipsis: state.glyphs.ellipsis)
            if !selected, entry.result != .success {
                grid.paint(x: 2 + widths[0...1].reduce(0, +) + 2, y: y, width: widths[2], role: .error)
            }
        }
    }
}

/// One audit entry whole: actor, target, changed properties, result.
enum AuditEntryView {
    static func draw(_ grid: inout CellGrid, _ state: AppState, _ entry: AuditEntry) {
        let boxWidth = min(76, grid.width - 2)
        var content = DialogContent(dialogWidth: boxWidth, state)
        func field(_ label: String, _ value: String, _ role: StyleRole = .dialog) {
            let lines = Text.wrap(value, width: content.innerWidth - 15)
            for (index, line) in lines.enumerated() {
                let text = (index == 0 ? Text.fit(label, 15) : String(repeating: " ", count: 15)) + line
                content.row(text, role, fill: false, spans: index == 0 ? [(x: 0, width: 15, role: .label)] : [])
            }
        }
        field("Date", DateText.iso(entry.time))
        field("Activity", entry.activity)
        field("Result", entry.result.rawValue, entry.result == .success ? .success : .error)
        field("Initiated by", "\(entry.actor) (\(entry.actorType.rawValue))")
        if let origin = entry.origin {
            field("From", origin.ipAddress.isEmpty ? "this host (\(origin.host))" : "\(origin.ipAddress) to \(origin.host)")
            field("Login", origin.login + (origin.impersonatedBy.map { ", really \($0), acting as \(entry.actor)" } ?? ""))
            field("Application", origin.applicationDisplayName)
            if let key = origin.keyFingerprint { field("SSH key", key) }
        }
        field("Target", entry.deviceName.map { "\($0) (\(entry.deviceId ?? ""))" } ?? state.glyphs.text("—"))
        if let action = entry.actionId { field("Action id", action) }
        content.blank()
        content.text("Changed properties", .dialogTitle)
        if entry.changedProperties.isEmpty { content.text("(none)", .label, indent: 2) }
        let arrow = state.glyphs.text("→")
        for change in entry.changedProperties {
            content.text("\(change.name): \(change.oldValue.isEmpty ? state.glyphs.text("—") : change.oldValue) \(arrow) \(change.newValue)", indent: 2)
        }
        content.draw(&grid, state, width: boxWidth, title: "Audit entry \(entry.id)")
    }
}
