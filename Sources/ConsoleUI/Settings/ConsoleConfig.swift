import Foundation

/// `$XDG_CONFIG_HOME/mdmconsole/config.yaml`: the console's settings, each also a flag and
/// an environment variable (the flag wins, then the variable, then this file):
///
///     theme: light        # --theme, MDMCONSOLE_THEME
///     keys: vim           # --keys, MDMCONSOLE_KEYS (a preset or a keys.yaml path)
///     plain: true         # --plain, MDMCONSOLE_PLAIN=1 (screen-reader mode)
///     mouse: false        # --no-mouse
public struct ConsoleConfig: Equatable, Sendable {
    public var theme: String?
    public var keys: String?
    public var plain: Bool?
    public var mouse: Bool?

    public static let known = ["theme", "keys", "plain", "mouse"]

    /// The file's settings; none when there is no file.
    public static func read(environment: [String: String]) throws -> ConsoleConfig {
        let file = ThemeCatalog.configFolder(environment) + "/config.yaml"
        guard FileManager.default.fileExists(atPath: file) else { return ConsoleConfig() }
        let document = try SafeYAML.load(try ThemeLoader.read(file), file: file)
        guard let document else { return ConsoleConfig() }
        guard let settings = document as? [String: Any] else {
            throw ThemeError(message: "\(file): expected a mapping such as `theme: light`")
        }
        var config = ConsoleConfig()
        for (key, value) in settings {
            func text() throws -> String {
                guard let text = value as? String, !text.isEmpty else { throw ThemeError(message: "\(file): key \(SafeYAML.shown(key)): expected a name") }
                return text
            }
            func flag() throws -> Bool {
                switch (value as? String)?.lowercased() {
                case "true", "yes", "on": return true
                case "false", "no", "off": return false
                default: throw ThemeError(message: "\(file): key \(SafeYAML.shown(key)): expected true or false")
                }
            }
            switch key {
            case "theme": config.theme = try text()
            case "keys": config.keys = try text()
            case "plain": config.plain = try flag()
            case "mouse": config.mouse = try flag()
            default: throw ThemeError(message: "\(file): key \(SafeYAML.shown(key)): unknown setting (known: \(known.joined(separator: ", ")))")
            }
        }
        return config
    }

    /// Screen-reader mode: `--plain`, else `MDMCONSOLE_PLAIN` (1, true, yes), else `plain:`.
    public func plain(flag: Bool, environment: [String: String]) -> Bool {
        if flag { return true }
        if let value = environment["MDMCONSOLE_PLAIN"], !value.isEmpty { return ["1", "true", "yes", "on"].contains(value.lowercased()) }
        return plain ?? false
    }

    /// The keymap asked for: `--keys`, else `MDMCONSOLE_KEYS`, else `keys:`; nil for keys.yaml or the standard keys.
    public func keys(flag: String?, environment: [String: String]) -> String? {
        if let flag, !flag.isEmpty { return flag }
        if let name = environment["MDMCONSOLE_KEYS"], !name.isEmpty { return name }
        return keys
    }
}
