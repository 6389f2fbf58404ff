import Foundation

/// What an action's options may say, checked the same by every door (the command line, the
/// console, `serve`): today the macOS unlock code of a wipe.
public enum ActionOptionRules {
    /// The 6-digit code a Mac's firmware asks for after a wipe: six ASCII digits, and only for
    /// the wipe of a Mac. Nil when `code` is acceptable (or absent).
    public static func macOSUnlockCodeProblem(_ code: String?, action: DeviceAction, platform: Platform) -> String? {
        guard let code else { return nil }
        guard code.count == 6, code.allSatisfy({ $0.isASCII && $0.isNumber }) else { return "the macOS unlock code is six digits" }
        guard action == .wipe, platform == .macOS else { return "a macOS unlock code goes with the wipe of a Mac only" }
        return nil
    }
}
