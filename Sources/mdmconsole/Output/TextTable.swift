import MDMCore
import ConsoleUI

/// A plain text table for the terminal: columns sized to their content up to a maximum,
/// longer cells cut with an ellipsis. Widths are terminal columns (a CJK name takes two
/// per character), and a cell's new lines or controls are shown escaped, never laid out.
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
        let widths = fittedWidths()
        return ([line(columns.map(\.title), widths)] + rows.map { line($0, widths) }).joined(separator: "\n")
    }

    /// Each column as wide as its widest cell so far, up to its maximum.
    func fittedWidths() -> [Int] {
        columns.indices.map { index in
            min(columns[index].maxWidth, ([columns[index].title] + rows.map { $0[index] }).map { ColumnWidth.of(TerminalText.visible($0)) }.max() ?? 0)
        }
    }

    func line(_ cells: [String], _ widths: [Int]) -> String {
        cells.indices.map { index in
            let cell = TerminalText.visible(cells[index])
            let width = widths[index]
            let columns = ColumnWidth.of(cell)
            if columns <= width {
                return index == cells.count - 1 ? cell : cell + String(repeating: " ", count: width - columns)
            }
            return ColumnWidth.fit(cell, width)
        }.joined(separator: "  ")
    }
}

/// A table for listings that may run to a million rows: the columns are fitted to the first
/// rows, then every row is written as it comes, so memory stays flat. Short listings come
/// out exactly as `TextTable.render` would write them.
struct StreamingTable {
    private var table: TextTable
    private var widths: [Int]?
    private let output = BufferedOutput()
    static let fittedOn = 2000

    init(_ columns: [(String, Int)]) { table = TextTable(columns) }

    mutating func add(_ cells: [String]) {
        if let widths {
            output.write(table.line(cells, widths) + "\n")
            return
        }
        table.add(cells)
        if table.rows.count >= Self.fittedOn { writeHeld() }
    }

    mutating func finish() {
        if widths == nil { writeHeld() }
        output.flush()
    }

    private mutating func writeHeld() {
        let widths = table.fittedWidths()
        self.widths = widths
        output.write(table.line(table.columns.map(\.title), widths) + "\n")
        for row in table.rows { output.write(table.line(row, widths) + "\n") }
        table.rows.removeAll()
    }
}
