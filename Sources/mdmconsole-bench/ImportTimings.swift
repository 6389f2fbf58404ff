import Foundation

/// `mdmconsole import` of a generated Graph managedDevice file (a `GET managedDevices`
/// response with every device in `value`) into a new tenant: wall time and the importer's
/// peak resident memory (VmHWM, polled until it exits), for files of several sizes.
struct ImportTimings {
    struct Figures {
        var devices: Int
        var fileMiB: Double
        var seconds: Double
        var peakMiB: Double
    }

    /// Writes a Graph file of `count` devices (about 900 bytes each, every field the reader
    /// knows and one it does not) to `path`, in 4 MiB writes.
    static func generate(count: Int, path: String) throws {
        FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else { throw BenchError("cannot write \(path)") }
        defer { try? handle.close() }
        var buffer = #"{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#deviceManagement/managedDevices", "value": ["# + "\n"
        let platforms = [("iOS", "18.1", "iPhone 15", "Apple"), ("Windows", "10.0.22631", "Latitude 7440", "Dell"), ("macOS", "15.1", "MacBook Pro", "Apple")]
        for index in 0..<count {
            let (system, version, model, maker) = platforms[index % platforms.count]
            let digits = String(format: "%012d", index)
            buffer += (index == 0 ? "" : ",\n") + """
                {"@odata.type": "#microsoft.graph.managedDevice", "id": "00000000-0000-4000-b000-\(digits)", "deviceName": "BENCH-\(digits)", \
                "operatingSystem": "\(system)", "osVersion": "\(version)", "managedDeviceOwnerType": "company", "complianceState": "compliant", \
                "managementState": "managed", "isSupervised": \(index % 2 == 0), "isEncrypted": true, "enrolledDateTime": "2026-03-02T10:15:00Z", \
                "lastSyncDateTime": "2026-11-24T07:40:12.1234567Z", "managementCertificateExpirationDate": "2027-03-02T10:15:00Z", \
                "userPrincipalName": "user\(index % 50_000)@contoso.com", "userDisplayName": "User \(index % 50_000)", \
                "emailAddress": "user\(index % 50_000)@contoso.com", "serialNumber": "SN\(digits)", "model": "\(model)", "manufacturer": "\(maker)", \
                "imei": "35693803\(digits.suffix(7))", "meid": "", "azureADDeviceId": "b3f0c9aa-5b2e-4c1e-8f6b-\(digits)", \
                "wiFiMacAddress": "00:11:22:33:44:55", "totalStorageSpaceInBytes": 256000000000, "freeStorageSpaceInBytes": 128000000000, \
                "someFutureProperty": {"nested": [1, 2, 3]}}
                """
            if buffer.utf8.count >= 4 << 20 {
                handle.write(Data(buffer.utf8))
                buffer = ""
            }
        }
        buffer += "\n]}\n"
        handle.write(Data(buffer.utf8))
    }

    /// `mdmconsole devices ARGUMENTS` on `tenant` with its output thrown away: wall time and peak
    /// resident memory (a listing streams, so this should not grow with the tenant).
    static func listing(tenant: String, arguments: [String]) throws -> (seconds: Double, peakMiB: Double)? {
        try console(["--db", tenant, "devices"] + arguments, what: "devices \(arguments.joined(separator: " ")) on \(tenant)")
    }

    /// Imports each size's file into a new store with the release console beside the bench.
    static func measure(sizes: [Int], folder: String) throws -> [Figures] {
        guard ServeTimings.consoleBinary() != nil else { return [] }
        var figures: [Figures] = []
        for count in sizes {
            let file = folder + "/graph-\(count)-devices.json"
            if !FileManager.default.fileExists(atPath: file) { try generate(count: count, path: file) }
            let size = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            let store = folder + "/imported-\(UUID().uuidString).sqlite"
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store + suffix) } }
            guard let (seconds, peak) = try console(["--db", store, "import", file], what: "import of \(file)") else { return [] }
            figures.append(Figures(devices: count, fileMiB: Double(size) / 1_048_576, seconds: seconds, peakMiB: peak))
        }
        return figures
    }

    /// The release console with `arguments`, as the bench's operator, its output thrown away and
    /// its errors kept in a file (a pipe left unread could fill and block it): time and peak.
    static func console(_ arguments: [String], what: String) throws -> (seconds: Double, peakMiB: Double)? {
        guard let binary = ServeTimings.consoleBinary() else { return nil }
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("mdmconsole-bench-\(UUID().uuidString).err")
        FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errors) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["MDMCONSOLE_OPERATOR": ConsoleTimings.operatorUPN]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: errors)
        let figures = try MemoryProbe.run(watching: process)
        guard process.terminationStatus == 0 else {
            let message = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            throw BenchError("\(what) failed (\(process.terminationStatus)): \(message.prefix(400))")
        }
        return figures
    }
}
