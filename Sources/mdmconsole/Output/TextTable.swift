/// A plain text table for the terminal: columns sized to their content up to a maximum,
/// longer cells cut with an ellipsis.
struct TextTable {
    struct Column {
        let title: String
        let maxWidth: Int
    }

    let columns: [Column]
    var rows: [[String]] = []

    init(_ columns: [(String, Int)]) {
        self.columns = columns.map { Column(title: $0.0, maxWidth: $0.1) }
    }

    mutating func add(_ cells: [String]) { rows.append(cells) }

    func render() -> String {
        let widths = columns.indices.map { index in
            min(columns[index].maxWidth, ([columns[index].title] + rows.map { $0[index] }).map(\.count).max() ?? 0)
        }
        func line(_ cells: [String]) -> String {
            cells.indices.map { index in
                let cell = cells[index]
                let width = widths[index]
                let fitted = cell.count > width ? String(cell.prefix(max(0, width - 1))) + "…" : cell
                return index == cells.count - 1 ? fitted : fitted.padding(toLength: width, withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        return ([line(columns.map(\.title))] + rows.map(line)).joined(separator: "\n")
    }
}
