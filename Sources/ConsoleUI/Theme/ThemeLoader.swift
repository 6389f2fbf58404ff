import Foundation
import Yams

/// A theme file that cannot be used, naming the file and the key.
public struct ThemeError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public var description: String { message }
}

/// Reads theme files (YAML):
///
///     name: dark
///     roles:
///       selected: { fg: black, bg: cyan, attrs: [bold] }
///
/// Every role must be present, so a theme cannot leave part of the screen unstyled.
public enum ThemeLoader {
    public static func parse(_ text: String, file: String) throws -> Theme {
        let root = try SafeYAML.load(text, file: file)
        guard let document = root as? [String: Any] else { throw ThemeError(message: "\(file): expected a mapping with `name` and `roles`") }
        guard let name = document["name"] as? String, !name.isEmpty else { throw ThemeError(message: "\(file): key `name`: missing or not text") }
        guard let roles = document["roles"] as? [String: Any] else { throw ThemeError(message: "\(file): key `roles`: missing or not a mapping") }
        var styles: [StyleRole: Style] = [:]
        for (key, value) in roles {
            guard let role = StyleRole(rawValue: key) else {
                throw ThemeError(message: "\(file): key `roles.\(key)`: unknown role (known: \(StyleRole.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            styles[role] = try style(value, at: "roles.\(key)", file: file)
        }
        let missing = StyleRole.allCases.filter { styles[$0] == nil }
        if !missing.isEmpty {
            throw ThemeError(message: "\(file): key `roles`: missing \(missing.map(\.rawValue).joined(separator: ", "))")
        }
        return Theme(name: name, styles: styles)
    }

    static func style(_ value: Any, at path: String, file: String) throws -> Style {
        guard let fields = value as? [String: Any] else { throw ThemeError(message: "\(file): key `\(path)`: expected { fg, bg, attrs }") }
        var style = Style()
        for (key, raw) in fields {
            switch key {
            case "fg", "bg":
                guard let text = raw as? String, let color = TerminalColor(rawValue: text) else {
                    // The value is not repeated: the file may not be a theme at all (a secret, say).
                    throw ThemeError(message: "\(file): key `\(path).\(key)`: not a colour (expected one of: \(TerminalColor.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                if key == "fg" { style.foreground = color } else { style.background = color }
            case "attrs":
                guard let list = raw as? [Any] else { throw ThemeError(message: "\(file): key `\(path).attrs`: expected a list") }
                for item in list {
                    guard let text = item as? String, let attribute = TextAttributes.names.first(where: { $0.0 == text })?.1 else {
                        throw ThemeError(message: "\(file): key `\(path).attrs`: not an attribute (expected bold, dim, reverse, underline)")
                    }
                    style.attributes.insert(attribute)
                }
            default:
                throw ThemeError(message: "\(file): key `\(path).\(key)`: unknown (expected fg, bg, attrs)")
            }
        }
        return style
    }

    /// Loads `--theme NAME|PATH`: a path (contains `/` or ends in `.yaml`) or a name looked
    /// up in the theme folders, then among the built-in themes.
    public static func load(_ nameOrPath: String, searchPaths: [String], namesOnly: Bool = false) throws -> Theme {
        let isPath = nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml")
        if isPath, namesOnly {
            throw ThemeError(message: "a sandbox takes theme names only (\(available(searchPaths: searchPaths).joined(separator: ", "))), not files")
        }
        let candidates = isPath ? [nameOrPath] : searchPaths.map { "\($0)/\(nameOrPath).yaml" }
        for path in candidates where FileManager.default.fileExists(atPath: path) {
            return try parse(try read(path), file: path)
        }
        if !isPath, let builtIn = BuiltinThemes.yaml(named: nameOrPath) {
            return try parse(builtIn, file: "(built-in \(nameOrPath) theme)")
        }
        if isPath { throw ThemeError(message: "\(nameOrPath): no such theme file") }
        throw ThemeError(message: "unknown theme \"\(nameOrPath)\" (available: \(available(searchPaths: searchPaths).joined(separator: ", ")))")
    }

    /// A theme file's text, refused before reading when it is not a small regular file
    /// (a device, a FIFO or a huge file would hang or fill memory).
    static func read(_ path: String) throws -> String {
        var status = stat()
        guard stat(path, &status) == 0 else { throw ThemeError(message: "\(path): cannot read the theme file") }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw ThemeError(message: "\(path): not a regular file") }
        guard Int(status.st_size) <= SafeYAML.maxBytes else {
            throw ThemeError(message: "\(path): over 64 KiB (a theme or config file is a few dozen lines)")
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ThemeError(message: "\(path): cannot read the theme file (not UTF-8 text?)")
        }
        return text
    }

    /// Theme names found in the search paths and built in.
    public static func available(searchPaths: [String]) -> [String] {
        var names = Set(BuiltinThemes.all.map(\.name))
        for folder in searchPaths {
            for file in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where file.hasSuffix(".yaml") {
                names.insert(String(file.dropLast(5)))
            }
        }
        return names.sorted()
    }
}
