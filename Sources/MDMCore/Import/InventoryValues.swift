import Foundation

/// Reading the values of an inventory file, shared by the Graph and CSV readers. Each
/// returns the value or a message saying what was expected and what was found.
enum InventoryValues {
    enum Parsed<T> {
        case value(T)
        case problem(String)
    }

    /// ISO 8601 as the service writes it: `2026-11-24`, `2026-11-24T09:30:00Z`,
    /// `2026-11-24 09:30:00.1234567`, with `Z`, an offset or none (UTC). Impossible dates
    /// (February 30th, hour 25) are refused, not rolled over. A hand-written scanner: a
    /// 100,000-device file has 300,000 dates, and Foundation's parsers cost seconds there.
    static func date(_ text: String) -> Parsed<Date> {
        let expected = "expected an ISO 8601 date such as 2026-11-24T09:30:00Z, found \"\(text)\""
        var bytes = Array(text.utf8)[...]
        func number(_ count: Int) -> Int? {
            guard bytes.count >= count else { return nil }
            var value = 0
            for byte in bytes.prefix(count) {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            bytes = bytes.dropFirst(count)
            return value
        }
        func take(_ character: Character) -> Bool {
            guard bytes.first == character.asciiValue else { return false }
            bytes = bytes.dropFirst()
            return true
        }
        guard let year = number(4), take("-"), let month = number(2), take("-"), let day = number(2) else { return .problem(expected) }
        var hour = 0, minute = 0, second = 0, fraction = 0.0, offset = 0
        if take("T") || take(" ") {
            guard let h = number(2), take(":"), let m = number(2) else { return .problem(expected) }
            hour = h; minute = m
            if take(":") {
                guard let s = number(2) else { return .problem(expected) }
                second = s
                if take(".") {
                    var scale = 0.1
                    var digits = 0
                    while let byte = bytes.first, (48...57).contains(byte) {
                        fraction += Double(byte - 48) * scale
                        scale /= 10
                        digits += 1
                        bytes = bytes.dropFirst()
                    }
                    guard digits > 0 else { return .problem(expected) }
                }
            }
            if take("Z") || take("z") {
            } else if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                bytes = bytes.dropFirst()
                guard let oh = number(2) else { return .problem(expected) }
                _ = take(":")
                guard let om = number(2), oh < 24, om < 60 else { return .problem(expected) }
                offset = (oh * 3600 + om * 60) * (sign == UInt8(ascii: "+") ? 1 : -1)
            }
        }
        guard bytes.isEmpty else { return .problem(expected) }
        // Year 0 is no calendar's year (Foundation shows it as 0000-01-03).
        guard year >= 1, (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
              hour < 24, minute < 60, second < 60 else {
            return .problem("\"\(text)\" is not a real date or time")
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Double(days * 86_400 + hour * 3600 + minute * 60 + second - offset) + fraction
        return .value(Date(timeIntervalSince1970: seconds))
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Yes/No, True/False, 1/0, in any case; empty is no.
    static func flag(_ text: String) -> Parsed<Bool> {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "yes", "true", "1": .value(true)
        case "no", "false", "0", "": .value(false)
        default: .problem("expected Yes or No (or True/False), found \"\(text)\"")
        }
    }

    /// An enum value by its wire name, ignoring case, spaces and dashes (`Retire Pending`
    /// reads as `retirePending`), or by one of `aliases`.
    static func choice<T: RawRepresentable & CaseIterable>(_ text: String, of type: T.Type, aliases: [String: T] = [:]) -> Parsed<T> where T.RawValue == String {
        if let exact = T(rawValue: text) { return .value(exact) }
        let key = normalized(text)
        if let match = T.allCases.first(where: { normalized($0.rawValue) == key }) { return .value(match) }
        if let alias = aliases.first(where: { normalized($0.key) == key }) { return .value(alias.value) }
        let expected = T.allCases.map(\.rawValue).joined(separator: ", ")
        return .problem("expected one of \(expected); found \"\(text)\"")
    }

    /// Lower-case ASCII letters and digits only; other characters (spaces, dashes) dropped.
    static func normalized(_ text: String) -> String {
        String(decoding: text.utf8.compactMap { byte -> UInt8? in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): byte
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte + 32
            default: byte >= 0x80 ? byte : nil
            }
        }, as: UTF8.self)
    }

    /// The platform from the service's `operatingSystem` (or the CSV's OS column).
    static func platform(_ text: String) -> Parsed<Platform> {
        choice(text, of: Platform.self, aliases: ["iPhone": .iOS, "iPad": .iPadOS, "Mac": .macOS, "MacMDM": .macOS, "OSX": .macOS])
    }

    /// Rejects a file that is not text before anything tries to read it as text.
    /// Refuses what is not UTF-8 text, 8 MiB at a time (each slice ends on a whole UTF-8
    /// sequence) so a mapped file's pages can be given back behind it (`release`); offsets
    /// count from the start.
    static func checkText(_ bytes: UnsafeBufferPointer<UInt8>, release: (Int) -> Void) -> String? {
        var start = 0
        while start < bytes.count {
            var end = min(bytes.count, start + (8 << 20))
            // Back up to the start of a sequence so none is split (at most three bytes).
            var steps = 0
            while end < bytes.count, end > start, bytes[end] & 0xC0 == 0x80, steps < 3 { end -= 1; steps += 1 }
            let slice = UnsafeBufferPointer(rebasing: bytes[start..<end])
            if let zero = slice.firstIndex(of: 0) { return "not a text file (a NUL byte at offset \(start + zero)): is it a binary file?" }
            if String(validating: slice, as: UTF8.self) == nil {
                var iterator = slice.makeIterator()
                var decoder = UTF8()
                var offset = start
                while true {
                    switch decoder.decode(&iterator) {
                    case .scalarValue(let scalar): offset += String(scalar).utf8.count
                    case .emptyInput: return nil
                    case .error: return "not UTF-8 text (an invalid byte near offset \(offset)): save it as UTF-8, or is it a binary file?"
                    }
                }
            }
            release(end)
            start = end
        }
        return nil
    }

    static func checkText(_ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBufferPointer { checkText($0, release: { _ in }) }
    }
}
