import Foundation
import Testing
@testable import GraphClient
@testable import MDMCore

/// A help desk on one connected store: each operator acts on the service with a sign-in of
/// their own, so the service's audit log names them and applies their Intune role.
@Suite("Each operator signs in as themselves")
struct OperatorSignInTests {
    static let admin = "admin@contoso.com", helpdesk = "helpdesk@contoso.com"

    /// Signs `upn` in by device code on the service (approved there as `upn`, or as `approver`).
    func deviceCode(_ service: LocalService, _ source: GraphSource, approvedBy approver: String) async throws -> StoredTokens {
        let signIn = SignIn(http: service.http, source: source)
        let prompt = try await signIn.startDeviceCode()
        try SignInGrants(store: service.served).approve(userCode: prompt.userCode, by: approver)
        return try await signIn.finishDeviceCode(prompt, sleep: { _ in try await Task.sleep(for: .milliseconds(10)) })
    }

    func greyed(_ store: TenantStore, _ action: DeviceAction, for upn: String) throws -> ActionAvailability? {
        let device = try #require(try store.devices(DeviceQuery()).first { $0.platform == .windows && $0.managementState == .managed })
        return try store.overview(deviceId: device.id, operatorUPN: upn)?.availability.first { $0.action == action && !$0.enabled }
    }

