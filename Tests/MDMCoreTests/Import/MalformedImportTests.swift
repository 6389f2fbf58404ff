import Foundation
import Testing
@testable import MDMCore

/// Bad input loses nothing: every malformed file is refused with where and what, and the
/// store's files are byte-for-byte as before.
@Suite("Import: malformed files")
struct MalformedImportTests {
    /// Runs the import the way the command does (read whole, then write) against a real
    /// store and returns the error, checking the store's bytes did not change.
    func refused(_ text: String, format: ImportFormat? = nil, file: String = "devices.json") throws -> ImportError {
        try refused(Array(text.utf8), format: format, file: file)
    }

    func refused(_ bytes: [UInt8], format: ImportFormat? = nil, file: String = "devices.json") throws -> ImportError {
        let temporary = try TemporaryStore(seededWith: [Fixtures.device(.iOS, .appleDeviceEnrollment, "18.1")])
        let before = try checksum(temporary.path)
        var caught: ImportError?
        do {
            let (format, devices) = try InventoryImport.read(bytes, file: file, format: format, now: Fixtures.now)
            _ = try InventoryImport.apply(devices, format: format, file: file, replace: true, to: temporary.store, by: "admin@contoso.com")
        } catch let error as ImportError {
            caught = error
        }
        #expect(try checksum(temporary.path) == before, "the store changed")
        #expect(try temporary.store.deviceCount() == 1)
        let error = try #require(caught, "the file was accepted")
        // Graph JSON also streams from a file (what `import` does): the same problems, nothing written.
        let chosen = format ?? ImportFormat.guess(bytes)
        if chosen == .graph {
            let streamed = try streamedRefusal(bytes, store: temporary)
            #expect(streamed.problems.map(\.description) == error.problems.map(\.description), "streamed")
            #expect(streamed.total == error.total)
            #expect(try checksum(temporary.path) == before, "the store changed (streamed)")
        }
        return error
    }

