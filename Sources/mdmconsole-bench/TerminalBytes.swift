import Foundation

/// Bytes the real console (ncurses) writes to an 80x24 pseudo-terminal for one cursor move
/// and one page down, counted by Tests/e2e/pty_bytes.py (as the end-to-end tests do).
struct TerminalBytes {
    let consoleBinary: String
    let script: String

    static func locate() -> TerminalBytes? {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let binary = folder.appendingPathComponent("mdmconsole").path
        let script = FileManager.default.currentDirectoryPath + "/Tests/e2e/pty_bytes.py"
        guard FileManager.default.isExecutableFile(atPath: binary), FileManager.default.fileExists(atPath: script) else { return nil }
        return TerminalBytes(consoleBinary: binary, script: script)
    }

    /// (first frame, cursor move, page down) in bytes, for each run.
    func measure(path: String, runs: Int) throws -> (first: Samples, move: Samples, page: Samples) {
        var first = Samples(), move = Samples(), page = Samples()
        for _ in 0..<runs {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", script, consoleBinary, path, "j", "\\x1b[6~"]
            var environment = ProcessInfo.processInfo.environment
            environment["MDMCONSOLE_OPERATOR"] = ConsoleTimings.operatorUPN
            process.environment = environment
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            func bytes(_ label: String) throws -> Double {
                guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(label) }),
                      let number = line.split(separator: " ").dropLast().last.flatMap({ Double($0) }) else {
                    throw BenchError("pty_bytes.py gave no \"\(label)\" line: \(text.prefix(300))")
                }
                return number
            }
            first.add(try bytes("first frame"))
            move.add(try bytes("cursor down (j)"))
            page.add(try bytes("page down"))
        }
        return (first, move, page)
    }
}