    @Test("Without a sign-in of their own an operator browses but acts on nothing; once signed in, the service names them and applies their role")
    func twoOperators() async throws {
        let service = try await LocalService(devices: 60)
        try await service.stopping {
            let (store, source) = try service.connectedStore()
            // An Administrator in this store, but Help Desk at the service: the service's role is the one that counts.
            try RoleService(store: store).grant(.administrator, to: Self.helpdesk, login: nil, by: Self.admin)
            _ = try await service.signIn(source, as: Self.admin, mirror: store)
            _ = try await MirrorSync(connection: service.connection(source), store: store).run()

            // Browsing works; every action is greyed with the sign-in remedy.
            let notSignedIn = try #require(try greyed(store, .sync, for: Self.helpdesk))
            #expect(notSignedIn.rule == .permission && notSignedIn.reason?.contains("not signed in to the service as yourself") == true)
            #expect(notSignedIn.remedy?.contains(":sign-in") == true)
            #expect(try greyed(store, .sync, for: Self.admin) == nil, "the person who connected acts as themselves")

            // A sign-in with someone else's account is refused, and nothing is kept.
            let adminsTokens = try await deviceCode(service, source, approvedBy: Self.admin)
            let wrong = await #expect(throws: ServiceSignInError.self) {
                _ = try await OperatorSignIn(store: store, source: source, http: service.http, operatorUPN: Self.helpdesk).keep(adminsTokens)
            }
            #expect(wrong?.description.contains("but you are \(Self.helpdesk)") == true)
            #expect(try ServiceSignIns(store: store).signIn(of: Self.helpdesk) == nil)

            // Their own sign-in: their Intune role (Help Desk at the service) greys Delete, not the administrator's.
            let helpdeskTokens = try await deviceCode(service, source, approvedBy: Self.helpdesk)
            #expect(try await OperatorSignIn(store: store, source: source, http: service.http, operatorUPN: Self.helpdesk).keep(helpdeskTokens) == Self.helpdesk)
            #expect(try greyed(store, .sync, for: Self.helpdesk) == nil)
            let delete = try greyed(store, .delete, for: Self.helpdesk)
            #expect(delete?.rule == .permission && delete?.reason?.contains("Intune role does not include") == true, "\(String(describing: delete))")
            #expect(try greyed(store, .delete, for: Self.admin) == nil)

            // Each one's action reaches the service under their own name.
            let devices = try store.devices(DeviceQuery()).filter { $0.platform == .windows && $0.managementState == .managed }
            for (upn, tokens, device) in [(Self.admin, adminsTokens, devices[0]), (Self.helpdesk, helpdeskTokens, devices[1])] {
                let connection = GraphConnection(source: source, http: service.http, owner: .operator(upn), tokens: tokens, sleep: { _ in })
                let outcome = try await ConnectedActionService(store: store, sender: GraphActionSender(connection: connection))
                    .take(ActionRequest(action: .sync, deviceId: device.id, operatorUPN: upn))
                guard case .sent(_, let answer, _) = outcome, answer.isAccepted else { Issue.record("\(upn): \(outcome)"); continue }
                let served = try #require(try service.served.actions(deviceId: device.id).filter { $0.action == .sync }.max { $0.issuedAt < $1.issuedAt })
                #expect(served.initiatedBy == upn, "the service's record names \(upn)")
                let local = try store.auditEntries().last { $0.deviceId == device.id && $0.activity == DeviceAction.sync.auditActivity }
                #expect(local?.actor == upn)
            }

            // Ending one operator's sign-in leaves the other's.
            #expect(try OperatorSignIn.end(store: store, source: source, operatorUPN: Self.helpdesk, by: Self.helpdesk))
            #expect(try greyed(store, .sync, for: Self.helpdesk)?.rule == .permission)
            #expect(try greyed(store, .sync, for: Self.admin) == nil)
            try RoleService(store: store).grant(.readOnly, to: "auditor@contoso.com", login: nil, by: Self.admin)
            #expect(throws: ServiceSignInError.self, "only an Administrator ends another's") {
                try ServiceSignIns(store: store).forget(operator: Self.admin, by: "auditor@contoso.com")
            }
            let signIns = try store.auditEntries().filter { $0.activity.hasSuffix("ServiceSignIn") }  // newest first
            #expect(signIns.reversed().map(\.actor) == [Self.admin, Self.helpdesk, Self.helpdesk], "\(signIns.map { "\($0.activity) \($0.actor)" })")
        }
    }

    @Test("Two consoles of one person renewing at the same moment renew once: the second uses the first's tokens, never the same refresh token again")
    func oneRenewalAtATime() async throws {
        let service = try await LocalService(devices: 60)
        try await service.stopping {
            let (store, source) = try service.connectedStore()
            let tokens = try await service.signIn(source, as: Self.admin, mirror: store)
            // Both consoles hold the same sign-in, its access token expired.
            var expired = tokens
            expired.expiresAt = Date().addingTimeInterval(-60)
            try TokenFile.write(expired, sourceId: source.id, owner: .operator(Self.admin))
            let consoles = (0..<4).map { _ in GraphConnection(source: source, http: service.http, owner: .operator(Self.admin), tokens: expired, sleep: { _ in }) }
            // At once: without the lock each would send the one refresh token, and all but one would be refused as a replay.
            let renewed = try await withThrowingTaskGroup(of: String.self) { group in
                for console in consoles { group.addTask { try await console.accessToken() } }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(Set(renewed).count == 1, "one renewal, shared: \(renewed.count) consoles, \(Set(renewed).count) access tokens")
            let onDisk = try #require(TokenFile.read(sourceId: source.id, owner: .operator(Self.admin)))
            #expect(onDisk.accessToken == renewed.first && onDisk.refreshToken != tokens.refreshToken, "the rotated refresh token is the one kept")
            // And the sign-in still works: the kept refresh token renews again.
            #expect(try await consoles[0].accessToken(renew: true) != renewed.first)
            // Ended at the service: the remedy is the operator's own sign-in, not `connect` (the reading identity's).
            try SignInGrants(store: service.served).revokeAll(of: Self.admin, by: Self.admin)
            let ended = await #expect(throws: SignInError.self) { _ = try await consoles[1].accessToken(renew: true) }
            #expect(ended?.code == "sign_in_needed")
            #expect(ended?.message.contains("mdmconsole sign-in") == true && ended?.message.contains("mdmconsole connect") == false, "\(String(describing: ended))")
        }
    }
}
