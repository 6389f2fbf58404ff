import ArgumentParser
import Foundation
import GraphClient
import MDMCore

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Take an action on a device.",
        discussion: """
            ACTION: retire, wipe, delete, sync, reset-passcode (alias remove-passcode), bypass-activation-lock, \
            remote-lock, restart, shut-down, enable-lost-mode, disable-lost-mode, locate, play-lost-mode-sound, \
            rename, send-notification, collect-diagnostics. \
            Wipe and Delete need --confirm with the device's exact name; Retire needs --yes. \
            Inputs: enable-lost-mode --message (required) [--phone] [--footer]; rename --name [--restart-after-rename, Windows]; \
            send-notification --title --body; play-lost-mode-sound [--duration MINUTES]; remote-lock of a Mac [--pin 6 digits]. \
            Exit 3 when the action is greyed out: the reason and remedy are printed and nothing is taken. \
            On many devices (--search/--platform, --ids-from, --all, instead of DEVICE): --dry-run previews it; \
            retire, wipe and delete need --confirm-count with the number that will take it; --json prints one \
            object per device and a summary (JSON Lines). Exit 0 when every device took it, 3 when some were \
            greyed or denied, 1 on failures or when stopped (Ctrl-C stops after the device in progress).
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The action.") var action: String
    @Argument(help: "A device id or exact name (or a selection of many: --search, --platform, --ids-from, --all).") var device: String?
    @Option(help: ArgumentHelp("Many devices: those whose name, user, email, serial or model match.", valueName: "text")) var search: String?
    @Option(help: "Many devices: those of this platform (with --search too).") var platform: Platform?
    @Option(help: ArgumentHelp("Many devices: the ids in this file, one per line.", valueName: "file")) var idsFrom: String?
    @Flag(help: "Many devices: every device of the tenant.") var all = false
    @Flag(help: "Many devices: say what it would do, per device and per reason; take nothing.") var dryRun = false
    @Option(help: ArgumentHelp("Many devices: the number that will take a retire, wipe or delete, typed to confirm.", valueName: "n")) var confirmCount: Int?
    @Flag(help: "Many devices: one JSON object per device and a summary.") var json = false
    @Flag(help: "Confirm a retire after reading its note.") var yes = false
    @Option(help: ArgumentHelp("Confirm a wipe or delete by typing the device's exact name.", valueName: "name")) var confirm: String?
    @Flag(help: "Wipe: keep the enrollment data (the device re-enrolls).") var keepEnrollmentData = false
    @Flag(help: "Wipe: keep the user's data.") var keepUserData = false
    @Flag(help: "Wipe: keep the eSIM data plan.") var keepEsim = false
    @Option(help: ArgumentHelp("Wipe of a Mac: the 6-digit code its firmware will ask for.", valueName: "digits")) var macosUnlockCode: String?
    @Option(help: ArgumentHelp("Enable Lost Mode: the lock screen's message (required).", valueName: "text")) var message: String?
    @Option(help: ArgumentHelp("Enable Lost Mode: the phone number on the lock screen.", valueName: "number")) var phone: String?
    @Option(help: ArgumentHelp("Enable Lost Mode: the lock screen's footer.", valueName: "text")) var footer: String?
    @Option(help: ArgumentHelp("Rename: the new device name.", valueName: "name")) var name: String?
    @Flag(help: "Rename of a Windows device: restart it after the rename.") var restartAfterRename = false
    @Option(help: ArgumentHelp("Send notification: its title (at most 50 characters).", valueName: "text")) var title: String?
    @Option(help: ArgumentHelp("Send notification: its body (at most 500 characters).", valueName: "text")) var body: String?
    @Option(help: ArgumentHelp("Play Lost Mode sound: for how many minutes (1 to 60).", valueName: "minutes")) var duration: String?
    @Option(help: ArgumentHelp("Remote lock of a Mac: the 6-digit PIN it will ask for (else one is made).", valueName: "digits")) var pin: String?
    @Option(help: ArgumentHelp("An action an access policy protects (Multi Admin Approval): why, for its approver; it becomes a request (see `approvals`).", valueName: "text"))
    var justification: String?

    var wipeOptions: WipeOptions {
        WipeOptions(keepEnrollmentData: keepEnrollmentData, keepUserData: keepUserData, persistEsimDataPlan: keepEsim, macOsUnlockCode: macosUnlockCode)
    }

    /// The inputs given, by their `ActionInputField` names; each is checked by `ActionInputRules`.
    func inputs(for action: DeviceAction) -> [String: String] {
        var inputs: [String: String] = action == .wipe ? wipeOptions.asOptions : [:]
        if action != .wipe {
            // A wipe flag on another action is refused by the rules like any other stray input.
            if keepEnrollmentData { inputs["keepEnrollmentData"] = "true" }
            if keepUserData { inputs["keepUserData"] = "true" }
            if keepEsim { inputs["persistEsimDataPlan"] = "true" }
            if let macosUnlockCode { inputs["macOsUnlockCode"] = macosUnlockCode }
        }
        let given: [(String, String?)] = [("message", message), ("phoneNumber", phone), ("footer", footer), ("deviceName", name),
                                          ("notificationTitle", title), ("notificationBody", body), ("durationInMinutes", duration),
                                          ("unlockPin", pin), ("restartAfterRename", restartAfterRename ? "true" : nil)]
        for case let (key, value?) in given { inputs[key] = value }
        return inputs
    }

    /// `--message: is required`: a problem named by the flag that gives it.
    static func flagProblem(_ problem: ActionInputProblem) -> Failure {
        let flag = DeviceAction.allCases.lazy.compactMap { ActionInputRules.anyPlatformFields(of: $0)[problem.name]?.flag }.first ?? problem.name
        return Failure("--\(flag): \(problem.text)", code: Failure.usage)
    }

    func run() throws {
        try reporting {
            guard let kind = DeviceAction(commandName: action) else {
                throw Failure("unknown action \"\(action)\" (expected one of: \(DeviceAction.allCases.map(\.rawValue).joined(separator: ", ")), remove-passcode)", code: Failure.usage)
            }
            let store = try global.openStore()
            if let selection = try BulkRun.selection(search: search, platform: platform, idsFrom: idsFrom, all: all, store: store, operatorUPN: global.resolvedOperator) {
                guard device == nil else { throw Failure("give DEVICE or a selection of many (--search, --platform, --ids-from, --all), not both", code: Failure.usage) }
                let bulk = BulkRun(action: kind, selection: selection, operatorUPN: global.resolvedOperator, store: store, json: json)
                if dryRun { return try bulk.dryRun(input: inputs(for: kind)) }
                if let justification { return try bulk.ask(confirmCount: confirmCount, options: inputs(for: kind), justification: justification) }
                return try bulk.run(confirmCount: confirmCount, options: inputs(for: kind))
            }
            guard let device else { throw Failure("give DEVICE (an id or exact name), or a selection of many: --search, --platform, --ids-from or --all", code: Failure.usage) }
            if dryRun || confirmCount != nil || json {
                throw Failure("--dry-run, --confirm-count and --json go with a selection of many devices", code: Failure.usage)
            }
            let target = try store.resolveDevice(device, seenBy: global.resolvedOperator)
            let operatorUPN = global.resolvedOperator
            // Show what the operator must know before it is sent (R12 for retire, …).
            let preview = try Self.preview(kind, on: target, store: store, operatorUPN: operatorUPN)
            if preview.enabled, kind == .retire, !yes {
                for note in preview.notes { print("\(note.rule.rawValue): \(note.text)") }
            }
            // Greyed comes first (exit 3 with its reason); then what the inputs say (exit 2).
            if preview.enabled, let problem = ActionInputRules.problem(inputs(for: kind), action: kind, device: target) {
                throw Self.flagProblem(problem)
            }
            if let source = try store.source() {
                try runConnected(kind, target: target, store: store, source: source, operatorUPN: operatorUPN, preview: preview)
                return
            }
            var request = ActionRequest(action: kind, deviceId: target.id, operatorUPN: operatorUPN, typedName: confirm, acknowledged: yes)
            request.options = inputs(for: kind)
            request.justification = justification
            let sending = request
            let result = try taking { try blocking { try await ActionDoor(store: store, sender: nil).take(sending) } }
            try ActionResultText.print(result, action: kind, target: target, preview: preview, source: nil)
        }
    }

    /// On a connected tenant: the same rules and confirmations, then one Graph request.
    func runConnected(_ kind: DeviceAction, target: Device, store: TenantStore, source: GraphSource, operatorUPN: String,
                      preview: ActionAvailability) throws {
        // The operator's own sign-in: the service's audit names them and applies their role.
        let connection = OperatorSending(store: store, source: source, operatorUPN: operatorUPN)
        defer { connection.close() }
        let sender = connection.sender
        var request = ActionRequest(action: kind, deviceId: target.id, operatorUPN: operatorUPN, typedName: confirm, acknowledged: yes)
        request.options = inputs(for: kind)
        request.justification = justification
        let sending = request
        let result = try taking { try blocking { try await ActionDoor(store: store, sender: sender).take(sending) } }
        try ActionResultText.print(result, action: kind, target: target, preview: preview, source: source)
    }
}

extension RunCommand {
    /// The action's verdict for this operator now, for what is printed before it is taken.
    static func preview(_ kind: DeviceAction, on target: Device, store: TenantStore, operatorUPN: String) throws -> ActionAvailability {
        Rules.availability(of: kind, for: target, role: try store.role(of: operatorUPN), now: try store.now(),
                           openActions: try store.actions(deviceId: target.id).filter { $0.state.isOpen },
                           grant: try store.serviceGrant(operator: operatorUPN), usage: try store.usage(deviceId: target.id))
    }

    /// An input refused by the action path (a race with the checks above, or what only the
    /// connected path knows) is a usage error named by its flag, like the checks before it.
    func taking(_ body: () throws -> ActionResult) throws -> ActionResult {
        do { return try body() } catch ActionError.invalidInput(_, let problem) { throw Self.flagProblem(problem) }
    }
}

/// The one rendering of an action's result on the command line (and its exit code): taken
/// (exit 0), greyed or denied or refused by the service (exit 3), unknown (exit 1).
enum ActionResultText {
    static func print(_ result: ActionResult, action: DeviceAction, target: Device, preview: ActionAvailability, source: GraphSource?) throws {
        let viaService = result.path == .service
        switch result.outcome {
        case .refused(let verdict):
            Swift.print("\(verdict.title) is greyed out for \(target.name) (\(verdict.rule?.rawValue ?? "")): \(verdict.reason ?? "")")
            if let remedy = verdict.remedy { Swift.print("Remedy: \(remedy)") }
            Swift.print(viaService ? "Nothing was sent." : "Nothing was taken.")
            throw ExitCode(Failure.greyed)
        case .refusedByService(let status, let code, let message):
            Swift.print("The service refused \(action.title(on: target.platform)) on \(target.name): \(status) \(code): \(message)")
            throw ExitCode(Failure.greyed)
        case .unknown(let record, let reason, let requestId):
            Swift.print("\(record.action.title(on: record.platform)) on \(record.deviceName): unknown — check Device actions (\(reason); request-id \(requestId ?? "none")).")
            Swift.print("It was not resent: the next `mdmconsole sync` tells whether the service carried it out.")
            throw ExitCode(Failure.failed)
        case .awaitingApproval(let request):
            Swift.print("\(action.title(on: target.platform)) of \(target.name) is protected by an access policy: it is request \(request.id), waiting for another approver. Nothing was taken.")
            Swift.print("When it is approved, take it with `mdmconsole approvals complete \(request.id)` before \(DateText.short(request.expiresAt)); `approvals show \(request.id)` says where it is.")
        case .taken(let record, _, let code, let requestId):
            let title = record.action.title(on: record.platform)
            if let source {
                Swift.print("\(title) sent to \(record.deviceName) through \(source.graphURL): accepted (request-id \(requestId ?? "none")), action \(record.id).")
            } else {
                Swift.print("\(title) sent to \(record.deviceName): action \(record.id), state \(record.state.rawValue).")
            }
            if let code {
                Swift.print(viaService ? "Bypass code: \(code)  (read from the service now; never stored)"
                                       : "Bypass code: \(code)  (valid until \(DateText.short(BypassCode.expiry(issuedAt: record.issuedAt))))")
                Swift.print("Copy it before wiping: type it on the device's Activation Lock screen after the wipe (any case, dashes optional).")
            } else if viaService, action == .bypassActivationLock {
                Swift.print("The service did not return a bypass code: see `mdmconsole device \(target.id) --bypass-code` later.")
            }
            if !viaService, !record.detail.isEmpty { Swift.print(record.detail) }
            if let pin = record.visibleTemporaryPasscode(at: record.issuedAt), record.action == .remoteLock {
                // R29: the operator reads it to the Mac's user; `device` shows it again for 30 days.
                Swift.print("Unlock PIN: \(pin)  (the Mac asks for it; shown with the device until \(DateText.short(record.temporaryPasscodeExpiresAt ?? record.issuedAt)) or another action)")
            }
            for note in preview.notes where action != .bypassActivationLock { Swift.print("\(note.rule.rawValue): \(note.text)") }
        }
    }
}
