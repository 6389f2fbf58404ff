import Foundation
import MDMCore
import Prometheus
import Synchronization

/// What an operator of `serve` watches, in Prometheus' text format on its own listen address
/// (`--metrics-listen`): requests by route and status, their latency, throttled requests,
/// waits for the store's write lock, and, on a connected store, the mirror's age. Counts and
/// durations only: no token, operator or device is ever a label.
public final class ServeMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let store: TenantStore
    static let latencyBuckets: [Duration] = [.milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
                                             .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(10)]

    public init(store: TenantStore) {
        self.store = store
        let waits = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(namespace: "mdmconsole", subsystem: "store", metricName: "write_wait", unitName: "seconds",
                                             helpText: "Time a write waited for the store's write lock (other writers, of any process)"),
            buckets: Self.latencyBuckets)
        store.writeWaits.observe { waits.record($0) }
        _ = busyAnswers
        _ = mirrorAge
    }

    var busyAnswers: Counter {
        registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "mdmconsole", subsystem: "store", metricName: "busy_answers", unitName: "total",
                                                              helpText: "Times SQLite still answered busy after its timeout and a write was retried"))
    }
    /// The store's count at the last scrape: the counter grows by what was added since.
    let busyAnswersCounted = Mutex(0)

    var mirrorAge: Gauge {
        registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "mdmconsole", subsystem: "mirror", metricName: "age", unitName: "seconds",
                                                            helpText: "Seconds since the last complete sync of a connected store (-1: not connected or never synced)"))
    }

    /// One answered request. `route` is a `MetricRoute` name, never a raw path.
    func record(route: String, status: Int, duration: Duration) {
        registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "mdmconsole", subsystem: "http", metricName: "requests", unitName: "total",
                                                              helpText: "Requests answered, by route and status"),
                             labels: [("route", route), ("status", String(status))]).increment()
        registry.makeDurationHistogram(descriptor: MetricNameDescriptor(namespace: "mdmconsole", subsystem: "http", metricName: "request_duration",
                                                                        unitName: "seconds", helpText: "Time to answer a request, by route"),
                                       labels: [("route", route)], buckets: Self.latencyBuckets).record(duration)
        if status == 429 {
            registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "mdmconsole", subsystem: "http", metricName: "throttled_requests",
                                                                  unitName: "total", helpText: "Requests answered 429 (throttled; nothing was carried out), by route"),
                                 labels: [("route", route)]).increment()
        }
    }

    /// The text a scrape reads; the gauges read from the store are brought up to date first.
    public func exposition(now: Date = Date()) -> [UInt8] {
        let busy = store.writeWaits.busyAnswers
        let added = busyAnswersCounted.withLock { counted in defer { counted = busy }; return busy - counted }
        if added > 0 { busyAnswers.increment(by: Double(added)) }
        let synced = (try? store.source()) != nil ? (try? store.mirrorStatus())?.lastCompleteSync : nil
        mirrorAge.set(synced.map { max(0, now.timeIntervalSince($0)) } ?? -1)
        return registry.emitToBuffer()
    }
}

/// A request's route for metrics: a small fixed set of names (ids and unknown segments are
/// folded), so a client cannot grow the metrics by inventing paths.
enum MetricRoute {
    static func name(path: String) -> String {
        var segments = path.split(separator: "/").map(String.init)
        // Versioned as `GraphCall` reads a path: /v1.0 and /beta count under the same routes.
        if ["v1.0", "beta"].contains(segments.first) { segments.removeFirst() } else {
            let outside = ["(outside /v1.0)"] + segments
            if outside == HealthRoute.path { return "healthz" }
            if SignInRoutes.matches(path: outside) { return "signIn/\(segments[3])" }
            return "other"
        }
        switch segments.count {
        case 1 where segments[0] == "$batch": return "$batch"
        case 2 where segments[0] == "deviceManagement" && ["managedDevices", "auditEvents", "getEffectivePermissions"].contains(segments[1]):
            return segments[1]
        case 3 where segments[0...1] == ["deviceManagement", "managedDevices"]: return "managedDevice"
        case 4 where segments[0...1] == ["deviceManagement", "managedDevices"]:
            return GraphRoutes.actionSegments[segments[3]].map { "managedDevice/\($0.graphActionName)" } ?? "other"
        default: return "other"
        }
    }
}
