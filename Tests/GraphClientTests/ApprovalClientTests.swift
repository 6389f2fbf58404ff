import Foundation
import Testing
@testable import GraphClient
@testable import GraphServer
@testable import MDMCore
@testable import MDMDemo

/// Multi Admin Approval on a connected tenant: the service decides what is protected. The
/// client sends the justification header, keeps the request the service's 403 names, and its
/// completion resends the same action with the approval code, which runs once another approver
/// approved it at the service (here `serve` on loopback, speaking the service's protocol).
@Suite("Connected tenant: Multi Admin Approval")
struct ApprovalClientTests {
    static let admin = "admin@contoso.com", lea = "lea@contoso.com"

    @Test("A protected wipe becomes the service's request; resent with its code it runs only once approved there")
    func serviceDecides() async throws {
        let tenant = try await RemoteTaskClientTests().connected(devices: 40)
        let (service, store, actions) = (tenant.service, tenant.store, tenant.actions)
        let served = service.served
        try await service.stopping {
            // The service's access policy: wipe, approved by lea.
            try RoleService(store: served).grant(.administrator, to: Self.lea, by: Self.admin)
            let policies = ApprovalService(store: served)
            let asked = try policies.requestPolicy(name: "Device actions", protecting: [.wipe], approvers: [Self.lea], justification: "MAA", by: Self.admin)
            _ = try policies.approve(asked.id, note: "ok", by: Self.lea)
            _ = try policies.completePolicyChange(asked.id, by: Self.admin)

            let now = try store.now()
            let phone = try #require(try store.devices(DeviceQuery()).first { Rules.availability(of: .wipe, for: $0, role: .administrator, now: now).enabled })
            var wipe = ActionRequest(action: .wipe, deviceId: phone.id, operatorUPN: Self.admin, typedName: phone.name)

            // Without a justification the service refuses it, and says why.
            guard case .serviceRefused(403, GraphApprovalHeader.requiredCode, _) = try await actions.take(wipe) else {
                Issue.record("refused by the service without the justification header"); return
            }
            wipe.justification = "Stolen on the train"
            guard case .awaitingApproval(let request) = try await actions.take(wipe) else { Issue.record("the service's request"); return }
            let atService = try #require(try served.read { db in try ApprovalRecords.request(db, id: request.id) }, "the code is the service's request id")
            #expect(atService.requestor == Self.admin && atService.justification == "Stolen on the train")
            #expect(try ApprovalService(store: store).request(request.id, seenBy: Self.admin).requestor == Self.admin, "kept in the mirror for `approvals`")
            #expect(try store.actions(deviceId: phone.id).isEmpty, "nothing was done: no action in flight is left")
            #expect(throws: ApprovalError.mirrored) { try ApprovalService(store: store).approve(request.id, note: "here", by: Self.lea) }

            // Resent with the code before the service approved it: refused, nothing done.
            let completion = try ApprovalService(store: store).actionRequest(for: request, by: Self.admin)
            guard case .serviceRefused(403, _, _) = try await actions.take(completion) else { Issue.record("not yet approved at the service"); return }
            #expect(try served.device(id: phone.id)?.managementState == phone.managementState)

            _ = try ApprovalService(store: served).approve(request.id, note: "Checked", by: Self.lea)
            guard case .sent(_, .accepted, _) = try await actions.take(completion) else { Issue.record("taken once approved"); return }
            #expect(try served.device(id: phone.id)?.managementState == .wipePending)
            #expect(try served.actions(deviceId: phone.id).count == 1)
            #expect(try ApprovalService(store: store).request(request.id, seenBy: Self.admin).storedStatus == .completed)
            let entries = try store.auditEntries(AuditQuery(device: phone.id)).map(\.activity)
            #expect(entries.contains("Create OperationApprovalRequest") && entries.contains("wipe ManagedDevice"))
        }
    }
}
