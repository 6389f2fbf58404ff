import Foundation
import MDMCore

/// Bulk actions: the preview of a whole-filter mark on the big tenant, a bulk sync of 10,000
/// devices with every audit entry written and chained (on a copy of a 10k tenant, so the
/// bench's tenants stay as built), and the peak memory of a preview of 1,000 and 100,000
/// marked devices (each in a child process of its own).
enum BulkTimings {
    static let flag = "--probe-bulk-memory"

    struct Figures {
        var preview = Samples()
        var previewCount = 0
        var previewLabel = ""
        var idsPreview = Samples()
        var idsCount = 0
        var syncSeconds = 0.0
        var syncTaken = 0
        var peaks: [(Int, Double)] = []
    }

    /// A whole-filter mark: the platform whose devices number closest to 100,000.
    static func previewQuery(_ store: TenantStore) throws -> (DeviceQuery, Int, String) {
        var best: (Platform, Int)?
        for platform in Platform.allCases {
            let count = try store.deviceCount(DeviceQuery(platform: platform))
            if best == nil || abs(count - 100_000) < abs(best!.1 - 100_000) { best = (platform, count) }
        }
        return (DeviceQuery(platform: best!.0), best!.1, "every \(best!.0.displayName) device")
    }

    static func measure(bigTenant: String, smallTenant: String, folder: String, runs: Int, creator: String) throws -> Figures {
        var figures = Figures()
        let store = try TenantStore(path: bigTenant)
        let (query, count, label) = try previewQuery(store)
        figures.previewCount = count
        figures.previewLabel = label
        for _ in 0..<max(3, runs / 3) {
            try figures.preview.time { _ = try BulkPreview.compute(store, action: .retire, selection: .matching(query, except: []), operatorUPN: creator) }
        }
        let ids = try firstIds(store, 100_000)
        figures.idsCount = ids.count
        for _ in 0..<max(3, runs / 3) {
            try figures.idsPreview.time { _ = try BulkPreview.compute(store, action: .retire, selection: .ids(ids), operatorUPN: creator) }
        }
        try store.close()

        // A bulk sync of every device of a copy of the 10k tenant.
        let copy = folder + "/bulk-copy-\(UUID().uuidString).sqlite"
        try FileManager.default.copyItem(atPath: smallTenant, toPath: copy)
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy + suffix) } }
        let small = try TenantStore(path: copy)
        try BulkSettings(store: small).setMax(BulkSettings.largestMax, by: creator)
        let started = Date()
        let summary = try BulkRunner(store: small).run(.sync, selection: .all, operatorUPN: creator, confirmCount: nil)
        figures.syncSeconds = Date().timeIntervalSince(started)
        figures.syncTaken = summary.taken
        guard try AuditVerifier.verify(small).problem == nil else { throw BenchError("the audit chain broke during the bulk sync") }
        try small.close()

        for marked in [1000, 100_000] {
            figures.peaks.append((marked, try probe(path: bigTenant, marked: marked, creator: creator)))
        }
        return figures
    }

    /// Both previews `times` times, timed, for a profiler to watch.
    static func profile(path: String, times: Int, creator: String) throws {
        let store = try TenantStore(path: path)
        let (query, _, _) = try previewQuery(store)
        let ids = try firstIds(store, 100_000)
        for _ in 0..<times {
            var filter = Samples(), marked = Samples()
            try filter.time { _ = try BulkPreview.compute(store, action: .retire, selection: .matching(query, except: []), operatorUPN: creator) }
            try marked.time { _ = try BulkPreview.compute(store, action: .retire, selection: .ids(ids), operatorUPN: creator) }
            print(String(format: "whole-filter mark %.0f ms, 100,000 marked %.0f ms", filter.median, marked.median))
        }
    }

    /// The first N ids of All devices, read a window at a time (only the ids are kept, as marks are).
    static func firstIds(_ store: TenantStore, _ count: Int) throws -> [String] {
        var ids: [String] = []
        ids.reserveCapacity(count)
        var start = DeviceWindowStart.first
        while ids.count < count {
            let window = try store.deviceWindow(DeviceQuery(), start: start, limit: min(1000, count - ids.count))
            ids += window.rows.map(\.id)
            guard let last = window.rows.last, window.isFull else { break }
            start = .after(DeviceListKey(last, sort: .name))
        }
        return ids
    }

    /// In the parent: a child's peak resident memory, in MiB.
    static func probe(path: String, marked: Int, creator: String) throws -> Double {
        try MemoryProbe.childPeak(arguments: [flag, "\(path)|\(marked)|\(creator)"], what: "the bulk memory probe")
    }

    /// In the child: marks the first N devices (as ids, the way marks one by one are held) and previews a retire.
    static func runProbe(_ argument: String) throws {
        let parts = argument.split(separator: "|").map(String.init)
        let store = try TenantStore(path: parts[0])
        let ids = try firstIds(store, Int(parts[1]) ?? 1000)
        _ = try BulkPreview.compute(store, action: .retire, selection: .ids(ids), operatorUPN: parts[2])
        print(MemoryProbe.peakResidentKiB())
    }
}
