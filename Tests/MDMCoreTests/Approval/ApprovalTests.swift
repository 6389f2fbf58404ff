import Foundation
import GRDB
import Testing
@testable import MDMCore

/// Multi Admin Approval (docs/trust.md "Approvals"): a wipe, retire or delete an access
/// policy protects becomes a request another approver decides; only its requester's
/// completion takes it, through the rules again.
@Suite("Multi Admin Approval")
struct ApprovalTests {
    static let admin = "admin@contoso.com", secondAdmin = "admin2@contoso.com", helpdesk = "helpdesk@contoso.com"

    /// Four supervised iPhones, two Intune Administrators, a help desk; a policy protecting
    /// wipe and retire, approved by both administrators, in force.
    func protectedTenant() throws -> (TemporaryStore, [Device]) {
        let devices = (1...4).map { index -> Device in
            var device = Fixtures.supervisedIPhone()
            device.id = "22222222-0000-0000-0000-00000000000\(index)"
            device.name = "Finance iPhone \(index)"
            return device
        }
        let tenant = try TemporaryStore(seededWith: devices, operators: [
            Operator(upn: Self.admin, roleId: Role.administrator.id), Operator(upn: Self.secondAdmin, roleId: Role.administrator.id),
            Operator(upn: Self.helpdesk, roleId: Role.helpDesk.id)])
        let approvals = ApprovalService(store: tenant.store)
        let asked = try approvals.requestPolicy(name: "Device actions", protecting: [.wipe, .retire], approvers: [Self.admin, Self.secondAdmin],
                                                justification: "Protect against a stolen admin account", by: Self.admin)
        #expect(try approvals.policies().isEmpty, "a policy asked for protects nothing before it is approved and completed")
        #expect(throws: ApprovalError.ownRequest(id: asked.id)) { try approvals.approve(asked.id, note: "fine", by: Self.admin) }
        _ = try approvals.approve(asked.id, note: "Agreed in the change board", by: Self.secondAdmin)
        #expect(throws: ApprovalError.notRequestor(id: asked.id, requestor: Self.admin)) { try approvals.completePolicyChange(asked.id, by: Self.secondAdmin) }
        _ = try approvals.completePolicyChange(asked.id, by: Self.admin)
        #expect(try approvals.policies().map(\.protectedActions) == [[.wipe, .retire]])
        return (tenant, devices)
    }

    func wipe(_ device: Device, by upn: String, justification: String? = nil, completing id: String? = nil) -> ActionRequest {
        var request = ActionRequest(action: .wipe, deviceId: device.id, operatorUPN: upn, typedName: device.name)
        request.justification = justification
        request.approvalRequestId = id
        return request
    }

