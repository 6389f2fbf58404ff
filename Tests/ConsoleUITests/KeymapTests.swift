import Foundation
import Testing
@testable import ConsoleUI

/// One keymap drives the keys, the footer and the help; keys.yaml and the presets change it,
/// and a bad file is refused naming the file, the line and the key.
@Suite("Keymap")
struct KeymapTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized

    @Test("The keymap table is the only place in ConsoleUI where a key is written out")
    func keyLiteralsOnlyInTheKeymap() throws {
        let folder = Self.root.appendingPathComponent("Sources/ConsoleUI")
        let files = try #require(FileManager.default.enumerator(atPath: folder.path)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        #expect(files.count > 30, "the sources were found")
        // `.character("x")`, `.control("x")`, or a named key as a value (`.enter`, `case .up`),
        // but not a member such as `glyphs.up`. (`.delete` is left out: DeviceAction has one.)
        let literal = try NSRegularExpression(pattern: #"\.(character|control)\("|(?<![A-Za-z0-9_)\]?])\.(up|down|left|right|pageUp|pageDown|home|end|enter|escape|backspace|tab|backTab)\b(?!\s*[:(])"#)
        var offenders: [String] = []
        for file in files where file != "Keys/Keymap.swift" && file != "Keys/KeyName.swift" && file != "Keys/Key.swift" {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = String(line.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
                if literal.firstMatch(in: code, range: NSRange(code.startIndex..., in: code)) != nil { offenders.append("\(file):\(number + 1): \(line)") }
            }
        }
        #expect(offenders.isEmpty, "key literals outside the keymap:\n\(offenders.joined(separator: "\n"))")
    }

    @Test("The three lists share one navigation set: the same keys move in All devices, Device actions and the audit log")
    func sharedNavigation() {
        let keymap = Keymap.standard
        for command in [Command.moveUp, .moveDown, .movePageUp, .first, .last, .open] {
            let keys = keymap.keys(command, in: .devices)
            #expect(!keys.isEmpty)
            #expect(keymap.keys(command, in: .actions) == keys && keymap.keys(command, in: .audit) == keys, "\(command)")
        }
    }

    @Test("keys.yaml rebinds per view: M opens More, m does nothing, the footer and help say M")
    func remapped() throws {
        let keymap = try KeymapFile.parse("devices:\n  more: M\n  filter: ctrl-f\n", file: "keys.yaml")
        let (session, _) = try UIFixture.session(keymap: keymap)
        #expect(session.lines[23].contains("M More") && session.lines[23].contains("Ctrl-F filter"), "footer: \(session.lines[23])")
        session.press(.character("m"))
        #expect(session.state.overlay == nil, "m is no longer More")
        session.press(.character("M"))
        guard case .more? = session.state.overlay else { Issue.record("M opens More"); return }
        session.press(.escape, .control("f"))
        #expect(session.state.list.editingFilter, "Ctrl-F starts the filter")
        session.press(.escape, .character("?"))
        #expect(session.text.contains("M … More for the selected device"), "the help shows the effective key")
    }

    @Test("Unbinding with [] or ~ leaves the command without a key; the footer drops it")
    func unbind() throws {
        let keymap = try KeymapFile.parse("devices:\n  sort: []\n  unmark: ~\n", file: "keys.yaml")
        #expect(keymap.keys(.sort, in: .devices).isEmpty && keymap.keys(.unmark, in: .devices).isEmpty)
        let (session, _) = try UIFixture.session(width: 160, keymap: keymap)
        #expect(!session.lines[23].contains("sort") && !session.lines[23].contains("unmark"))
        session.press(.character("s"))
        #expect(session.state.status == nil, "s sorts no more")
    }

    @Test("A bad keys.yaml is refused with the file, the line and the key", arguments: [
        ("devices:\n  mor: M\n", "keys.yaml, line 2: `devices.mor`: unknown command (devices has: "),
        ("devices:\n  more: ctrl-1\n", "keys.yaml, line 2: `devices.more`: \"ctrl-1\" cannot be typed: terminals send Ctrl with the letters a to z only"),
        ("devices:\n  more: alt-m\n", "keys.yaml, line 2: `devices.more`: \"alt-m\" cannot be bound: Alt and Meta"),
        ("devices:\n  more: F5\n", "keys.yaml, line 2: `devices.more`: \"F5\": function keys differ"),
        ("devices:\n  more: gg\n", "keys.yaml, line 2: `devices.more`: \"gg\" is not one key"),
        ("devices:\n  more: ctrl-m\n", "keys.yaml, line 2: `devices.more`: \"ctrl-m\" cannot be told apart from enter"),
        ("\ndevices:\n  more: s\n", "keys.yaml, line 3: `devices.more`: s is already `devices.sort` (a standard key) in devices"),
        ("devices:\n  filter: q\n", "keys.yaml, line 2: `devices.filter`: q is already `global.quit` (a standard key) in devices"),
        ("devices:\n  more: M\n  sort: M\n", "M is already `devices."),
        ("confirm:\n  send: [y, j]\n", "j also moves the cursor"),
        ("devices:\n  unmark: x\nmenu:\n  down: [down, x]\n", "keys.yaml, line 2: `devices.unmark`: x also moves the cursor (`menu.down` (line 4)); a destructive command (unmark) never shares a key with a move"),
        ("confirm:\n  send: down\n", "keys.yaml, line 2: `confirm.send`: down also moves the cursor"),
        ("confirm:\n  send: left\n", "keys.yaml, line 2: `confirm.send`: left is a key that moves"),
        ("input:\n  cancel: q\n", "keys.yaml, line 2: `input.cancel`: \"q\" types text in a field"),
        ("devicez:\n  more: M\n", "keys.yaml, line 1: `devicez`: unknown section"),
        ("menu:\n  sort: s\n", "keys.yaml, line 2: `menu.sort`: sort does nothing in menu (it belongs to: devices)"),
        ("global:\n  interrupt: ctrl-q\n", "Ctrl-C always stops a bulk run or quits; it cannot be moved"),
        ("global:\n  quit: ctrl-c\n", "ctrl-c always stops a bulk run or quits; bind another key"),
        ("preset: vi\n", "keys.yaml, line 1: `preset`: expected one of vim, emacs"),
        ("devices: [more]\n", "keys.yaml, line 1: `devices`: expected `command: key` lines"),
        ("devices:\n  more: {a: b}\n", "keys.yaml, line 2: `devices.more`: expected a key, or a list of keys"),
        ("devices:\n  more: [M\n", "keys.yaml: not valid YAML (line"),
    ])
    func badFiles(text: String, message: String) {
        #expect {
            _ = try KeymapFile.parse(text, file: "keys.yaml")
        } throws: { error in
            guard let error = error as? KeymapError else { return false }
            let found = error.message.contains(message)
            if !found { Issue.record("got: \(error.message)") }
            return found
        }
    }

    @Test("An error never shows a file's content that is not a name: a keys.yaml or config.yaml that is a link to /etc/shadow", arguments: [
        "root:$y$j9T$abcdefSECRET:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n",
        "devices:\n  root:$y$SECRET: M\n",
        "devices:\n  more: $y$j9T$SECRET\n",
    ])
    func noContentInErrors(text: String) throws {
        let keysError = #expect(throws: KeymapError.self) { _ = try KeymapFile.parse(text, file: "keys.yaml") }
        #expect(keysError?.message.contains("SECRET") == false, "\(keysError?.message ?? "")")
        #expect(keysError?.message.contains("line ") == true, "the place is named instead")
        let folder = NSTemporaryDirectory() + "mdmconsole-config-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/mdmconsole", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try text.write(toFile: folder + "/shadow", atomically: true, encoding: .utf8)
        symlink(folder + "/shadow", folder + "/mdmconsole/config.yaml")
        let configError = #expect(throws: ThemeError.self) { _ = try ConsoleConfig.read(environment: ["XDG_CONFIG_HOME": folder]) }
        #expect(configError?.message.contains("SECRET") == false, "\(configError?.message ?? "")")
    }

    @Test("The shipped presets are exactly the files in Keymaps/, load cleanly, and change what they say", arguments: ["vim", "emacs"])
    func presets(name: String) throws {
        let file = try String(contentsOf: Self.root.appendingPathComponent("Keymaps/\(name).yaml"), encoding: .utf8)
        #expect(BuiltinKeymaps.yaml(named: name).map { $0 + "\n" } == file)
        let keymap = try KeymapFile.load(name, configFolder: "/nonexistent")
        switch name {
        case "vim":
            #expect(keymap.command(for: .character("l"), in: .devices) == .open)
            #expect(keymap.command(for: .character("L"), in: .devices) == .audit)
            #expect(keymap.command(for: .character("h"), in: .audit) == .back)
            #expect(keymap.command(for: .control("f"), in: .actions) == .movePageDown)
        default:
            #expect(keymap.command(for: .control("n"), in: .devices) == .moveDown)
            #expect(keymap.command(for: .control("g"), in: .input) == .cancel)
            #expect(keymap.command(for: .control("e"), in: .menu) == .last)
            #expect(keymap.command(for: .control("e"), in: .confirm) == .keepEnrollmentData, "contexts keep their own keys")
        }
        // A user's keys.yaml starts from a preset and changes one key.
        let own = try KeymapFile.parse("preset: \(name)\ndevices:\n  more: M\n", file: "keys.yaml")
        #expect(own.command(for: .character("M"), in: .devices) == .more)
        #expect(own.keys(.moveUp, in: .devices) == keymap.keys(.moveUp, in: .devices))
    }

    @Test("keys.yaml in the config folder is read by default; --keys names a preset or a file; a sandbox takes names only")
    func loading() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mdmconsole-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try KeymapFile.load(nil, configFolder: folder.path) == .standard)
        try "devices:\n  more: M\n".write(to: folder.appendingPathComponent("keys.yaml"), atomically: true, encoding: .utf8)
        #expect(try KeymapFile.load(nil, configFolder: folder.path).command(for: .character("M"), in: .devices) == .more)
        #expect(try KeymapFile.load("standard", configFolder: folder.path) == .standard)
        let path = folder.appendingPathComponent("keys.yaml").path
        #expect(throws: KeymapError.self) { try KeymapFile.load(path, configFolder: folder.path, namesOnly: true) }
        #expect(throws: KeymapError.self) { try KeymapFile.load("/dev/zero", configFolder: folder.path) }
        #expect(throws: KeymapError.self) { try KeymapFile.load("vi", configFolder: folder.path) }
    }

    @Test("The vim preset walks the whole flow: j moves, l opens, m More, Esc back, L audit, h back")
    func vimWalk() throws {
        let keymap = try KeymapFile.load("vim", configFolder: "/nonexistent")
        let (session, _) = try UIFixture.session(keymap: keymap)
        session.press(.character("j"))
        #expect(session.state.list.position.selection == 1)
        session.press(.character("l"))
        guard case .overview = session.state.screen else { Issue.record("l opens the device"); return }
        session.press(.character("m"))
        guard case .more? = session.state.overlay else { Issue.record("m opens More"); return }
        session.press(.character("h"))
        #expect(session.state.overlay == nil, "h closes More")
        session.press(.character("L"))
        #expect(session.state.screen == .audit)
        session.press(.character("h"), .character("h"))
        #expect(session.state.screen == .devices)
    }
}
