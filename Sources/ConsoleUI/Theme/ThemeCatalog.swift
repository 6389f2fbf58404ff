import Foundation
import Yams

/// Where themes come from: `--theme NAME|PATH`, else `MDMCONSOLE_THEME`, else `theme:` in the
/// config file, else `dark`. Names are looked up in the theme folders; `dark` is also built
/// in, so the console starts even where no `Themes/` folder is installed.
public enum ThemeCatalog {
    public static let defaultName = "dark"

    /// The folders searched for `NAME.yaml`, first match wins.
    public static func searchPaths(environment: [String: String], executablePath: String?, currentDirectory: String) -> [String] {
        var paths: [String] = []
        if let folder = environment["MDMCONSOLE_THEMES"], !folder.isEmpty { paths.append(folder) }
        paths.append(configFolder(environment) + "/themes")
        paths.append(currentDirectory + "/Themes")
        if let executable = executablePath {
            let binFolder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
            // .build/debug/mdmconsole → the package's Themes/; bin/mdmconsole → share/mdmconsole/themes.
            paths.append(binFolder.appendingPathComponent("../../Themes").standardized.path)
            paths.append(binFolder.appendingPathComponent("../../../Themes").standardized.path)
            paths.append(binFolder.appendingPathComponent("../share/mdmconsole/themes").standardized.path)
        }
        var seen: Set<String> = []
        return paths.filter { seen.insert($0).inserted }
    }

    public static func configFolder(_ environment: [String: String]) -> String {
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty { return config + "/mdmconsole" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.config/mdmconsole"
    }

    /// The theme asked for, by flag, environment or config file.
    public static func requestedName(flag: String?, environment: [String: String]) throws -> String {
        if let flag, !flag.isEmpty { return flag }
        if let name = environment["MDMCONSOLE_THEME"], !name.isEmpty { return name }
        let config = configFolder(environment) + "/config.yaml"
        if let data = FileManager.default.contents(atPath: config) {
            let text = String(decoding: data, as: UTF8.self)
            let document: Any?
            do { document = try Yams.load(yaml: text) } catch {
                throw ThemeError(message: "\(config): not valid YAML")
            }
            if let settings = document as? [String: Any] {
                for key in settings.keys where key != "theme" {
                    throw ThemeError(message: "\(config): key `\(key)`: unknown setting (known: theme)")
                }
                if let value = settings["theme"] {
                    guard let name = value as? String, !name.isEmpty else { throw ThemeError(message: "\(config): key `theme`: expected a theme name") }
                    return name
                }
            } else if document != nil {
                throw ThemeError(message: "\(config): expected a mapping such as `theme: light`")
            }
        }
        return defaultName
    }

    public static func load(_ nameOrPath: String, searchPaths: [String]) throws -> Theme {
        do {
            return try ThemeLoader.load(nameOrPath, searchPaths: searchPaths)
        } catch let error as ThemeError where nameOrPath == defaultName && error.message.hasPrefix("unknown theme") {
            return try ThemeLoader.parse(embeddedDefault, file: "(built-in dark theme)")
        }
    }

    /// `Themes/dark.yaml`, built in (a test keeps the two identical).
    public static let embeddedDefault = """
        # The default: light text on the terminal's own (dark) background, 8 colours.
        name: dark
        roles:
          normal:         { fg: default, bg: default }
          header:         { fg: black, bg: cyan, attrs: [bold] }
          footer:         { fg: default, bg: default }
          footerKey:      { fg: cyan, bg: default, attrs: [bold] }
          title:          { fg: white, bg: default, attrs: [bold] }
          label:          { fg: cyan, bg: default }
          selected:       { fg: black, bg: cyan }
          greyed:         { fg: white, bg: default, attrs: [dim] }
          greyedSelected: { fg: black, bg: white, attrs: [dim] }
          destructive:    { fg: red, bg: default, attrs: [bold] }
          dialog:         { fg: white, bg: default }
          dialogTitle:    { fg: yellow, bg: default, attrs: [bold] }
          border:         { fg: cyan, bg: default }
          accent:         { fg: yellow, bg: default, attrs: [bold] }
          warning:        { fg: yellow, bg: default }
          success:        { fg: green, bg: default }
          error:          { fg: red, bg: default, attrs: [bold] }
          input:          { fg: black, bg: white }
          columnHeader:   { fg: cyan, bg: default, attrs: [bold, underline] }
          status:         { fg: default, bg: default }
        """
}
