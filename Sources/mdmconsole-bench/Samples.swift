import Foundation

/// Timings of one figure over repeated runs, in milliseconds.
struct Samples {
    private(set) var values: [Double] = []

    mutating func add(_ milliseconds: Double) { values.append(milliseconds) }

    /// Runs `body` and records how long it took.
    @discardableResult
    mutating func time<T>(_ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try body()
        add(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
        return result
    }

    var median: Double { percentile(50) }
    var p95: Double { percentile(95) }

    /// Nearest-rank percentile.
    func percentile(_ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[max(0, min(sorted.count - 1, rank - 1))]
    }
}

/// The figures as a table: each with median, p95 and the target it is held to.
struct Report {
    private var lines: [String] = []

    mutating func section(_ title: String) {
        emit("")
        emit(title)
    }

    mutating func figure(_ name: String, _ samples: Samples, target: Double? = nil, unit: String = "ms") {
        var line = name.padding(toLength: 46, withPad: " ", startingAt: 0)
            + String(format: "median %8.2f %@   p95 %8.2f %@", samples.median, unit, samples.p95, unit)
        if let target {
            line += String(format: "   target < %.0f %@: %@", target, unit, samples.p95 < target ? "met" : "MISSED")
        }
        line += "   (n=\(samples.values.count))"
        emit(line)
    }

    mutating func note(_ text: String) { emit(text) }

    private mutating func emit(_ line: String) {
        lines.append(line)
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
