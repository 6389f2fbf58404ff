import Foundation
import MDMCore

/// Renders the whole console from its state: header, the current view, status, footer,
/// and any overlay on top. Pure: the same state always draws the same grid.
public enum ConsoleView {
    public static func render(_ state: AppState) -> CellGrid {
        var grid = CellGrid(width: state.width, height: state.height)
        if state.isTooSmall {
            TooSmallView.draw(&grid, state)
            return grid
        }
        drawHeader(&grid, state)
        // The view's first line, unless the view places it on its selection.
        grid.cursor = CursorPlace(x: 0, y: 1)
        switch state.screen {
        case .devices: DeviceListView.draw(&grid, state)
        case .overview: OverviewView.draw(&grid, state)
        case .actions: ActionsView.draw(&grid, state)
        case .audit: AuditView.draw(&grid, state)
        }
        drawStatus(&grid, state)
        drawFooter(&grid, state)
        switch state.overlay {
        case .more(let menu): MoreMenuView.draw(&grid, state, menu)
        case .confirm(let confirmation): ConfirmView.draw(&grid, state, confirmation)
        case .result(let box): MessageBoxView.draw(&grid, state, box)
        case .auditEntry(let entry): AuditEntryView.draw(&grid, state, entry)
        case .help: HelpView.draw(&grid, state)
        case .bulkMenu(let menu): BulkView.drawMenu(&grid, state, menu)
        case .bulkConfirm(let confirmation): BulkView.drawConfirm(&grid, state, confirmation)
        case .bulkRun(let run): BulkView.drawRun(&grid, state, run)
        case .bulkRuns(let runs): BulkView.drawRuns(&grid, state, runs)
        case .approvals(let panel): ApprovalsView.draw(&grid, state, panel)
        case nil: break
        }
        return grid
    }

    static func title(of screen: Screen) -> String {
        switch screen {
        case .devices: "All devices"
        case .overview: "Device"
        case .actions: "Device actions"
        case .audit: "Audit log"
        }
    }

    static func drawHeader(_ grid: inout CellGrid, _ state: AppState) {
        grid.fill(x: 0, y: 0, width: grid.width, height: 1, role: .header)
        let sep = state.glyphs.divider
        let tenant = state.header?.tenantName ?? state.glyphs.text("…")
        // The product name only where there is room for it: the tenant and view matter more.
        let product = grid.width >= 100 ? " mdmconsole\(sep.dropLast())" : ""
        let role = grid.width >= 100 ? state.role.displayName : state.role.shortName
        var right = "\(state.operatorUPN)\(state.glyphs.separator)\(role)"
        // Requests waiting for this operator's approval: the service tells no one, the header does.
        if let waiting = state.header?.toApprove, waiting > 0 {
            right = (grid.width >= 100 ? "\(waiting) request\(waiting == 1 ? "" : "s") to approve" : "\(waiting) to approve") + state.glyphs.separator + right
        }
        // A simulated tenant's clock is its own; a connected tenant's is the wall clock, and its
        // header says how current the mirror is instead.
        if let clock = state.header?.clock, state.header?.mirror == nil { right += "\(state.glyphs.separator)\(DateText.short(clock)) UTC " }
        let rightWidth = min(right.count, grid.width - 20)
        // On a connected tenant the view and how current the mirror is stay whole, and its long
        // name ("contoso via graph.microsoft.com") gives way first on 80 columns; elsewhere the
        // left part is cut at its end.
        var rest = "\(sep)\(title(of: state.screen))"
        if let mirror = state.header?.mirror { rest += "\(sep)\(mirror)" }
        let room = grid.width - rightWidth - 1 - ColumnWidth.of(product + " ") - ColumnWidth.of(rest)
        let shrinks = state.header?.mirror != nil && ColumnWidth.of(tenant) > room && room >= 8
        let shownTenant = shrinks ? ColumnWidth.fit(tenant, room, ellipsis: state.glyphs.ellipsis) : tenant
        let left = "\(product) \(shownTenant)\(rest)"
        // The operator and clock stay whole; the left part gives way on narrow screens.
        grid.write(fitted: left, x: 0, y: 0, width: grid.width - rightWidth - 1, role: .header, ellipsis: state.glyphs.ellipsis)
        grid.write(fitted: right, x: grid.width - rightWidth, y: 0, width: rightWidth, role: .header, ellipsis: state.glyphs.ellipsis)
    }

    /// The status line is the bottom line in screen-reader mode, where a reader announces
    /// what changes there; otherwise it sits above the footer.
    static func statusRow(_ state: AppState) -> Int { state.plain ? state.height - 1 : state.height - 2 }
    static func footerRow(_ state: AppState) -> Int { state.plain ? state.height - 2 : state.height - 1 }

    static func drawStatus(_ grid: inout CellGrid, _ state: AppState) {
        let row = statusRow(state)
        guard let status = state.status ?? state.signInPrompt.map({ StatusLine(text: $0, kind: .info) }) else { return }
        let role: StyleRole = switch status.kind {
        case .info: .status
        case .success: .success
        case .error: .error
        }
        // Told in words too, not by colour alone.
        let prefix = state.plain && status.kind == .error ? "Error: " : ""
        grid.write(fitted: " " + prefix + status.text, x: 0, y: row, width: grid.width, role: role, ellipsis: state.glyphs.ellipsis)
    }

    static func drawFooter(_ grid: inout CellGrid, _ state: AppState) {
        let row = footerRow(state)
        grid.fill(x: 0, y: row, width: grid.width, height: 1, role: .footer)
        if let line = state.commandLine {
            grid.write(":" + line, x: 0, y: row, role: .input)
            grid.write(" ", x: line.count + 1, y: row, role: .selected)
            grid.cursor = CursorPlace(x: min(grid.width - 2, ColumnWidth.of(line) + 1), y: row)
            return
        }
        for placed in FooterKeys.layout(state) {
            grid.write(placed.item.key, x: placed.x, y: row, role: .footerKey)
            grid.write(" " + placed.item.label, x: placed.x + ColumnWidth.of(placed.item.key), y: row, role: .footer)
        }
    }
}

extension Role {
    /// The role in a word or two, for a narrow header (a custom role's name, cut to fit there).
    var shortName: String {
        switch id {
        case Role.readOnly.id: "Read only"
        case Role.helpDesk.id: "Help desk"
        case Role.administrator.id: "Admin"
        case Role.roleAdministrator.id: "Role admin"
        case Role.schoolAdministrator.id: "School admin"
        case Role.endpointSecurityManager.id: "Security"
        default: displayName
        }
    }
}

