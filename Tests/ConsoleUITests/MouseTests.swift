import Foundation
import Testing
@testable import ConsoleUI

/// The mouse goes through the same commands as the keys.
@Suite("Mouse")
struct MouseTests {
    @Test("A click selects the row under it, a double click opens it, the wheel scrolls by three")
    func rows() throws {
        let (session, _) = try UIFixture.session()
        session.send(.mouse(MouseEvent(kind: .click, x: 10, y: 6)))
        #expect(session.state.list.position.selection == 3, "row 6 is the fourth device (rows start at 3)")
        session.send(.mouse(MouseEvent(kind: .click, x: 10, y: 20)))
        #expect(session.state.list.position.selection == 3, "a click below the last device changes nothing")
        session.send(.mouse(MouseEvent(kind: .wheelUp, x: 10, y: 6)))
        #expect(session.state.list.position.selection == 0)
        session.send(.mouse(MouseEvent(kind: .wheelDown, x: 10, y: 6)))
        #expect(session.state.list.position.selection == 3)
        let device = try #require(session.state.list.device(at: 1))
        session.send(.mouse(MouseEvent(kind: .doubleClick, x: 10, y: 4)))
        #expect(session.state.screen == .overview(deviceId: device.id), "a double click opens the device under it")
    }

    @Test("A click on a footer key runs that key; in More a click picks an entry and a double click takes it (a greyed one only says why)")
    func footerAndMenu() throws {
        let (session, _) = try UIFixture.session()
        session.press(.down)
        let more = try #require(FooterKeys.layout(session.state).first { $0.item.command == .more })
        session.send(.mouse(MouseEvent(kind: .click, x: more.x, y: 23)))
        guard case .more? = session.state.overlay else { Issue.record("the footer's m More opened More"); return }
        // Ben's Pixel: Wipe (the second entry) is greyed (R4).
        let wipeRow = try #require(session.lines.firstIndex { $0.contains("[Wipe]") })
        session.send(.mouse(MouseEvent(kind: .doubleClick, x: 20, y: wipeRow)))
        guard case .more(let menu)? = session.state.overlay else { Issue.record("a greyed entry opens nothing"); return }
        #expect(menu.selected == 1)
        #expect(session.state.status?.text.contains("Wipe cannot be taken (R4)") == true)
        // The box is sized to the highlighted entry's text, so look again where Retire is.
        let retireRow = try #require(session.lines.firstIndex { $0.contains("Retire") && !$0.contains("R4") })
        session.send(.mouse(MouseEvent(kind: .doubleClick, x: 20, y: retireRow)))
        guard case .confirm(let confirmation)? = session.state.overlay else { Issue.record("a double click on Retire asks to confirm"); return }
        #expect(confirmation.availability.action == .retire)
        session.send(.mouse(MouseEvent(kind: .click, x: 20, y: 2)))
        if case .confirm? = session.state.overlay {} else { Issue.record("a click outside a confirmation neither sends nor closes it") }
    }
}
