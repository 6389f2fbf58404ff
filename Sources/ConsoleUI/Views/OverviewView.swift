import Foundation
import MDMCore

/// The device overview: properties, the hardware overview with the bypass code while it
/// is valid (R3), notes from the rules (R15, R16, R23), and this device's actions with the
/// R19 explanation where a retire/wipe has no audit entry. Draws the lines of
/// `OverviewLayout` from the scroll position.
enum OverviewView {
    static func draw(_ grid: inout CellGrid, _ state: AppState) {
        guard case .overview(let id) = state.screen else { return }
        guard let overview = state.overview, overview.device.id == id else {
            grid.write(state.glyphs.text(" Loading…"), x: 0, y: 2, role: .label)
            return
        }
        let lines = OverviewLayout.lines(overview, width: grid.width, glyphs: state.glyphs)
        let rows = grid.height - 3
        let scroll = max(0, min(state.overviewScroll, lines.count - rows))
        for (offset, line) in lines.dropFirst(scroll).prefix(rows).enumerated() {
            for piece in line.pieces {
                grid.write(piece.text, x: piece.x, y: 1 + offset, role: piece.role, maxWidth: grid.width - piece.x)
            }
        }
        if scroll + rows < lines.count { grid.write(String(state.glyphs.down), x: grid.width - 1, y: rows, role: .label) }
    }
}

/// How an action state reads on screen.
enum StateRole {
    static func of(_ state: ActionState) -> StyleRole {
        switch state {
        case .done: .success
        case .pending, .active: .warning
        case .failed, .notSupported: .error
        case .canceled, .none: .label
        }
    }
}
