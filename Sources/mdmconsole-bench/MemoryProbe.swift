import ConsoleUI
import Foundation
import MDMCore

/// Peak resident memory of a console session on a tenant, measured in a child process of
/// its own (this one has held other tenants): start, type a filter, page through the list
/// and the audit log, jump to their ends.
enum MemoryProbe {
    static let flag = "--probe-memory"

    /// In the child: runs the session, prints the peak resident set in KiB.
    static func run(path: String) throws {
        let timings = ConsoleTimings(path: path, runs: 1)
        let session = try timings.session()
        session.start()
        session.type("/" + (try timings.words(count: 1).first ?? "iphone"))
        session.finishBackground()
        session.press(.escape)
        for _ in 0..<200 { session.press(.pageDown) }
        session.press(.end)
        session.press(.character("l"))
        for _ in 0..<200 { session.press(.pageDown) }
        session.press(.end)
        _ = session.screen
        print(peakResidentKiB())
    }

    static func peakResidentKiB() -> Int { peakResidentKiB(of: nil) ?? 0 }

    /// VmHWM of a process (this one when nil): it only grows, so the last reading is the peak.
    static func peakResidentKiB(of pid: Int32?) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid.map(String.init) ?? "self")/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
        return Int(line.split(separator: " ").dropFirst().first ?? "")
    }

    /// Starts `process` and reads its VmHWM until it exits (the peak only grows, so the last
    /// reading is the peak, to within one poll of the end): its wall time and peak in MiB.
    /// Whatever it writes must go somewhere read meanwhile or to a file, not to a pipe left
    /// unread (a full pipe would block it).
    static func run(watching process: Process) throws -> (seconds: Double, peakMiB: Double) {
        let started = Date()
        try process.run()
        var peak = 0.0
        while process.isRunning {
            if let kib = peakResidentKiB(of: process.processIdentifier) { peak = max(peak, Double(kib) / 1024) }
            usleep(20_000)
        }
        process.waitUntilExit()
        return (Date().timeIntervalSince(started), peak)
    }

    /// In the parent: the child's answer, in MiB.
    static func measure(path: String) throws -> Double {
        try childPeak(arguments: [flag, path], what: "the memory probe on \(path)")
    }

    /// Runs this bench again with `arguments` (a probe flag), which prints its peak in KiB; in MiB.
    static func childPeak(arguments: [String], what: String) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, let kib = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw BenchError("\(what) failed (\(process.terminationStatus)): \(text.prefix(200))")
        }
        return Double(kib) / 1024
    }
}
