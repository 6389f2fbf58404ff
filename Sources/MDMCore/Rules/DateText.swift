import Foundation

/// How dates read in reasons and tables: UTC, minute precision, unambiguous.
public enum DateText {
    /// "2026-12-04 10:42": the store's own form cut to the minute (written by hand: a bulk
    /// preview formats one per greyed device, and the format style cost a third of its time).
    public static func short(_ date: Date) -> String {
        String(DatabaseDate.text(date).prefix(16))
    }

    public static func day(_ date: Date) -> String {
        String(short(date).prefix(10))
    }

    /// "10:42 UTC": the time of day, for "offline since …".
    public static func timeOfDay(_ date: Date) -> String {
        String(short(date).suffix(5)) + " UTC"
    }

    /// ISO 8601 with seconds and Z, the wire form.
    public static func iso(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
    }

    /// "3d 4h", "2h 05m", "12m": how long something has been going on.
    public static func span(_ interval: TimeInterval) -> String {
        let minutes = Int(max(0, interval) / 60)
        let days = minutes / 1440, hours = (minutes % 1440) / 60, mins = minutes % 60
        if days > 0 { return "\(days)d \(hours)h" }
        if hours > 0 { return "\(hours)h \(mins < 10 ? "0" : "")\(mins)m" }
        return "\(mins)m"
    }
}
