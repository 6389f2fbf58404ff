import Foundation
import Testing
@testable import ConsoleUI
@testable import MDMCore

/// Device actions, the audit pane, help, the command line, live updates and terminal size.
@Suite("Views")
struct ViewsTests {
    /// Retires Ben's Pixel through the console, as a user would.
    func retireBen(_ session: ConsoleSession) {
        session.press(.down, .character("m"), .enter, .character("y"))
    }

    @Test("R20: Device actions lists every action with its state, filters by state with f, and shows the selected one's detail")
    func deviceActions() throws {
        let (session, store) = try UIFixture.session()
        retireBen(session)
        _ = try Simulator(store: store).portalRetire(deviceId: "d6", by: "admin@contoso.com")
        session.press(.character("a"))
        expectScreen(session, """
             Contoso │ Device actions      admin@contoso.com · Admin · 2026-11-24 09:00 UTC
             Showing all states (f to change)                                     2 actions
              Issued           Action           Device             State        Initiated by
            › 2026-11-24 09:00 Retire           Sam's iPhone       pending      sam.quinn@c…
              2026-11-24 09:00 Retire           Ben's Pixel        pending      admin@conto…














            ────────────────────────────────────────────────────────────────────────────────
             No audit entry for this retire: it was most likely started by the device's own
             user from the Company Portal app or web site. (R19)

             ↑↓ move  Enter device  f state  Esc back  l audit  ? help  q quit
            """)
        session.press(.character("f"))
        #expect(session.state.actions.filter == .pending)
        #expect(session.lines[1].contains("Showing state = pending"))
        session.press(.character("f"))
        #expect(session.text.contains("No action is active."))
        session.press(.escape)
        #expect(session.state.screen == .devices)
    }

    @Test("R18: the audit pane, newest first; Enter shows the whole entry; / filters by actor")
    func auditPane() throws {
        let (session, _) = try UIFixture.session()
        retireBen(session)
        session.press(.character("l"))
        expectScreen(session, """
             Contoso │ Audit log           admin@contoso.com · Admin · 2026-11-24 09:00 UTC
             / to filter: actor: activity: device: since: until: result:            1 entry
              Time             Activity              Result  Initiated by       Device
            › 2026-11-24 09:00 retire ManagedDevice  success admin@contoso.com  Ben's Pixel



















             ↑↓ move  Enter entry  / filter  Esc back  a actions  ? help  q quit
            """)
        session.press(.enter)
        let entry = session.text
        #expect(entry.contains("Initiated by   admin@contoso.com (user)"))
        #expect(entry.contains("Target         Ben's Pixel (d2)"))
        #expect(entry.contains("managementState: managed → retirePending"))
        #expect(entry.contains("Result         success"))
        session.press(.escape, .character("/"))
        session.type("actor:helpdesk")
        #expect(session.text.contains("No audit entry matches."))
        session.press(.escape)
        session.press(.character("/"))
        session.type("since:2026-11-25")
        #expect(session.text.contains("No audit entry matches."))
        session.press(.escape)
        session.press(.character("/"))
        session.type("since:2026-1")
        #expect(session.text.contains("since: \"2026-1\" is not a date"), "an unfinished date says so instead of guessing")
    }

    @Test("? shows every key")
    func help() throws {
        let (session, _) = try UIFixture.session()
        session.press(.character("?"))
        let text = session.text
        for key in [":devices", "Esc", "Ctrl-C", "PgUp PgDn", "/ filter as you type", "s next sort order", "f state filter", "↑↓ k/j move", "Enter → the whole entry", "a-z next action so named"] {
            #expect(text.contains(key), "help mentions \(key)")
        }
        session.press(.escape)
        #expect(session.state.overlay == nil)
    }

    @Test("Below 80×24 a message replaces the screen until resized; q still quits")
    func tooSmall() throws {
        let (session, _) = try UIFixture.session(width: 70, height: 20)
        #expect(session.lines[9] == "                      Terminal too small: 70x20.")
        #expect(session.lines[10] == "                   mdmconsole needs at least 80x24.")
        session.press(.character("m"))
        #expect(session.state.overlay == nil, "keys do nothing while too small")
        session.send(.resized(width: 80, height: 24))
        #expect(session.lines[3].hasPrefix("› Ana's iPhone"))
        session.send(.resized(width: 120, height: 30))
        #expect(session.lines[0].hasPrefix(" mdmconsole │ Contoso │ All devices"))
        #expect(session.lines[0].contains("Administrator"))
        session.send(.resized(width: 60, height: 24))
        session.press(.character("q"))
        #expect(session.quitRequested)
    }

