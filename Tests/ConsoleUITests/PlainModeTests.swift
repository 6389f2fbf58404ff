import Foundation
import Testing
@testable import ConsoleUI
import MDMCore

/// Screen-reader mode: the cursor on the selection, no frame or symbol, menus as numbered
/// lines, state in words; and the cursor parked on the selection in the default mode too.
@Suite("Screen-reader mode (--plain)")
struct PlainModeTests {
    static let glyphs = Glyphs.plain(ellipsis: "…")

    /// Box drawing (U+2500–U+257F), arrows and the console's other symbols.
    static func decorations(_ text: String) -> [Character] {
        text.filter { character in
            character.unicodeScalars.contains { (0x2500...0x257F).contains($0.value) || (0x2190...0x21FF).contains($0.value) || $0 == "›" || $0 == "·" }
        }.map { $0 }
    }

    @Test("R4 in words: the More menu is numbered lines, a greyed entry says \"greyed out\" with its rule and reason, and the cursor is on it")
    func moreAsNumberedLines() throws {
        let (session, _) = try UIFixture.session(glyphs: Self.glyphs, plain: true)
        session.press(.down, .enter, .character("m"), .down)
        let screen = session.screen
        let wipe = try #require(session.lines.first { $0.contains("2 of 16: Wipe") })
        #expect(wipe.contains("greyed out: R4, Google does not allow an MDM to factory-reset"), "line: \(wipe)")
        #expect(session.lines.contains { $0.hasPrefix(" 1 of 16: Retire") })
        let cursor = try #require(screen.cursor)
        #expect(screen.line(cursor.y).contains("2 of 16: Wipe"), "the cursor is on the highlighted entry")
        #expect(Self.decorations(session.text).isEmpty, "no frame or symbol: \(Self.decorations(session.text))")
    }

    @Test("Every screen and overlay holds no box-drawing character or arrow, and the cursor is on the selected row after every key")
    func walk() throws {
        let (session, _) = try UIFixture.session(glyphs: Self.glyphs, plain: true)
        func check(_ step: String) {
            let screen = session.screen
            #expect(Self.decorations(screen.text).isEmpty, "\(step): \(Self.decorations(screen.text)) in\n\(screen.text)")
            guard let cursor = screen.cursor else { Issue.record("\(step): no cursor"); return }
            #expect(cursor.y > 0 && cursor.y < screen.height && cursor.x < screen.width, "\(step): cursor at \(cursor)")
        }
        func rowUnderCursor() -> String { session.screen.line(session.screen.cursor?.y ?? 0) }
        check("All devices")
        #expect(!session.text.contains(" ago"), "check-ins are dates, which do not age on screen")
        session.press(.down, .down)
        #expect(rowUnderCursor().contains(try #require(session.state.list.selectedDevice).name), "the cursor follows the selection")
        check("moved")
        session.press(.character(" "))
        let marked = session.lines.filter { $0.contains("marked ") }
        #expect(marked.count == 1 && marked[0].contains("marked DESKTOP"), "a mark is the word marked:\n\(session.text)")
        check("marked")
        session.press(.character("u"), .character("/"))
        session.type("iph")
        let cursor = try #require(session.screen.cursor)
        #expect(cursor.y == 1 && cursor.x == " Filter: iph".count, "typing: the cursor is after the text (\(cursor))")
        session.press(.escape, .enter)
        check("overview")
        session.press(.character("m"))
        check("More")
        session.press(.escape, .escape, .character("?"))
        check("help")
        session.press(.escape, .character("a"))
        check("Device actions")
        session.press(.character("l"))
        check("audit")
        session.press(.enter)
        check("audit entry")
        session.press(.escape, .character(":"))
        session.type("dev")
        let command = try #require(session.screen.cursor)
        #expect(command.y == 22 && command.x == 4, "the command line (above the status line): cursor after :dev (\(command))")
    }

    @Test("Wipe's options read as words with their keys, and the cursor is in the name field")
    func wipeOptionsInWords() throws {
        let (session, _) = try UIFixture.session(glyphs: Self.glyphs, plain: true)
        // DESKTOP-7H3K2LP, the third device: Wipe is its second entry.
        session.press(.down, .down, .character("m"), .down, .enter)
        #expect(session.text.contains("Keep enrollment data (Ctrl-E): not checked"), "\(session.text)")
        session.press(.control("e"))
        #expect(session.text.contains("Keep enrollment data (Ctrl-E): checked"))
        session.type("DESK")
        let cursor = try #require(session.screen.cursor)
        #expect(session.screen.line(cursor.y).trimmingCharacters(in: .whitespaces) == "DESK", "the cursor is on the typed name's line")
        #expect(cursor.x == 1 + 4, "after what was typed (\(cursor))")
    }

    @Test("The default mode parks the (hidden) cursor on the selected row too")
    func defaultModeParksTheCursor() throws {
        let (session, _) = try UIFixture.session()
        session.press(.down, .down, .down)
        let screen = session.screen
        let cursor = try #require(screen.cursor)
        #expect(screen.line(cursor.y).hasPrefix("›"), "on the selected row: \(screen.line(cursor.y))")
        session.press(.character("m"))
        #expect(session.screen.line(try #require(session.screen.cursor).y).contains("›"), "on the highlighted More entry")
    }

    @Test("An error on the status line, the bottom line, says Error in words, not only in red")
    func errorsInWords() throws {
        let (session, _) = try UIFixture.session(glyphs: Self.glyphs, plain: true)
        session.press(.character(":"))
        session.type("nonsense")
        session.press(.enter)
        #expect(session.lines[23].hasPrefix(" Error: Unknown command :nonsense"), "\(session.lines[23])")
    }

    @Test("The header says when the mirror synced, a time of day that does not age on screen")
    func timeOfDay() {
        var status = MirrorStatus()
        status.lastCompleteSync = UIFixture.now
        #expect(status.summary(now: UIFixture.now.addingTimeInterval(40)) == "synced 40 s ago")
        #expect(status.summary(now: UIFixture.now.addingTimeInterval(40), timeOfDay: true) == "synced at 09:00 UTC")
        #expect(status.summary(now: UIFixture.now.addingTimeInterval(4000), timeOfDay: true) == "synced at 09:00 UTC")
    }
}
