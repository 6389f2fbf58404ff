import Foundation
import GRDB
import Testing
@testable import MDMCore
@testable import MDMDemo

/// The hand-written encoders and decoders that make bulk writes and big windows fast must
/// write and read exactly what GRDB, JSONEncoder and Codable do, or devices would change.
@Suite("Hand-written encodings")
struct HandWrittenEncodingTests {
    /// A demo tenant of `devices` in a folder of its own, for `body`; removed after.
    func withDemo<T>(devices: Int, seed: UInt64, _ body: (TenantStore) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mdmconsole-encoding-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("tenant.sqlite").path
        try DemoTenant.build(at: path, options: DemoTenant.Options(deviceCount: devices, seed: seed, now: Fixtures.now, creator: "maria@contoso.com"), replace: false)
        let store = try TenantStore(path: path)
        defer { try? store.close() }
        return try body(store)
    }

    @Test("Dates as GRDB writes them", arguments: [
        "2026-11-24T09:00:00Z", "2024-02-29T23:59:59.999Z", "1969-12-31T23:59:59.5Z", "2000-01-01T00:00:00Z", "2099-12-31T12:34:56.789Z",
    ])
    func dates(iso: String) throws {
        let date = try #require(DateParsing.iso(iso))
        #expect(DatabaseDate.text(date) == String.fromDatabaseValue(date.databaseValue))
    }

