import Foundation
import MDMCore
import MDMDemo

/// The generated tenants the benchmark runs on, kept in one folder and reused between
/// runs (a million devices take minutes to build).
struct BenchTenants {
    /// The tenants' Administrator (the bench issues its endpoint token as them).
    static let creator = "bench@contoso.com"

    let folder: String
    let now = DateParsing.iso("2026-11-24T09:00:00Z")!

    func path(devices: Int, auditEntries: Int) -> String {
        "\(folder)/tenant-\(devices)-devices-\(auditEntries)-entries.sqlite"
    }

    /// The tenant's file, built first if it is not there yet.
    func tenant(devices: Int, auditEntries: Int) throws -> String {
        let path = path(devices: devices, auditEntries: auditEntries)
        if FileManager.default.fileExists(atPath: path) {
            log("reusing \(path)")
            return path
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        log("building \(path) (\(devices) devices, \(auditEntries) older audit entries)…")
        let start = Date()
        var last = Date.distantPast
        try DemoTenant.build(at: path, options: DemoTenant.Options(deviceCount: devices, seed: 1, now: now, creator: Self.creator,
                                                                   auditEntries: auditEntries), replace: true) { stage, fraction in
            guard Date().timeIntervalSince(last) > 5 || fraction >= 1 else { return }
            last = Date()
            log("  \(stage) \(Int(fraction * 100))%")
        }
        log(String(format: "built in %.1f s", Date().timeIntervalSince(start)))
        return path
    }
}

func log(_ text: String) {
    FileHandle.standardError.write(Data("[bench] \(text)\n".utf8))
}