    @Test("Request, self-approval refused, approval by another, completion by the requester: the wipe runs once")
    func wholeFlow() throws {
        let (tenant, devices) = try protectedTenant()
        let store = tenant.store
        let approvals = ApprovalService(store: store)
        let phone = devices[0]
        let actions = ActionService(store: store)

        #expect(throws: ApprovalError.justificationNeeded(action: .wipe, policy: "Device actions")) { try actions.take(wipe(phone, by: Self.helpdesk)) }
        #expect(throws: ApprovalError.invalidText(what: "justification", problem: "is empty: say why it is needed")) {
            try actions.take(wipe(phone, by: Self.helpdesk, justification: "  "))
        }
        guard case .awaitingApproval(let request) = try actions.take(wipe(phone, by: Self.helpdesk, justification: "Stolen on the train, ticket 4411")) else {
            Issue.record("a protected wipe with a justification is a request"); return
        }
        #expect(try store.device(id: phone.id)?.managementState == phone.managementState, "nothing is taken while it waits")
        #expect(try store.actions(deviceId: phone.id).isEmpty)
        #expect(request.status(at: try store.now()) == .needsApproval && request.requestor == Self.helpdesk)
        #expect(request.expiresAt.timeIntervalSince(request.requestedAt) == 3 * 24 * 3600)
        #expect(throws: ApprovalError.alreadyRequested(requestId: request.id, deviceName: phone.name, status: .needsApproval)) {
            try actions.take(wipe(phone, by: Self.admin, justification: "again"))
        }
        #expect(try approvals.awaitingApproval(by: Self.admin).map(\.id) == [request.id], "the header's count of requests to approve")
        #expect(try approvals.awaitingApproval(by: Self.helpdesk).isEmpty)

        // Completing before approval is refused; the requester may not approve; a help desk lacks the permission.
        #expect(throws: ApprovalError.wrongStatus(id: request.id, status: .needsApproval, doing: "completed")) {
            try actions.take(try approvals.actionRequest(for: request, by: Self.helpdesk))
        }
        #expect(throws: ApprovalError.ownRequest(id: request.id)) { try approvals.approve(request.id, note: "mine", by: Self.helpdesk) }
        let approved = try approvals.approve(request.id, note: "Confirmed with the user by phone", by: Self.admin)
        #expect(approved.status(at: try store.now()) == .approved && approved.approver == Self.admin && approved.approverNote == "Confirmed with the user by phone")
        #expect(throws: ApprovalError.notRequestor(id: request.id, requestor: Self.helpdesk)) { try approvals.actionRequest(for: approved, by: Self.admin) }

        guard case .taken(let record, _, _) = try actions.take(try approvals.actionRequest(for: approved, by: Self.helpdesk)) else {
            Issue.record("the approved request's completion takes the wipe"); return
        }
        #expect(record.action == .wipe && record.initiatedBy == Self.helpdesk)
        #expect(try store.device(id: phone.id)?.managementState == .wipePending)
        #expect(try approvals.request(request.id, seenBy: Self.helpdesk).status(at: try store.now()) == .completed)
        // Completing it again takes nothing: the wipe pending greys it (R13) before the request is looked at.
        guard case .refused(let again) = try actions.take(try approvals.actionRequest(for: approved, by: Self.helpdesk)) else {
            Issue.record("a second completion is refused"); return
        }
        #expect(again.rule == .r13)
        #expect(try store.actions(deviceId: phone.id).count == 1, "completed once, taken once")

        // Every step in the audit log, with who and why.
        let entries = try tenant.entriesSinceSetUp(AuditQuery(device: phone.id))
        let steps = entries.reversed().map { "\($0.activity) \($0.actor) \($0.result.rawValue)" }
        #expect(steps == ["Create OperationApprovalRequest \(Self.helpdesk) success", "Approve OperationApprovalRequest \(Self.helpdesk) denied",
                          "Approve OperationApprovalRequest \(Self.admin) success", "Complete OperationApprovalRequest \(Self.helpdesk) success",
                          "wipe ManagedDevice \(Self.helpdesk) success"])
        #expect(entries.last?.changedProperties.contains(ChangedProperty("requestJustification", from: "", to: "Stolen on the train, ticket 4411")) == true)
        #expect(entries.first?.changedProperties.contains(ChangedProperty("operationApprovalRequest", from: "", to: request.id)) == true)
    }

    @Test("A rejected request, an expired one and a cancelled one never run")
    func rejectedExpiredCancelled() throws {
        let (tenant, devices) = try protectedTenant()
        let store = tenant.store
        let approvals = ApprovalService(store: store)
        let actions = ActionService(store: store)
        func ask(_ device: Device) throws -> ApprovalRequest {
            guard case .awaitingApproval(let made) = try actions.take(wipe(device, by: Self.helpdesk, justification: "Lost")) else { throw ApprovalError.noSuchRequest(id: "") }
            return made
        }
        let rejected = try approvals.reject(try ask(devices[1]).id, note: "The user found it", by: Self.secondAdmin)
        #expect(rejected.status(at: try store.now()) == .rejected)
        #expect(throws: ApprovalError.wrongStatus(id: rejected.id, status: .rejected, doing: "completed")) {
            try actions.take(try approvals.actionRequest(for: rejected, by: Self.helpdesk))
        }
        #expect(throws: ApprovalError.wrongStatus(id: rejected.id, status: .rejected, doing: "approved")) {
            try approvals.approve(rejected.id, note: "changed my mind", by: Self.admin)
        }

        let cancelled = try ask(devices[2])
        #expect(throws: ApprovalError.notRequestor(id: cancelled.id, requestor: Self.helpdesk)) { try approvals.cancel(cancelled.id, by: Self.admin) }
        #expect(try approvals.cancel(cancelled.id, by: Self.helpdesk).storedStatus == .cancelled)
        #expect(throws: ApprovalError.wrongStatus(id: cancelled.id, status: .cancelled, doing: "approved")) { try approvals.approve(cancelled.id, note: "ok", by: Self.admin) }

        // Approved, then three days pass on the tenant's clock: expired, not completable.
        let late = try approvals.approve(try ask(devices[3]).id, note: "ok", by: Self.admin)
        try store.write { db in try TenantClock.set(db, to: late.expiresAt.addingTimeInterval(1)) }
        #expect(late.status(at: try store.now()) == .expired)
        #expect(throws: ApprovalError.wrongStatus(id: late.id, status: .expired, doing: "completed")) {
            try actions.take(try approvals.actionRequest(for: late, by: Self.helpdesk))
        }
        for device in devices.dropFirst() { #expect(try store.device(id: device.id)?.managementState == device.managementState) }
        // An expired request no longer blocks a new one for the same device.
        #expect(try ask(devices[3]).status(at: try store.now()) == .needsApproval)
    }

    @Test("A change between approval and completion greys the action then: the rules run again")
    func completionChecksTheRulesAgain() throws {
        let (tenant, devices) = try protectedTenant()
        let store = tenant.store
        let approvals = ApprovalService(store: store)
        let actions = ActionService(store: store)
        guard case .awaitingApproval(let made) = try actions.take(wipe(devices[0], by: Self.helpdesk, justification: "Lost")) else {
            Issue.record("a request"); return
        }
        let approved = try approvals.approve(made.id, note: "ok", by: Self.admin)
        // The requester's role changes to one without Remote tasks/Wipe.
        try RoleService(store: store).grant(.readOnly, to: Self.helpdesk, by: Self.admin)
        guard case .refused(let verdict) = try actions.take(try approvals.actionRequest(for: approved, by: Self.helpdesk)) else {
            Issue.record("greyed at completion"); return
        }
        #expect(verdict.rule == .role)
        #expect(try approvals.request(made.id, seenBy: Self.helpdesk).status(at: try store.now()) == .approved, "a greyed completion completes nothing")
        #expect(try store.device(id: devices[0].id)?.managementState == devices[0].managementState)
    }

    @Test("Only the policy's approvers approve, even an Intune Administrator outside it is refused (audited)")
    func onlyApprovers() throws {
        let devices = [Fixtures.supervisedIPhone()]
        let tenant = try TemporaryStore(seededWith: devices, operators: [
            Operator(upn: Self.admin, roleId: Role.administrator.id), Operator(upn: Self.secondAdmin, roleId: Role.administrator.id),
            Operator(upn: "third@contoso.com", roleId: Role.administrator.id), Operator(upn: Self.helpdesk, roleId: Role.helpDesk.id)])
        let approvals = ApprovalService(store: tenant.store)
        let asked = try approvals.requestPolicy(name: "Wipes", protecting: [.wipe], approvers: [Self.secondAdmin], justification: "MAA", by: Self.admin)
        #expect(throws: ApprovalError.lacksPermission(upn: Self.helpdesk, role: "Help Desk Operator", needed: .approveMultiAdminApproval)) {
            try approvals.approve(asked.id, note: "ok", by: Self.helpdesk)
        }
        _ = try approvals.approve(asked.id, note: "ok", by: "third@contoso.com")
        _ = try approvals.completePolicyChange(asked.id, by: Self.admin)
        guard case .awaitingApproval(let request) = try ActionService(store: tenant.store).take(wipe(devices[0], by: Self.admin, justification: "Lost")) else {
            Issue.record("a request"); return
        }
        #expect(throws: ApprovalError.notApprover(upn: "third@contoso.com", approvers: [Self.secondAdmin])) {
            try approvals.approve(request.id, note: "ok", by: "third@contoso.com")
        }
        let denied = try tenant.entriesSinceSetUp(AuditQuery(activity: "Approve OperationApprovalRequest")).filter { $0.result == .denied }
        #expect(denied.map(\.actor) == ["third@contoso.com", Self.helpdesk])
        #expect(try approvals.approve(request.id, note: "ok", by: Self.secondAdmin).storedStatus == .approved)
        // Deleting the policy is a request too: it protects until completed.
        let deletion = try approvals.requestPolicyDeletion("wipes", justification: "no longer needed", by: Self.admin)
        #expect(try approvals.policies().count == 1)
        _ = try approvals.approve(deletion.id, note: "ok", by: Self.secondAdmin)
        _ = try approvals.completePolicyChange(deletion.id, by: Self.admin)
        #expect(try approvals.policies().isEmpty)
    }

    @Test("A bulk retire asks once for all its devices and runs each once under the approved request")
    func bulkAsksOnce() throws {
        let (tenant, devices) = try protectedTenant()
        let store = tenant.store
        let approvals = ApprovalService(store: store)
        let runner = BulkRunner(store: store)
        let ids = devices.prefix(3).map(\.id)
        #expect(throws: ApprovalError.bulkAsksOnce(action: .retire)) {
            try runner.run(.retire, selection: .ids(ids), operatorUPN: Self.helpdesk, confirmCount: 3)
        }
        let request = try approvals.requestBulk(.retire, deviceIds: ids, options: [:], justification: "Leavers of March", by: Self.helpdesk)
        #expect(request.summary == "Retire of 3 devices")
        // A single request for a device the bulk request lists is refused: one open request per device and action.
        var single = ActionRequest(action: .retire, deviceId: devices[1].id, operatorUPN: Self.admin, acknowledged: true)
        single.justification = "Leaver"
        #expect(throws: ApprovalError.alreadyRequested(requestId: request.id, deviceName: devices[1].name, status: .needsApproval)) {
            try ActionService(store: store).take(single)
        }
        _ = try approvals.approve(request.id, note: "HR list checked", by: Self.admin)
        let summary = try runner.run(.retire, selection: .all, operatorUPN: Self.helpdesk, confirmCount: nil, approvalRequestId: request.id)
        #expect(summary.taken == 3 && summary.total == 3, "the request's devices, not the selection given")
        #expect(try ids.map { try store.device(id: $0)?.managementState } == Array(repeating: .retirePending, count: 3))
        #expect(try store.device(id: devices[3].id)?.managementState == devices[3].managementState)
        #expect(throws: ApprovalError.wrongStatus(id: request.id, status: .completed, doing: "completed")) {
            try runner.run(.retire, selection: .all, operatorUPN: Self.helpdesk, confirmCount: nil, approvalRequestId: request.id)
        }
    }

    @Test("One open request per policy change: a second for the same policy is refused, one for another policy is not")
    func onePolicyRequestEach() throws {
        let tenant = try TemporaryStore(seededWith: [], operators: [Operator(upn: Self.admin, roleId: Role.administrator.id)])
        let approvals = ApprovalService(store: tenant.store)
        let wipes = try approvals.requestPolicy(name: "Wipes", protecting: [.wipe], approvers: [Self.admin], justification: "MAA", by: Self.admin)
        _ = try approvals.requestPolicy(name: "Deletes", protecting: [.delete], approvers: [Self.admin], justification: "MAA", by: Self.admin)
        #expect(throws: ApprovalError.alreadyRequested(requestId: wipes.id, deviceName: "the access policy Wipes", status: .needsApproval)) {
            try approvals.requestPolicy(name: "WIPES", protecting: [.wipe], approvers: [Self.admin], justification: "again", by: Self.admin)
        }
        #expect(throws: ApprovalError.lacksPermission(upn: Self.helpdesk, role: "Read Only Operator", needed: .createAccessPolicy)) {
            try approvals.requestPolicy(name: "Retires", protecting: [.retire], approvers: [Self.admin], justification: "MAA", by: Self.helpdesk)
        }
        #expect(throws: ApprovalError.invalidPolicy(problem: "sync is not a device action an access policy protects (only wipe, retire, delete)")) {
            try approvals.requestPolicy(name: "Syncs", protecting: [.sync], approvers: [Self.admin], justification: "MAA", by: Self.admin)
        }
    }
}
