import Foundation
import Testing
@testable import ConsoleUI

@Suite("Themes")
struct ThemeTests {
    static let themesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Themes").standardized.path

    @Test("Each shipped theme loads and styles every role", arguments: ["dark", "light", "high-contrast", "monochrome"])
    func shipped(name: String) throws {
        let theme = try ThemeLoader.load(name, searchPaths: [Self.themesFolder])
        #expect(theme.name == name)
        #expect(Set(theme.styles.keys) == Set(StyleRole.allCases))
    }

    @Test("The built-in themes are exactly the files in Themes/", arguments: ["dark", "light", "high-contrast", "monochrome"])
    func embeddedMatchesFile(name: String) throws {
        let file = try String(contentsOfFile: Self.themesFolder + "/\(name).yaml", encoding: .utf8)
        #expect(BuiltinThemes.yaml(named: name).map { $0 + "\n" } == file)
        #expect(try ThemeCatalog.load(name, searchPaths: []) == ThemeLoader.parse(file, file: "\(name).yaml"))
    }

    @Test("Monochrome uses no colour; greyed is dim and selected is reverse")
    func monochrome() throws {
        let theme = try ThemeLoader.load("monochrome", searchPaths: [Self.themesFolder])
        #expect(theme.styles.values.allSatisfy { $0.foreground == .default && $0.background == .default })
        #expect(theme.style(.greyed).attributes.contains(.dim))
        #expect(theme.style(.selected).attributes.contains(.reverse))
    }

    @Test("NO_COLOR: colours dropped, attributes kept, selection still visible")
    func withoutColor() throws {
        let plain = try ThemeLoader.load("dark", searchPaths: [Self.themesFolder]).withoutColor()
        #expect(plain.styles.values.allSatisfy { $0.foreground == .default && $0.background == .default })
        #expect(plain.style(.selected).attributes.contains(.reverse))
        #expect(plain.style(.greyed).attributes.contains(.dim))
        #expect(plain.style(.header).attributes.contains(.reverse))
    }

