import Foundation
import Testing
@testable import ConsoleUI
@testable import MDMCore

/// Multi Admin Approval in the console: the header says how many requests wait for your
/// approval (the service tells no one), and a protected action asks for a justification after
/// its confirmation, then sends the request with it.
@Suite("Approvals in the console")
struct ApprovalConsoleTests {
    func started(toApprove: Int = 0, protected: Set<DeviceAction> = []) -> AppState {
        var state = AppState(width: 80, height: 24, operatorUPN: UIFixture.admin)
        state = Update.update(state, .loaded(.header(HeaderInfo(tenantName: "Contoso", clock: UIFixture.now, role: .administrator,
                                                                toApprove: toApprove, protectedActions: protected)))).0
        return state
    }

    func header(_ state: AppState) -> String { ConsoleView.render(state).text.split(separator: "\n").first.map(String.init) ?? "" }

    @Test("The header counts the requests waiting for your approval, on 80 columns and wider")
    func headerCount() {
        #expect(!header(started()).contains("to approve"))
        #expect(header(started(toApprove: 2)).contains("2 to approve"), "\(header(started(toApprove: 2)))")
        var wide = started(toApprove: 1)
        wide.width = 120
        #expect(header(wide).contains("1 request to approve"), "\(header(wide))")
        #expect(header(wide).contains(UIFixture.admin), "the operator stays in the header")
    }

