import ArgumentParser
import Foundation
import MDMCore

struct RolesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roles",
        abstract: "Who may do what: roles as sets of permissions, custom roles, who holds which (changes need Roles/…; audited).",
        subcommands: [Operators.self, List.self, Show.self, Permissions.self, Define.self, Change.self, Delete.self, Grant.self, Revoke.self],
        defaultSubcommand: Operators.self)

    struct Operators: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "operators", abstract: "Operators and their roles (the default). Anyone else is Read Only Operator.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Output JSON.") var json = false
        func run() throws {
            try reporting {
                let store = try global.openStore()
                let operators = try store.operators()
                let roles = Dictionary(try store.roles().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
                func name(_ person: Operator) -> String { roles[person.roleId]?.displayName ?? Role.builtIn(id: person.roleId)?.displayName ?? "Read Only Operator" }
                let tags = Dictionary(try ScopeTagService(store: store).tags().map { ($0.id, $0.displayName) }, uniquingKeysWith: { first, _ in first })
                func scope(_ person: Operator) -> String { person.scopeTagIds.map { $0.map { tags[$0] ?? $0 }.joined(separator: ", ") } ?? "every device" }
                if json {
                    // roleScopeTagIds as the service's role assignments name them; absent: every device.
                    struct Entry: Encodable { let userPrincipalName: String, role: String, roleName: String, login: String?, roleScopeTagIds: [String]? }
                    return try JSONOutput.print(operators.map { Entry(userPrincipalName: $0.upn, role: $0.roleId, roleName: name($0), login: $0.login, roleScopeTagIds: $0.scopeTagIds) })
                }
                var table = TextTable([("Operator", 40), ("Role", 28), ("Scope tags", 24), ("Login", 20)])
                for person in operators { table.add([person.upn, name(person), scope(person), person.login ?? ""]) }
                print(table.render())
                print("Anyone not listed is Read Only Operator.")
            }
        }
    }

    struct Grant: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "grant", abstract: "Give UPN a role (Roles/Assign): a built-in one (administrator, helpdesk, readonly, school-administrator, security-manager, role-administrator) or a custom role's name.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The operator's user principal name.") var upn: String
        @Argument(help: "The role's name.") var role: String
        @Option(help: ArgumentHelp("The account on this host that is this operator from now on (no --as needed).", valueName: "name"))
        var login: String?
        @Option(name: .customLong("scope-tag"), help: ArgumentHelp("Limit the assignment to the devices holding this scope tag (a name or id; repeat for several). Without it, the scope stays as it was; a new operator sees every device.", valueName: "tag"))
        var scopeTags: [String] = []
        @Flag(help: "The assignment reaches every device (no scope tags).") var everyDevice = false
        func run() throws {
            try reporting {
                if everyDevice && !scopeTags.isEmpty { throw Failure("--scope-tag and --every-device: choose one", code: Failure.usage) }
                let store = try global.openStore()
                let parsed = try store.existingRole(named: role)
                let scope: ScopeChange = everyDevice ? .everyDevice : scopeTags.isEmpty ? .unchanged : .tags(try ScopeTagService(store: store).ids(named: scopeTags))
                try RoleService(store: store).grant(parsed, to: upn, login: login, scope: scope, by: global.resolvedOperator)
                let reach = try store.operators().first { $0.upn.caseInsensitiveCompare(upn) == .orderedSame }?.scopeTagIds.map { ids in
                    let names = Dictionary(try ScopeTagService(store: store).tags().map { ($0.id, $0.displayName) }, uniquingKeysWith: { first, _ in first })
                    return " for the devices tagged " + ids.map { names[$0] ?? $0 }.joined(separator: ", ")
                } ?? ""
                print("\(upn) is now \(parsed.displayName)\(reach)" + (login.map { ", and the login \($0) is \(upn)." } ?? "."))
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
                print("\(upn) has no role any more: Read Only Operator.")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Every role, built-in and custom: how many permissions each holds and who holds it.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Output JSON.") var json = false
        func run() throws {
            try reporting {
                let store = try global.openStore()
                let operators = try store.operators()
                let roles = try store.roles()
                func holders(_ role: Role) -> [String] { operators.filter { $0.roleId == role.id }.map(\.upn) }
                if json { return try JSONOutput.print(roles.map { RoleEntry($0, operators: holders($0)) }) }
                var table = TextTable([("Role", 32), ("Kind", 8), ("Permissions", 11), ("Operators", 40)])
                for role in roles {
                    table.add([role.displayName, role.isBuiltIn ? "built-in" : "custom", "\(role.permissions.count)", holders(role).joined(separator: ", ")])
                }
                print(table.render())
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "One role: what it is for, each permission it holds and what that lets its holders do, who holds it.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The role's name.") var name: String
        @Flag(help: "Output JSON.") var json = false
        func run() throws {
            try reporting {
                let store = try global.openStore()
                let role = try store.existingRole(named: name)
                let holders = try store.operators().filter { $0.roleId == role.id }.map(\.upn)
                if json { return try JSONOutput.print(RoleEntry(role, operators: holders)) }
                print("\(role.displayName) (\(role.isBuiltIn ? "built-in" : "custom")): \(role.description)")
                var table = TextTable([("Permission", 46), ("Lets its holders", 90)])
                for permission in role.permissions.sorted() { table.add([permission.name, permission.purpose]) }
                print(table.render())
                print(holders.isEmpty ? "Nobody holds it." : "Held by: " + holders.joined(separator: ", "))
            }
        }
    }

    struct Permissions: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "permissions", abstract: "Every permission a role can hold, its Graph name, and which built-in roles hold it.")
        @Flag(help: "Output JSON.") var json = false
        func run() throws {
            try reporting {
                if json {
                    struct Entry: Encodable { let name: String, resourceAction: String, purpose: String, builtInRoles: [String] }
                    return try JSONOutput.print(Permission.allCases.map { permission in
                        Entry(name: permission.name, resourceAction: permission.graphResourceAction, purpose: permission.purpose,
                              builtInRoles: Role.builtIn.filter { $0.holds(permission) }.map(\.displayName))
                    })
                }
                var table = TextTable([("Permission", 46), ("Graph", 50), ("Lets its holders", 60)])
                for permission in Permission.allCases { table.add([permission.name, permission.graphResourceAction, permission.purpose]) }
                print(table.render())
            }
        }
    }

    struct Define: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "define", abstract: "A custom role (Roles/Create; audited): the permissions it holds, by --allow or from --like ROLE.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The new role's name.") var name: String
        @Option(name: .customLong("allow"), parsing: .upToNextOption,
                help: ArgumentHelp("Permissions it holds: \"Remote tasks/Wipe\", \"Managed devices/Read\", \"Remote tasks/*\", or Graph's Microsoft.Intune_… names (see `roles permissions`).", valueName: "permission"))
        var allow: [String] = []
        @Option(help: ArgumentHelp("Start from this role's permissions (then --allow adds to them).", valueName: "role")) var like: String?
        @Option(help: "What the role is for.") var description = ""
        func run() throws {
            try reporting {
                let store = try global.openStore()
                var permissions = try RoleDraft.permissions(allow)
                if let like {
                    permissions.formUnion(try store.existingRole(named: like).permissions)
                }
                let role = try RoleService(store: store).define(RoleDraft(name: name, description: description, permissions: permissions), by: global.resolvedOperator)
                print("\(role.displayName) is defined, with \(role.permissions.count) permission\(role.permissions.count == 1 ? "" : "s"): give it with `mdmconsole roles grant UPN \"\(role.displayName)\"`.")
            }
        }
    }

    struct Change: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "change", abstract: "Change a custom role (Roles/Update; audited): its holders hold the new permissions at once.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The role's name.") var name: String
        @Option(name: .customLong("allow"), parsing: .upToNextOption, help: ArgumentHelp("Permissions to add.", valueName: "permission")) var allow: [String] = []
        @Option(name: .customLong("disallow"), parsing: .upToNextOption, help: ArgumentHelp("Permissions to take away.", valueName: "permission")) var disallow: [String] = []
        @Option(help: ArgumentHelp("Its new name.", valueName: "name")) var rename: String?
        @Option(help: "Its new description.") var description: String?
        func run() throws {
            try reporting {
                let added = try RoleDraft.permissions(allow)
                let removed = try RoleDraft.permissions(disallow)
                let (rename, description) = (rename, description)
                let role = try RoleService(store: try global.openStore()).change(role: name, by: global.resolvedOperator) { draft in
                    draft.permissions.formUnion(added)
                    draft.permissions.subtract(removed)
                    if let rename { draft.name = rename }
                    if let description { draft.description = description }
                }
                print("\(role.displayName) now holds \(role.permissions.count) permission\(role.permissions.count == 1 ? "" : "s").")
            }
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a custom role nobody holds (Roles/Delete; audited).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The role's name.") var name: String
        func run() throws {
            try reporting {
                try RoleService(store: try global.openStore()).delete(role: name, by: global.resolvedOperator)
                print("\(name) is deleted.")
            }
        }
    }
}

/// A role as `roles list --json` and `roles show --json` write it: permissions by the portal's
/// names and by Graph's.
struct RoleEntry: Encodable {
    let id: String, displayName: String, description: String, isBuiltIn: Bool
    let permissions: [String], resourceActions: [String], operators: [String]

    init(_ role: Role, operators: [String]) {
        id = role.id
        displayName = role.displayName
        description = role.description
        isBuiltIn = role.isBuiltIn
        permissions = role.permissions.sorted().map(\.name)
        resourceActions = role.permissions.sorted().map(\.graphResourceAction)
        self.operators = operators
    }
}