    @Test(": commands switch views; unknown ones say what exists; :q quits")
    func commandLine() throws {
        let (session, _) = try UIFixture.session()
        session.press(.character(":"))
        session.type("audit")
        #expect(session.lines[23].hasPrefix(":audit"))
        session.press(.enter)
        #expect(session.state.screen == .audit)
        session.press(.character(":"))
        session.type("reboot")
        session.press(.enter)
        #expect(session.lines[22].contains("Unknown command :reboot. Try :devices :audit :approvals :theme :sign-in :help"))
        session.press(.character(":"))
        session.type("q")
        session.press(.enter)
        #expect(session.quitRequested)
    }

    @Test("Esc walks back through the views visited")
    func escapeGoesBack() throws {
        let (session, _) = try UIFixture.session()
        session.press(.enter, .character("a"), .character("l"))
        #expect(session.state.screen == .audit)
        session.press(.escape)
        #expect(session.state.screen == .actions)
        session.press(.escape)
        #expect(session.state.screen == .overview(deviceId: "d1"))
        session.press(.escape)
        #expect(session.state.screen == .devices)
    }

    @Test("Ctrl-C and q quit")
    func quitting() throws {
        let (first, _) = try UIFixture.session()
        first.press(.control("c"))
        #expect(first.quitRequested)
        let (second, _) = try UIFixture.session()
        second.press(.character("q"))
        #expect(second.quitRequested)
    }

    @Test("Live: what another process writes to the store shows up on the next look, without a key")
    func live() throws {
        let (session, store) = try UIFixture.session()
        session.press(.down, .enter)
        #expect(session.lines[1].hasSuffix("managed"))
        #expect(session.pollStore() == false, "nothing new yet")
        // Another console, with its own connection to the same file.
        let other = try TenantStore(path: store.path)
        _ = try ActionService(store: other).take(ActionRequest(action: .retire, deviceId: "d2", operatorUPN: "helpdesk@contoso.com", acknowledged: true))
        #expect(session.pollStore())
        #expect(session.lines[1].hasSuffix("retirePending"))
        #expect(session.text.contains("by helpdesk@contoso"))
        _ = try Simulator(store: other).advance(by: 8 * RuleDurations.hour, by: "admin@contoso.com")
        #expect(session.pollStore())
        #expect(session.lines[0].contains("2026-11-24 17:00 UTC"), "the tenant clock in the header moved")
        #expect(session.lines[1].hasSuffix("retired"))
    }

    @Test("Live: the audit pane shows entries written after it was opened, by this console and another")
    func liveAudit() throws {
        let (session, store) = try UIFixture.session()
        session.press(.character("l"))
        let before = session.text
        // This console's own Sync: More on Ben's Pixel, the fourth entry.
        session.press(.escape, .down, .character("m"), .down, .down, .down, .enter, .enter)
        #expect(try store.auditEntries().count == 1)
        session.press(.escape, .character("l"))
        #expect(session.text.contains("syncDevice"), "its own Sync is listed")
        let other = try TenantStore(path: store.path)
        _ = try ActionService(store: other).take(ActionRequest(action: .retire, deviceId: "d2", operatorUPN: "helpdesk@contoso.com", acknowledged: true))
        #expect(session.pollStore())
        #expect(session.lines[3].contains("retire") && session.lines[3].contains("helpdesk@contoso"), "the newest entry is on top without a key")
        #expect(session.text != before)
    }

    @Test("Live: a device that sorts above the rows shown appears, and the selection stays on its device")
    func liveNewDeviceAbove() throws {
        let (session, store) = try UIFixture.session()
        session.press(.down, .down)
        #expect(session.state.list.selectedDevice?.name == "DESKTOP-7H3K2LP")
        let other = try TenantStore(path: store.path)
        try other.write { db in
            try UIFixture.device("d0", "Aaron's iPad", .iPadOS, .appleDeviceEnrollment, "18.1", user: "aaron.b").insert(db)
        }
        #expect(session.pollStore())
        #expect(session.text.contains("Aaron's iPad"))
        #expect(session.state.list.selectedDevice?.name == "DESKTOP-7H3K2LP")
    }