    @Test("JSON columns as JSONEncoder with sorted keys writes them")
    func json() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let inventory = ["Wi-Fi MAC": "a4:c3", "Category": "Sales\nTablets \"A\"", "Zé": "tab\there\u{1}"]
        #expect(JSONText.object(inventory) == String(decoding: try encoder.encode(inventory), as: UTF8.self))
        let apps = [DeviceApp(name: "Outlook", deployment: .required), DeviceApp(name: "Teams \"beta\"", deployment: .availableInstalled)]
        #expect(JSONText.apps(apps) == String(decoding: try encoder.encode(apps), as: UTF8.self))
    }

    @Test("devices --json by hand: JSONEncoder's bytes for the whole list, the demo tenant's devices and hostile text alike")
    func deviceListJSON() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        func handWritten(_ devices: [DeviceWire]) -> String {
            var writer = DeviceJSONWriter()
            for device in devices { writer.append(device) }
            writer.finish()
            return String(decoding: writer.take(), as: UTF8.self)
        }
        func encoded(_ devices: [DeviceWire]) throws -> String { String(decoding: try encoder.encode(devices), as: UTF8.self) + "\n" }
        var wires: [DeviceWire] = try withDemo(devices: 400, seed: 4) { store in
            var wires: [DeviceWire] = []
            try store.forEachDevice(DeviceQuery()) { wires.append(DeviceWire($0)) }
            return wires
        }
        #expect(wires.count >= 400)
        var hostile = DeviceWire(Fixtures.supervisedIPhone())
        hostile.deviceName = "Zoë's \"iPad\" \\ C:/path\u{1B}[31m\u{7}\t\n\r\u{8}\u{C}\u{1F}\u{7F}\u{9B}\u{200E}\u{2028}👩🏽‍💻"
        hostile.model = ""
        hostile.online = nil
        wires.append(hostile)
        #expect(handWritten(wires) == (try encoded(wires)))
        #expect(handWritten([]) == (try encoded([])), "an empty list too")
        #expect(handWritten([hostile]) == (try encoded([hostile])))
        // Every property of DeviceWire is written, in the encoder's order.
        let keys = try #require(try JSONSerialization.jsonObject(with: try JSONEncoder().encode(hostile)) as? [String: Any]).keys
        #expect(DeviceJSONWriter.keys == keys.sorted())
    }

    @Test("audit --json by hand: JSONEncoder's bytes for the whole list, empty arrays, nulls and hostile text inside too")
    func auditListJSON() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        func streamed(_ entries: [AuditEntryWire]) throws -> String {
            var writer = AuditJSONWriter()
            for entry in entries { writer.append(entry) }
            writer.finish()
            return String(decoding: writer.take(), as: UTF8.self)
        }
        let (streamedOrder, entries) = try withDemo(devices: 100, seed: 5) { store in
            var streamed: [AuditEntry] = []
            try store.forEachAuditEntry(AuditQuery()) { streamed.append($0) }
            return (streamed, try store.auditEntries(AuditQuery()))
        }
        #expect(streamedOrder.map(\.id) == entries.map(\.id), "the cursor yields what the list does, in its order")
        var wires = entries.map(AuditEntryWire.init)
        // An entry with nothing changed, no origin and no device, and one whose text is hostile.
        var bare = try #require(wires.first)
        bare.modifiedProperties = []
        bare.origin = nil
        bare.targetDeviceId = nil
        bare.targetDeviceName = nil
        var hostile = bare
        hostile.activity = "wipe \"x\" \\ a/b\u{1B}[2J\n\u{9B}"
        // One with an origin (SSH key, impersonation) and changes; one whose origin lacks the optional parts.
        let source = try #require(entries.first { !$0.changedProperties.isEmpty })
        var keyed = source
        keyed.origin = AuditOrigin(applicationDisplayName: "mdmconsole", ipAddress: "192.0.2.7", login: "helpdesk", host: "bastion",
                                   keyFingerprint: "SHA256:abc/def+ghi", impersonatedBy: "root")
        var plain = source
        plain.origin = AuditOrigin(applicationDisplayName: "mdmconsole serve", login: "svc", host: "h\u{7}")
        wires += [bare, hostile, AuditEntryWire(keyed), AuditEntryWire(plain)]
        #expect(try streamed(wires) == String(decoding: try encoder.encode(wires), as: UTF8.self) + "\n")
        #expect(try streamed([]) == String(decoding: try encoder.encode([AuditEntryWire]()), as: UTF8.self) + "\n")
        // Every property is written, in the encoder's order, the nested objects' too.
        let full = try #require(wires.first { $0.origin != nil && !$0.modifiedProperties.isEmpty })
        let object = try #require(try JSONSerialization.jsonObject(with: try JSONEncoder().encode(full)) as? [String: Any])
        #expect(AuditJSONWriter.keys == object.keys.sorted())
        #expect(AuditJSONWriter.originKeys == (object["origin"] as? [String: Any])?.keys.sorted())
        #expect(AuditJSONWriter.changeKeys == ((object["modifiedProperties"] as? [[String: Any]])?.first)?.keys.sorted())
    }

    @Test("A device written column by column reads back equal")
    func roundTrip() throws {
        var device = Fixtures.supervisedIPhone()
        device.inventory = ["Wi-Fi MAC": "a4:c3:f0", "Category": "Front desk, lobby"]
        let temporary = try TemporaryStore(seededWith: [device])
        #expect(try temporary.store.device(id: device.id) == device)
    }

    @Test("Dates read by hand as GRDB reads them, to the millisecond")
    func readDates() throws {
        var random = SeededRandom(seed: 9)
        for _ in 0..<3000 {
            let date = Date(timeIntervalSince1970: Double(Int64(random.next() % 8_000_000_000_000) - 2_000_000_000_000) / 1000)
            let stored = date.databaseValue
            #expect(DatabaseDate.date(stored) == Date.fromDatabaseValue(stored), "\(stored)")
        }
        // Forms written by others still read, through GRDB.
        for text in ["2026-11-24 09:00:00", "2026-11-24T09:00:00.000", "2026-11-24"] {
            #expect(DatabaseDate.date(text.databaseValue) == Date.fromDatabaseValue(text.databaseValue))
        }
    }

    @Test("Every demo device reads back as Codable would decode it")
    func decodeLikeCodable() throws {
        try withDemo(devices: 400, seed: 4) { store in try store.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM device")
            #expect(rows.count > 300)
            for row in rows {
                let byHand = try Device(row: row)
                let byCodable = try FetchableRecordDecoder().decode(Device.self, from: row)
                #expect(byHand == byCodable)
            }
        } }
    }

    @Test("A device read without apps and inventory is the whole device but those two, and says the same on the wire")
    func leanRead() throws {
        try withDemo(devices: 300, seed: 6) { store in try store.read { db in
            let whole = try Device.fetchAll(db, sql: "SELECT * FROM device ORDER BY id")
            let ids = whole.map(\.id)
            let lean = try DeviceColumns.withoutAppsAndInventory.fetch(db, ids: ids, scope: .everyDevice)
            #expect(lean.map(\.id) == ids, "in the order given")
            #expect(whole.contains { !$0.apps.isEmpty })
            for (full, read) in zip(whole, lean) {
                var expected = full
                expected.apps = []
                expected.inventory = [:]
                #expect(read == expected)
                #expect(try JSONEncoder().encode(DeviceWire(read)) == JSONEncoder().encode(DeviceWire(full)))
            }
            // Ids given in another order, twice, or unknown: the known ones once each, in the order given.
            let some = [ids[5], "no-such-device", ids[2], ids[9]]
            #expect(try DeviceColumns.whole.fetch(db, ids: some, scope: .everyDevice).map(\.id) == [ids[5], ids[2], ids[9]])
        } }
    }

    @Test("Scope tag columns read by hand as JSONDecoder reads them; anything else refused alike", arguments: [
        "[\"0\"]", "[]", "[\"1\",\"3\"]", "[\"12\",\"0\",\"7\"]", "[ \"1\" ]", "[\"1\",]", "[\"\"]", "[\"a\"]", "[1]", "", "[",
        "[\"1\"", "\"1\"]", "[\"\\u0031\"]", "[\"12345678901\"]", "null", "[\"1\" ,\"2\"]",
    ])
    func scopeTagColumn(text: String) throws {
        let byDecoder = (try? JSONDecoder().decode([String].self, from: Data(text.utf8))).flatMap { $0.allSatisfy(ScopeTag.isValidId) ? $0 : nil }
        #expect(ScopeTagColumn.ids(text) == byDecoder)
    }

    @Test("Short dates and spans written by hand read as the ISO format style wrote them")
    func shortDates() throws {
        let style = Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day().dateTimeSeparator(.space).time(includingFractionalSeconds: false)
        var random = SeededRandom(seed: 11)
        for _ in 0..<2000 {
            // 1970 to about 2096, to the millisecond, the last second of a minute included.
            let date = Date(timeIntervalSince1970: Double(random.next() % 4_000_000_000_000) / 1000)
            #expect(DateText.short(date) == String(date.formatted(style).prefix(16)), "\(date.timeIntervalSince1970)")
        }
        #expect(DateText.span(3 * 3600 + 5 * 60) == "3h 05m")
        #expect(DateText.span(3 * 3600 + 45 * 60) == "3h 45m")
        #expect(DateText.span(26 * 3600) == "1d 2h")
        #expect(DateText.span(59) == "0m")
    }
}
