import ArgumentParser
import MDMCore

struct VerifyCodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-code",
        abstract: "Check a typed Activation Lock bypass code (R3: any case, dashes optional). Exit 0 if valid, 1 if not.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A device id or exact name.") var device: String
    @Argument(help: "The code as typed.") var code: String

    func run() throws {
        try reporting {
            let store = try global.openStore()
            let target = try store.resolveDevice(device, seenBy: global.resolvedOperator)
            let now = try store.now()
            if BypassCode.matches(typed: code, device: target, at: now) {
                print("valid: this is \(target.name)'s bypass code")
            } else {
                let why = BypassCode.absenceReason(target, at: now) ?? "it does not match the device's code"
                print("not valid for \(target.name): \(why)")
                throw ExitCode(Failure.failed)
            }
        }
    }
}
