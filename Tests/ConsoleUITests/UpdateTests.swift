import Foundation
import Testing
@testable import ConsoleUI
@testable import MDMCore

/// The update as data: `(state, message) → (state, effects)`, with no store, no terminal and
/// no clock. What the runtime would read is given as the messages it would send back.
@Suite("Update as data")
struct UpdateTests {
    static let admin = UIFixture.admin
    static let devices = UIFixture.devices

    /// The console after its first loads: the header and the first window of All devices.
    func started(role: Role = .administrator) -> AppState {
        var state = AppState(width: 80, height: 24, operatorUPN: Self.admin)
        state = Update.update(state, .loaded(.header(HeaderInfo(tenantName: "Contoso", clock: UIFixture.now, role: role)))).0
        let request = DeviceWindowRequest(query: DeviceQuery(), start: .first, place: .first, limit: state.listRows * 3, counting: true)
        let window = DeviceWindow(rows: Self.devices, isFull: false, count: MatchCount(value: Self.devices.count, isExact: true),
                                  tenantTotal: Self.devices.count)
        return Update.update(state, .loaded(.devices(request, window))).0
    }

    func press(_ state: AppState, _ keys: Key...) -> (AppState, [Effect]) {
        var state = state
        var effects: [Effect] = []
        for key in keys { (state, effects) = Update.update(state, .key(key)) }
        return (state, effects)
    }

    func overview(_ device: Device, role: Role = .administrator) -> DeviceOverview {
        DeviceOverview(device: device, now: UIFixture.now, role: role, actions: [], unauditedActionIds: [])
    }

