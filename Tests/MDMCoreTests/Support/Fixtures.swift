import Foundation
@testable import MDMCore

/// Fixed points in time and devices built for one rule at a time.
enum Fixtures {
    static let now = DateParsing.iso("2026-11-24T09:00:00Z")!
    static let day = RuleDurations.day
    static let minute = RuleDurations.minute

    static func device(_ platform: Platform, _ type: ManagementType, _ version: String,
                       _ configure: (inout Device) -> Void = { _ in }) -> Device {
        var device = Device(
            id: "dev-\(platform.rawValue)-\(type.rawValue)-\(version)", name: "\(platform.rawValue) \(type.rawValue) \(version)",
            platform: platform, osVersion: version, managementType: type,
            ownership: type == .androidWorkProfile || type == .appleUserEnrollment ? .personal : .company,
            primaryUserUPN: "ana.costa@contoso.com", primaryUserDisplayName: "Ana Costa", primaryUserEmail: "ana.costa@contoso.com",
            serialNumber: "SERIAL\(version)", model: "Model", manufacturer: "Maker",
            enrolledAt: now.addingTimeInterval(-100 * day), lastCheckInAt: now.addingTimeInterval(-3600),
            apps: [DeviceApp(name: "Outlook", deployment: .required), DeviceApp(name: "Word", deployment: .availableInstalled),
                   DeviceApp(name: "Spotify", deployment: .unmanaged)])
        configure(&device)
        return device
    }

    /// A supervised iPhone with the Activation Lock policy and a code issued `codeAge` ago.
    static func supervisedIPhone(version: String = "18.1", codeAge: TimeInterval? = 2 * day,
                                 _ configure: (inout Device) -> Void = { _ in }) -> Device {
        var iPhone = device(.iOS, .appleAutomatedEnrollment, version) { device in
            device.isSupervised = true
            device.activationLockAllowedByPolicy = true
            if let codeAge {
                device.activationLockBypassCode = "ABCDE-FGHJK-LMNPQ-RSTUV-WXYZ2-34567"
                device.activationLockBypassCodeIssuedAt = now.addingTimeInterval(-codeAge)
            }
        }
        configure(&iPhone)
        return iPhone
    }

    static func workProfile(_ version: String, policy: Bool = true, passcodeSet: Bool = true, promptAccepted: Bool = true) -> Device {
        device(.android, .androidWorkProfile, version) { device in
            device.workProfilePasscodeRequiredByPolicy = policy
            device.workProfilePasscodeSet = passcodeSet
            device.passcodeResetPromptAccepted = promptAccepted
        }
    }

    static func verdict(_ action: DeviceAction, _ device: Device, role: Role = .administrator, at time: Date = now,
                        open: [ActionRecord] = []) -> ActionAvailability {
        Rules.availability(of: action, for: device, role: role, now: time, openActions: open)
    }
}

/// A store on a real SQLite file in a fresh temporary folder (never a mock).
final class TemporaryStore {
    let folder: URL
    let store: TenantStore
    var path: String { store.path }

    init(seededWith devices: [Device] = [], operators: [Operator] = [Operator(upn: "admin@contoso.com", roleId: Role.administrator.id),
                                                                     Operator(upn: "helpdesk@contoso.com", roleId: Role.helpDesk.id),
                                                                     Operator(upn: "reader@contoso.com", roleId: Role.readOnly.id)],
         now: Date = Fixtures.now, auditedRoles: Bool = true) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("mdmconsole-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try TenantStore(path: folder.appendingPathComponent("tenant.sqlite").path)
        try store.write { db in
            try TenantClock.set(db, to: now)
            // A test tenant is simulated like a demo's.
            try Meta.set(db, SimulationGate.allowedKey, "yes")
            // Roles as a real tenant gets them: each with its audited grant (`check` asks for one).
            // (`auditedRoles: false` for the tests that count entries from the first one.)
            for person in operators {
                if auditedRoles {
                    try RoleOrigins.found(db, person.upn, Role.builtIn(id: person.roleId)!, by: "admin@contoso.com", origin: "test tenant")
                } else {
                    try person.save(db)
                }
            }
            for device in devices { try device.insert(db) }
        }
    }

    /// The audit entries written after the set-up (the operators' grants), newest first.
    func entriesSinceSetUp(_ query: AuditQuery = AuditQuery()) throws -> [AuditEntry] {
        try store.auditEntries(query).filter { $0.activity != RoleOrigins.grantActivity || !$0.changedProperties.contains { $0.newValue == "test tenant" } }
    }

    deinit { try? FileManager.default.removeItem(at: folder) }
}

extension Fixtures {
    /// An empty connected store (Microsoft Graph's addresses, nothing is ever sent) in a
    /// temporary folder of its own; the caller removes the folder.
    static func connectedStore(_ name: String) throws -> (TenantStore, String) {
        let folder = NSTemporaryDirectory() + "mdmconsole-\(name)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let source = GraphSource(graphURL: "https://graph.microsoft.com/v1.0", authority: "https://login.microsoftonline.com",
                                 tenant: "contoso.onmicrosoft.com", clientId: "app", signIn: .deviceCode, id: "s")
        return (try TenantStore.createConnected(at: folder + "/mirror.sqlite", source: source, creator: "ana@contoso.com", creatorLogin: nil), folder)
    }
}
