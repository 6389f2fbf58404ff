import Foundation
import MDMCore

/// Builds realistic devices from a seeded generator: names as the service names them,
/// serials and IMEIs of the right shape, apps split between managed and the user's own.
struct DeviceFactory {
    var random: SeededRandom
    let now: Date
    /// Online devices last checked in just before this: the start of the played history for
    /// the showcase (the simulator then keeps them checking in every 8 hours up to `now`),
    /// `now` itself for the other devices, made as they stand once the history is played.
    var checkInAnchor: Date
    private(set) var usedNames: Set<String> = []
    private var nextSuffix: [String: Int] = [:]
    let people: [(first: String, last: String)]

    init(seed: UInt64, now: Date, checkInAnchor: Date, peopleCount: Int) {
        random = SeededRandom(seed: seed)
        self.now = now
        self.checkInAnchor = checkInAnchor
        var generator = SeededRandom(seed: seed ^ 0xA5A5_5A5A)
        var pool: [(String, String)] = []
        var seen: Set<String> = []
        while pool.count < max(8, peopleCount) {
            let first = DemoNames.firstNames.randomElement(using: &generator)!
            let last = DemoNames.lastNames.randomElement(using: &generator)!
            var candidate = (first, last)
            var suffix = 2
            while seen.contains(Self.alias(candidate.0, candidate.1)) {
                candidate = (first, "\(last)\(suffix)")
                suffix += 1
            }
            seen.insert(Self.alias(candidate.0, candidate.1))
            pool.append(candidate)
        }
        people = pool
    }

