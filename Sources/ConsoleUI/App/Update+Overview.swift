/// The device overview: scrolling and opening "… More".
extension Update {
    static func overviewKey(_ key: Key, _ id: String, _ state: inout AppState) -> [Effect] {
        switch key {
        case .up, .character("k"): state.overviewScroll = max(0, state.overviewScroll - 1)
        case .down, .character("j"): state.overviewScroll += 1
        case .pageUp: state.overviewScroll = max(0, state.overviewScroll - state.listRows)
        case .pageDown, .character(" "): state.overviewScroll += state.listRows
        case .home, .character("g"): state.overviewScroll = 0
        case .character("m"):
            state.overlay = .more(MoreMenu(deviceId: id))
            return [.loadOverview(deviceId: id)]
        case .left:
            return back(&state)
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