    @Test("Typing a filter: each key asks for the first window of the new query, counted")
    func filterTyping() {
        let (state, effects) = press(started(), .character("/"), .character("b"), .character("e"))
        #expect(state.list.editingFilter)
        #expect(state.list.query.search == "be")
        #expect(effects == [.loadDevices(DeviceWindowRequest(query: DeviceQuery(search: "be"), start: .first, place: .first,
                                                             limit: state.listRows * 3, counting: true))])
        let (cleared, _) = press(state, .escape)
        #expect(cleared.list.query.search == "" && !cleared.list.editingFilter)
    }

    @Test("R4: Enter on a greyed Wipe says why and asks for nothing")
    func greyedEntry() {
        let phone = Self.devices[1]  // Ben's Pixel, a work profile
        var state = started()
        state.overlay = .more(MoreMenu(deviceId: phone.id, selected: 1))
        state = Update.update(state, .loaded(.overview(deviceId: phone.id, overview(phone)))).0
        let (after, effects) = press(state, .enter)
        #expect(effects.isEmpty, "nothing is taken")
        #expect(after.status?.text.hasPrefix("Wipe cannot be taken (R4)") == true)
        #expect(after.overlay == state.overlay, "the menu stays open")
    }

    @Test("In … More a letter highlights the next action beginning with it, greyed ones too, wrapping round")
    func menuTypeAhead() {
        let phone = Self.devices[0]  // Ana's iPhone, supervised
        var state = started()
        state.overlay = .more(MoreMenu(deviceId: phone.id, selected: 0))
        state = Update.update(state, .loaded(.overview(deviceId: phone.id, overview(phone)))).0
        let titles = state.overview!.availability.map(\.title)
        func highlighted(_ state: AppState) -> String? {
            if case .more(let menu) = state.overlay { return titles[menu.selected] }
            return nil
        }
        let (lost, effects) = press(state, .character("e"))
        #expect(effects.isEmpty, "a letter takes nothing")
        #expect(highlighted(lost) == "Enable Lost Mode")
        let rs = (1...titles.filter { $0.hasPrefix("R") }.count).map { count in
            var pressed = state
            for _ in 0..<count { pressed = press(pressed, .character("r")).0 }
            return highlighted(pressed)
        }
        #expect(rs == ["Remove passcode", "Remote lock", "Restart", "Rename device", "Retire"], "from Retire, r steps through the others and wraps round")
        #expect(highlighted(press(state, .character("D")).0) == "Delete", "either case")
        #expect(highlighted(press(state, .character("x")).0) == "Retire", "a letter no title begins with leaves the highlight")
        #expect(press(state, .character("q")).0.overlay == nil, "a letter bound to a command keeps its command")
    }

    @Test("A typed confirmation sends the action only when the name matches, and only once")
    func typedConfirmation() throws {
        let laptop = Self.devices[2]  // DESKTOP-7H3K2LP
        let wipe = try #require(Rules.availability(for: laptop, role: .administrator, now: UIFixture.now, openActions: []).first { $0.action == .wipe })
        var state = started()
        state.overlay = .confirm(Confirmation(availability: wipe, deviceId: laptop.id, deviceName: laptop.name))
        var (typed, effects) = press(state, .character("D"), .character("E"), .enter)
        #expect(effects.isEmpty)
        if case .confirm(let confirmation) = typed.overlay { #expect(confirmation.mismatch) } else { Issue.record("the dialog stays") }
        for _ in 0..<2 { typed = press(typed, .backspace).0 }
        for character in laptop.name { typed = press(typed, .character(character)).0 }
        (typed, effects) = press(typed, .enter)
        var expected = ActionRequest(action: .wipe, deviceId: laptop.id, operatorUPN: Self.admin, typedName: laptop.name, acknowledged: true)
        expected.options = WipeOptions().asOptions
        #expect(effects == [.take(expected)])
        #expect(typed.sending)
        #expect(press(typed, .enter).1.isEmpty, "a second Enter while sending sends nothing")
    }

    @Test("Esc walks back through the views visited, to All devices, and stops there")
    func escapeChain() {
        var (state, _) = press(started(), .enter)
        #expect(state.screen == .overview(deviceId: Self.devices[0].id))
        (state, _) = press(state, .character("a"))
        #expect(state.screen == .actions)
        (state, _) = press(state, .character("l"))
        #expect(state.screen == .audit)
        var visited: [Screen] = []
        for _ in 0..<4 {
            (state, _) = press(state, .escape)
            visited.append(state.screen)
        }
        #expect(visited == [.actions, .overview(deviceId: Self.devices[0].id), .devices, .devices])
        #expect(state.backStack.isEmpty)
    }

    @Test("A background count for an older filter changes nothing; the current one makes the count exact")
    func lateCount() {
        var state = press(started(), .character("/"), .character("a")).0
        let request = DeviceWindowRequest(query: state.list.query, start: .first, place: .first, limit: state.listRows * 3, counting: true)
        state = Update.update(state, .loaded(.devices(request, DeviceWindow(rows: Array(Self.devices.prefix(3)), isFull: true,
                                                                             count: MatchCount(value: 40, isExact: false), tenantTotal: 6)))).0
        #expect(state.list.page?.count == MatchCount(value: 40, isExact: false))
        let stale = Update.update(state, .loaded(.deviceCount(DeviceQuery(search: "old"), 12)))
        #expect(stale.0 == state && stale.1.isEmpty, "an answer to an older filter is dropped")
        let current = Update.update(state, .loaded(.deviceCount(state.list.query, 3))).0
        #expect(current.list.page?.count == MatchCount(value: 3, isExact: true))
    }

    @Test("A tick asks the store; a change refreshes what is shown; a lost store stops the console")
    func ticks() {
        let state = started()
        #expect(Update.update(state, .tick).1 == [.checkStore])
        #expect(Update.update(state, .storeChanged).1.contains(.loadHeader))
        let (lost, effects) = Update.update(state, .storeLost("tenant.sqlite was replaced"))
        #expect(lost.storeLost == "tenant.sqlite was replaced" && effects == [.quit])
    }
}

/// The runtime's background work, with a clock the test moves.
@Suite("Background work")
struct BackgroundWorkTests {
    @Test("A device count and an audit count queued together both run: one kind does not supersede the other")
    func separateSlots() throws {
        let (session, _) = try UIFixture.session()
        let background = ManualScheduler()
        session.background = background
        session.run([.countDevices(DeviceQuery(search: "a")), .countAudit(AuditQuery(actor: "x"))])
        #expect(background.waiting == 2)
        background.advance(by: 200)
        #expect(session.drainBackground() == 2)
    }

    @Test("A newer count of the same kind supersedes one that has not started")
    func sameSlot() throws {
        let (session, _) = try UIFixture.session()
        let background = ManualScheduler()
        session.background = background
        session.run([.countDevices(DeviceQuery(search: "a"))])
        background.advance(by: 100)
        session.run([.countDevices(DeviceQuery(search: "ab"))])
        background.advance(by: 300)
        #expect(session.drainBackground() == 1)
    }
}

