import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import MDMCore

/// The Graph endpoint over loopback: the real `mdmconsole serve` (the binary beside this
/// one), a page of 1000 devices followed by nextLink, an audit events page, the same rows read
/// in-process for the ratio, and wrk's requests/s and p99 with 64 keep-alive clients when wrk
/// is installed.
struct ServeTimings {
    let path: String
    let runs: Int
    let url: String
    let token: String
    private let server: Process

    struct Figures {
        var page = Samples(), inProcess = Samples(), audit = Samples(), filtered = Samples()
        var wrk: String?
        var serverPeakMiB: Double?
    }

    /// The console binary beside this one, when it was built.
    static func consoleBinary() -> String? {
        let path = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("mdmconsole").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    /// `mdmconsole serve` on `path`, a free port, with a fresh token issued by
    /// the tenant's creator (named `tokenName`); nil when the binary is missing or never listened.
    /// `throttle` as serve's option; `log`: a file for its request log (else discarded).
    static func launchServer(path: String, creator: String, tokenName: String, throttle: String = "off",
                             log: String? = nil) throws -> (server: Process, url: String, token: String)? {
        guard let binary = consoleBinary() else { return nil }
        let store = try TenantStore(path: path)
        let (_, token) = try ApiTokens(store: store).issue(to: creator, name: tokenName, lifetime: 3600, by: creator)
        try store.close()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--db", path, "--as", creator, "serve", "--listen", "127.0.0.1:0", "--throttle", throttle]
        let output = Pipe()
        process.standardOutput = output
        if let log {
            FileManager.default.createFile(atPath: log, contents: nil)
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { process.terminate(); return nil }
            line += chunk
        }
        let url = String(decoding: line, as: UTF8.self).split(separator: "\n")[0].replacingOccurrences(of: "listening on ", with: "")
        return (process, url, token)
    }

    /// Starts the server on a free port with a fresh token (issued by the tenant's creator).
    static func start(path: String, runs: Int, creator: String) throws -> ServeTimings? {
        guard let launched = try launchServer(path: path, creator: creator, tokenName: "mdmconsole-bench") else { return nil }
        return ServeTimings(path: path, runs: runs, url: launched.url, token: launched.token, server: launched.server)
    }

    func measure() throws -> Figures {
        defer { server.terminate(); server.waitUntilExit() }
        var figures = Figures()
        // A page of 1000 devices, following nextLink from the first page on.
        var next: String? = url + "/deviceManagement/managedDevices"
        for _ in 0..<runs {
            guard let link = next else { break }
            var body = Data()
            try figures.page.time { body = try get(link) }
            next = (try JSONSerialization.jsonObject(with: body) as? [String: Any])?["@odata.nextLink"] as? String
        }
        // The same rows read and shaped in-process, for the ratio.
        let store = try TenantStore(path: path)
        var start = DeviceWindowStart.first
        for _ in 0..<runs {
            try figures.inProcess.time {
                let window = try store.deviceWindow(DeviceQuery(), start: start, limit: 1000)
                _ = try JSONEncoder().encode(window.rows.map(DeviceWire.init))
                if let last = window.rows.last { start = .after(DeviceListKey(last, sort: .name)) }
            }
        }
        try store.close()
        for _ in 0..<runs { try figures.audit.time { _ = try get(url + "/deviceManagement/auditEvents?$top=1000") } }
        // The first page of a name filter, as a script looking for a model of phone would ask.
        let filter = "contains(deviceName,'iPhone')".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        for _ in 0..<runs { try figures.filtered.time { _ = try get(url + "/deviceManagement/managedDevices?$top=1000&$filter=" + filter) } }
        figures.wrk = wrk()
        figures.serverPeakMiB = MemoryProbe.peakResidentKiB(of: server.processIdentifier).map { Double($0) / 1024 }
        return figures
    }

    func get(_ link: String) throws -> Data {
        var request = URLRequest(url: URL(string: link)!)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let done = DispatchSemaphore(value: 0)
        let result = Box()
        URLSession.shared.dataTask(with: request) { data, response, error in
            result.data = data
            result.status = (response as? HTTPURLResponse)?.statusCode ?? 0
            result.error = error
            done.signal()
        }.resume()
        done.wait()
        if let error = result.error { throw error }
        guard result.status == 200, let data = result.data else { throw BenchError("GET \(link): HTTP \(result.status)") }
        return data
    }

    /// wrk's summary (requests/s, p99, errors), or nil when wrk is not installed.
    func wrk() -> String? {
        let candidates = ["/usr/bin/wrk", "/usr/local/bin/wrk"]
        guard let binary = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["-t2", "-c64", "-d8s", "--latency", "-H", "Authorization: Bearer \(token)",
                             url + "/deviceManagement/managedDevices?$top=10"]
        let output = Pipe()
        process.standardOutput = output
        guard (try? process.run()) != nil else { return nil }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let rate = lines.first { $0.hasPrefix("Requests/sec:") } ?? "Requests/sec: ?"
        let p99 = lines.first { $0.hasPrefix("99%") } ?? "99% ?"
        let errors = lines.first { $0.hasPrefix("Non-2xx") || $0.hasPrefix("Socket errors") } ?? "no errors"
        return "\(rate)   p99 \(p99.dropFirst(3).trimmingCharacters(in: .whitespaces))   \(errors)"
    }

    final class Box: @unchecked Sendable {
        var data: Data?
        var status = 0
        var error: Error?
    }
}
