import Foundation
import MDMCore

/// The console's search against the sqlite3 shell doing the same work on the same file:
/// the statements the console runs for one filter (captured by tracing the store) are
/// replayed by `sqlite3`, so the ratio shows what the Swift layers add over SQLite itself.
struct SQLiteShellComparison {
    let path: String
    let runs: Int

    struct Result {
        var console: Samples
        var shell: Samples
        var statements: [String]
    }

    func compare(search: String) throws -> Result {
        let captured = Captured()
        let store = try TenantStore(path: path) { sql in captured.add(sql) }
        defer { try? store.close() }
        let query = DeviceQuery(search: search)
        // What one keystroke reads: the first window of the list and the count (estimated or exact).
        let rowsPerWindow = 19 * 3
        _ = try store.deviceWindow(query, start: .first, limit: rowsPerWindow, counting: true)
        // Only the reads: the rest is GRDB opening the pool (WAL set-up, schema checks).
        let statements = captured.take().filter { $0.hasPrefix("SELECT") && !$0.contains("sqlite_master") && !$0.contains("grdb_") }
        // Timed on a store without the trace, which would cost the console its own overhead.
        let plain = try TenantStore(path: path)
        defer { try? plain.close() }
        var console = Samples()
        for _ in 0..<runs {
            try console.time { _ = try plain.deviceWindow(query, start: .first, limit: rowsPerWindow, counting: true) }
        }
        // The shell runs the statements `repeats` times in one process; its start-up, measured
        // alone, is taken off, so each sample is the cost of one pass over the statements.
        let repeats = 20
        var shell = Samples()
        for _ in 0..<runs {
            let full = try runShell(Array(repeating: statements, count: repeats).flatMap { $0 })
            let empty = try runShell([])
            shell.add(max(0, full - empty) / Double(repeats))
        }
        return Result(console: console, shell: shell, statements: statements)
    }

    /// Runs the statements through `sqlite3 -readonly` with output discarded; milliseconds.
    func runShell(_ statements: [String]) throws -> Double {
        let script = ".output /dev/null\n" + statements.map { $0.hasSuffix(";") ? $0 : $0 + ";" }.joined(separator: "\n") + "\n"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", "-readonly", path]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        let start = DispatchTime.now().uptimeNanoseconds
        try process.run()
        input.fileHandleForWriting.write(Data(script.utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard process.terminationStatus == 0, message.isEmpty else {
            throw BenchError("the sqlite3 shell failed (\(process.terminationStatus)): \(message.prefix(300))")
        }
        return elapsed
    }
}

/// SQL statements seen by the trace, from whichever connection ran them.
final class Captured: @unchecked Sendable {
    private let lock = NSLock()
    private var statements: [String] = []

    func add(_ sql: String) { lock.withLock { statements.append(sql) } }

    func take() -> [String] {
        lock.withLock {
            defer { statements.removeAll() }
            return statements
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
