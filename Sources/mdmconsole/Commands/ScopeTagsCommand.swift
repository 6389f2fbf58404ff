import ArgumentParser
import Foundation
import MDMCore

struct ScopeTagsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scope-tags",
        abstract: "Scope tags: which devices an operator sees and acts on (define: Roles/Create, delete: Roles/Delete, tag: Roles/Assign; audited).",
        subcommands: [List.self, Define.self, Delete.self, Tag.self, Untag.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "The scope tags, how many devices hold each, and whose assignments name it (the default).")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Output JSON.") var json = false
        func run() throws {
            try reporting {
                let store = try global.openStore()
                let tags = try ScopeTagService(store: store).tags()
                let operators = try store.operators()
                func holders(_ tag: ScopeTag) throws -> Int {
                    var query = DeviceQuery()
                    query.scope = .tags([tag.id])
                    return try store.deviceCount(query)
                }
                func assigned(_ tag: ScopeTag) -> [String] { operators.filter { $0.scopeTagIds?.contains(tag.id) == true }.map(\.upn) }
                if json {
                    // As Graph's roleScopeTag, with what the console adds.
                    struct Entry: Encodable { let id, displayName, description: String, isBuiltIn: Bool, devices: Int, operators: [String] }
                    return try JSONOutput.print(try tags.map { Entry(id: $0.id, displayName: $0.displayName, description: $0.description, isBuiltIn: $0.isBuiltIn,
                                                                     devices: try holders($0), operators: assigned($0)) })
                }
                var table = TextTable([("Id", 10), ("Scope tag", 28), ("Devices", 8), ("Operators limited to it", 40), ("Description", 60)])
                for tag in tags { table.add([tag.id, tag.displayName, String(try holders(tag)), assigned(tag).joined(separator: ", "), tag.description]) }
                print(table.render())
            }
        }
    }

    struct Define: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "define", abstract: "A new scope tag (Roles/Create).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Its name (a region, a school, a team).") var name: String
        @Option(help: "What it is for.") var description = ""
        @Option(help: "The service's id for it (a connected tenant's tag, as the Intune admin center shows it); else the next free one.") var id: String?
        func run() throws {
            try reporting {
                let tag = try ScopeTagService(store: try global.openStore()).define(name: name, description: description, id: id, by: global.resolvedOperator)
                print("\(tag.displayName) is scope tag \(tag.id): put it on devices with `mdmconsole scope-tags tag \"\(tag.displayName)\" DEVICE…`, limit an operator with `roles grant UPN ROLE --scope-tag \"\(tag.displayName)\"`.")
            }
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a scope tag no device and no assignment holds (Roles/Delete).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The tag's name or id.") var tag: String
        func run() throws {
            try reporting {
                try ScopeTagService(store: try global.openStore()).delete(tag, by: global.resolvedOperator)
                print("The scope tag \(tag) is deleted.")
            }
        }
    }

    struct Tag: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "tag", abstract: "Put a scope tag on devices (Roles/Assign); a device's first tag replaces Default. All or none.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The tag's name or id.") var tag: String
        @Argument(help: "Device ids or exact names.") var devices: [String]
        func run() throws {
            try reporting { try retag(global, tag, devices, adding: true) }
        }
    }

    struct Untag: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "untag", abstract: "Take a scope tag off devices (Roles/Assign); a device left with none holds Default. All or none.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The tag's name or id.") var tag: String
        @Argument(help: "Device ids or exact names.") var devices: [String]
        func run() throws {
            try reporting { try retag(global, tag, devices, adding: false) }
        }
    }

    static func retag(_ global: GlobalOptions, _ tag: String, _ devices: [String], adding: Bool) throws {
        guard !devices.isEmpty else { throw Failure("name at least one device", code: Failure.usage) }
        let store = try global.openStore()
        // Only devices the operator sees can be named: tagging cannot reach past one's own scope.
        let ids = try devices.map { try store.resolveDevice($0, seenBy: global.resolvedOperator).id }
        let changed = try ScopeTagService(store: store).tag(tag, devices: ids, adding: adding, by: global.resolvedOperator)
        print("\(changed) of \(ids.count) device\(ids.count == 1 ? "" : "s") changed (\(adding ? "tagged" : "untagged") \(tag)).")
    }
}