@Suite("Bypass code reads in the console")
struct BypassCodeConsoleTests {
    @Test("Opening an overview that shows a code asks for one audit entry; its refreshes ask for none; the next visit asks again")
    func oneEntryPerVisit() {
        let phone = UIFixture.devices[0]
        var state = AppState(width: 80, height: 24, operatorUPN: UIFixture.admin)
        state = Update.show(.overview(deviceId: phone.id), &state).isEmpty ? state : state
        let overview = DeviceOverview(device: phone, now: UIFixture.now, role: .administrator, actions: [], unauditedActionIds: [])
        #expect(overview.bypassCode != nil, "the fixture's first device holds a valid code")
        var effects: [Effect]
        (state, effects) = Update.update(state, .loaded(.overview(deviceId: phone.id, overview)))
        #expect(effects == [.recordBypassCodeRead(deviceId: phone.id)])
        (state, effects) = Update.update(state, .loaded(.overview(deviceId: phone.id, overview)))
        #expect(effects.isEmpty, "a refresh of the same visit is not another read")
        _ = Update.loadEffects(for: .overview(deviceId: phone.id), &state)
        (state, effects) = Update.update(state, .loaded(.overview(deviceId: phone.id, overview)))
        #expect(effects == [.recordBypassCodeRead(deviceId: phone.id)])
        let helpDesk = DeviceOverview(device: phone, now: UIFixture.now, role: .helpDesk, actions: [], unauditedActionIds: [])
        _ = Update.loadEffects(for: .overview(deviceId: phone.id), &state)
        (_, effects) = Update.update(state, .loaded(.overview(deviceId: phone.id, helpDesk)))
        #expect(effects.isEmpty, "a role that is not shown the code reads none")
    }
}

@Suite("Header on a connected tenant")
struct ConnectedHeaderTests {
    @Test("On 80 columns how current the mirror is stays whole; a long tenant name gives way first")
    func mirrorStaysWhole() {
        var state = AppState(width: 80, height: 24, operatorUPN: "helpdesk@contoso.com")
        state = Update.update(state, .loaded(.header(HeaderInfo(tenantName: "contoso.onmicrosoft.com via graph.microsoft.com", clock: UIFixture.now,
                                                                role: .helpDesk, mirror: "synced 40 s ago")))).0
        let header = ConsoleView.render(state).text.split(separator: "\n").first.map(String.init) ?? ""
        #expect(header.contains("synced 40 s ago"), "\(header)")
        #expect(header.contains("All devices") && header.contains("helpdesk@contoso.com"))
        #expect(header.contains("contoso."), "the tenant is cut, not dropped: \(header)")
    }
}

@Suite(":sign-in")
struct SignInCommandTests {
    func connected() -> AppState {
        var state = AppState(width: 80, height: 24, operatorUPN: "helpdesk@contoso.com")
        state = Update.update(state, .loaded(.header(HeaderInfo(tenantName: "contoso via graph.microsoft.com", clock: UIFixture.now,
                                                                role: .helpDesk, mirror: "synced 40 s ago")))).0
        return state
    }

    func typed(_ command: String, _ state: AppState) -> (AppState, [Effect]) {
        var (state, effects) = Update.update(state, .key(.character(":")))
        for character in command { (state, effects) = Update.update(state, .key(.character(character))) }
        return Update.update(state, .key(.enter))
    }

    @Test("On a connected tenant it starts a sign-in whose prompt stays on the status line until it ends; signing in reloads only the header")
    func connectedSignIn() {
        var (state, effects) = typed("sign-in", connected())
        #expect(effects == [.signIn] && state.signInPrompt?.contains("helpdesk@contoso.com") == true)
        state = Update.update(state, .signInPrompt("Open https://microsoft.com/devicelogin and enter ABCD1234 to sign in")).0
        state = Update.update(state, .key(.down)).0
        #expect(ConsoleView.render(state).text.contains("enter ABCD1234 to sign in"), "a key does not wipe the code off the screen")
        (state, effects) = Update.update(state, .signedIn("helpdesk@contoso.com"))
        #expect(state.signInPrompt == nil && state.status?.kind == .success && effects == [.loadHeader])
    }

    @Test("On a simulated tenant it says there is no service; a failed sign-in clears its prompt")
    func simulatedAndFailed() {
        var state = AppState(width: 80, height: 24, operatorUPN: "admin@contoso.com")
        state = Update.update(state, .loaded(.header(HeaderInfo(tenantName: "Contoso (demo)", clock: UIFixture.now, role: .administrator)))).0
        let (simulated, effects) = typed("sign-in", state)
        #expect(effects.isEmpty && simulated.status?.text.contains("no service to sign in to") == true)
        var (signing, _) = typed("sign-in", connected())
        signing = Update.update(signing, .failed("Not signed in: the code expired")).0
        #expect(signing.signInPrompt == nil && signing.status?.kind == .error)
    }
}
