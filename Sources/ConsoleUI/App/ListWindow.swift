import MDMCore

/// Where a window read from the store sits relative to the rows held, whatever the list.
public enum WindowPlace: Sendable, Equatable {
    case first
    case last
    /// Rows after the held row at this index.
    case after(Int)
    /// Rows before the held row at this index.
    case before(Int)
    /// Rows from this index on, replacing what is held (a refresh).
    case from(Int)
}

/// The rows of a long list held in memory: a few screens around the one shown, `rows`
/// starting at index `offset` of the whole (filtered) list, and how many there are in all.
/// Shared by All devices and the audit log, so both page the same way.
public struct ListWindow<Row: Sendable & Equatable & Identifiable>: Sendable, Equatable {
    public var offset: Int
    public var rows: [Row]
    public var count: MatchCount

    public init(offset: Int = 0, rows: [Row] = [], count: MatchCount = MatchCount(value: 0, isExact: false)) {
        self.offset = offset
        self.rows = rows
        self.count = count
    }

    public var end: Int { offset + rows.count }

    public func row(at index: Int) -> Row? {
        guard index >= offset, index < end else { return nil }
        return rows[index - offset]
    }

    /// The window to read next so the screen at `top` is all held, if any.
    /// `force` reads the held rows again (a resize, another process wrote).
    func need(top: Int, screen: Int, limit: Int, force: Bool) -> (place: WindowPlace, limit: Int)? {
        if rows.isEmpty { return force ? (.first, limit) : nil }
        // Held from the top, a refresh reads from the top: a row that now sorts first (the
        // newest audit entry, a new device) is above the first held row, so reading from that
        // row would never show it. Deeper down the held rows stay put and the count moves.
        if force { return (offset == 0 ? .first : .from(offset), max(limit, rows.count)) }
        let last = min(count.value, top + screen)
        if top >= offset, last <= end { return nil }
        if last > end {
            if top > end + limit { return (.last, limit) }           // a jump far down (End)
            return (.after(end - 1), last - end + screen)
        }
        if top < offset - limit { return (.first, limit) }          // a jump far up (Home)
        return (.before(offset), offset - top + screen)
    }

    /// The keyset start that reads `place`, keyed by a held row.
    func start<Key>(for place: WindowPlace, key: (Row) -> Key) -> WindowStart<Key> {
        switch place {
        case .first: .first
        case .last: .last
        case .after(let index): .after(key(row(at: index)!))
        case .before(let index): .before(key(row(at: index)!))
        case .from(let index): .from(key(row(at: index)!))
        }
    }

    /// Whether a read for `place` should count the matches too: a new list, a jump to an
    /// end, or a refresh (`force`); scrolling on keeps the count it has.
    static func counts(_ place: WindowPlace, force: Bool) -> Bool {
        force || place == .first || place == .last
    }

    /// Takes in rows read for `place`, joining them to the held ones when they continue
    /// them, and keeps the position on the same rows if the indexes had drifted.
    mutating func merge(_ place: WindowPlace, rows new: [Row], isFull: Bool, count counted: MatchCount?, position: inout ListPosition, screen: Int) {
        if let counted { count = counted }
        switch place {
        case .first:
            // The selection stays on the same row when rows came above it (a refresh).
            let selected = row(at: position.selection)?.id
            offset = 0
            rows = new
            if !isFull { count = MatchCount(value: new.count, isExact: true) }
            if let selected, let index = rows.firstIndex(where: { $0.id == selected }), index != position.selection {
                let shift = index - position.selection
                position.selection = index
                // A list shown from its top stays at its top, so what came in (the newest audit
                // entry, the action just taken) is in view above the selection; scrolled down,
                // the view moves with its rows.
                let stays = position.top == 0 && index < screen
                position.top = stays ? 0 : max(0, position.top + shift)
            }
        case .last:
            if !count.isExact { count.value = max(count.value, new.count) }
            offset = max(0, count.value - new.count)
            rows = new
            position.select(count.value - 1, count: count.value, rows: screen)
        case .from(let index):
            offset = index
            rows = new
            if !isFull { count = MatchCount(value: end, isExact: true) }
        case .after(let index):
            if end == index + 1 { rows += new } else { offset = index + 1; rows = new }
            if !isFull {
                count = MatchCount(value: end, isExact: true)  // the list ends here
            } else if end >= count.value {
                count = MatchCount(value: end + 1, isExact: false)  // the estimate was low
            }
        case .before(let index):
            let start = index - new.count
            if offset == index { rows = new + rows } else { rows = new }
            offset = start
            if !isFull || start < 0 {
                // The top came sooner (or later) than the indexes said: rows were added or
                // removed above since. Number from 0 again, moving the position with them.
                let shift = -start
                offset = 0
                position.selection = max(0, position.selection + shift)
                position.top = max(0, position.top + shift)
                count.value = max(end, count.value + shift)
            }
        }
    }

    /// Lets go of rows far from the screen so memory stays flat while scrolling a million.
    mutating func trim(around top: Int, keep: Int) {
        guard rows.count > keep else { return }
        let start = max(offset, min(top - keep / 3, end - keep))
        let drop = start - offset
        rows = Array(rows[drop..<(drop + keep)])
        offset = start
    }
}
