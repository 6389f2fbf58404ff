/// The device overview: scrolling and opening "… More".
extension Update {
    static func overviewCommand(_ command: Command, _ id: String, _ state: inout AppState) -> [Effect] {
        switch command {
        case .moveUp: state.overviewScroll = max(0, state.overviewScroll - 1)
        case .moveDown: state.overviewScroll += 1
        case .movePageUp: state.overviewScroll = max(0, state.overviewScroll - state.listRows)
        case .movePageDown: state.overviewScroll += state.listRows
        case .first: state.overviewScroll = 0
        case .more:
            state.overlay = .more(MoreMenu(deviceId: id))
            return [.loadOverview(deviceId: id)]
        default: break
        }
        // Scrolling stops at the last line, so going back up takes no extra presses.
        if let overview = state.overview, overview.device.id == id {
            let lines = OverviewLayout.lines(overview, width: state.width, glyphs: state.glyphs).count
            state.overviewScroll = min(state.overviewScroll, max(0, lines - (state.height - 3)))
        }
        return []
    }
}
