import Foundation
import GRDB

extension Device {
    /// Read column by column rather than through Codable: decoding was most of the time a
    /// window of the list took on a million devices (the SQL itself was the smaller part).
    /// Rows of `SELECT *` / `SELECT device.*` come in table order and are read by position;
    /// anything else by column name.
    public init(row: Row) throws {
        let positional = row.count == Self.databaseColumns.count
        let names = positional ? [] : row.columnNames.map { $0.lowercased() }
        func index(_ column: Int) -> Int? { positional ? column : names.firstIndex(of: Self.databaseColumns[column].lowercased()) }
        // Typed reads (GRDB's fast path, straight from the statement): going through
        // DatabaseValue was most of a bulk preview's decoding.
        func text(_ column: Int) throws -> String {
            guard let at = index(column), !row.hasNull(atIndex: at), let text = try? row.decode(String.self, atIndex: at) else {
                throw Self.damaged(column, row)
            }
            return text
        }
        func optionalText(_ column: Int) throws -> String? {
            guard let at = index(column) else { throw Self.damaged(column, row) }
            return row.hasNull(atIndex: at) ? nil : try text(column)
        }
        func flag(_ column: Int) throws -> Bool {
            guard let at = index(column), !row.hasNull(atIndex: at), let flag = try? row.decode(Bool.self, atIndex: at) else {
                throw Self.damaged(column, row)
            }
            return flag
        }
        func date(_ column: Int) throws -> Date {
            guard let at = index(column) else { throw Self.damaged(column, row) }
            if let text = try? row.decode(String.self, atIndex: at), let date = DatabaseDate.date(text: text) { return date }
            guard let date = DatabaseDate.date(row[at] as DatabaseValue) else { throw Self.damaged(column, row) }
            return date
        }
        func optionalDate(_ column: Int) throws -> Date? {
            guard let at = index(column) else { throw Self.damaged(column, row) }
            return row.hasNull(atIndex: at) ? nil : try date(column)
        }
        func choice<T: RawRepresentable>(_ column: Int, _: T.Type) throws -> T where T.RawValue == String {
            guard let choice = T(rawValue: try text(column)) else { throw Self.damaged(column, row) }
            return choice
        }
        func json<T>(_ column: Int, _ read: (String) throws -> T?) throws -> T {
            guard let value = try read(try text(column)) else { throw Self.damaged(column, row) }
            return value
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
            activationLockBypassCode: try optionalText(23), activationLockBypassCodeIssuedAt: try optionalDate(24),
            activationLockAllowedByPolicy: try flag(25), passcodeRequiredByCompliance: try flag(26),
            workProfilePasscodeRequiredByPolicy: try flag(27), workProfilePasscodeSet: try flag(28),
            passcodeResetPromptAccepted: try flag(29),
            apps: try json(30, JSONColumns.apps), inventory: try json(31, JSONColumns.strings),
            lostMode: try optionalText(32).map { text in try JSONColumns.decoded(LostMode.self, text) ?? { throw Self.damaged(32, row) }() },
            location: try optionalText(33).map { text in try JSONColumns.decoded(DeviceLocation.self, text) ?? { throw Self.damaged(33, row) }() },
            diagnostics: try json(34) { JSONColumns.decoded([DiagnosticsUpload].self, $0) },
            presenceKnown: try flag(35),
            roleScopeTagIds: try json(36, ScopeTagColumn.ids))
    }

    static func damaged(_ column: Int, _ row: Row) -> StoreError {
        let name = databaseColumns[column]
        let value = (row[name] as DatabaseValue?) ?? .null
        return StoreError.invalid("a device row has an unreadable \(name): \(value)")
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
        if text == "[]" { return [] }
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
        if text == "{}" { return [:] }
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
        return date(text: text) ?? Date.fromDatabaseValue(value)
    }

    /// The hand-read form only (nil for any other, which GRDB then reads).
    static func date(text: String) -> Date? {
        var text = text
        return text.withUTF8 { date(bytes: $0) }
    }

    private static func date(bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        guard bytes.count == 23, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x20, bytes[13] == 0x3A, bytes[16] == 0x3A, bytes[19] == 0x2E else {
            return nil
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
            return nil
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
