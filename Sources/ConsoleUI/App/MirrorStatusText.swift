import Foundation
import MDMCore

/// The header's words for a connected tenant's mirror: phrasing belongs to the console, the
/// status it reads to the core.
extension MirrorStatus {
    /// The header's words for it, at `now`. `timeOfDay`: "synced at 10:42 UTC", which changes
    /// only when a sync does (a screen reader would read an ageing "40 s ago" every time).
    public func summary(now: Date, timeOfDay: Bool = false) -> String {
        if let offlineSince {
            let clock = DateText.timeOfDay(offlineSince)
            if lastError?.hasPrefix("sign_in_needed") == true { return "signed out since \(clock): mdmconsole connect" }
            return "offline since \(clock): showing the mirror"
        }
        guard let lastCompleteSync else { return "not synced yet" }
        if timeOfDay { return "synced at \(DateText.timeOfDay(lastCompleteSync))" }
        return "synced \(Self.ago(now.timeIntervalSince(lastCompleteSync))) ago"
    }

    static func ago(_ seconds: TimeInterval) -> String {
        let seconds = max(0, Int(seconds))
        if seconds < 60 { return "\(seconds) s" }
        if seconds < 3600 { return "\(seconds / 60) min" }
        if seconds < 86_400 { return "\(seconds / 3600) h" }
        return "\(seconds / 86_400) d"
    }
}
