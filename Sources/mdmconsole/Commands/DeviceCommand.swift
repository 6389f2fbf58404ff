import ArgumentParser
import Foundation
import GraphClient
import MDMCore

struct DeviceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "device",
        abstract: "One device: properties, hardware overview, its actions, and what can be taken.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A device id or exact name.") var device: String
    @Flag(help: "Output JSON.") var json = false
    @Flag(help: "Print only the Activation Lock bypass code (R3); on a connected tenant it is read from the service now, never stored.")
    var bypassCode = false

    func run() throws {
        try reporting {
            let store = try global.openStore()
            let found = try store.resolveDevice(device, seenBy: global.resolvedOperator)
            if bypassCode { return try printBypassCode(found, store: store) }
            guard let overview = try store.overview(deviceId: found.id, operatorUPN: global.resolvedOperator) else {
                throw Failure("device \(device) disappeared while reading it", code: Failure.failed)
            }
            // A code shown is a code read: audited like `--bypass-code`.
            if let code = overview.bypassCode, code != MirrorPage.codeHeldByService {
                try store.recordBypassCodeRead(deviceId: found.id, by: global.resolvedOperator, through: "command line")
            }
            if json { return try JSONOutput.print(DeviceOverviewWire(overview)) }
            print(DeviceReport.text(overview))
        }
    }
}

extension DeviceCommand {
    /// The code, or exit 1 saying why there is none. Only a role that may take Bypass
    /// Activation Lock reads one, and every read is audited (`BypassCodeReads`).
    func printBypassCode(_ found: Device, store: TenantStore) throws {
        let upn = global.resolvedOperator
        if let source = try store.source(), BypassCodeReads.mayRead(try store.role(of: upn)) {
            // The mirror holds no code: the service gives it now, and the read is audited here.
            guard BypassCode.ineligibility(found) == nil else {
                throw Failure("\(found.name): \(BypassCode.ineligibility(found)!.reason)", code: Failure.failed)
            }
            let http = GraphHTTP()
            defer { _ = try? blocking { await http.shutdown() } }
            // Read with the operator's own sign-in: the service's audit names who read the code.
            let sender = GraphActionSender(connection: GraphConnection(source: source, http: http, owner: .operator(upn), budget: GraphBudget(store: store)))
            let id = found.id
            guard let code = try blocking({ await sender.bypassCode(deviceId: id) }) else {
                throw Failure("\(found.name): the service returned no bypass code (expired and cleared, or not readable by this sign-in)", code: Failure.failed)
            }
            try store.recordBypassCodeRead(deviceId: found.id, by: upn, through: "command line, from the service")
            print(code)
            return
        }
        switch try store.readBypassCode(deviceId: found.id, by: upn, through: "command line") {
        case .code(let code):
            print(code)
        case .noCode:
            throw Failure("\(found.name): \(BypassCode.absenceReason(found, at: try store.now()) ?? "no code")", code: Failure.failed)
        case .refused(let role):
            throw Failure("\(found.name): \(BypassCodeReads.refusal(role)) (refusal audited)", code: Failure.greyed)
        }
    }
}

/// The device overview as text: what the console's overview shows, for a terminal or a log.
enum DeviceReport {
    static func text(_ overview: DeviceOverview) -> String {
        let device = overview.device
        var lines: [String] = []
        func row(_ label: String, _ value: String) { lines.append("  " + label.padding(toLength: 26, withPad: " ", startingAt: 0) + value) }
        lines.append(device.name)
        row("Id", device.id)
        row("Managed by", device.managedByDescription)
        row("Management state", device.managementState.rawValue)
        row("Ownership", device.ownership.displayName)
        row("Compliance", device.complianceState.displayName)
        row("OS", "\(device.platform.displayName) \(device.osVersion)")
        row("Primary user", device.primaryUserUPN.isEmpty ? "(none)" : "\(device.primaryUserDisplayName) <\(device.primaryUserUPN)>")
        row("Enrolled", DateText.short(device.enrolledAt))
        row("Last check-in", DateText.short(device.lastCheckInAt) + (device.isKnownOffline ? "  (offline)" : device.presenceKnown ? "" : "  (the service does not say whether it is reachable)"))
        lines.append("Hardware")
        row("Model", "\(device.manufacturer) \(device.model)")
        row("Serial number", device.serialNumber)
        if !device.imei.isEmpty { row("IMEI", device.imei) }
        row("Supervised", device.isSupervised ? "Yes" : "No")
        row("Encrypted", device.isEncrypted ? "Yes" : "No")
        if let code = overview.bypassCode, code == MirrorPage.codeHeldByService {
            row("Activation Lock bypass", "held by the service: `mdmconsole device \(device.id) --bypass-code` reads it")
        } else if let code = overview.bypassCode, let until = overview.bypassCodeExpiresAt {
            row("Activation Lock bypass", "\(code)  (valid until \(DateText.short(until)))")
        } else if overview.hasActivationLockLine {
            row("Activation Lock bypass", "not shown: \(overview.bypassCodeAbsence ?? "no code")")
        }
        row("MDM certificate", (overview.certificateExpired ? "expired " : "expires ") + DateText.short(device.certificateExpiresAt))
        if overview.certificateExpired { row("Removed by the service", DateText.short(overview.cleanupDate) + "  (R15)") }
        let managed = device.apps.filter(\.isManaged).map(\.name), own = device.apps.filter { !$0.isManaged }.map(\.name)
        row("Managed apps", managed.isEmpty ? "(none)" : managed.joined(separator: ", "))
        row("User's own apps", own.isEmpty ? "(none)" : own.joined(separator: ", "))
        if let passcode = overview.temporaryPasscode {
            row("Temporary passcode", "\(passcode.code)  (shown until \(DateText.short(passcode.until)), R23)")
        }
        for finding in overview.remoteTaskFindings { row(finding.label, "\(finding.value)  (\(finding.rule.rawValue))") }
        if let long = overview.wipePendingLong { lines.append("  ! \(long) (R16)") }
        lines.append("Device actions")
        if overview.actions.isEmpty { lines.append("  (none)") }
        for record in overview.actions {
            lines.append("  \(DateText.short(record.issuedAt))  \(record.action.title(on: record.platform).padding(toLength: 22, withPad: " ", startingAt: 0)) \(record.state.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) by \(record.initiatorText)")
            if !record.detail.isEmpty { lines.append("      \(record.detail)") }
            if let why = overview.explanation(for: record) { lines.append("      \(why) (R19)") }
        }
        lines.append("… More")
        for entry in overview.availability {
            if entry.enabled {
                lines.append("  [x] \(entry.title)" + (entry.predictedOutcome.map { "  (expected to end \($0.rawValue))" } ?? ""))
            } else {
                lines.append("  [ ] \(entry.title)  greyed (\(entry.rule?.rawValue ?? "")): \(entry.reason ?? "")")
                if let remedy = entry.remedy { lines.append("      Remedy: \(remedy)") }
            }
        }
        return lines.joined(separator: "\n")
    }
}
