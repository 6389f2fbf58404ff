import Foundation
import Testing
@testable import ConsoleUI
@testable import MDMCore

/// Device → "… More" → confirmation → the result on the device and in Device actions.
@Suite("… More and confirmations")
struct ActionFlowTests {
    @Test("R4: More on a work profile phone with Wipe highlighted: greyed, bracketed, with reason and remedy")
    func moreWithGreyedWipe() throws {
        let (session, _) = try UIFixture.session()
        session.press(.down, .enter, .character("m"), .down)
        // Sixteen actions and the reason do not fit 24 rows: the entries scroll, and say so.
        expectScreen(session, """
             Contoso │ Device              admin@contoso.com · Admin · 2026-11-24 09:00 UTC
             B┌─ … More: Ben's Pixel ────────────────────────────────────────────────────┐
             M│                                                                          │
             O│    Retire                                                                │
             C│ › [Wipe]  greyed out (R4)                                                │
             O│    Delete                                                                │
             P│    Sync                                                                  │
             U│    Reset passcode   expected to end notSupported (R7)                    │00
             E│   [Bypass Activation Lock]  greyed out (R1)                              │
             A│   [Remote lock]  greyed out (R29)                                        │
              │   [Restart]  greyed out (R27)                                            │
             D│   [Shut down]  greyed out (R28)                                          │
              │   [Enable Lost Mode]  greyed out (R30)                                   │
              │   [Disable Lost Mode]  greyed out (R30)                                  │
              │   [Locate device]  greyed out (R32)                                      │
              │ ↓ 4 more                                                                 │
              │ ──────────────────────────────────────────────────────────────────────── │
              │ Wipe is greyed out (R4): Google does not allow an MDM to factory-reset   │
              │ an Android Enterprise work profile device.                               │
              │ Remedy: Retire it: that removes the work profile and its data.           │
              │                                                                          │
              └──────────────────────────────────────────────────────────────────────────┘

             ↑↓ choose  Enter take  Esc close
            """)
        // The greyed entry is dimmed (greyed role) as well as bracketed.
        let row = session.lines.firstIndex { $0.contains("[Wipe]") }!
        let column = Array(session.lines[row]).firstIndex(of: "[")!
        #expect(session.screen[column, row].role == .greyedSelected)
    }

    @Test("Enter on a greyed entry says why and takes nothing")
    func greyedTakesNothing() throws {
        let (session, store) = try UIFixture.session()
        session.press(.down, .character("m"), .down, .enter)
        #expect(session.lines[22].contains("Wipe cannot be taken (R4): Google does not allow"))
        if case .more = session.state.overlay {} else { Issue.record("the menu should stay open") }
        #expect(try store.actions().isEmpty)
        #expect(try store.auditEntries().isEmpty)
    }

    @Test("R7: resetting a work profile without a token says which condition is missing before it is sent")
    func resetDiagnosisBeforeSending() throws {
        let (session, _) = try UIFixture.session()
        session.press(.down, .character("m"), .down, .down, .down, .down, .enter)
        let screen = session.text
        #expect(screen.contains("This is expected to end Not supported:"))
        #expect(screen.contains("(3) the user has not accepted the second"))
        #expect(!screen.contains("(1)"))
        #expect(screen.contains("Send Reset passcode? y or Enter to send"))
    }

