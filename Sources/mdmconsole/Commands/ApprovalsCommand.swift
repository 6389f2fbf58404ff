import ArgumentParser
import Foundation
import MDMCore

/// `approvals`: Multi Admin Approval from the command line (docs/trust.md "Approvals"): the
/// requests one may see, approving, rejecting, completing and cancelling them, and the access
/// policies that make wipe, retire and delete wait for a second operator.
struct ApprovalsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approvals",
        abstract: "Multi Admin Approval: requests for protected actions (wipe, retire, delete) and the access policies that make them.",
        discussion: """
            A protected action asked with `run ACTION DEVICE --justification TEXT` becomes a request; another approver \
            of its access policy approves or rejects it with a note; its requester completes it (the rules are checked \
            again then) or cancels it. A request expires 3 days after it was made. Nobody approves their own request.
            """,
        subcommands: [List.self, Show.self, Approve.self, Reject.self, Complete.self, Cancel.self, Policy.self],
        defaultSubcommand: List.self)

    enum Which: String, ExpressibleByArgument, CaseIterable {
        case all, mine, toApprove = "to-approve", open
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "The requests you may see, newest first (the default).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Which: all, mine (asked by you), to-approve (waiting for your approval), open (not yet decided or completed).") var show: Which = .all
        @Flag(help: "Output JSON (Graph's operationApprovalRequest).") var json = false
        func run() throws {
            try reporting {
                let store = try global.openStore()
                let me = global.resolvedOperator
                let service = ApprovalService(store: store)
                let now = try store.now()
                let requests: [ApprovalRequest] = switch show {
                case .toApprove: try service.awaitingApproval(by: me)
                case .mine: try service.requests(seenBy: me).filter { $0.requestor == me }
                case .open: try service.requests(seenBy: me).filter { $0.status(at: now).isOpen }
                case .all: try service.requests(seenBy: me)
                }
                if json { return try JSONOutput.print(requests.map { GraphOperationApprovalRequest($0, now: now) }) }
                if requests.isEmpty { return print(show == .toApprove ? "No request waits for your approval." : "No approval request.") }
                var table = TextTable([("Id", 36), ("Status", 14), ("Request", 44), ("Requested by", 28), ("Asked", 17), ("Expires", 17)])
                for request in requests {
                    table.add([request.id, request.status(at: now).title, TerminalText.visible(request.summary), request.requestor,
                               DateText.short(request.requestedAt), DateText.short(request.expiresAt)])
                }
                print(table.render())
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "One request: what it asks, why, who decided and what is next.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The request's id.") var id: String
        @Flag(help: "Output JSON (Graph's operationApprovalRequest).") var json = false
        func run() throws {
            try reporting {
                let store = try global.openStore()
                let request = try ApprovalService(store: store).request(id, seenBy: global.resolvedOperator)
                let now = try store.now()
                if json { return try JSONOutput.print(GraphOperationApprovalRequest(request, now: now)) }
                ApprovalText.describe(request, now: now, viewer: global.resolvedOperator)
            }
        }
    }

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "approve", abstract: "Approve another operator's request (an approver of its policy holding Approval for Multi Admin Approval).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The request's id.") var id: String
        @Option(help: ArgumentHelp("Your note, which the requester reads (required).", valueName: "text")) var note: String
        func run() throws {
            try reporting {
                let request = try ApprovalService(store: try global.openStore()).approve(id, note: note, by: global.resolvedOperator)
                print("Approved: \(TerminalText.visible(request.summary)), asked by \(request.requestor). It runs when they complete it (`mdmconsole approvals complete \(request.id)`), before \(DateText.short(request.expiresAt)).")
            }
        }
    }

    struct Reject: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reject", abstract: "Reject another operator's request, saying why.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The request's id.") var id: String
        @Option(help: ArgumentHelp("Why, for the requester (required).", valueName: "text")) var note: String
        func run() throws {
            try reporting {
                let request = try ApprovalService(store: try global.openStore()).reject(id, note: note, by: global.resolvedOperator)
                print("Rejected: \(TerminalText.visible(request.summary)), asked by \(request.requestor). Nothing will be taken.")
            }
        }
    }

    struct Complete: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "complete", abstract: "Your approved request: take it now (the rules are checked again).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The request's id.") var id: String
        @Flag(help: "A bulk request: one JSON object per device and a summary.") var json = false
        func run() throws {
            try reporting {
                let store = try global.openStore()
                let me = global.resolvedOperator
                let service = ApprovalService(store: store)
                let request = try service.request(id, seenBy: me)
                guard request.requestor == me else { throw ApprovalError.notRequestor(id: id, requestor: request.requestor) }
                switch request.subject {
                case .createPolicy, .deletePolicy:
                    _ = try service.completePolicyChange(id, by: me)
                    print("Completed: \(TerminalText.visible(request.summary)).")
                case .deviceAction(let action, let ids, _, let options) where ids.count > 1:
                    let bulk = BulkRun(action: action, selection: .ids(ids), operatorUPN: me, store: store, json: json)
                    try bulk.run(confirmCount: nil, options: options, approvalRequestId: id)
                case .deviceAction(let action, let ids, _, _):
                    let sending = try service.actionRequest(for: request, by: me)
                    let target = try store.resolveDevice(ids[0], seenBy: me)
                    let preview = try RunCommand.preview(action, on: target, store: store, operatorUPN: me)
                    // A connected tenant's request is the service's: the same action is resent with its code.
                    let source = try store.source()
                    let connection = OperatorSending(store: store, source: source, operatorUPN: me)
                    defer { connection.close() }
                    let sender = connection.sender
                    let result = try blocking { try await ActionDoor(store: store, sender: sender).take(sending) }
                    try ActionResultText.print(result, action: action, target: target, preview: preview, source: source)
                }
            }
        }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Withdraw your request before it is completed.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The request's id.") var id: String
        func run() throws {
            try reporting {
                let request = try ApprovalService(store: try global.openStore()).cancel(id, by: global.resolvedOperator)
                print("Cancelled: \(TerminalText.visible(request.summary)).")
            }
        }
    }
}

