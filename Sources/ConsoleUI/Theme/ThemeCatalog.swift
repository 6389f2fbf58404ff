import Foundation
import Yams

/// Where themes come from: `--theme NAME|PATH`, else `MDMCONSOLE_THEME`, else `theme:` in the
/// config file, else `dark`. A name is looked up in the user's theme folders, then among the
/// themes built into the binary, so an installed console has them wherever it was copied.
/// The folder one happens to be in is never searched: a theme does not come from `$PWD`.
public enum ThemeCatalog {
    public static let defaultName = "dark"

    /// The folders searched for `NAME.yaml` before the built-in themes, first match wins.
    public static func searchPaths(environment: [String: String]) -> [String] {
        var paths: [String] = []
        if let folder = environment["MDMCONSOLE_THEMES"], !folder.isEmpty { paths.append(folder) }
        paths.append(configFolder(environment) + "/themes")
        return paths
    }

    public static func configFolder(_ environment: [String: String]) -> String {
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty { return config + "/mdmconsole" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.config/mdmconsole"
    }

    /// The theme asked for, by flag, environment or config file.
    public static func requestedName(flag: String?, environment: [String: String]) throws -> String {
        if let flag, !flag.isEmpty { return flag }
        if let name = environment["MDMCONSOLE_THEME"], !name.isEmpty { return name }
        if let name = try ConsoleConfig.read(environment: environment).theme { return name }
        return defaultName
    }

    /// The theme named or at the path given. `namesOnly` (a sandbox over SSH) refuses paths,
    /// so a viewer cannot make the console open the server's files.
    public static func load(_ nameOrPath: String, searchPaths: [String], namesOnly: Bool = false) throws -> Theme {
        try ThemeLoader.load(nameOrPath, searchPaths: searchPaths, namesOnly: namesOnly)
    }

    /// `Themes/dark.yaml`, built in (a test keeps the two identical).
    public static var embeddedDefault: String { BuiltinThemes.yaml(named: defaultName)! }
}
