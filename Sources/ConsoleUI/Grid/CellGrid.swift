/// One character cell of the screen and what it means.
public struct Cell: Equatable, Sendable {
    public var character: Character
    public var role: StyleRole

    public init(_ character: Character = " ", _ role: StyleRole = .normal) {
        self.character = character
        self.role = role
    }
}

/// The screen as data: views draw here, tests read it as text, and the terminal layer
/// copies only the cells that changed.
public struct CellGrid: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, fill: Cell = Cell()) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: fill, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Writes `text` from (x, y), clipped to `maxWidth` and the grid. Returns the columns used.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, role: StyleRole = .normal, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height else { return 0 }
        let limit = min(width - x, maxWidth ?? Int.max)
        var column = 0
        for character in text {
            guard column < limit else { break }
            let target = x + column
            if target >= 0 { self[target, y] = Cell(character == "\n" || character == "\t" ? " " : character, role) }
            column += 1
        }
        return column
    }

    /// Writes `text` cut to exactly `width` columns (padded, or shortened with an ellipsis).
    public mutating func write(fitted text: String, x: Int, y: Int, width: Int, role: StyleRole = .normal, ellipsis: Character = "…") {
        write(Text.fit(text, width, ellipsis: ellipsis), x: x, y: y, role: role, maxWidth: width)
    }

    public mutating func fill(x: Int, y: Int, width: Int, height: Int, role: StyleRole, character: Character = " ") {
        for row in max(0, y)..<min(self.height, y + height) {
            for column in max(0, x)..<min(self.width, x + width) { self[column, row] = Cell(character, role) }
        }
    }

    /// Sets the role of a span without changing its characters.
    public mutating func paint(x: Int, y: Int, width: Int, role: StyleRole) {
        guard y >= 0, y < height else { return }
        for column in max(0, x)..<min(self.width, x + width) { self[column, y].role = role }
    }

    /// A frame with an optional title in its top edge.
    public mutating func box(x: Int, y: Int, width: Int, height: Int, glyphs: Glyphs, role: StyleRole = .border, title: String? = nil, titleRole: StyleRole = .dialogTitle) {
        guard width >= 2, height >= 2 else { return }
        write(String(glyphs.topLeft) + String(repeating: glyphs.horizontal, count: width - 2) + String(glyphs.topRight), x: x, y: y, role: role)
        for row in (y + 1)..<(y + height - 1) {
            write(String(glyphs.vertical), x: x, y: row, role: role)
            write(String(glyphs.vertical), x: x + width - 1, y: row, role: role)
        }
        write(String(glyphs.bottomLeft) + String(repeating: glyphs.horizontal, count: width - 2) + String(glyphs.bottomRight), x: x, y: y + height - 1, role: role)
        if let title { write(" \(title) ", x: x + 2, y: y, role: titleRole, maxWidth: width - 4) }
    }

    /// The grid as text, one line per row, trailing spaces kept so columns line up.
    public var text: String {
        (0..<height).map { row in String(cells[(row * width)..<((row + 1) * width)].map(\.character)) }.joined(separator: "\n")
    }

    /// One row as text.
    public func line(_ row: Int) -> String {
        String(cells[(row * width)..<((row + 1) * width)].map(\.character))
    }
}

/// Line-drawing characters: Unicode box drawing, or ASCII where the terminal is not UTF-8.
public struct Glyphs: Sendable, Equatable {
    public var horizontal: Character, vertical: Character
    public var topLeft: Character, topRight: Character, bottomLeft: Character, bottomRight: Character
    public var pointer: Character, ellipsis: Character, separator: String, up: String, down: String

    public static let unicode = Glyphs(horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
                                       pointer: "›", ellipsis: "…", separator: " · ", up: "↑", down: "↓")
    public static let ascii = Glyphs(horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
                                     pointer: ">", ellipsis: "~", separator: " - ", up: "^", down: "v")
}

/// Text measuring and shaping for fixed-width cells.
public enum Text {
    public static func fit(_ text: String, _ width: Int, ellipsis: Character = "…") -> String {
        guard width > 0 else { return "" }
        if text.count <= width { return text + String(repeating: " ", count: width - text.count) }
        return String(text.prefix(width - 1)) + String(ellipsis)
    }

    /// Words wrapped to `width`; a word longer than the width is cut.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                var piece = String(word)
                while piece.count > width {
                    if !line.isEmpty { lines.append(line); line = "" }
                    lines.append(String(piece.prefix(width)))
                    piece = String(piece.dropFirst(width))
                }
                if line.isEmpty { line = piece } else if line.count + 1 + piece.count <= width { line += " " + piece } else {
                    lines.append(line)
                    line = piece
                }
            }
            lines.append(line)
        }
        return lines
    }
}
