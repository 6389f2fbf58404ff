import CNCurses
import ConsoleUI

/// The mouse event curses holds after KEY_MOUSE, as the console's own.
enum MouseDecoding {
    static func next() -> MouseEvent? {
        var x: Int32 = 0, y: Int32 = 0
        let kind: MouseEvent.Kind
        switch mdm_mouse_event(&x, &y) {
        case 1: kind = .click
        case 2: kind = .doubleClick
        case 3: kind = .wheelUp
        case 4: kind = .wheelDown
        default: return nil
        }
        return MouseEvent(kind: kind, x: Int(x), y: Int(y))
    }
}