    @Test("A device deleted elsewhere leaves its overview with a message")
    func deletedElsewhere() throws {
        let (session, store) = try UIFixture.session()
        session.press(.down, .down, .enter)
        let other = try TenantStore(path: store.path)
        _ = try ActionService(store: other).take(ActionRequest(action: .delete, deviceId: "d3", operatorUPN: UIFixture.admin, typedName: "DESKTOP-7H3K2LP"))
        session.pollStore()
        #expect(session.state.screen == .devices)
        #expect(session.lines[22].contains("That device no longer exists"))
        #expect(!session.text.contains("DESKTOP-7H3K2LP"))
    }

    @Test("ASCII where the terminal is not UTF-8: every screen, frames and symbols included, is ASCII only")
    func asciiGlyphs() throws {
        let (session, _) = try UIFixture.session(glyphs: .ascii)
        func expectASCII(_ screen: String, sourceLocation: SourceLocation = #_sourceLocation) {
            let other = session.text.unicodeScalars.filter { !$0.isASCII }
            #expect(other.isEmpty, "\(screen): \(String(String.UnicodeScalarView(other)))", sourceLocation: sourceLocation)
        }
        expectASCII("All devices")
        session.press(.character("m"))
        #expect(session.text.contains("+- ... More: Ana's iPhone"))
        expectASCII("... More")
        session.press(.escape, .enter)
        expectASCII("the device overview")
        session.press(.escape, .character("?"))
        expectASCII("help")
        session.press(.escape, .character("a"))
        expectASCII("Device actions")
        session.press(.character("l"))
        expectASCII("the audit log")
    }
}

@Suite("Overview scrolling")
struct OverviewScrollTests {
    @Test("Scrolling down stops at the last line, so one press up moves up")
    func clamped() throws {
        let (session, _) = try UIFixture.session()
        session.press(.enter)
        for _ in 0..<30 { session.press(.down) }
        #expect(session.state.overviewScroll == 0, "the overview fits on screen, so there is nothing to scroll")
    }
}

/// Names from an old store or another script: wide, combining, or holding controls.
@Suite("Hostile and wide names on screen")
struct HostileNamesOnScreenTests {
    /// The fixture tenant plus devices whose names a terminal would misread.
    func session() throws -> (ConsoleSession, TenantStore) {
        let (session, store) = try UIFixture.session()
        try store.write { db in
            try UIFixture.device("h1", "王小明的iPhone手机", .iOS, .appleDeviceEnrollment, "18.1", user: "wang.xm").insert(db)
            try UIFixture.device("h2", "Aa\u{1B}]0;pwned\u{07}\u{1B}[2J", .windows, .windowsMDM, "10.0.22631", user: "eve.x").insert(db)
            try UIFixture.device("h3", "📱 Zoe\u{301} test", .iOS, .appleDeviceEnrollment, "18.1", user: "zoe.a").insert(db)
        }
        session.pollStore()
        return (session, store)
    }

    @Test("Every row is exactly the screen's width in terminal columns, and no control reaches a cell")
    func widths() throws {
        let (session, _) = try session()
        #expect(session.text.contains("王小明"))
        for line in session.screen.text.split(separator: "\n", omittingEmptySubsequences: false) {
            #expect(ColumnWidth.of(String(line)) == 80, "\(line)")
        }
        let scalars = session.screen.cells.flatMap { $0.character.unicodeScalars }
        #expect(!scalars.contains { TerminalText.isControl($0) && $0 != "\u{0}" })
        #expect(session.text.contains("Aa\\u001b]0;pwned"), "the escape is shown, visibly")
    }

    @Test("A wide character overwritten by half leaves no debris")
    func noDebris() {
        var grid = CellGrid(width: 6, height: 1)
        grid.write("王王王", x: 0, y: 0)
        grid.write("a", x: 1, y: 0)
        #expect(grid.line(0) == " a王王")
        #expect(ColumnWidth.of(grid.line(0)) == 6)
        grid.write("bc", x: 4, y: 0)
        #expect(grid.line(0) == " a王bc")
    }

    @Test("A device whose name holds ESC can be wiped by typing what the screen shows")
    func wipeTypeable() throws {
        let (session, store) = try session()
        session.press(.character("/"))
        for character in "eve" { session.press(.character(character)) }
        session.press(.enter, .character("m"), .down, .enter)
        #expect(session.text.contains("Type the device's name"))
        for character in "Aa\\u001b]0;pwned\\u0007\\u001b[2J" { session.press(.character(character)) }
        session.press(.enter)
        #expect(try store.actions().contains { $0.deviceId == "h2" && $0.action == .wipe })
    }
}
