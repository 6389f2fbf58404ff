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
        let root: Any?
        do {
            root = try Yams.load(yaml: text)
        } catch {
            throw ThemeError(message: "\(file): not valid YAML: \(String(describing: error).split(separator: "\n").first ?? "")")
        }
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
                    throw ThemeError(message: "\(file): key `\(path).\(key)`: \"\(raw)\" is not a colour (one of: \(TerminalColor.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                if key == "fg" { style.foreground = color } else { style.background = color }
            case "attrs":
                guard let list = raw as? [Any] else { throw ThemeError(message: "\(file): key `\(path).attrs`: expected a list") }
                for item in list {
                    guard let text = item as? String, let attribute = TextAttributes.names.first(where: { $0.0 == text })?.1 else {
                        throw ThemeError(message: "\(file): key `\(path).attrs`: \"\(item)\" is not an attribute (bold, dim, reverse, underline)")
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
    /// up in the theme folders.
    public static func load(_ nameOrPath: String, searchPaths: [String]) throws -> Theme {
        let isPath = nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml")
        let candidates = isPath ? [nameOrPath] : searchPaths.map { "\($0)/\(nameOrPath).yaml" }
        for path in candidates where FileManager.default.fileExists(atPath: path) {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw ThemeError(message: "\(path): cannot read the theme file (not UTF-8 text?)")
            }
            return try parse(text, file: path)
        }
        if isPath { throw ThemeError(message: "\(nameOrPath): no such theme file") }
        let known = available(searchPaths: searchPaths)
        throw ThemeError(message: "unknown theme \"\(nameOrPath)\"" + (known.isEmpty ? " (no theme folder found)" : " (available: \(known.joined(separator: ", ")))"))
    }

    /// Theme names found in the search paths.
    public static func available(searchPaths: [String]) -> [String] {
        var names: Set<String> = []
        for folder in searchPaths {
            for file in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where file.hasSuffix(".yaml") {
                names.insert(String(file.dropLast(5)))
            }
        }
        return names.sorted()
    }
}