    @Test("R12: the retire confirmation warns about access tokens; y sends it; the device and Device actions show it at once")
    func retire() throws {
        let (session, store) = try UIFixture.session()
        session.press(.down, .enter, .character("m"), .enter)
        expectScreen(session, """
             Contoso │ Device              admin@contoso.com · Admin · 2026-11-24 09:00 UTC
             Ben's Pixel                                                           managed
             Managed by     Intune · Work profile    Model          Maker Model
             Ownership      Personal                 Serial number  SND2
             Compliance     Compliant                IMEI           —
             OS             Android 13               Supervised     No
             Pri┌─ Retire Ben's Pixel? ────────────────────────────────────────────────┐
             Use│                                                                      │9:00
             Enr│ R10: Removes company data and the 2 managed apps only.               │
             App│ R11: The 1 app the user installed themselves stays.                  │
                │ R12: Retire does not revoke access tokens: the user can sign back in │
             Dev│ to Office apps. Revoke their sessions and block access with          │
               N│ conditional access.                                                  │
                │                                                                      │
                │ Send Retire? y or Enter to send, n or Esc to cancel.                 │
                │                                                                      │
                └──────────────────────────────────────────────────────────────────────┘






             y/Enter send  n cancel  Esc back
            """)
        session.press(.character("y"))
        expectScreen(session, """
             Contoso │ Device              admin@contoso.com · Admin · 2026-11-24 09:00 UTC
             Ben's Pixel                                                     retirePending
             Managed by     Intune · Work profile    Model          Maker Model
             Ownership      Personal                 Serial number  SND2
             Compliance     Compliant                IMEI           —
             OS             Android 13               Supervised     No
             Primary user   Ben Okafor               Encrypted      Yes
             User UPN       ben.okafor@contoso.com   MDM cert.      expires 2027-05-08 09:00
             Enrolled       2026-05-08 09:00         Last check-in  2026-11-24 07:00
             Apps           2 managed, 1 user's own  Enrollment     userEnrollment

             Device actions   m: … More (2 of 16 actions available)
               2026-11-24 09:00  Retire                  pending       by admin@contoso.com
                 Waiting for the device to check in.








             Retire sent to Ben's Pixel: pending. Waiting for the device to check in.
             m More  ↑↓ scroll  Esc back  a actions  l audit  ? help  q quit
            """)
        #expect(try store.actions().map(\.state) == [.pending])
        session.press(.character("a"))
        #expect(session.lines[3].contains("Retire           Ben's Pixel        pending      admin@conto…"))
    }

    @Test("Wipe needs the device's exact name: a wrong name sends nothing, the right one sends it with the options toggled")
    func wipeTypedName() throws {
        let (session, store) = try UIFixture.session()
        session.press(.enter, .character("m"), .down, .enter)
        expectScreen(session, """
             Contoso │ Device              admin@contoso.com · Admin · 2026-11-24 09:00 UTC
             Ana's iPhone                                                          managed
             Managed by     Intune · Automated enr…  Model          Apple iPhone 15
             Ownership      Corporate                Serial number  SND1
             Compliance     Compliant                IMEI           —
             OS ┌─ Wipe Ana's iPhone? ─────────────────────────────────────────────────┐
             Pri│                                                                      │
             Use│ R2: Copy the Activation Lock bypass code before wiping: it is needed │9:00
             Enr│ on the Activation Lock screen afterwards.                            │
             App│ R16: Devices do not always report before the reset starts: the wipe  │
             Act│ may show pending indefinitely. Once you confirm it worked, delete    │
                │ the record.                                                          │
                │                                                                      │
             Dev│ Wipe cannot be undone. Type the device's name to confirm:            │
               N│                                                                      │
                │ [ ] Keep enrollment data (Ctrl-E) [ ] Keep user data (Ctrl-U)        │
                │ [ ] Keep the eSIM data plan (Ctrl-S)                                 │
                │                                                                      │
                └──────────────────────────────────────────────────────────────────────┘




             type the device's name  Enter confirm  Esc cancel
            """)
        session.type("ana's iphone")
        session.press(.enter)
        #expect(session.text.contains("That is not the device's name (Ana's iPhone); nothing was sent."))
        #expect(try store.actions().isEmpty)
        for _ in 0..<12 { session.press(.backspace) }
        session.press(.control("u"))
        #expect(session.text.contains("[x] Keep user data (Ctrl-U)"))
        session.type("Ana's iPhone")
        session.press(.enter)
        #expect(try store.actions().first?.action == .wipe)
        #expect(session.lines[1].hasSuffix("wipePending"))
        #expect(session.lines[22].contains("Wipe sent to Ana's iPhone: pending."))
        // The options it was sent with are in its audit entry, as Graph names them.
        let entry = try #require(try store.auditEntries(AuditQuery(activity: "wipe")).first)
        #expect(entry.changedProperties.contains(ChangedProperty("keepUserData", from: "", to: "true")))
        #expect(entry.changedProperties.contains(ChangedProperty("keepEnrollmentData", from: "", to: "false")))
    }

