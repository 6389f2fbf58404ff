import Foundation

/// What an import assumes where a file is silent (docs/import.md lists these).
enum InventoryDefaults {
    /// A device with no enrollment date is taken as enrolled at its last check-in, and one
    /// with neither at the tenant clock. With no certificate expiry, the certificate is
    /// taken as renewed at each check-in (R14) until the last one.
    static func dates(enrolled: Date?, lastCheckIn: Date?, certificate: Date?, now: Date) -> (enrolled: Date, lastCheckIn: Date, certificate: Date) {
        let enrolledAt = enrolled ?? lastCheckIn ?? now
        let lastCheckInAt = lastCheckIn ?? enrolledAt
        let expiry = certificate ?? Certificate.renewedExpiry(current: Certificate.firstExpiry(enrolledAt: enrolledAt),
                                                              checkingInRegularlyUntil: lastCheckInAt)
        return (enrolledAt, lastCheckInAt, expiry)
    }

    /// A CSV cannot say whether a device is reachable: one that checked in within this long
    /// before the tenant clock is simulated as online.
    static let csvOnlineWithin: TimeInterval = 7 * RuleDurations.day

    /// A bypass code whose issue time the file does not give is taken as issued at import:
    /// the service still holds it, so it was valid when exported.
    static func codeIssuedAt(_ issued: Date?, code: String?, now: Date) -> Date? {
        guard code != nil else { return nil }
        return issued ?? now
    }
}
