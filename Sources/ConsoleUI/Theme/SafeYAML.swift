import Foundation
import Yams

/// The YAML of theme and config files, read with limits: a theme is a few dozen lines, so a
/// file over 64 KiB or one whose aliases expand past 2,000 values ("billion laughs": 60 s
/// and 1.5 GB with a plain load) is refused at once. Errors name the file and the place,
/// never the file's content: a theme path can point at a file the user should not read.
enum SafeYAML {
    static let maxBytes = 64 * 1024
    static let maxValues = 2_000

    /// The document as strings, arrays and dictionaries (every scalar a string), or nil when empty.
    static func load(_ text: String, file: String) throws -> Any? {
        guard text.utf8.count <= maxBytes else {
            throw ThemeError(message: "\(file): over 64 KiB (a theme or config file is a few dozen lines)")
        }
        let root: Node?
        do {
            // Composing shares an anchored node with each of its aliases, so this stays small;
            // only turning it into values would expand them, and that is budgeted below.
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ThemeError(message: "\(file): not valid YAML\(place(error))")
        } catch {
            throw ThemeError(message: "\(file): not valid YAML")
        }
        var budget = maxValues
        return try root.map { try value(of: $0, budget: &budget, file: file) }
    }

    static func value(of node: Node, budget: inout Int, file: String) throws -> Any {
        budget -= 1
        guard budget >= 0 else {
            throw ThemeError(message: "\(file): more than \(maxValues) values once aliases are expanded (a theme has a few dozen)")
        }
        switch node {
        case .scalar(let scalar):
            return scalar.string
        case .sequence(let sequence):
            return try sequence.map { try value(of: $0, budget: &budget, file: file) }
        case .mapping(let mapping):
            var dictionary: [String: Any] = [:]
            for (key, item) in mapping {
                dictionary[key.string ?? "\(key)"] = try value(of: item, budget: &budget, file: file)
            }
            return dictionary
        case .alias:
            throw ThemeError(message: "\(file): an alias Yams left unresolved")
        }
    }

    /// Whether a name read from a file may be quoted back in an error: a short word of
    /// letters, digits and `- _ + ^ .` (a typo such as `devicez` or `ctrl-1`). Anything else
    /// is named by its place only: with the file a link to a secret (`/etc/shadow`), its
    /// first line must not appear on screen.
    static func isQuotable(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 20 && text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "-_+^.".unicodeScalars.contains(scalar))
        }
    }

    /// `text` between `open` and `close` when quotable, else what it is without its content.
    static func shown(_ text: String, _ open: String = "`", _ close: String = "`") -> String {
        isQuotable(text) ? open + text + close : "(a name of \(text.count) characters, not shown)"
    }

    /// ` (line 3, column 7)`: where the parser stopped, without the line's text.
    static func place(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            " (line \(mark.line), column \(mark.column))"
        default:
            ""
        }
    }
}
