import Foundation
import Synchronization

/// The service's throttling, per token and per tenant, over sliding 20-second windows: Intune
/// takes 200 writes per app and 400 per tenant, and 2000 / 4000 requests of any kind. A
/// request over a limit is answered 429 with `Retry-After` (the seconds until the oldest
/// request of the window leaves it) and is not carried out.
public struct ThrottleLimits: Sendable, Equatable {
    public var writesPerToken: Int
    public var writesPerTenant: Int
    public var requestsPerToken: Int
    public var requestsPerTenant: Int
    public static let window: TimeInterval = 20
    /// Sign-in requests (device codes, token redemptions) one address may make in a window:
    /// a person polls every 5 s, so 30 leaves room for a few at once.
    public var signInsPerAddress = 30

    public static let service = ThrottleLimits(writesPerToken: 200, writesPerTenant: 400, requestsPerToken: 2000, requestsPerTenant: 4000)

    /// `off`, `service`, or `N/20s` (N requests per token, writes too; twice that per tenant).
    public init?(_ text: String) {
        switch text.lowercased() {
        case "off": return nil
        case "service": self = .service
        default:
            guard text.hasSuffix("/20s"), let count = Int(text.dropLast(4)), count >= 1 else { return nil }
            self.init(writesPerToken: count, writesPerTenant: 2 * count, requestsPerToken: count, requestsPerTenant: 2 * count)
        }
    }

    public init(writesPerToken: Int, writesPerTenant: Int, requestsPerToken: Int, requestsPerTenant: Int) {
        self.writesPerToken = writesPerToken
        self.writesPerTenant = writesPerTenant
        self.requestsPerToken = requestsPerToken
        self.requestsPerTenant = requestsPerTenant
    }
}

/// The windows themselves: the times of the requests let through, by key.
final class Throttle: Sendable {
    let limits: ThrottleLimits
    private let log = Mutex<[String: [TimeInterval]]>([:])

    init(limits: ThrottleLimits) { self.limits = limits }

    /// Nil when the request may go (and it is counted), else the seconds to wait.
    func admit(token: String, isWrite: Bool, now: TimeInterval = Date().timeIntervalSinceReferenceDate) -> Int? {
        var keys = [("any:\(token)", limits.requestsPerToken), ("any:*", limits.requestsPerTenant)]
        if isWrite { keys += [("write:\(token)", limits.writesPerToken), ("write:*", limits.writesPerTenant)] }
        return admit(keys, now: now)
    }

    /// The same for the sign-in endpoints, by the client's address.
    func admitSignIn(from address: String, now: TimeInterval = Date().timeIntervalSinceReferenceDate) -> Int? {
        admit([("signin:\(address)", limits.signInsPerAddress)], now: now)
    }

    private func admit(_ keys: [(String, Int)], now: TimeInterval) -> Int? {
        log.withLock { log in
            var wait: TimeInterval = 0
            for (key, limit) in keys {
                let recent = (log[key] ?? []).filter { $0 > now - ThrottleLimits.window }
                log[key] = recent.isEmpty ? nil : recent
                if recent.count >= limit, let oldest = recent.first { wait = max(wait, oldest + ThrottleLimits.window - now) }
            }
            guard wait == 0 else { return max(1, Int(wait.rounded(.up))) }
            for (key, _) in keys { log[key, default: []].append(now) }
            return nil
        }
    }
}
