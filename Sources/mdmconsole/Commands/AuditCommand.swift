import ArgumentParser
import Foundation
import MDMCore

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "The audit log (R18): list it, or verify its hash chain.",
        subcommands: [AuditList.self, AuditVerify.self],
        defaultSubcommand: AuditList.self)
}

struct AuditList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The audit log, newest first (the default).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Actor UPN (or part of it).") var actor: String?
    @Option(help: "Activity (or part of it), e.g. wipe, \"retire ManagedDevice\".") var activity: String?
    @Option(help: "A device id, or part of a device name.") var device: String?
    @Option(help: ArgumentHelp("From this date (ISO 8601).", valueName: "date")) var since: String?
    @Option(help: ArgumentHelp("Up to this date (ISO 8601; a bare date includes the whole day).", valueName: "date")) var until: String?
    @Option(name: .customLong("ip"), help: ArgumentHelp("Only entries from this client address (\"\" for local ones).", valueName: "address"))
    var ipAddress: String?
    @Option(help: ArgumentHelp("Only entries run by this account on the host.", valueName: "name")) var login: String?
    @Flag(help: "Output JSON.") var json = false
    @Flag(help: "Output CSV (cells starting with = + - @ are written behind an apostrophe, so a spreadsheet never runs them).") var csv = false
    @Flag(help: "With --csv: keep every cell as it is.") var raw = false

    func run() throws {
        try reporting {
            if json && csv { throw Failure("--json and --csv: choose one", code: Failure.usage) }
            if raw && !csv { throw Failure("--raw goes with --csv", code: Failure.usage) }
            let store = try global.openStore()
            let from = try since.map { try parse($0, option: "--since") }
            let to = try until.map { try parse($0, option: "--until", endOfDay: true) }
            if let from, let to, from > to {
                throw Failure("--since \(DateText.iso(from)) is later than --until \(DateText.iso(to)): no entry could match", code: Failure.usage)
            }
            // An exact name names one device, as in `actions --device`; two of that name are refused.
            let deviceText: String? = try device.map { text in
                if case .device(let one) = try store.deviceFilter(text, seenBy: global.resolvedOperator) { return one.id }
                return text
            }
            var query = AuditQuery(actor: actor, activity: activity, device: deviceText, since: from, until: to,
                                   ipAddress: ipAddress, login: login)
            query.reader = try store.scopedReader(global.resolvedOperator)
            // Every format streams from one cursor: ten million entries in flat memory.
            let output = BufferedOutput()
            if json {
                return try output.writeJSONList(AuditJSONWriter.self) { emit in try store.forEachAuditEntry(query) { emit(AuditEntryWire($0)) } }
            }
            if csv {
                output.write(CSVText.line(["id", "activityDateTime", "activity", "activityResult", "actor", "actorType",
                                           "targetDeviceId", "targetDeviceName", "actionId", "modifiedProperties",
                                           "applicationDisplayName", "ipAddress", "login", "host", "keyFingerprint", "impersonatedBy"], raw: raw) + "\n")
                try store.forEachAuditEntry(query) { entry in
                    let changes = entry.changedProperties.map { "\($0.name): \($0.oldValue) -> \($0.newValue)" }.joined(separator: "; ")
                    output.write(CSVText.line([String(entry.id), DateText.iso(entry.time), entry.activity, entry.result.rawValue,
                                               entry.actor, entry.actorType.rawValue, entry.deviceId ?? "", entry.deviceName ?? "",
                                               entry.actionId ?? "", changes, entry.origin?.applicationDisplayName ?? "",
                                               entry.origin?.ipAddress ?? "", entry.origin?.login ?? "", entry.origin?.host ?? "",
                                               entry.origin?.keyFingerprint ?? "", entry.origin?.impersonatedBy ?? ""], raw: raw) + "\n")
                }
                return output.flush()
            }
            var table = StreamingTable([("Time", 16), ("Activity", 36), ("Result", 8), ("Initiated by", 30), ("Device", 40)])
            var listed = 0
            try store.forEachAuditEntry(query) { entry in
                table.add([DateText.short(entry.time), entry.activity, entry.result.rawValue, entry.actor, entry.deviceName ?? ""])
                listed += 1
            }
            table.finish()
            print("\(listed) entr\(listed == 1 ? "y" : "ies")")
        }
    }

    func parse(_ text: String, option: String, endOfDay: Bool = false) throws -> Date {
        guard let date = endOfDay ? DateParsing.upperBound(text) : DateParsing.iso(text) else {
            throw Failure("\(option): \"\(text)\" is not an ISO 8601 date (for example 2026-11-24 or 2026-11-24T09:00:00Z)", code: Failure.usage)
        }
        return date
    }
}

struct AuditVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the audit log's hash chain: exit 0 with the count checked, or 5 naming the first entry that does not match and how.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Output JSON.") var json = false

    func run() throws {
        try reporting {
            let store = try global.openStore()
            let started = Date()
            let result = try AuditVerifier.verify(store)
            let seconds = Date().timeIntervalSince(started)
            if json {
                struct Report: Codable {
                    let verified: Bool, entriesChecked: Int, headHash: String, seconds: Double
                    @ExplicitNull var problem: Problem?
                    struct Problem: Codable, Sendable, Equatable { let entryId: Int64, kind: String, detail: String }
                }
                try JSONOutput.print(Report(verified: result.problem == nil, entriesChecked: result.checked, headHash: result.headHash,
                                            seconds: (seconds * 1000).rounded() / 1000,
                                            problem: result.problem.map { .init(entryId: $0.entryId, kind: $0.kind.rawValue, detail: $0.detail) }))
            } else if let problem = result.problem {
                print("Audit log NOT intact: \(problem). The \(result.checked) entries before it are intact.")
            } else {
                print("Audit log intact: \(result.checked) entries checked in \(String(format: "%.2f", seconds)) s.")
                print("Head hash: \(result.headHash)  (record it elsewhere to detect a rewrite of the whole log later)")
            }
            if result.problem != nil { throw ExitCode(Failure.auditBroken) }
        }
    }
}
