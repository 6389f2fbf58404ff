import Foundation
@testable import ConsoleUI
@testable import MDMCore

/// A console session on a copy of one demo tenant (seed 1, fixed clock), at 80×24.
enum TestConsole {
    static let now = DateParsing.iso("2026-11-24T09:00:00Z")!
    static let operatorUPN = "admin@contoso.com"

    /// Built once per test run; each session gets its own copy.
    static let template: String = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mdmconsole-ui-template-\(getpid())")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("tenant.sqlite").path
        if !FileManager.default.fileExists(atPath: path) {
            try! DemoTenant.build(at: path, options: DemoTenant.Options(deviceCount: 300, seed: 1, now: now, creator: operatorUPN), replace: false)
        }
        return path
    }()

    static func session(width: Int = 80, height: Int = 24, as upn: String = operatorUPN, glyphs: Glyphs = .unicode) throws -> ConsoleSession {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mdmconsole-ui-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("tenant.sqlite").path
        try FileManager.default.copyItem(atPath: template, toPath: path)
        let store = try TenantStore(path: path)
        let session = ConsoleSession(state: AppState(width: width, height: height, operatorUPN: upn, glyphs: glyphs),
                                     runner: EffectRunner(store: store, operatorUPN: upn))
        session.start()
        return session
    }
}

extension ConsoleSession {
    var text: String { screen.text }

    /// Filters the list to `search` and leaves the filter.
    func filter(_ search: String) {
        press(.character("/"))
        type(search)
        press(.enter)
    }
}