/// How a request reads in `approvals show` and after `run … --justification`.
enum ApprovalText {
    static func describe(_ request: ApprovalRequest, now: Date, viewer: String) {
        let status = request.status(at: now)
        print("\(TerminalText.visible(request.summary))  [\(status.title)]")
        print("  Request:        \(request.id)")
        print("  Requested by:   \(request.requestor), \(DateText.short(request.requestedAt))")
        print("  Justification:  \(TerminalText.visible(request.justification))")
        if case .deviceAction(let action, let ids, let names, let options) = request.subject {
            for (id, name) in zip(ids, names).prefix(20) { print("  Device:         \(TerminalText.visible(name))  \(id)") }
            if ids.count > 20 { print("  … and \(ids.count - 20) more devices (--json lists none of them: see `bulk show` after completion)") }
            // Inputs as the audit log records them: a secret (a Mac's unlock code) as "(set)".
            let shown = Platform.allCases.reduce(options) { kept, platform in ActionInputRules.recorded(kept, action: action, platform: platform) }
            for (key, value) in shown.sorted(by: { $0.key < $1.key }) { print("  Input:          \(key) = \(TerminalText.visible(value))") }
        }
        if case .createPolicy(let policy) = request.subject {
            print("  Protects:       \(policy.protectedActions.map(\.rawValue).joined(separator: ", "))")
            print("  Approvers:      \(policy.approvers.joined(separator: ", "))")
        }
        if let approver = request.approver {
            print("  \(status == .rejected ? "Rejected" : "Approved") by:    \(approver), \(DateText.short(request.lastModifiedAt))")
            if let note = request.approverNote { print("  Approver notes: \(TerminalText.visible(note))") }
        }
        print("  Expires:        \(DateText.short(request.expiresAt))")
        switch status {
        case .needsApproval:
            print(request.requestor == viewer ? "Next: another approver approves or rejects it; you may cancel it (`approvals cancel \(request.id)`)."
                                              : "Next: an approver of its policy approves or rejects it (`approvals approve|reject \(request.id) --note TEXT`).")
        case .approved:
            print(request.requestor == viewer ? "Next: complete it to take it (`approvals complete \(request.id)`)." : "Next: \(request.requestor) completes it.")
        case .rejected, .cancelled, .completed, .expired: break
        }
    }
}
