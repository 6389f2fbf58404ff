import ArgumentParser
import Foundation
import MDMCore

struct ActionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "actions", abstract: "Device actions: every action taken, with its state (R20).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this device (id or exact name).") var device: String?
    @Option(help: "Only this state.") var state: ActionState?
    @Flag(help: "Output JSON.") var json = false

    func run() throws {
        try reporting {
            let stateFilter = state
            let store = try global.openStore()
            var records: [ActionRecord]
            do {
                let upn = global.resolvedOperator
                let deviceId = try device.map { try store.resolveDevice($0, seenBy: upn).id }
                records = try store.actions(deviceId: deviceId, state: stateFilter, seenBy: upn)
            } catch StoreError.removedDevice(let text, _, _, _) {
                // A removed device's history is still worth seeing.
                records = try store.actions(forDeviceIdOrName: text).filter { stateFilter == nil || $0.state == stateFilter }
            }
            let now = try store.now()
            let explanations = try store.noAuditEntryExplanations(for: records)
            if json {
                return try JSONOutput.print(records.map { ActionRecordWire($0, now: now, explanation: explanations[$0.id]) })
            }
            var table = TextTable([("Issued", 16), ("Action", 22), ("Device", 36), ("State", 12), ("Initiated by", 30), ("Detail", 80)])
            for record in records {
                var detail = record.detail
                if let why = explanations[record.id] { detail = "R19: " + why }
                if let code = record.visibleTemporaryPasscode(at: now) { detail += " Temporary passcode: \(code)." }
                table.add([DateText.short(record.issuedAt), record.action.title(on: record.platform), record.deviceName,
                           record.state.rawValue, record.initiatedBy, detail])
            }
            print(table.render())
            print("\(records.count) action\(records.count == 1 ? "" : "s")")
        }
    }
}