    @Test("A protected wipe: after the typed name, a justification is asked; Enter sends it with the request")
    func justificationStep() throws {
        let laptop = UIFixture.devices[2]
        let wipe = try #require(Rules.availability(for: laptop, role: .administrator, now: UIFixture.now, openActions: []).first { $0.action == .wipe })
        var state = started(protected: [.wipe])
        var confirmation = Confirmation(availability: wipe, deviceId: laptop.id, deviceName: laptop.name)
        confirmation.isProtected = true
        state.overlay = .confirm(confirmation)
        var effects: [Effect]
        for character in laptop.name { state = Update.update(state, .key(.character(character))).0 }
        (state, effects) = Update.update(state, .key(.enter))
        #expect(effects.isEmpty, "the name confirms; nothing is sent before the justification")
        guard case .confirm(let asking) = state.overlay, asking.justification == "" else { Issue.record("the justification is asked"); return }
        #expect(ConsoleView.render(state).text.contains("Business justification"))
        (state, effects) = Update.update(state, .key(.enter))
        #expect(effects.isEmpty, "an empty justification sends nothing")
        if case .confirm(let again) = state.overlay { #expect(again.justificationProblem != nil) } else { Issue.record("the dialog stays") }
        for character in "Stolen, ticket 4411" { state = Update.update(state, .key(.character(character))).0 }
        (state, effects) = Update.update(state, .key(.enter))
        var expected = ActionRequest(action: .wipe, deviceId: laptop.id, operatorUPN: UIFixture.admin, typedName: laptop.name, acknowledged: true)
        expected.options = WipeOptions().asOptions
        expected.justification = "Stolen, ticket 4411"
        #expect(effects == [.take(expected)])
    }

    @Test("On a connected tenant the service's 403 ApprovalRequired asks for the justification, then resends the same request with it")
    func serviceAsksForApproval() {
        let laptop = UIFixture.devices[2]
        var state = started()
        state.overview = DeviceOverview(device: laptop, now: UIFixture.now, role: .administrator, actions: [], unauditedActionIds: [])
        var sent = ActionRequest(action: .wipe, deviceId: laptop.id, operatorUPN: UIFixture.admin, typedName: laptop.name, acknowledged: true)
        sent.options = ["keepUserData": "true"]
        let refused = ActionResult(path: .service, outcome: .refusedByService(status: 403, code: "ApprovalRequired", message: "justification needed"))
        var effects: [Effect]
        (state, effects) = Update.update(state, .actionFinished(.result(refused, request: sent)))
        #expect(effects.isEmpty)
        guard case .confirm(let asking) = state.overlay, asking.justification == "" else { Issue.record("the justification is asked"); return }
        for character in "Lost phone" { state = Update.update(state, .key(.character(character))).0 }
        (state, effects) = Update.update(state, .key(.enter))
        var again = sent
        again.justification = "Lost phone"
        #expect(effects == [.take(again)], "the same request, its inputs kept, with the justification")
        // Asked once: a second refusal with a justification is shown, not asked again.
        (state, _) = Update.update(state, .actionFinished(.result(refused, request: again)))
        #expect(state.overlay == nil && state.status?.text.contains("ApprovalRequired") == true)
    }

    @Test("Completing from the panel is the one .take effect, so a connected tenant's completion goes to its service")
    func completionIsATake() {
        var state = started()
        let laptop = UIFixture.devices[2]
        var completion = ActionRequest(action: .wipe, deviceId: laptop.id, operatorUPN: UIFixture.admin, typedName: laptop.name, acknowledged: true)
        completion.approvalRequestId = "aabb1234-5678-9012-abcd-ef0123456789"
        let effects: [Effect]
        (state, effects) = Update.update(state, .approvalCompletion(completion))
        #expect(effects == [.take(completion)])
        #expect(state.sending)
    }

    @Test("The request's result on the status line says nothing was taken yet")
    func awaitingStatus() {
        var state = started()
        let request = ApprovalRequest(id: "aabb1234-5678-9012-abcd-ef0123456789",
                                      subject: .deviceAction(.wipe, deviceIds: ["d"], deviceNames: ["Alex's iPhone"], options: [:]),
                                      requestor: UIFixture.admin, justification: "Lost", requestedAt: UIFixture.now,
                                      expiresAt: UIFixture.now.addingTimeInterval(AccessPolicy.requestLifetime), lastModifiedAt: UIFixture.now)
        Update.show(ActionResult(path: .simulated, outcome: .awaitingApproval(request)), &state)
        #expect(state.status?.text.contains("Wipe of Alex's iPhone: asked for approval") == true)
        #expect(state.status?.text.contains("Nothing taken") == true)
    }

    @Test("The panel on a real store: the approver sees 1 to approve, approves with a note; the requester completes it and the wipe is taken")
    func panelOnAStore() throws {
        let (approver, store) = try UIFixture.session(as: UIFixture.admin)
        try store.write { db in try Operator(upn: "lea@contoso.com", roleId: Role.administrator.id).save(db) }
        let approvals = ApprovalService(store: store)
        let asked = try approvals.requestPolicy(name: "Device actions", protecting: [.wipe], approvers: [UIFixture.admin], justification: "MAA", by: UIFixture.admin)
        _ = try approvals.approve(asked.id, note: "ok", by: "lea@contoso.com")
        _ = try approvals.completePolicyChange(asked.id, by: UIFixture.admin)
        let laptop = UIFixture.devices[2]
        var wipe = ActionRequest(action: .wipe, deviceId: laptop.id, operatorUPN: "helpdesk@contoso.com", typedName: laptop.name)
        wipe.justification = "Stolen at the airport"
        guard case .awaitingApproval(let request) = try ActionService(store: store).take(wipe) else { Issue.record("a request"); return }

        // Another operator's request reaches this console at its next look at the store (a tick).
        approver.send(.tick)
        #expect(approver.lines[0].contains("1 to approve"), "\(approver.lines[0])")
        approver.press(.character(":"))
        approver.type("approvals")
        approver.press(.enter)
        #expect(approver.text.contains("Needs approval") && approver.text.contains("Stolen at the airport"), "\(approver.text)")
        approver.press(.character("a"))
        #expect(approver.text.contains("Your note for the requester"))
        approver.type("Called the user")
        approver.press(.enter)
        #expect(try approvals.request(request.id, seenBy: UIFixture.admin).storedStatus == .approved)
        #expect(approver.text.contains("Approved: Wipe of \(laptop.name)"), "\(approver.text)")
        #expect(!approver.lines[0].contains("to approve"), "the header's count follows")

        let (requester, _) = try UIFixture.sessionOn(store, as: "helpdesk@contoso.com")
        requester.press(.character(":"))
        requester.type("approvals")
        requester.press(.enter)
        #expect(requester.text.contains("Enter or c: complete it"), "\(requester.text)")
        requester.press(.enter)
        #expect(try store.device(id: laptop.id)?.managementState == .wipePending)
        #expect(try approvals.request(request.id, seenBy: "helpdesk@contoso.com").storedStatus == .completed)
    }
}
