import Foundation
import Testing
@testable import ConsoleUI
@testable import MDMCore

@Suite("All devices")
struct DeviceListScreenTests {
    @Test("The list at 80×24: every column, the counts, the keys")
    func list() throws {
        let (session, _) = try UIFixture.session()
        expectScreen(session, """
             Contoso │ All devices         admin@contoso.com · Admin · 2026-11-24 09:00 UTC
             / filters by name, user, email, serial, model  s Sort: Device name · 6 devices
              Device name       Managed by   Own. Compl.    OS      Ver.   User     Check-in
            › Ana's iPhone      Automated (… Corp Compliant iOS     18.1   ana.cos… 2h ago
              Ben's Pixel       Work profile Pers Compliant Android 13     ben.oka… 2h ago
              DESKTOP-7H3K2LP   MDM          Corp Not comp… Windows 10.0.… chloe.m… 2h ago
              KIOSK-LOBBY-01    Dedicated    Corp Compliant Android 12     —        2h ago
              Lena's Galaxy     Device admin Corp Compliant Android 7.0    lena.sc… 30d ago
              Sam's iPhone      User enroll… Pers Compliant iOS     17.7   sam.qui… 2h ago














             ↑↓ move  Enter open  m More  / filter  a actions  l audit  ? help  q quit
            """)
    }

    @Test("/ filters as you type, on name, user and serial; Esc clears")
    func filterAsYouType() throws {
        let (session, _) = try UIFixture.session()
        session.press(.character("/"))
        session.type("iph")
        expectScreen(session, """
             Contoso │ All devices         admin@contoso.com · Admin · 2026-11-24 09:00 UTC
             Filter: iph                               s Sort: Device name · 2 of 6 devices
              Device name       Managed by   Own. Compl.    OS      Ver.   User     Check-in
            › Ana's iPhone      Automated (… Corp Compliant iOS     18.1   ana.cos… 2h ago
              Sam's iPhone      User enroll… Pers Compliant iOS     17.7   sam.qui… 2h ago


















             type to filter  Enter keep  Esc clear  ↑↓ to the list
            """)
        session.press(.escape)
        #expect(session.state.list.filteredCount == 6)
        session.filter("lena.schmidt")
        #expect(session.state.list.selectedDevice?.name == "Lena's Galaxy")
        session.press(.escape)
        session.filter("SND3")
        #expect(session.state.list.selectedDevice?.name == "DESKTOP-7H3K2LP")
        session.press(.escape)
        session.filter("no such thing")
        #expect(session.text.contains("No device matches \"no such thing\". Esc clears the filter."))
    }

    @Test("Arrows, j/k, Home/End move the selection; Enter opens the device")
    func movement() throws {
        let (session, _) = try UIFixture.session()
        session.press(.down, .character("j"))
        #expect(session.state.list.selectedDevice?.name == "DESKTOP-7H3K2LP")
        session.press(.character("k"))
        #expect(session.state.list.selectedDevice?.name == "Ben's Pixel")
        session.press(.end)
        #expect(session.state.list.selectedDevice?.name == "Sam's iPhone")
        session.press(.down)
        #expect(session.state.list.selectedDevice?.name == "Sam's iPhone", "the selection stops at the last row")
        session.press(.home, .enter)
        #expect(session.state.screen == .overview(deviceId: "d1"))
        #expect(session.lines[1].hasPrefix(" Ana's iPhone"))
    }

    @Test("s changes the sort: by last check-in puts the offline phone last")
    func sort() throws {
        let (session, _) = try UIFixture.session()
        session.press(.character("s"))
        #expect(session.state.list.query.sort == .lastCheckIn)
        #expect(session.lines[1].contains("Sort: Last check-in"))
        session.press(.end)
        #expect(session.state.list.selectedDevice?.name == "Lena's Galaxy")
    }

    @Test("A long list pages with PgDn and loads only the rows around the screen")
    func paging() throws {
        let session = try TestConsole.session()
        let first = session.state.list.page
        #expect(first?.window.rows.count == session.state.listRows * 3)
        for _ in 0..<12 { session.press(.pageDown) }
        let position = session.state.list.position
        #expect(position.selection == 12 * session.state.listRows)
        #expect(session.state.list.selectedDevice != nil, "the rows on screen were loaded")
        #expect(session.state.list.page!.window.offset > 0, "rows far above were let go")
        #expect(session.state.list.page!.window.rows.count <= session.state.listRows * 9)
        for _ in 0..<12 { session.press(.pageUp) }
        #expect(session.state.list.position.selection == 0)
        #expect(session.state.list.selectedDevice?.id == first?.window.rows.first?.id, "back at the top, the same first row")
        session.press(.end)
        #expect(session.state.list.position.selection == session.state.list.filteredCount - 1)
        #expect(session.state.list.selectedDevice != nil)
    }

    @Test("A big tenant: an estimated count said as such until the background count lands, End reaches the last row")
    func bigTenantCounts() throws {
        let session = try TestConsole.session(big: true)
        // The background's clock is the test's: nothing runs until it moves.
        let background = ManualScheduler()
        session.background = background
        let total = CountText.grouped(try session.runner.store.deviceCount())
        #expect(session.lines[1].contains("· \(total) devices"))
        session.type("/a")
        #expect(session.lines[1].contains("about "), "a one-letter filter is estimated first: \(session.lines[1])")
        background.advance(by: 100)
        session.drainBackground()
        #expect(session.lines[1].contains("about "), "not yet: the count starts 150 ms after the last keystroke")
        background.advance(by: 60)
        session.drainBackground()
        let exact = try session.runner.store.deviceCount(DeviceQuery(search: "a"))
        #expect(session.lines[1].contains("· \(CountText.grouped(exact)) of \(total) devices"), "\(session.lines[1])")
        session.press(.enter, .end)
        #expect(session.state.list.position.selection == exact - 1)
        let last = try session.runner.store.devices(DeviceQuery(search: "a")).last
        #expect(session.state.list.selectedDevice?.id == last?.id)
        #expect(session.state.list.page!.window.rows.count <= session.state.listRows * 9)
    }

    @Test("The audit pane pages through a log far longer than it holds, and back to the newest entry")
    func auditPaging() throws {
        let session = try TestConsole.session(big: true)
        session.press(.character("l"))
        let newest = try #require(session.state.audit.selectedEntry)
        let total = try session.runner.store.auditCount(AuditQuery())
        #expect(session.state.audit.count == total)
        for _ in 0..<60 { session.press(.pageDown) }
        #expect(session.state.audit.position.selection == 60 * session.state.listRows)
        let deep = try #require(session.state.audit.selectedEntry, "the entries on screen were read")
        let whole = try session.runner.store.auditEntries(AuditQuery())
        #expect(deep.id == whole[60 * session.state.listRows].id)
        #expect(session.state.audit.window.rows.count <= session.state.listRows * 9)
        session.press(.end)
        #expect(session.state.audit.selectedEntry?.id == whole.last?.id)
        session.press(.home)
        #expect(session.state.audit.selectedEntry?.id == newest.id)
    }
}