    @Test("A bad theme file is an error naming the file and the key", arguments: [
        ("name: x\nroles:\n  normal: { fg: purple }\n", "key `roles.normal.fg`: not a colour"),
        ("name: x\nroles:\n  nromal: {}\n", "key `roles.nromal`: unknown role"),
        ("name: x\nroles:\n  normal: { attrs: [blink] }\n", "key `roles.normal.attrs`: not an attribute"),
        ("name: x\nroles:\n  normal: {}\n", "key `roles`: missing header"),
        ("roles: {}\n", "key `name`: missing"),
        ("name: [unclosed\n", "not valid YAML (line "),
    ])
    func badFile(text: String, message: String) {
        #expect {
            try ThemeLoader.parse(text, file: "/tmp/mine.yaml")
        } throws: { error in
            let text = (error as? ThemeError)?.message ?? ""
            return text.hasPrefix("/tmp/mine.yaml: ") && text.contains(message)
                && !text.contains("purple") && !text.contains("blink") && !text.contains("unclosed")
        }
    }

    @Test("A file that is not a theme never has its content repeated in the error")
    func secretNotEchoed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mdmconsole-theme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, content) in [("colour.yaml", "name: x\nroles:\n  normal: { fg: TOPSECRET-1 }\n"),
                                ("broken.yaml", "password: TOPSECRET-2\n  : [\n"),
                                ("plain.yaml", "TOPSECRET-3 ab\ncd\n")] {
            let path = folder.appendingPathComponent(name).path
            try content.write(toFile: path, atomically: true, encoding: .utf8)
            #expect {
                try ThemeLoader.load(path, searchPaths: [])
            } throws: { error in
                let message = (error as? ThemeError)?.message ?? ""
                return message.hasPrefix(path) && !message.contains("TOPSECRET")
            }
        }
    }

    @Test("A sandbox takes theme names only: a path is refused before anything is read")
    func sandboxNamesOnly() throws {
        #expect(try ThemeCatalog.load("light", searchPaths: [], namesOnly: true).name == "light")
        for path in ["/etc/passwd", "/root/.ssh/id_rsa", "../x.yaml", "missing.yaml"] {
            #expect {
                try ThemeCatalog.load(path, searchPaths: [], namesOnly: true)
            } throws: { error in
                (error as? ThemeError)?.message.hasPrefix("a sandbox takes theme names only") == true
            }
        }
    }

    @Test("Billion laughs and oversized files are refused at once, not expanded")
    func yamlBombs() throws {
        var bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for level in 1...9 {
            let previous = Character(UnicodeScalar(UInt8(96 + level)))
            let name = Character(UnicodeScalar(UInt8(97 + level)))
            bomb += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }
        #expect {
            try ThemeLoader.parse(bomb, file: "bomb.yaml")
        } throws: { error in
            (error as? ThemeError)?.message.contains("more than 2000 values once aliases are expanded") == true
        }
        let big = "name: x\n" + String(repeating: "# padding\n", count: 7_000)
        #expect {
            try ThemeLoader.parse(big, file: "big.yaml")
        } throws: { error in
            (error as? ThemeError)?.message == "big.yaml: over 64 KiB (a theme or config file is a few dozen lines)"
        }
    }

    @Test("Themes are built in: found by name with no theme folder at all, and never from the current folder")
    func builtIn() throws {
        for (name, _) in BuiltinThemes.all {
            #expect(try ThemeCatalog.load(name, searchPaths: []).name == name)
        }
        let paths = ThemeCatalog.searchPaths(environment: ["HOME": "/home/ana"])
        #expect(paths == ["/home/ana/.config/mdmconsole/themes"])
    }

    @Test("An unknown theme name lists the ones that exist")
    func unknownName() {
        #expect {
            try ThemeLoader.load("solarized", searchPaths: [Self.themesFolder])
        } throws: { error in
            (error as? ThemeError)?.message == "unknown theme \"solarized\" (available: dark, high-contrast, light, monochrome)"
        }
    }

    @Test("The theme comes from the flag, else MDMCONSOLE_THEME, else the config file, else dark")
    func requestOrder() throws {
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("mdmconsole-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: config.appendingPathComponent("mdmconsole"), withIntermediateDirectories: true)
        let environment = ["XDG_CONFIG_HOME": config.path]
        #expect(try ThemeCatalog.requestedName(flag: nil, environment: environment) == "dark")
        try "theme: light\n".write(to: config.appendingPathComponent("mdmconsole/config.yaml"), atomically: true, encoding: .utf8)
        #expect(try ThemeCatalog.requestedName(flag: nil, environment: environment) == "light")
        #expect(try ThemeCatalog.requestedName(flag: nil, environment: environment.merging(["MDMCONSOLE_THEME": "monochrome"]) { $1 }) == "monochrome")
        #expect(try ThemeCatalog.requestedName(flag: "high-contrast", environment: environment) == "high-contrast")
        try "colour: light\n".write(to: config.appendingPathComponent("mdmconsole/config.yaml"), atomically: true, encoding: .utf8)
        #expect(throws: ThemeError.self) { try ThemeCatalog.requestedName(flag: nil, environment: environment) }
    }
}

@Suite("Cell grid and layout")
struct GridTests {
    @Test("Text is cut with an ellipsis to fit, never past the grid's edge")
    func writing() {
        var grid = CellGrid(width: 10, height: 2)
        grid.write(fitted: "Ana's iPhone 15", x: 0, y: 0, width: 8)
        grid.write("overflowing text", x: 6, y: 1)
        #expect(grid.text == "Ana's i…  \n      over")
    }

    @Test("Words wrap at the width; a word longer than a line is cut")
    func wrapping() {
        #expect(Text.wrap("Retire does not revoke access tokens", width: 12) == ["Retire does", "not revoke", "access", "tokens"])
        #expect(Text.wrap("ABCDEFGHIJ", width: 4) == ["ABCD", "EFGH", "IJ"])
    }

    @Test("Columns get their minimum at 80, grow by weight up to their maximum when wider")
    func columns() {
        let narrow = TableLayout.widths(DeviceListView.columns, total: 78)
        #expect(narrow.reduce(0, +) + narrow.count - 1 <= 78)
        #expect(zip(narrow, DeviceListView.columns).allSatisfy { $0 >= $1.minimum })
        let wide = TableLayout.widths(DeviceListView.columns, total: 200)
        #expect(zip(wide, DeviceListView.columns).allSatisfy { $0 <= $1.maximum })
        #expect(wide[0] > narrow[0])
    }
}