    /// The streaming import's refusal of the same bytes, read from a file.
    func streamedRefusal(_ bytes: [UInt8], store temporary: TemporaryStore) throws -> ImportError {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mdmconsole-stream-\(UUID().uuidString).json")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        do {
            var graph = try GraphFileImport(file: file.path)
            try graph.check(now: Fixtures.now)
            _ = try graph.apply(replace: true, to: temporary.store, by: "admin@contoso.com")
        } catch let error as ImportError {
            return error
        }
        Issue.record("the streamed import accepted the file")
        return ImportError(file: file.path, problems: [])
    }

    /// The database and its WAL, as bytes on disk.
    func checksum(_ path: String) throws -> Data {
        let main = try Data(contentsOf: URL(fileURLWithPath: path))
        let wal = (try? Data(contentsOf: URL(fileURLWithPath: path + "-wal"))) ?? Data()
        return main + wal
    }

    static let good = #"{"id": "x-1", "deviceName": "Phone", "operatingSystem": "iOS", "osVersion": "18.1"}"#

    @Test("Duplicate ids are named with both places")
    func duplicateIds() throws {
        let error = try refused("[\(Self.good), \(Self.good)]")
        #expect(error.problems.map(\.description) == [#"[1].id: duplicate id "x-1" (also at [0])"#])
        let csv = try refused("Device ID,Device name,OS\r\nx,a,iOS\r\ny,b,iOS\r\nx,c,iOS\r\n", file: "d.csv")
        #expect(csv.problems.map(\.description) == [#"line 4, Device ID: duplicate id "x" (also on line 2)"#])
    }

    @Test("Unknown enum values say what was expected and what was found")
    func unknownEnums() throws {
        let error = try refused(#"{"value": [{"id": "a", "deviceName": "A", "operatingSystem": "Symbian", "complianceState": "fine"}]}"#)
        let text = error.problems.map(\.description)
        #expect(text.contains { $0.hasPrefix("value[0].operatingSystem: expected one of iOS, iPadOS, macOS, Windows, Android") && $0.hasSuffix(#"found "Symbian""#) })
        #expect(text.contains { $0.hasPrefix("value[0].complianceState: expected one of unknown, compliant") })
        let enrollment = try refused(#"[{"id": "a", "deviceName": "A", "operatingSystem": "Android", "deviceEnrollmentType": "androidEnterpriseFullyManagd"}]"#)
        #expect(enrollment.problems.first?.location == "[0].deviceEnrollmentType")
        let csv = try refused("Device ID,Device name,OS,Ownership\nx,a,iOS,Borrowed\n", file: "d.csv")
        #expect(csv.problems.first?.description.hasPrefix("line 2, Ownership: expected one of unknown, company, personal") == true)
    }

    @Test("Impossible dates are refused, not rolled over")
    func impossibleDates() throws {
        let error = try refused(#"[{"id": "a", "deviceName": "A", "operatingSystem": "iOS", "enrolledDateTime": "2026-02-30T10:00:00Z", "lastSyncDateTime": "yesterday"}]"#)
        #expect(error.problems.map(\.description) == [
            #"[0].enrolledDateTime: "2026-02-30T10:00:00Z" is not a real date or time"#,
            #"[0].lastSyncDateTime: expected an ISO 8601 date such as 2026-11-24T09:30:00Z, found "yesterday""#,
        ])
        let csv = try refused("Device ID,Device name,OS,Last check-in\nx,a,iOS,2026-11-24 25:00:00\n", file: "d.csv")
        #expect(csv.problems.first?.location == "line 2, Last check-in")
    }

    @Test("Wrong types name the JSON path")
    func wrongTypes() throws {
        let error = try refused(#"{"value": [{"id": "a", "deviceName": "A", "operatingSystem": "iOS"}, {"id": 7, "deviceName": "B", "operatingSystem": "iOS", "osVersion": 18.1, "isSupervised": "yes"}, "nope"]}"#)
        #expect(error.problems.map(\.description).sorted() == [
            "value[1].id: expected a string, found a number",
            "value[1].isSupervised: expected true or false, found a string",
            "value[1].osVersion: expected a string, found a number",
            "value[2]: expected a managedDevice object, found a string",
        ])
        let root = try refused(#"{"value": {"id": "a"}}"#)
        #expect(root.problems.first?.description == "value: expected an array of managedDevice objects under \"value\", found an object")
    }

    @Test("A truncated file says where it stops")
    func truncated() throws {
        let json = try refused("{\"value\": [\n  \(Self.good),\n  {\"id\": \"x-2\", \"deviceNa")
        #expect(json.problems.first?.location == "line 3, column 26")
        #expect(json.problems.first?.message.contains("truncated") == true)
        let csv = try refused("Device ID,Device name,OS\r\nx,\"Phone, cut", file: "d.csv")
        #expect(csv.problems.first?.description == "line 2: a quoted field opened here is never closed (the file looks truncated)")
        let short = try refused("Device ID,Device name,OS\nx,a\n", file: "d.csv")
        #expect(short.problems.first?.description == "line 2: expected 3 fields as in the header, found 2")
    }

    @Test("An empty file, a header-only CSV, and a CSV from elsewhere")
    func empty() throws {
        #expect(try refused("").problems.first?.message == "the file is empty")
        #expect(try refused("\u{FEFF}").problems.first?.message == "the file is empty")
        #expect(try refused("  \n\n").problems.first?.message == "the file is empty")
        #expect(try refused("[]").problems.first?.message == "the file holds no devices")
        #expect(try refused("Device ID,Device name,OS\r\n", file: "d.csv").problems.first?.message == "the file holds no devices")
        #expect(try refused("Name,Serial\nAna,123\n", file: "d.csv").problems.first?.message.hasPrefix(#"missing required columns "Device ID", "Device name", "OS""#) == true)
    }

    @Test("A binary file is refused as not text")
    func binary() throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52]
        #expect(try refused(png).problems.first?.message.hasPrefix("not a text file (a NUL byte at offset 8)") == true)
        let latin1: [UInt8] = Array("Device ID,Device name,OS\nx,Ren".utf8) + [0xE9] + Array(",iOS\n".utf8)
        #expect(try refused(latin1).problems.first?.message.hasPrefix("not UTF-8 text (an invalid byte near offset 30)") == true)
    }

    @Test("Several problems are reported together, up to a limit, with the total")
    func manyProblems() throws {
        let rows = (1...30).map { "d\($0),Device \($0),Palm" }.joined(separator: "\n")
        let error = try refused("Device ID,Device name,OS\n" + rows + "\n", file: "d.csv")
        #expect(error.problems.count == ImportProblems.limit)
        #expect(error.total == 30)
        #expect(error.description.contains("… and 10 more problems"))
        #expect(error.description.hasSuffix("nothing was imported: 30 problems in d.csv; the store is as it was"))
    }

    @Test("A huge file is refused before it is read, naming its size")
    func huge() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mdmconsole-huge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("huge.json").path
        // A sparse file: 1.5 GiB long, no disk used.
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(InventoryImport.maximumFileSize) * 3 / 2)
        try handle.close()
        #expect(throws: ImportError.self) { try InventoryImport.load(path) }
        do { _ = try InventoryImport.load(path) } catch let error as ImportError {
            #expect(error.problems.first?.message == "the file is too large (1536 MiB; at most 1024 MiB): split it")
        }
        do { _ = try InventoryImport.load(folder.path) } catch let error as ImportError {
            #expect(error.problems.first?.message == "is a directory, not a file")
        }
    }

    @Test("A management type that does not fit the platform is refused")
    func misfit() throws {
        let error = try refused(#"[{"id": "a", "deviceName": "A", "operatingSystem": "iOS", "deviceEnrollmentType": "androidEnterpriseFullyManaged"}]"#)
        #expect(error.problems.first?.description == #"[0].deviceEnrollmentType: "androidEnterpriseFullyManaged" does not fit operatingSystem "iOS""#)
        let unknown = try refused(#"[{"id": "a", "deviceName": "A", "operatingSystem": "Android"}]"#)
        #expect(unknown.problems.first?.message.hasPrefix("cannot tell how this Android device is managed") == true)
    }
}
