import ArgumentParser
import Foundation
import MDMCore

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Take an action on a device.",
        discussion: """
            ACTION: bypass-activation-lock, retire, wipe, delete, reset-passcode (alias remove-passcode), sync. \
            Wipe and Delete need --confirm with the device's exact name; Retire needs --yes. \
            Exit 3 when the action is greyed out: the reason and remedy are printed and nothing is taken.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The action.") var action: String
    @Argument(help: "A device id or exact name.") var device: String
    @Flag(help: "Confirm a retire after reading its note.") var yes = false
    @Option(help: ArgumentHelp("Confirm a wipe or delete by typing the device's exact name.", valueName: "name")) var confirm: String?

    func run() throws {
        try reporting {
            guard let kind = DeviceAction(commandName: action) else {
                throw Failure("unknown action \"\(action)\" (expected one of: \(DeviceAction.allCases.map(\.rawValue).joined(separator: ", ")), remove-passcode)", code: Failure.usage)
            }
            let store = try global.openStore()
            let target = try store.resolveDevice(device)
            let operatorUPN = global.resolvedOperator
            // Show what the operator must know before it is sent (R12 for retire, …).
            let preview = Rules.availability(of: kind, for: target, role: try store.role(of: operatorUPN), now: try store.now(),
                                             openActions: try store.actions(deviceId: target.id).filter { $0.state.isOpen })
            if preview.enabled, kind == .retire, !yes {
                for note in preview.notes { print("\(note.rule.rawValue): \(note.text)") }
            }
            let outcome = try ActionService(store: store).take(
                ActionRequest(action: kind, deviceId: target.id, operatorUPN: operatorUPN, typedName: confirm, acknowledged: yes))
            switch outcome {
            case .refused(let verdict):
                print("\(verdict.title) is greyed out for \(target.name) (\(verdict.rule?.rawValue ?? "")): \(verdict.reason ?? "")")
                if let remedy = verdict.remedy { print("Remedy: \(remedy)") }
                print("Nothing was taken.")
                throw ExitCode(Failure.greyed)
            case .taken(let record, _, let code):
                print("\(record.action.title(on: record.platform)) sent to \(record.deviceName): action \(record.id), state \(record.state.rawValue).")
                if let code {
                    print("Bypass code: \(code)  (valid until \(DateText.short(BypassCode.expiry(issuedAt: record.issuedAt))))")
                    print("Copy it before wiping: type it on the device's Activation Lock screen after the wipe (any case, dashes optional).")
                }
                if !record.detail.isEmpty { print(record.detail) }
                for note in preview.notes where kind != .bypassActivationLock { print("\(note.rule.rawValue): \(note.text)") }
            }
        }
    }
}
