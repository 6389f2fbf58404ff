import Foundation
import GRDB

/// The tenant's clock. The core never reads the system time for the rules (docs/RULES.md):
/// the clock is stored with the tenant, so every process sees the same instant, and it moves
/// only when told to (`simulate advance` / `simulate set`), which lets a demo or a test play a
/// year of lifecycle in seconds.
public enum TenantClock {
    package static let key = "clock"

    /// A connected tenant's clock is the wall clock: its devices live in real time.
    public static func now(_ db: Database) throws -> Date {
        if try Meta.get(db, GraphSource.metaKey) != nil { return Date() }
        guard let text = try Meta.get(db, key), let date = DateParsing.iso(text) else {
            throw StoreError.invalid("the tenant has no clock set (create it with `mdmconsole demo`)")
        }
        return date
    }

    package static func set(_ db: Database, to date: Date) throws {
        try Meta.set(db, key, DateText.iso(date))
    }
}

/// Parsing what people type for dates and durations.
public enum DateParsing {
    /// ISO 8601: `2026-11-24`, `2026-11-24T09:30`, `2026-11-24T09:30:00Z`, with offsets (UTC when none).
    /// Years 1 to 9999 only: Foundation parses year 0 (shown as 0000-01-03) and 99999, which
    /// no device, service or person means.
    /// 0001-01-01 less three days: Foundation reads dates before 1582 in the Julian calendar.
    static let earliest = Date(timeIntervalSince1970: -62_135_596_800 - 3 * 86_400)
    static let latest = Date(timeIntervalSince1970: 253_402_300_799)  // 9999-12-31T23:59:59Z

    public static func iso(_ text: String) -> Date? {
        guard let date = unbounded(text), date >= earliest, date <= latest else { return nil }
        return date
    }

    static func unbounded(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        // A year of more than four digits is no date (Foundation would read 99999-01-01).
        if let dash = trimmed.firstIndex(of: "-"), trimmed.distance(from: trimmed.startIndex, to: dash) != 4 { return nil }
        let full = Date.ISO8601FormatStyle(includingFractionalSeconds: false, timeZone: .gmt)
        if let date = try? full.parse(trimmed) { return date }
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt).parse(trimmed) { return date }
        let formats = ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"]
        for format in formats {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = format
            formatter.isLenient = false
            if let date = formatter.date(from: trimmed) { return date }
        }
        return nil
    }

    /// An upper bound as people type it: a bare day (`2026-11-24`) means through the end of
    /// that day, anything more precise means that instant.
    public static func upperBound(_ text: String) -> Date? {
        guard let date = iso(text) else { return nil }
        return text.trimmingCharacters(in: .whitespaces).count == 10 ? date.addingTimeInterval(RuleDurations.day - 0.001) : date
    }

    /// Durations like `15d`, `8h`, `90m`, `30s`, `2w`, `13mo`, `1y`, and sums (`1d12h`).
    public static func duration(_ text: String) -> TimeInterval? {
        let units: [(String, TimeInterval)] = [("mo", 30 * 86_400), ("y", 365 * 86_400), ("w", 7 * 86_400),
                                               ("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]
        var rest = Substring(text.trimmingCharacters(in: .whitespaces).lowercased())
        guard !rest.isEmpty else { return nil }
        var total: TimeInterval = 0
        while !rest.isEmpty {
            let digits = rest.prefix(while: \.isNumber)
            guard let value = Double(digits), !digits.isEmpty else { return nil }
            rest = rest.dropFirst(digits.count)
            guard let unit = units.first(where: { rest.hasPrefix($0.0) }) else { return nil }
            rest = rest.dropFirst(unit.0.count)
            total += value * unit.1
        }
        return total
    }
}
