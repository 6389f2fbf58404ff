import Foundation

/// What the rules count rather than read off one device: R26's tenant-wide daily limits and
/// R34's notifications per device per hour. Loaded in the transaction that takes the action
/// (`ActionSQL.usage`), so two operators cannot both take the 500th wipe.
public struct ActionUsage: Sendable, Hashable {
    /// The day's wipes, retires and deletes on the whole tenant (R26), counted from the records
    /// of every door: console, command line, bulk runs and `serve`.
    public var today: [DeviceAction: Int]
    /// When the service's day ends (midnight UTC; the service does not document its time zone).
    public var dayEndsAt: Date
    /// R34: custom notifications sent to this device in the last hour, oldest first.
    public var notificationsLastHour: [Date]

    public init(today: [DeviceAction: Int] = [:], dayEndsAt: Date, notificationsLastHour: [Date] = []) {
        self.today = today
        self.dayEndsAt = dayEndsAt
        self.notificationsLastHour = notificationsLastHour
    }

    /// R26: the service's daily limits per tenant (raised only through Microsoft support).
    public static let dailyLimit: [DeviceAction: Int] = [.wipe: 500, .retire: 1_000, .delete: 1_000]

    /// How many more of `action` the day allows (nil: no limit).
    public func remainingToday(_ action: DeviceAction) -> Int? {
        Self.dailyLimit[action].map { max(0, $0 - (today[action] ?? 0)) }
    }

    /// The UTC day `now` falls in: its start and its end.
    public static func utcDay(of now: Date) -> (start: Date, end: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.startOfDay(for: now)
        return (start, start.addingTimeInterval(RuleDurations.day))
    }
}