    static func alias(_ first: String, _ last: String) -> String {
        let folded = "\(first).\(last)".folding(options: .diacriticInsensitive, locale: nil).lowercased()
        return folded.filter { $0.isLetter || $0.isNumber || $0 == "." }
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
    mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &random) < probability }
    mutating func pick<T>(_ items: [T]) -> T { items.randomElement(using: &random)! }
    mutating func daysAgo(_ range: ClosedRange<Double>) -> Date {
        now.addingTimeInterval(-Double.random(in: range, using: &random) * RuleDurations.day)
    }

    mutating func characters(_ count: Int, from alphabet: String) -> String {
        let letters = Array(alphabet)
        return String((0..<count).map { _ in letters[int(0...(letters.count - 1))] })
    }

    mutating func serial(for platform: Platform, manufacturer: String) -> String {
        let upper = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
        switch platform {
        case .iOS, .iPadOS, .macOS: return characters(12, from: upper)
        case .android: return manufacturer == "Samsung" ? "R58" + characters(8, from: upper) : characters(10, from: upper)
        case .windows: return manufacturer == "Dell Inc." ? characters(7, from: upper) : "PF" + characters(6, from: upper)
        }
    }

    mutating func imei() -> String { "35" + characters(13, from: "0123456789") }

    /// A unique device name: a repeat gets " 2", " 3", … as the portal shows renamed twins.
    /// The suffix to try next for each name, so the millionth twin does not probe " 2"
    /// upwards again (that made a 1M-device demo quadratic); the names are the same.
    mutating func unique(_ name: String) -> String {
        var candidate = name
        var suffix = nextSuffix[name] ?? 2
        while usedNames.contains(candidate) {
            candidate = "\(name) \(suffix)"
            suffix += 1
        }
        if candidate != name { nextSuffix[name] = suffix }
        usedNames.insert(candidate)
        return candidate
    }

    mutating func apps(personal: Bool) -> [DeviceApp] {
        var apps: [DeviceApp] = []
        for name in DemoNames.requiredApps.prefix(int(2...4)) { apps.append(DeviceApp(name: name, deployment: .required)) }
        for name in DemoNames.availableApps.shuffled(using: &random).prefix(int(0...2)) {
            apps.append(DeviceApp(name: name, deployment: .availableInstalled))
        }
        for name in DemoNames.personalApps.shuffled(using: &random).prefix(personal ? int(1...4) : int(0...1)) {
            apps.append(DeviceApp(name: name, deployment: .unmanaged))
        }
        return apps
    }

    /// R14: the certificate's expiry for a device enrolled at `enrolled` that last checked
    /// in at `lastCheckIn`, renewing each year while it kept checking in.
    static func certificateExpiry(enrolled: Date, lastCheckIn: Date) -> Date {
        var expiry = Certificate.firstExpiry(enrolledAt: enrolled)
        var checkIn = enrolled
        while checkIn < lastCheckIn {
            checkIn = min(lastCheckIn, expiry.addingTimeInterval(-RuleDurations.certificateRenewalWindow / 2))
            expiry = Certificate.renewedExpiry(current: expiry, checkInAt: checkIn)
        }
        return expiry
    }

    /// One device of the given kind, with everything else drawn at random.
    mutating func make(platform: Platform, type: ManagementType, version: String, online: Bool = true,
                       personIndex: Int? = nil) -> Device {
        let person = people[personIndex ?? int(0...(people.count - 1))]
        let alias = Self.alias(person.first, person.last)
        let upn = "\(alias)@\(DemoNames.domain)"
        let enrolled = daysAgo(30...900)
        let lastCheckIn = online ? checkInAnchor.addingTimeInterval(-Double(int(5...470)) * 60) : daysAgo(2...280)
        let dateTag = DateFormatting.portalEnrollmentTag(enrolled)
        var manufacturer = "Apple"
        var model = ""
        var name = ""
        var ownership: Ownership = .company
        var hasUser = true
        switch type {
        case .androidDeviceAdministrator, .androidWorkProfile, .androidCorporateWorkProfile, .androidFullyManaged, .androidDedicated:
            let hardware = pick(DemoNames.androidModels)
            manufacturer = hardware.manufacturer
            model = hardware.model
            switch type {
            case .androidDeviceAdministrator: name = "\(alias)_Android_\(dateTag)"
            case .androidWorkProfile: name = "\(alias)_AndroidForWork_\(dateTag)"; ownership = .personal
            case .androidFullyManaged: name = "\(alias)_AndroidEnterprise_\(dateTag)"
            case .androidCorporateWorkProfile: name = "\(alias)_AndroidCorporateWorkProfile_\(dateTag)"
            default:
                name = "KIOSK-\(pick(["LOBBY", "WAREHOUSE", "STORE", "CLINIC"]))-\(String(format: "%02d", int(1...60)))"
                hasUser = false
            }
        case .appleDeviceEnrollment, .appleAutomatedEnrollment, .appleUserEnrollment:
            switch platform {
            case .iOS: model = pick(DemoNames.iPhoneModels); name = "\(person.first)'s iPhone"
            case .iPadOS: model = pick(DemoNames.iPadModels); name = "\(person.first)'s iPad"
            default: model = pick(DemoNames.macModels); name = "\(person.first)'s \(model.components(separatedBy: " (").first ?? "Mac")"
            }
            if type == .appleUserEnrollment || (type == .appleDeviceEnrollment && chance(0.4)) { ownership = .personal }
        case .windowsMDM:
            let hardware = pick(DemoNames.windowsModels)
            manufacturer = hardware.manufacturer
            model = hardware.model
            name = "\(pick(["DESKTOP", "LAPTOP"]))-\(characters(7, from: "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"))"
        }
        let supervised = type == .appleAutomatedEnrollment
        let codeIssued = supervised ? daysAgo(0...40) : nil
        var device = Device(
            id: "", name: unique(name), platform: platform, osVersion: version, managementType: type, ownership: ownership,
            complianceState: pick([.compliant, .compliant, .compliant, .compliant, .compliant, .compliant, .noncompliant, .inGracePeriod, .unknown]),
            primaryUserUPN: hasUser ? upn : "", primaryUserDisplayName: hasUser ? "\(person.first) \(person.last)" : "",
            primaryUserEmail: hasUser ? upn : "", serialNumber: serial(for: platform, manufacturer: manufacturer),
            model: model, manufacturer: manufacturer,
            imei: (platform == .iOS || platform == .android) ? imei() : "",
            securityPatchLevel: platform == .android ? "2025-\(String(format: "%02d", int(1...12)))-01" : "",
            enrolledAt: enrolled, lastCheckInAt: lastCheckIn,
            certificateExpiresAt: Self.certificateExpiry(enrolled: enrolled, lastCheckIn: lastCheckIn),
            isSupervised: supervised, isEncrypted: chance(0.95), isJailbroken: false, isOnline: online,
            activationLockBypassCode: codeIssued.map { _ in nextBypassCode() }, activationLockBypassCodeIssuedAt: codeIssued,
            activationLockAllowedByPolicy: supervised && chance(0.8),
            passcodeRequiredByCompliance: chance(0.7),
            workProfilePasscodeRequiredByPolicy: type == .androidWorkProfile && chance(0.8),
            workProfilePasscodeSet: type == .androidWorkProfile && chance(0.75),
            passcodeResetPromptAccepted: type == .androidWorkProfile && chance(0.7),
            apps: apps(personal: ownership == .personal))
        device.id = nextIdentifier()
        return device
    }

    mutating func nextIdentifier() -> String {
        let source = RandomSource(seed: random.next())
        return source.identifier()
    }

    mutating func nextBypassCode() -> String {
        BypassCode.generate(using: &random)
    }
}

/// The portal's enrollment stamp in Android device names: `3/14/2025_10:12 AM` (UTC).
/// Formatted by hand: a DateFormatter per device was a sixth of a million-device demo.
enum DateFormatting {
    static func portalEnrollmentTag(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let inDay = seconds - days * 86_400
        let (year, month, day) = DatabaseDate.civil(fromDays: days)
        let hour = inDay / 3600, minute = inDay / 60 % 60
        let twelveHour = hour % 12 == 0 ? 12 : hour % 12
        return "\(month)/\(day)/\(year)_\(twelveHour):\(minute < 10 ? "0" : "")\(minute) \(hour < 12 ? "AM" : "PM")"
    }
}
