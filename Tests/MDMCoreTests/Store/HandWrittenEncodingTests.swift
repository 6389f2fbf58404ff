import Foundation
import GRDB
import Testing
@testable import MDMCore

/// The hand-written encoders that make bulk writes fast must write exactly what GRDB and
/// JSONEncoder write, or stored devices would read back differently.
@Suite("Hand-written encodings")
struct HandWrittenEncodingTests {
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

    @Test("A device written column by column reads back equal")
    func roundTrip() throws {
        var device = Fixtures.supervisedIPhone()
        device.inventory = ["Wi-Fi MAC": "a4:c3:f0", "Category": "Front desk, lobby"]
        let temporary = try TemporaryStore(seededWith: [device])
        #expect(try temporary.store.device(id: device.id) == device)
    }
}
