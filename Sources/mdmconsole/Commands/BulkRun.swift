import ArgumentParser
import Dispatch
import Foundation
import GraphClient
import MDMCore

/// `run ACTION --search … | --platform … | --ids-from FILE | --all`: one action on many
/// devices, previewed (`--dry-run`), confirmed by count for the destructive ones, each
/// device its own transaction. Ctrl-C stops after the device in progress.
struct BulkRun {
    let action: DeviceAction
    let selection: BulkSelection
    let operatorUPN: String
    let store: TenantStore
    let json: Bool

    /// One device's line, as `--json` prints it (one JSON object per line).
    struct Line: Encodable {
        let id: String, deviceName: String, result: String
        let rule: String?, reason: String
        /// A bulk rename's name for this device (left out for the other actions).
        var newName: String? = nil
    }

    /// An ids file holds at most bulk.max's largest cap of 36-character ids, with room.
    static let longestIdsFile = 64 * 1024 * 1024
    static let longestId = 256

    static func selection(search: String?, platform: Platform?, idsFrom: String?, all: Bool, store: TenantStore, operatorUPN: String) throws -> BulkSelection? {
        let chosen = [search != nil || platform != nil, idsFrom != nil, all].filter { $0 }.count
        guard chosen > 0 else { return nil }
        guard chosen == 1 else { throw Failure("choose one selection: --search/--platform, --ids-from or --all", code: Failure.usage) }
        if let idsFrom { return .ids(try ids(from: idsFrom, store: store, operatorUPN: operatorUPN)) }
        if all { return .all }
        return .matching(DeviceQuery(search: search ?? "", platform: platform), except: [])
    }

