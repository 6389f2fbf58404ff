/// A key press, as the update sees it (the terminal layer translates curses codes).
public enum Key: Equatable, Sendable, Hashable {
    case character(Character)
    case control(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, escape, backspace, tab, backTab, delete
}
