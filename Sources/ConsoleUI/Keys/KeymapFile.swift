import Foundation
import Yams

/// A keys.yaml (or a preset) that cannot be used: the file, the line and the key, and what to
/// write instead. Like a theme's errors, never the file's other content.
public struct KeymapError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public var description: String { message }
}

/// Reads keys.yaml and the presets in `Keymaps/`:
///
///     preset: vim            # optional: start from a preset instead of the standard keys
///     lists:                 # the three lists at once (a view's own section wins)
///       down: [down, j]
///     devices:
///       more: M              # one key, or a list; [] or ~ unbinds
///       filter: ctrl-f
///
/// Each section names a context (`KeyContext`), each key a command (`Command`), each value
/// the keys that replace the command's keys there. Refused, naming file, line and key: an
/// unknown section or command, a key that cannot be typed, two commands on one key where
/// both apply, a printable key on a typing command, and a destructive command (send, unmark)
/// on a key that also moves the cursor.
public enum KeymapFile {
    public static let listsSection = "lists"

    /// The keymap of `text` (`file` names it in errors).
    public static func parse(_ text: String, file: String) throws -> Keymap {
        guard text.utf8.count <= SafeYAML.maxBytes else { throw KeymapError(message: "\(file): over 64 KiB (a keys file is a few dozen lines)") }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw KeymapError(message: "\(file): not valid YAML\(SafeYAML.place(error))")
        }
        guard let root else { return .standard }
        guard case .mapping(let mapping) = root else {
            throw KeymapError(message: "\(file)\(at(root)): expected sections such as `devices:` with `command: key` lines")
        }
        var keymap = Keymap.standard
        var origins: [Origin] = []
        // The preset first, then `lists:`, then each view: a view's own keys win over the lists'.
        if let (keyNode, value) = mapping.first(where: { $0.key.string == "preset" }) {
            guard let name = value.string, let preset = BuiltinKeymaps.yaml(named: name) else {
                throw KeymapError(message: "\(file)\(at(keyNode)): `preset`: expected one of \(BuiltinKeymaps.names.joined(separator: ", "))")
            }
            keymap = try parse(preset, file: "(built-in \(name) keys)")
        }
        let sections = mapping.filter { $0.key.string != "preset" }
            .sorted { ($0.key.string == listsSection ? 0 : 1) < ($1.key.string == listsSection ? 0 : 1) }
        for (keyNode, value) in sections {
            let name = keyNode.string ?? ""
            let contexts: [KeyContext]
            if name == listsSection {
                contexts = KeyContext.lists
            } else if let context = KeyContext(rawValue: name) {
                contexts = [context]
            } else {
                throw KeymapError(message: "\(file)\(at(keyNode)): \(SafeYAML.shown(name)): unknown section (known: preset, \(listsSection), \(KeyContext.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard case .mapping(let bindings) = value else {
                throw KeymapError(message: "\(file)\(at(value)): `\(name)`: expected `command: key` lines")
            }
            for (commandNode, keysNode) in bindings {
                let commandName = commandNode.string ?? ""
                let path = SafeYAML.isQuotable(commandName) ? "`\(name).\(commandName)`" : "`\(name)`, \(SafeYAML.shown(commandName))"
                guard let command = Command(rawValue: commandName) else {
                    let known = Command.allCases.filter { contexts.allSatisfy($0.contexts.contains) && $0 != .interrupt }.map(\.rawValue)
                    throw KeymapError(message: "\(file)\(at(commandNode)): \(path): unknown command (\(name) has: \(known.joined(separator: ", ")))")
                }
                guard command != .interrupt else {
                    throw KeymapError(message: "\(file)\(at(commandNode)): \(path): Ctrl-C always stops a bulk run or quits; it cannot be moved")
                }
                guard contexts.allSatisfy(command.contexts.contains) else {
                    let places = command.contexts.map(\.rawValue).sorted().joined(separator: ", ")
                    throw KeymapError(message: "\(file)\(at(commandNode)): \(path): \(command.rawValue) does nothing in \(name) (it belongs to: \(places))")
                }
                let keys = try parseKeys(keysNode, path: path, file: file)
                for context in contexts {
                    keymap.bind(command, keys, in: context)
                    origins.append(Origin(context: context, command: command, line: line(of: commandNode), path: path))
                }
            }
        }
        try check(keymap, origins: origins, file: file)
        return keymap
    }

    /// Where a binding was written, for the errors of the checks made on the whole keymap.
    struct Origin {
        var context: KeyContext
        var command: Command
        var line: Int?
        var path: String
    }

    static func parseKeys(_ node: Node, path: String, file: String) throws -> [Key] {
        let names: [(String, Node)]
        switch node {
        case .scalar(let scalar):
            // `~`, `null` and an empty value unbind; so does `[]`.
            if ["", "~", "null"].contains(scalar.string) && scalar.style == .plain { return [] }
            names = [(scalar.string, node)]
        case .sequence(let sequence):
            names = try sequence.map { item in
                guard let text = item.string else { throw KeymapError(message: "\(file)\(at(item)): \(path): expected a key such as \"M\" or ctrl-f") }
                return (text, item)
            }
        default:
            throw KeymapError(message: "\(file)\(at(node)): \(path): expected a key, or a list of keys such as [enter, l]")
        }
        var keys: [Key] = []
        for (name, item) in names {
            switch KeyName.parse(name) {
            case .failure(let error): throw KeymapError(message: "\(file)\(at(item)): \(path): \(error.message)")
            case .success(let key):
                if key == Keymap.interruptKey {
                    throw KeymapError(message: "\(file)\(at(item)): \(path): ctrl-c always stops a bulk run or quits; bind another key")
                }
                if !keys.contains(key) { keys.append(key) }
            }
        }
        return keys
    }

