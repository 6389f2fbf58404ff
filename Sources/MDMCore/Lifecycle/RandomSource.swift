import Foundation

/// A seeded generator (SplitMix64): the demo tenant and everything it derives (ids, codes)
/// come out the same for the same seed.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Where ids, bypass codes and temporary passcodes come from: the system's randomness in
/// normal use, a seeded one for the demo generator and tests.
public final class RandomSource: @unchecked Sendable {
    private let lock = NSLock()
    private var seeded: SeededRandom?

    public init(seed: UInt64? = nil) {
        seeded = seed.map(SeededRandom.init(seed:))
    }

    public func next() -> UInt64 {
        lock.lock()
        defer { lock.unlock() }
        if seeded != nil { return seeded!.next() }
        var system = SystemRandomNumberGenerator()
        return system.next()
    }

    /// A UUID-shaped id.
    public func identifier() -> String {
        let high = next(), low = next()
        let hex = String(format: "%016llx%016llx", high, low)
        let chars = Array(hex)
        func part(_ range: Range<Int>) -> String { String(chars[range]) }
        return "\(part(0..<8))-\(part(8..<12))-4\(part(13..<16))-a\(part(17..<20))-\(part(20..<32))"
    }

    public func bypassCode() -> String {
        var generator = Forwarding(source: self)
        return BypassCode.generate(using: &generator)
    }

    /// R23: a temporary Android passcode: six digits.
    public func temporaryPasscode() -> String {
        String(format: "%06llu", next() % 1_000_000)
    }

    /// A uniform number in 0..<1.
    public func unit() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }

    /// R32: where a located device is: within a few kilometres of central Paris (the demo
    /// tenant's city), good to 5–65 m.
    public func location(at time: Date) -> DeviceLocation {
        DeviceLocation(latitude: 48.8566 + (unit() - 0.5) * 0.08, longitude: 2.3522 + (unit() - 0.5) * 0.12,
                       horizontalAccuracy: 5 + (unit() * 60).rounded(), collectedAt: time)
    }

    private struct Forwarding: RandomNumberGenerator {
        let source: RandomSource
        mutating func next() -> UInt64 { source.next() }
    }
}
