import MDMCore

/// Wipe's options in a confirmation dialog (one device or a bulk run): three commands toggle
/// them (Ctrl-E, Ctrl-U, Ctrl-S by default), and the dialog shows them as check boxes with
/// their effective keys. One place for both dialogs.
enum WipeOptionKeys {
    /// Toggles the option `command` stands for; false when it stands for none.
    static func toggle(_ command: Command, _ options: inout WipeOptions) -> Bool {
        switch command {
        case .keepEnrollmentData: options.keepEnrollmentData.toggle()
        case .keepUserData: options.keepUserData.toggle()
        case .keepEsim: options.persistEsimDataPlan.toggle()
        default: return false
        }
        return true
    }

    static func lines(_ options: WipeOptions, _ state: AppState) -> [String] {
        let box = { (on: Bool) in state.plain ? (on ? "checked" : "not checked") : (on ? "[x]" : "[ ]") }
        let key = { (command: Command) in state.keymap.label(command, in: .confirm, glyphs: state.glyphs).map { " (\($0))" } ?? "" }
        if state.plain {
            return ["Keep enrollment data\(key(.keepEnrollmentData)): \(box(options.keepEnrollmentData))",
                    "Keep user data\(key(.keepUserData)): \(box(options.keepUserData))",
                    "Keep the eSIM data plan\(key(.keepEsim)): \(box(options.persistEsimDataPlan))"]
        }
        return ["\(box(options.keepEnrollmentData)) Keep enrollment data\(key(.keepEnrollmentData))  \(box(options.keepUserData)) Keep user data\(key(.keepUserData))",
                "\(box(options.persistEsimDataPlan)) Keep the eSIM data plan\(key(.keepEsim))"]
    }
}
