import Foundation
import Testing
@testable import MDMCore

@Suite("Parsing what people type")
struct ParsingTests {
    static let durationRows: [(String, Double)] = [
        ("15d", 1_296_000), ("8h", 28_800), ("90m", 5_400), ("2w", 1_209_600),
        ("13mo", 33_696_000), ("1y", 31_536_000), ("1d12h", 129_600), ("30s", 30),
    ]

    @Test("Durations", arguments: durationRows)
    func durations(text: String, seconds: Double) {
        #expect(DateParsing.duration(text) == seconds)
    }

    @Test("Not durations", arguments: ["", "d", "15", "15x", "-3d", "1.5.2d"])
    func notDurations(text: String) {
        #expect(DateParsing.duration(text) == nil)
    }

    @Test("ISO 8601 dates, UTC when no offset")
    func dates() {
        #expect(DateParsing.iso("2026-11-24T09:00:00Z") == Fixtures.now)
        #expect(DateParsing.iso("2026-11-24T09:00") == Fixtures.now)
        #expect(DateParsing.iso("2026-11-24T10:00:00+01:00") == Fixtures.now)
        #expect(DateParsing.iso("2026-11-24") == Fixtures.now.addingTimeInterval(-9 * 3600))
        #expect(DateParsing.iso("2026-02-30") == nil)
        #expect(DateParsing.iso("yesterday") == nil)
    }

    @Test("OS versions compare numerically", arguments: [
        ("7.0", "6.0.1", true), ("10", "8.0", true), ("10.15", "10.9", true), ("8.0.0", "8.0", false), ("7.1.2", "8.0", false),
    ])
    func versions(left: String, right: String, greater: Bool) {
        #expect((OSVersion(left) > OSVersion(right)) == greater)
    }
}
