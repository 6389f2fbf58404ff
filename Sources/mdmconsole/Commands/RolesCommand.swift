import ArgumentParser
import Foundation
import MDMCore

struct RolesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roles",
        abstract: "Who may do what: list roles, grant or revoke them (administrators only; audited).",
        subcommands: [List.self, Grant.self, Revoke.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Operators and their roles (the default). Anyone else is read only.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Output JSON.") var json = false
        func run() throws {
            try reporting {
                let operators = try global.openStore().operators()
                if json {
                    struct Entry: Encodable { let userPrincipalName: String, role: String, login: String? }
                    return try JSONOutput.print(operators.map { Entry(userPrincipalName: $0.upn, role: $0.role.rawValue, login: $0.login) })
                }
                var table = TextTable([("Operator", 40), ("Role", 20), ("Login", 20)])
                for person in operators { table.add([person.upn, person.role.displayName, person.login ?? ""]) }
                print(table.render())
                print("Anyone not listed is Read only operator.")
            }
        }
    }

    struct Grant: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "grant", abstract: "Give UPN a role: administrator, helpdesk or readonly.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The operator's user principal name.") var upn: String
        @Argument(help: "The role.") var role: Role
        @Option(help: ArgumentHelp("The account on this host that is this operator from now on (no --as needed).", valueName: "name"))
        var login: String?
        func run() throws {
            try reporting {
                let parsed = role
                try RoleService(store: try global.openStore()).grant(parsed, to: upn, login: login, by: global.resolvedOperator)
                print("\(upn) is now \(parsed.displayName)" + (login.map { ", and the login \($0) is \(upn)." } ?? "."))
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Take UPN's role away: they become read only.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The operator's user principal name.") var upn: String
        func run() throws {
            try reporting {
                try RoleService(store: try global.openStore()).revoke(upn, by: global.resolvedOperator)
                print("\(upn) has no role any more: read only.")
            }
        }
    }
}