    @Test("R2: Bypass shows the current code and its expiry before, and the fresh code after, with copy-before-wiping")
    func bypass() throws {
        let (session, store) = try UIFixture.session()
        session.press(.enter, .character("m"), .down, .down, .down, .down, .down, .enter)
        let before = session.text
        #expect(before.contains("Current code: K7Q2M-XH4PD-9RTWC-L3NBV-F8JZY-2GH5S"))
        #expect(before.contains("Valid until 2026-12-06 09:00 UTC."))
        #expect(before.contains("Copy it before wiping"))
        session.press(.character("y"))
        let code = try #require(try store.device(id: "d1")?.activationLockBypassCode)
        #expect(code != "K7Q2M-XH4PD-9RTWC-L3NBV-F8JZY-2GH5S")
        #expect(session.text.contains("Activation Lock bypass code"))
        #expect(session.text.contains(code))
        #expect(session.text.contains("Valid until 2026-12-09 09:00 UTC (15 days)."))
        #expect(session.text.contains("Copy it before wiping"))
        session.press(.escape)
        #expect(session.text.contains("Activation Lock bypass code \(code)"), "R3: the overview shows the new code")
    }

    @Test("ROLE: for a read only operator every action is greyed with the role as the reason; Enter takes nothing")
    func readOnly() throws {
        let (session, store) = try UIFixture.session(as: "reader@contoso.com")
        #expect(session.lines[0].contains("reader@contoso.com · Read only"))
        session.press(.down, .down, .character("m"))
        let overview = try #require(session.state.overview)
        #expect(overview.availability.count == DeviceAction.allCases.count)
        #expect(overview.availability.allSatisfy { !$0.enabled && $0.rule == .role })
        // What the window shows of the menu is greyed, every line of it.
        let shown = session.lines.filter { $0.contains("│ › ") || $0.contains("│   ") && $0.contains("(") }
        #expect(shown.count >= 10 && shown.allSatisfy { $0.contains("greyed out (ROLE)") }, "\(shown)")
        #expect(session.text.contains("Retire is greyed out (ROLE): Your role, Read Only Operator, lacks Remote"))
        session.press(.enter)
        #expect(try store.actions().isEmpty)
        #expect(try store.auditEntries().isEmpty)
    }

    @Test("Help desk: Delete and Bypass greyed by role, Retire allowed")
    func helpDesk() throws {
        let (session, _) = try UIFixture.session(as: "helpdesk@contoso.com")
        session.press(.character("m"))
        let overview = try #require(session.state.overview)
        #expect(overview.availability.filter { $0.rule == .role }.map(\.action) == [.delete, .bypassActivationLock])
        // Every everyday remote task is the help desk's (the service's Help Desk Operator holds them).
        #expect(overview.availability.filter { $0.action.rawValue.contains("lost") || $0.action == .restart || $0.action == .rename }
            .allSatisfy { $0.rule != .role })
    }

    @Test("R30: Enable Lost Mode asks for its message in the confirmation; Enter without it sends nothing and says why; Tab moves to the phone; Enter sends both")
    func lostModeForm() throws {
        let (session, store) = try UIFixture.session()
        session.press(.enter, .character("m"))
        for _ in 0..<9 { session.press(.down) }
        #expect(session.text.contains("›  Enable Lost Mode"), "the menu scrolled to it")
        session.press(.enter)
        #expect(session.text.contains("Lock screen message*"))
        session.press(.enter)
        #expect(session.text.contains("Lock screen message: is required; nothing was sent."))
        #expect(try store.actions().isEmpty)
        // y and n type into the field here: only Enter sends and Esc goes back.
        session.type("Lost: say yes, call IT")
        session.press(.tab)
        session.type("+33 1 70 00 12 34")
        session.press(.enter)
        let record = try #require(try store.actions().first)
        #expect(record.action == .enableLostMode && record.input == ["message": "Lost: say yes, call IT", "phoneNumber": "+33 1 70 00 12 34"])
        #expect(session.lines[22].contains("Enable Lost Mode sent to Ana's iPhone: pending."))
    }

    @Test("R18: the audit pane opened again after an action shows that action's entry first, the selection kept on its row")
    func auditAfterAction() throws {
        let (session, _) = try UIFixture.session()
        // One entry to be selected in the pane, then another action taken.
        session.press(.enter, .character("m"), .down, .down, .down, .enter, .character("y"))
        session.press(.character("l"))
        #expect(session.lines[3].contains("syncDevice ManagedDe"))
        session.press(.escape, .character("m"))
        for _ in 0..<6 { session.press(.down) }
        #expect(session.text.contains("›  Remote lock"))
        session.press(.enter, .character("y"))
        session.press(.character("l"))
        #expect(session.lines[3].contains("remoteLock ManagedDe"), "the newest on top: \(session.text)")
        #expect(session.lines.first { $0.contains("› 2026") }?.contains("syncDevice") == true, "the selection stayed on its row: \(session.text)")
    }
}
