/// Column widths for a table: every column gets its minimum, then the room left is shared
/// by weight up to each column's maximum, so 80 columns show everything, wider shows more.
public struct TableColumn: Sendable {
    public let title: String
    /// Shown when the column is narrower than `title`.
    public let shortTitle: String
    public let minimum: Int
    public let maximum: Int
    public let weight: Int

    public init(_ title: String, short shortTitle: String? = nil, min minimum: Int, max maximum: Int, weight: Int = 1) {
        self.title = title
        self.shortTitle = shortTitle ?? title
        self.minimum = minimum
        self.maximum = maximum
        self.weight = weight
    }
}

public enum TableLayout {
    public static func widths(_ columns: [TableColumn], total: Int, gap: Int = 1) -> [Int] {
        var widths = columns.map(\.minimum)
        var room = total - widths.reduce(0, +) - gap * max(0, columns.count - 1)
        while room > 0 {
            let growable = columns.indices.filter { widths[$0] < columns[$0].maximum && columns[$0].weight > 0 }
            guard !growable.isEmpty else { break }
            for index in growable where room > 0 {
                let share = min(columns[index].weight, room, columns[index].maximum - widths[index])
                widths[index] += share
                room -= share
            }
        }
        return widths
    }

    /// The column titles, short where a column is too narrow for its full one.
    static func titles(_ columns: [TableColumn], _ widths: [Int]) -> [String] {
        zip(columns, widths).map { column, width in column.title.count <= width ? column.title : column.shortTitle }
    }

    /// Draws one row of cells at the given widths.
    static func drawRow(_ grid: inout CellGrid, _ cells: [String], widths: [Int], x: Int, y: Int, role: StyleRole, ellipsis: Character) {
        var column = x
        for (cell, width) in zip(cells, widths) {
            grid.write(fitted: cell, x: column, y: y, width: width, role: role, ellipsis: ellipsis)
            column += width
            if column < grid.width { grid.write(" ", x: column, y: y, role: role) }
            column += 1
        }
    }
}
