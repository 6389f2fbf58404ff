/// A box with a result (the fresh bypass code) or an error.
enum MessageBoxView {
    static func draw(_ grid: inout CellGrid, _ state: AppState, _ box: ResultBox) {
        let dialog = Dialog.open(&grid, state, width: 70, height: min(grid.height - 4, box.lines.count + 6), title: box.title,
                                 titleRole: box.isError ? .error : .dialogTitle)
        var row = dialog.firstRow + 1
        for (index, line) in box.lines.enumerated() {
            row = dialog.paragraph(&grid, line, row: row, role: index == 0 && !box.isError ? .accent : .dialog)
        }
        grid.write("\(state.keyText(.close, .results)) or \(state.keyText(.open, .results)) to close", x: dialog.innerX, y: dialog.lastRow, role: .label)
    }
}
