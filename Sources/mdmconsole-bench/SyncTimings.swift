import Foundation
import MDMCore

/// A tenant mirrored through Microsoft Graph, end to end: the real `mdmconsole serve` on the
/// bench tenant, and the real `mdmconsole connect` (client credentials, so no one approves a
/// code) into a new store, which signs in and syncs every device and the audit events. Its
/// wall time and peak resident memory (VmHWM, read until it exits), then the console's first
/// frame and filter keystroke on the mirror it made.
struct SyncTimings {
    struct Figures {
        var seconds: Double
        var peakMiB: Double
        var devices: Int
        var summary: String
        var mirror: String
    }

    static func binary() -> String? { ServeTimings.consoleBinary() }

    /// Serves `path`, connects a new mirror in `folder` to it, and measures that.
    static func measure(path: String, folder: String, creator: String) throws -> Figures? {
        guard let binary = binary(),
              let (server, url, secret) = try ServeTimings.launchServer(path: path, creator: creator, tokenName: "mdmconsole-bench sync") else { return nil }
        defer { server.terminate(); server.waitUntilExit() }

        let mirror = folder + "/mirror-\(UUID().uuidString).sqlite"
        let state = folder + "/state-\(UUID().uuidString)"
        let client = Process()
        client.executableURL = URL(fileURLWithPath: binary)
        client.arguments = ["--db", mirror, "connect", url, "--tenant", "contoso", "--client-secret-env", "MDMCONSOLE_BENCH_SECRET"]
        client.environment = ProcessInfo.processInfo.environment.merging(["MDMCONSOLE_BENCH_SECRET": secret, "XDG_STATE_HOME": state]) { $1 }
        let clientOutput = Pipe()
        client.standardOutput = clientOutput
        client.standardError = FileHandle.nullDevice
        let reader = DispatchQueue(label: "bench.sync.output")
        let captured = ServeTimings.Box()
        let done = DispatchSemaphore(value: 0)
        reader.async {
            captured.data = clientOutput.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }
        let (seconds, peak) = try MemoryProbe.run(watching: client)
        done.wait()
        try? FileManager.default.removeItem(atPath: state)
        let summary = String(decoding: captured.data ?? Data(), as: UTF8.self).split(separator: "\n").first { $0.hasPrefix("Synced") }.map(String.init) ?? "(no summary)"
        guard client.terminationStatus == 0 else { throw BenchError("connect exited \(client.terminationStatus): \(summary)") }
        let devices = try TenantStore(path: mirror).deviceCount()
        return Figures(seconds: seconds, peakMiB: peak, devices: devices, summary: summary, mirror: mirror)
    }
}
