import ConsoleUI

extension TerminalColor {
    /// The curses colour number; -1 is the terminal default.
    var cursesNumber: Int16 {
        switch self {
        case .default: -1
        case .black: 0
        case .red: 1
        case .green: 2
        case .yellow: 3
        case .blue: 4
        case .magenta: 5
        case .cyan: 6
        case .white: 7
        }
    }
}
