import Foundation
import Testing
@testable import MDMCore
@testable import MDMDemo

/// `--sandbox`: a copy of the template per session, the viewer its Administrator, the
/// template never written, leftovers of killed sessions removed.
@Suite("Sandbox")
struct SandboxTests {
    @Test("A sandbox is a copy of the template with the viewer as Administrator; the template is untouched")
    func copy() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("mdmconsole-sandbox-tests-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        let template = base + "/template.sqlite"
        try Sandbox.ensureTemplate(at: template, now: Fixtures.now)
        let before = try Data(contentsOf: URL(fileURLWithPath: template))
        let first = try Sandbox.create(from: template, viewer: "viewer@contoso.com", under: base + "/sandboxes")
        let second = try Sandbox.create(from: template, viewer: "other@contoso.com", under: base + "/sandboxes")
        #expect(first.path != second.path)
        let store = try TenantStore(path: first.path)
        #expect(try store.role(of: "viewer@contoso.com") == .administrator)
        #expect(try store.role(of: "other@contoso.com") == .readOnly, "each viewer only in their own copy")
        let device = try #require(try store.devices(DeviceQuery(platform: .windows)).first { $0.managementState == .managed })
        _ = try ActionService(store: store).take(ActionRequest(action: .retire, deviceId: device.id, operatorUPN: "viewer@contoso.com", acknowledged: true))
        try store.close()
        let other = try TenantStore(path: second.path)
        #expect(try other.device(id: device.id)?.managementState == .managed, "one viewer's retire is not in another's tenant")
        try other.close()
        first.remove()
        #expect(!FileManager.default.fileExists(atPath: first.folder))
        #expect(try Data(contentsOf: URL(fileURLWithPath: template)) == before)
    }

    @Test("A sandbox left by a process that no longer runs is removed when the next one starts")
    func abandoned() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("mdmconsole-sandbox-tests-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        // pid 2^22 + 1 is above Linux's pid_max limit: no such process can exist.
        let dead = base + "/mdmconsole-sandbox-4194305-abcdef"
        let mine = base + "/mdmconsole-sandbox-\(getpid())-ghijkl"
        for folder in [dead, mine] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        Sandbox.removeAbandoned(under: base)
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: mine))
    }
}
