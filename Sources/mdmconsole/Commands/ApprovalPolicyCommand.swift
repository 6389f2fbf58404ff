import ArgumentParser
import Foundation
import MDMCore

extension ApprovalsCommand {
    /// `approvals policy`: the access policies. Defining or deleting one is itself a request
    /// another holder of Approval for Multi Admin Approval approves, as in the service.
    struct Policy: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "policy",
            abstract: "Access policies: which actions wait for a second operator's approval, and who approves.",
            subcommands: [List.self, Define.self, Delete.self],
            defaultSubcommand: List.self)

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "The access policies in force (the default).")
            @OptionGroup var global: GlobalOptions
            @Flag(help: "Output JSON (Graph's operationApprovalPolicy, one per protected action).") var json = false
            func run() throws {
                try reporting {
                    let policies = try ApprovalService(store: try global.openStore()).policies()
                    if json { return try JSONOutput.print(policies.flatMap(GraphOperationApprovalPolicy.policies)) }
                    if policies.isEmpty { return print("No access policy: wipe, retire and delete are taken at once. Ask for one with `mdmconsole approvals policy define`.") }
                    var table = TextTable([("Access policy", 28), ("Protects", 22), ("Approvers", 60), ("Description", 40)])
                    for policy in policies {
                        table.add([policy.displayName, policy.protectedActions.map(\.rawValue).joined(separator: ", "),
                                   policy.approvers.joined(separator: ", "), policy.description])
                    }
                    print(table.render())
                }
            }
        }

        struct Define: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "define",
                abstract: "Ask for a new access policy (Multi Admin Approval/Create access policy); it applies once approved and completed.")
            @OptionGroup var global: GlobalOptions
            @Argument(help: "Its name.") var name: String
            @Option(parsing: .upToNextOption, help: ArgumentHelp("The actions it protects: wipe, retire, delete (all three unless told).", valueName: "action"))
            var protect: [String] = []
            @Option(parsing: .upToNextOption, help: ArgumentHelp("The operators who approve (the approver group).", valueName: "upn")) var approver: [String]
            @Option(help: "What it is for.") var description = ""
            @Option(help: ArgumentHelp("Why it is needed, for its approver (required).", valueName: "text")) var justification: String
            func run() throws {
                try reporting {
                    let actions = try protect.isEmpty ? AccessPolicy.protectable : protect.flatMap { $0.split(separator: ",") }.map { text in
                        guard let action = DeviceAction(commandName: String(text)) else {
                            throw Failure("--protect: unknown action \"\(text)\" (an access policy protects \(AccessPolicy.protectable.map(\.rawValue).joined(separator: ", ")))", code: Failure.usage)
                        }
                        return action
                    }
                    let request = try ApprovalService(store: try global.openStore()).requestPolicy(
                        name: name, description: description, protecting: actions, approvers: approver, justification: justification, by: global.resolvedOperator)
                    print("Asked: \(TerminalText.visible(request.summary)) is request \(request.id). Another holder of Approval for Multi Admin Approval approves it (`approvals approve \(request.id) --note TEXT`); then you complete it (`approvals complete \(request.id)`).")
                }
            }
        }

        struct Delete: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "delete",
                abstract: "Ask to delete an access policy (Multi Admin Approval/Delete access policy); it protects until approved and completed.")
            @OptionGroup var global: GlobalOptions
            @Argument(help: "The policy's name or id.") var policy: String
            @Option(help: ArgumentHelp("Why, for its approver (required).", valueName: "text")) var justification: String
            func run() throws {
                try reporting {
                    let request = try ApprovalService(store: try global.openStore()).requestPolicyDeletion(policy, justification: justification, by: global.resolvedOperator)
                    print("Asked: \(TerminalText.visible(request.summary)) is request \(request.id); it waits for another approver, then your `approvals complete \(request.id)`.")
                }
            }
        }
    }
}
