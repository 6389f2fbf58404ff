import Foundation
import GRDB

extension Device {
    /// Read column by column rather than through Codable: decoding was most of the time a
    /// window of the list took on a million devices (the SQL itself was the smaller part).
    /// Rows of `SELECT *` / `SELECT device.*` come in table order and are read by position;
    /// anything else by column name.
    public init(row: Row) throws {
        let positional = row.count == Self.databaseColumns.count
        func value(_ index: Int) -> DatabaseValue {
            positional ? row[index] : (row[Self.databaseColumns[index]] as DatabaseValue?) ?? .null
        }
        func text(_ index: Int) throws -> String {
            guard let text = String.fromDatabaseValue(value(index)) else { throw Self.damaged(index, value(index)) }
            return text
        }
        func flag(_ index: Int) throws -> Bool {
            guard let flag = Bool.fromDatabaseValue(value(index)) else { throw Self.damaged(index, value(index)) }
            return flag
        }
        func date(_ index: Int) throws -> Date {
            guard let date = DatabaseDate.date(value(index)) else { throw Self.damaged(index, value(index)) }
            return date
        }
        func choice<T: RawRepresentable>(_ index: Int, _: T.Type) throws -> T where T.RawValue == String {
            guard let choice = T(rawValue: try text(index)) else { throw Self.damaged(index, value(index)) }
            return choice
        }
        self.init(
            id: try text(0), name: try text(1), platform: try choice(2, Platform.self), osVersion: try text(3),
            managementType: try choice(4, ManagementType.self), ownership: try choice(5, Ownership.self),
            complianceState: try choice(6, ComplianceState.self), managementState: try choice(7, ManagementState.self),
            primaryUserUPN: try text(8), primaryUserDisplayName: try text(9), primaryUserEmail: try text(10),
            serialNumber: try text(11), model: try text(12), manufacturer: try text(13), imei: try text(14),
            securityPatchLevel: try text(15), enrolledAt: try date(16), lastCheckInAt: try date(17),
            certificateExpiresAt: try date(18), isSupervised: try flag(19), isEncrypted: try flag(20),
            isJailbroken: try flag(21), isOnline: try flag(22),
            activationLockBypassCode: value(23).isNull ? nil : try text(23),
            activationLockBypassCodeIssuedAt: value(24).isNull ? nil : try date(24),
            activationLockAllowedByPolicy: try flag(25), passcodeRequiredByCompliance: try flag(26),
            workProfilePasscodeRequiredByPolicy: try flag(27), workProfilePasscodeSet: try flag(28),
            passcodeResetPromptAccepted: try flag(29),
            apps: try JSONColumns.apps(try text(30)) ?? { throw Self.damaged(30, value(30)) }(),
            inventory: try JSONColumns.strings(try text(31)) ?? { throw Self.damaged(31, value(31)) }(),
            lostMode: value(32).isNull ? nil : try JSONColumns.decoded(LostMode.self, try text(32)) ?? { throw Self.damaged(32, value(32)) }(),
            location: value(33).isNull ? nil : try JSONColumns.decoded(DeviceLocation.self, try text(33)) ?? { throw Self.damaged(33, value(33)) }(),
            diagnostics: try JSONColumns.decoded([DiagnosticsUpload].self, try text(34)) ?? { throw Self.damaged(34, value(34)) }(),
            presenceKnown: try flag(35),
            roleScopeTagIds: try ScopeTagColumn.ids(try text(36)) ?? { throw Self.damaged(36, value(36)) }())
    }

    static func damaged(_ index: Int, _ value: DatabaseValue) -> StoreError {
        StoreError.invalid("a device row has an unreadable \(databaseColumns[index]): \(value)")
    }
}

/// The device's JSON columns, read with the import's strict parser (as written by JSONText).
/// The remote tasks' columns (lost mode, location, diagnostics) are rare and small, so they
/// go through Codable; an empty list is the only value most rows hold, read without decoding.
enum JSONColumns {
    static func encoded<T: Encodable>(_ value: T) -> String {
        if let list = value as? [DiagnosticsUpload], list.isEmpty { return "[]" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // As GRDB's Codable records write JSON columns, so either way reads them alike.
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }

    static func decoded<T: Decodable>(_ type: T.Type, _ text: String) -> T? {
        if text == "[]", let empty = [DiagnosticsUpload]() as? T { return empty }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return try? decoder.decode(type, from: Data(text.utf8))
    }

    static func apps(_ text: String) throws -> [DeviceApp]? {
        guard case .array(let items) = try JSONReader.parse(Array(text.utf8)) else { return nil }
        var apps: [DeviceApp] = []
        for item in items {
            guard case .object(let fields) = item, case .string(let name)? = fields["name"],
                  case .string(let raw)? = fields["deployment"], let deployment = DeviceApp.Deployment(rawValue: raw) else { return nil }
            apps.append(DeviceApp(name: name, deployment: deployment))
        }
        return apps
    }

    static func strings(_ text: String) throws -> [String: String]? {
        guard case .object(let fields) = try JSONReader.parse(Array(text.utf8)) else { return nil }
        var strings: [String: String] = [:]
        for (key, node) in fields {
            guard case .string(let value) = node else { return nil }
            strings[key] = value
        }
        return strings
    }
}

extension DatabaseDate {
    /// Reads `YYYY-MM-DD HH:MM:SS.SSS` (how GRDB, `text` and the simulator's strftime write
    /// dates) by hand; any other form GRDB accepts goes through GRDB.
    static func date(_ value: DatabaseValue) -> Date? {
        guard case .string(let text) = value.storage else { return Date.fromDatabaseValue(value) }
        let bytes = Array(text.utf8)
        guard bytes.count == 23, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x20, bytes[13] == 0x3A, bytes[16] == 0x3A, bytes[19] == 0x2E else {
            return Date.fromDatabaseValue(value)
        }
        func number(_ range: Range<Int>) -> Int? {
            var result = 0
            for index in range {
                let digit = Int(bytes[index]) - 0x30
                guard (0...9).contains(digit) else { return nil }
                result = result * 10 + digit
            }
            return result
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
              let minute = number(14..<16), let second = number(17..<19), let millisecond = number(20..<23),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60 else {
            return Date.fromDatabaseValue(value)
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        // Counted from 2001 as Foundation's calendar (and so GRDB) does, so the Double is the same.
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - 978_307_200
        return Date(timeIntervalSinceReferenceDate: Double(seconds) + Double(millisecond * 1_000_000) / 1e9)
    }

    /// Howard Hinnant's days_from_civil: the inverse of `civil(fromDays:)`.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
