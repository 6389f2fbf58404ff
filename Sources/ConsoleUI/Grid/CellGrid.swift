import MDMCore

/// One character cell of the screen and what it means.
public struct Cell: Equatable, Sendable {
    public var character: Character
    public var role: StyleRole

    public init(_ character: Character = " ", _ role: StyleRole = .normal) {
        self.character = character
        self.role = role
    }

    /// The right half of a wide character: nothing is painted there, and the grid's text
    /// leaves it out, as a terminal shows one character over two columns.
    public static let continuation: Character = "\u{0}"
}

/// The screen as data: views draw here, tests read it as text, and the terminal layer
/// copies only the cells that changed.
public struct CellGrid: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// Set by the view that draws the selection (an overlay, drawn last, wins).
    public var cursor: CursorPlace?
    /// Screen row to the list row or menu entry drawn there, for a click.
    public var targets: [Int: Int] = [:]

    public init(width: Int, height: Int, fill: Cell = Cell()) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: fill, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Writes `text` from (x, y), clipped to `maxWidth` columns and the grid. Returns the
    /// columns used. Controls in the text (a hostile name in an old store) are shown as
    /// their visible escape; a wide character takes two cells, the second a
    /// `Cell.continuation`, and one that would not fit whole is left out.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, role: StyleRole = .normal, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height else { return 0 }
        let limit = min(width - x, maxWidth ?? Int.max)
        var column = 0
        // Most of a frame is printable ASCII: one column a character, nothing to escape.
        if ColumnWidth.isPlainASCII(text) {
            for character in text {
                guard column < limit else { break }
                put(character, columns: 1, x: x + column, y: y, role: role)
                column += 1
            }
            return column
        }
        for character in TerminalText.visible(text, keeping: ["\n", "\t"]) {
            let shown: Character = character == "\n" || character == "\t" ? " " : character
            let columns = ColumnWidth.of(shown)
            guard columns > 0 else { continue }
            guard column + columns <= limit else { break }
            put(shown, columns: columns, x: x + column, y: y, role: role)
            column += columns
        }
        return column
    }

    /// One character into its cell(s), clearing the other half of any wide character it
    /// overwrites so no half is left on screen.
    mutating func put(_ character: Character, columns: Int, x: Int, y: Int, role: StyleRole) {
        guard x >= 0 else { return }
        for target in x..<(x + columns) where target < width {
            if self[target, y].character == Cell.continuation, target > 0, target == x {
                self[target - 1, y] = Cell(" ", self[target - 1, y].role)
            }
            if target + 1 < width, self[target + 1, y].character == Cell.continuation, target == x + columns - 1 {
                self[target + 1, y] = Cell(" ", self[target + 1, y].role)
            }
        }
        self[x, y] = Cell(character, role)
        if columns == 2, x + 1 < width { self[x + 1, y] = Cell(Cell.continuation, role) }
    }

    /// Writes `text` cut to exactly `width` columns (padded, or shortened with an ellipsis).
    public mutating func write(fitted text: String, x: Int, y: Int, width: Int, role: StyleRole = .normal, ellipsis: Character = "…") {
        write(Text.fit(text, width, ellipsis: ellipsis), x: x, y: y, role: role, maxWidth: width)
    }

    public mutating func fill(x: Int, y: Int, width: Int, height: Int, role: StyleRole, character: Character = " ") {
        guard height > 0, width > 0 else { return }
        for row in max(0, y)..<min(self.height, y + height) {
            for column in max(0, x)..<min(self.width, x + width) { put(character, columns: 1, x: column, y: row, role: role) }
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
        (0..<height).map(line).joined(separator: "\n")
    }

    /// One row as text, as the terminal shows it (a wide character once).
    public func line(_ row: Int) -> String {
        String(cells[(row * width)..<((row + 1) * width)].lazy.map(\.character).filter { $0 != Cell.continuation })
    }
}

/// Line-drawing characters: Unicode box drawing, ASCII where the terminal is not UTF-8, or
/// none at all for a screen reader (`--plain`).
public struct Glyphs: Sendable, Equatable {
    public var horizontal: Character, vertical: Character
    public var topLeft: Character, topRight: Character, bottomLeft: Character, bottomRight: Character
    public var pointer: Character, ellipsis: Character, separator: String, up: String, down: String
    /// Between the header's parts ("contoso │ All devices").
    public var divider: String = " │ "
    /// The console's own symbols (… — · → ↑↓ ›) are spelled out in ASCII words.
    public var spellsSymbols = false

    public static let unicode = Glyphs(horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
                                       pointer: "›", ellipsis: "…", separator: " · ", up: "↑", down: "↓")
    /// `text` as this terminal can show it: the console's own symbols (… — · → ↑↓ ›) spelled
    /// in ASCII where the terminal is not UTF-8 or a screen reader reads it, so no view has to think of it.
    public func text(_ text: String) -> String {
        guard spellsSymbols, !text.allSatisfy(\.isASCII) else { return text }
        var result = text
        for (symbol, spelled) in Self.asciiSpellings { result = result.replacingOccurrences(of: symbol, with: spelled) }
        return result
    }

    static let asciiSpellings: [(String, String)] = [("↑↓", "Up Down"), ("…", "..."), ("—", "-"), ("·", "-"), ("→", "->"),
                                                     ("↑", "Up"), ("↓", "Down"), ("←", "Left"), ("›", ">")]

    public static let ascii = Glyphs(horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
                                     pointer: ">", ellipsis: "~", separator: " - ", up: "^", down: "v", divider: " | ", spellsSymbols: true)

    /// For a screen reader: no frame, rule, pointer or arrow; words where there were symbols.
    /// The ellipsis stays what the terminal can show (one column, read as "dot dot dot").
    public static func plain(ellipsis: Character) -> Glyphs {
        Glyphs(horizontal: " ", vertical: " ", topLeft: " ", topRight: " ", bottomLeft: " ", bottomRight: " ",
               pointer: " ", ellipsis: ellipsis, separator: ", ", up: "Up", down: "Down", divider: ", ", spellsSymbols: true)
    }

    /// No frames: dialogs are plain lines, the selection is told by the cursor and words.
    public var isPlain: Bool { topLeft == " " }
}

/// Where the terminal's cursor goes after a frame: the selected row, or the field being
/// typed. Screen readers and braille displays follow it.
public struct CursorPlace: Equatable, Sendable {
    public var x: Int
    public var y: Int
    public init(x: Int, y: Int) { self.x = x; self.y = y }
}

/// Text measuring and shaping for fixed-width cells.
public enum Text {
    /// `text` in exactly `width` terminal columns: padded, or cut with an ellipsis.
    public static func fit(_ text: String, _ width: Int, ellipsis: Character = "…") -> String {
        ColumnWidth.fit(TerminalText.visible(text), width, ellipsis: ellipsis)
    }

    /// Words wrapped to `width` columns; a word longer than the width is cut.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in TerminalText.visible(text, keeping: ["\n"]).split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                var piece = String(word)
                while ColumnWidth.of(piece) > width {
                    if !line.isEmpty { lines.append(line); line = "" }
                    var head = ColumnWidth.prefix(piece, width)
                    if head.isEmpty { head = String(piece.prefix(1)) }  // a wide character in a one-column width
                    lines.append(head)
                    piece = String(piece.dropFirst(head.count))
                }
                if line.isEmpty { line = piece } else if ColumnWidth.of(line) + 1 + ColumnWidth.of(piece) <= width { line += " " + piece } else {
                    lines.append(line)
                    line = piece
                }
            }
            lines.append(line)
        }
        return lines
    }
}
