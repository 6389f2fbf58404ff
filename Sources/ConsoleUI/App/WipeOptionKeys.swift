import MDMCore

/// Wipe's options in a confirmation dialog (one device or a bulk run): Ctrl-E, Ctrl-U and
/// Ctrl-S toggle them, and the dialog shows them as check boxes. One place for both dialogs.
enum WipeOptionKeys {
    /// Toggles the option `key` stands for; false when it stands for none.
    static func toggle(_ key: Key, _ options: inout WipeOptions) -> Bool {
        switch key {
        case .control("e"): options.keepEnrollmentData.toggle()
        case .control("u"): options.keepUserData.toggle()
        case .control("s"): options.persistEsimDataPlan.toggle()
        default: return false
        }
        return true
    }

    static func lines(_ options: WipeOptions) -> [String] {
        let box = { (on: Bool) in on ? "[x]" : "[ ]" }
        return ["\(box(options.keepEnrollmentData)) Keep enrollment data (Ctrl-E)  \(box(options.keepUserData)) Keep user data (Ctrl-U)",
                "\(box(options.persistEsimDataPlan)) Keep the eSIM data plan (Ctrl-S)"]
    }
}