    /// The checks on the whole keymap, each error naming the binding the file wrote.
    static func check(_ keymap: Keymap, origins: [Origin], file: String) throws {
        func place(_ context: KeyContext, _ command: Command) -> String {
            if let origin = origins.last(where: { $0.context == context && $0.command == command }) {
                return "\(origin.path)\(origin.line.map { " (line \($0))" } ?? "")"
            }
            return "`\(context.rawValue).\(command.rawValue)` (a standard key)"
        }
        func blame(_ context: KeyContext, _ command: Command) -> String {
            let origin = origins.last { $0.context == context && $0.command == command }
            return "\(file)\(origin?.line.map { ", line \($0)" } ?? ""): \(origin?.path ?? "`\(context.rawValue).\(command.rawValue)`")"
        }
        // Two commands on one key where both apply: a view with the global keys under it.
        for context in KeyContext.allCases {
            var seen: [Key: (KeyContext, Command)] = [:]
            let layers: [KeyContext] = context.fallsBackToGlobal ? [context, .global] : [context]
            for layer in layers {
                for (command, keys) in (keymap.bindings[layer] ?? [:]).sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                    // A view may bind `back` again on its own keys; the same command twice is no clash.
                    for key in keys {
                        if let (otherContext, other) = seen[key], other != command {
                            let written = origins.contains { $0.context == layer && $0.command == command } ? (layer, command) : (otherContext, other)
                            let (blamedContext, blamedCommand) = written
                            let (shownContext, shownCommand) = written == (layer, command) ? (otherContext, other) : (layer, command)
                            throw KeymapError(message: "\(blame(blamedContext, blamedCommand)): \(KeyName.fileName(key)) is already \(place(shownContext, shownCommand)) in \(context.rawValue); unbind one of them or pick another key")
                        }
                        seen[key] = (layer, command)
                    }
                }
            }
        }
        // While typing, a printable key is text: a typing command must be a named or Ctrl key.
        for (command, keys) in keymap.bindings[.input] ?? [:] {
            if let key = keys.first(where: Keymap.types) {
                throw KeymapError(message: "\(blame(.input, command)): \"\(KeyName.fileName(key))\" types text in a field, so it can never \(command.label); use a named or Ctrl key (enter, esc, backspace, ctrl-g)")
            }
        }
        // A destructive command never shares a key with a move, anywhere: a key held down to
        // scroll through a list or a menu must not send an action or drop the marks.
        var moving: [Key: (KeyContext, Command)] = [:]
        for context in KeyContext.allCases {
            for command in Command.allCases where command.moves {
                for key in keymap.bindings[context]?[command] ?? [] where moving[key] == nil { moving[key] = (context, command) }
            }
        }
        for context in KeyContext.allCases {
            for command in Command.allCases where command.isDestructive {
                let keys = keymap.bindings[context]?[command] ?? []
                for key in keys {
                    if let (moveContext, move) = moving[key] {
                        throw KeymapError(message: "\(blame(context, command)): \(KeyName.fileName(key)) also moves the cursor (\(place(moveContext, move))); a destructive command (\(command.rawValue)) never shares a key with a move")
                    }
                    if Keymap.movingKeys.contains(key) {
                        throw KeymapError(message: "\(blame(context, command)): \(KeyName.fileName(key)) is a key that moves; a destructive command (\(command.rawValue)) never takes one")
                    }
                }
            }
        }
    }

    static func line(of node: Node) -> Int? { node.mark.map(\.line) }

    /// ", line 3" for a node that has a place in the file.
    static func at(_ node: Node) -> String { line(of: node).map { ", line \($0)" } ?? "" }
}

extension KeymapFile {
    /// The keymap `--keys`, `MDMCONSOLE_KEYS` or `keys:` in config.yaml names (a preset or a
    /// file), else `keys.yaml` in the config folder, else the standard keys. `namesOnly` (a
    /// sandbox over SSH) refuses paths, as for themes.
    public static func load(_ nameOrPath: String?, configFolder: String, namesOnly: Bool = false) throws -> Keymap {
        if let nameOrPath, !nameOrPath.isEmpty {
            if let preset = BuiltinKeymaps.yaml(named: nameOrPath) { return try parse(preset, file: "(built-in \(nameOrPath) keys)") }
            if nameOrPath == "standard" { return .standard }
            guard !namesOnly else {
                throw KeymapError(message: "a sandbox takes key presets by name only (standard, \(BuiltinKeymaps.names.joined(separator: ", "))), not files")
            }
            guard nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml") else {
                throw KeymapError(message: "unknown keys \"\(nameOrPath)\" (presets: standard, \(BuiltinKeymaps.names.joined(separator: ", ")); or a path to a keys.yaml)")
            }
            return try parse(try read(nameOrPath), file: nameOrPath)
        }
        let own = configFolder + "/keys.yaml"
        guard FileManager.default.fileExists(atPath: own) else { return .standard }
        return try parse(try read(own), file: own)
    }

    static func read(_ path: String) throws -> String {
        do {
            return try ThemeLoader.read(path)
        } catch let error as ThemeError {
            throw KeymapError(message: error.message.replacingOccurrences(of: "theme file", with: "keys file")
                .replacingOccurrences(of: "a theme or config file", with: "a keys file"))
        }
    }
}