    /// The ids of an `--ids-from` file, each once and each a device of the store: an unknown
    /// or repeated id is an error naming its line (a bulk action on a list that is not what
    /// the operator thinks it is must not go ahead on the rest). Only a regular file of a
    /// bounded size is read (a FIFO would block, /dev/zero never end).
    static func ids(from path: String, store: TenantStore, operatorUPN: String) throws -> [String] {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw Failure("--ids-from \(path): \(String(cString: strerror(errno)))", code: Failure.usage)
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw Failure("--ids-from \(path): not a regular file (a pipe or a device cannot be read as a list of ids)", code: Failure.usage)
        }
        guard status.st_size <= longestIdsFile else {
            throw Failure("--ids-from \(path): \(status.st_size / 1024 / 1024) MiB; a list of ids is at most \(longestIdsFile / 1024 / 1024) MiB", code: Failure.usage)
        }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw Failure("--ids-from \(path): cannot read it as UTF-8 text (\(error.localizedDescription))", code: Failure.usage)
        }
        var ids: [String] = []
        var lineOf: [String: Int] = [:]
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard line.utf8.count <= longestId else {
                throw Failure("--ids-from \(path), line \(number + 1): \(line.utf8.count) bytes; an id is at most \(longestId)", code: Failure.usage)
            }
            let id = line.trimmingCharacters(in: .whitespaces)
            if id.isEmpty || id.hasPrefix("#") { continue }
            if let problem = InputText.identityProblem(in: id) {
                throw Failure("--ids-from \(path), line \(number + 1): the id \(problem)", code: Failure.usage)
            }
            if let first = lineOf[id] {
                throw Failure("--ids-from \(path), line \(number + 1): the id \(id) is already on line \(first); nothing was done", code: Failure.usage)
            }
            lineOf[id] = number + 1
            ids.append(id)
        }
        guard !ids.isEmpty else { throw Failure("--ids-from \(path): no device id in it (one per line)", code: Failure.usage) }
        let unknown = try store.unknownDeviceIds(ids, seenBy: operatorUPN)
        if let first = unknown.first {
            let more = unknown.count > 1 ? " and \(unknown.count - 1) more" : ""
            throw Failure("--ids-from \(path), line \(lineOf[first]!): no device \(first) in this tenant\(more); nothing was done", code: Failure.usage)
        }
        return ids
    }

    /// `input`: the run's inputs; a rename's template is previewed as each device's name.
    func dryRun(input: [String: String] = [:]) throws {
        guard action.isBulkAction else { throw Failure(BulkError.notBulk(action: action).description, code: Failure.greyed) }
        if action == .rename, let problem = BulkInput.templateProblem(input["deviceName"] ?? "") {
            throw Failure("--name: \(problem)", code: Failure.usage)
        }
        let preview = try BulkPreview.compute(store, action: action, selection: selection, operatorUPN: operatorUPN, input: input)
        if json {
            // Every device with what it would do, then the counts: streamed, never all in memory.
            let output = BufferedOutput()
            try BulkPreview.forEachVerdict(store, action: action, selection: selection, operatorUPN: operatorUPN, input: input) { device, verdict in
                output.json(Line(id: device.id, deviceName: device.name, result: verdict.enabled ? "takeable" : verdict.rule == .role ? "denied" : "greyed",
                                 rule: verdict.rule?.rawValue, reason: verdict.reason ?? "",
                                 newName: action == .rename ? BulkInput.resolved(input, action: action, device: device)["deviceName"] : nil))
            }
            output.json(["summary": PreviewSummary(preview)])
            output.flush()
            return
        }
        print("\(action.rawValue): \(preview.takeable) of \(preview.total) devices would take it.")
        for group in preview.groups {
            print("  \(group.rule.rawValue): \(group.count) greyed — \(group.reason)")
            for member in group.devices.prefix(5) { print("      \(member.name)  \(member.id)") }
            if group.count > 5 { print("      … and \(group.count - 5) more (--json lists every device)") }
        }
        if action == .rename {
            // R33: every resulting name, so a template's clashes and invalid names are seen before.
            print("The names it would give:")
            try BulkPreview.forEachVerdict(store, action: action, selection: selection, operatorUPN: operatorUPN, input: input) { device, verdict in
                let name = BulkInput.resolved(input, action: action, device: device)["deviceName"] ?? ""
                print("  \(TerminalText.visible(device.name)) → \(TerminalText.visible(name))" + (verdict.enabled ? "" : "  (greyed, \(verdict.rule?.rawValue ?? ""))"))
            }
        }
        if BulkRunner.needsCount(action), preview.takeable > 0 {
            print("To take it: add --confirm-count \(preview.takeable)")
        }
    }

    /// A run that did not start: a count typed wrong is a usage error (exit 2), the rest refusals (exit 3).
    static func failure(_ error: BulkError) -> Failure {
        switch error {
        case .countNeeded, .countMismatch: Failure(error.description, code: Failure.usage)
        default: Failure(error.description, code: Failure.greyed)
        }
    }

    /// A protected action on many devices: one request listing every device that can take it
    /// now (their count confirmed as for a run); nothing is taken until it is approved and completed.
    func ask(confirmCount: Int?, options: [String: String], justification: String) throws {
        let runner = BulkRunner(store: store)
        let preview: BulkPreview
        do {
            preview = try runner.check(action, selection: selection, operatorUPN: operatorUPN, confirmCount: confirmCount, input: options)
        } catch let error as BulkError {
            throw Self.failure(error)
        }
        var ids: [String] = []
        try BulkPreview.forEachVerdict(store, action: action, selection: selection, operatorUPN: operatorUPN, input: options) { device, verdict in
            if verdict.enabled { ids.append(device.id) }
        }
        let request = try ApprovalService(store: store).requestBulk(action, deviceIds: ids, options: options, justification: justification, by: operatorUPN)
        print("\(action.rawValue) of \(ids.count) devices (\(preview.greyed) greyed left out) is protected by an access policy: it is request \(request.id), waiting for another approver. Nothing was taken.")
        print("When it is approved: mdmconsole approvals complete \(request.id)")
    }

    func run(confirmCount: Int?, options: [String: String], approvalRequestId: String? = nil) throws {
        let stop = StopFlag()
        let signals = stop.catchInterrupt()
        defer { signals.cancel(); signal(SIGINT, SIG_DFL) }
        let bar = ProgressBar()
        let output = BufferedOutput()
        let summary: BulkSummary
        // A connected tenant: each device's action goes to the service with the operator's own
        // sign-in, paced by the store's Graph budget.
        let sending = OperatorSending(store: store, source: try store.source(), operatorUPN: operatorUPN)
        defer { sending.close() }
        do {
            summary = try BulkRunner(store: store, sender: sending.sender).run(action, selection: selection, operatorUPN: operatorUPN, confirmCount: confirmCount,
                                                       options: options, approvalRequestId: approvalRequestId, shouldStop: { stop.isSet }) { progress in
                bar.show(action.rawValue, Double(progress.done) / Double(max(1, progress.total)),
                         detail: "\(progress.taken) taken, \(progress.skipped) skipped, \(progress.failed) failed · \(progress.current)")
            }
        } catch let error as BulkError {
            bar.finish()
            throw Self.failure(error)
        }
        bar.finish()
        let lines = try BulkRuns(store: store).results(summary.bulkId)
        if json {
            for line in lines { output.json(Line(id: line.deviceId, deviceName: line.deviceName, result: line.result.rawValue, rule: line.rule, reason: line.reason)) }
            output.json(["summary": RunSummary(summary)])
            output.flush()
        } else {
            print("\(action.rawValue), bulk run \(summary.bulkId): \(summary.taken) taken, \(summary.greyed) greyed, \(summary.denied) denied, \(summary.failed) failed"
                  + (summary.stopped ? "; stopped: \(summary.notReached) not reached" : "") + ".")
            for line in lines where line.result != .taken {
                print("  \(line.result.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)) \(line.deviceName)  \(line.rule.map { "(\($0)) " } ?? "")\(line.reason)")
            }
            print("Results: mdmconsole bulk show \(summary.bulkId)")
        }
        if summary.failed > 0 || summary.stopped { throw ExitCode(Failure.failed) }
        if summary.greyed + summary.denied > 0 { throw ExitCode(Failure.greyed) }
    }

    struct PreviewSummary: Encodable {
        struct Group: Encodable { let rule: String, reason: String, count: Int }
        let action: String, total: Int, takeable: Int, greyed: Int
        let groups: [Group]
        init(_ preview: BulkPreview) {
            action = preview.action.rawValue
            total = preview.total
            takeable = preview.takeable
            greyed = preview.greyed
            groups = preview.groups.map { Group(rule: $0.rule.rawValue, reason: $0.reason, count: $0.count) }
        }
    }

    struct RunSummary: Encodable {
        let bulkDeviceActionId: String, deviceActionCategory = "bulk", action: String
        let total: Int, taken: Int, greyed: Int, denied: Int, failed: Int, notReached: Int, stopped: Bool
        init(_ summary: BulkSummary) {
            bulkDeviceActionId = summary.bulkId
            action = summary.action.rawValue
            total = summary.total
            taken = summary.taken
            greyed = summary.greyed
            denied = summary.denied
            failed = summary.failed
            notReached = summary.notReached
            stopped = summary.stopped
        }
    }
}

/// Ctrl-C during a bulk run: asked between devices, so the one in progress finishes.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var set = false
    var isSet: Bool { lock.withLock { set } }

    func catchInterrupt() -> DispatchSourceSignal {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [self] in
            lock.withLock { set = true }
            FileHandle.standardError.write(Data("\nstopping after the device in progress…\n".utf8))
        }
        source.resume()
        return source
    }
}
