import Foundation
import Testing
@testable import GraphServer
@testable import MDMCore
import GRDB

/// What an operator of serve scrapes: bounded routes, counts by status, throttling, the store.
@Suite("serve's metrics and health")
struct ServeMetricsTests {
    @Test("Routes are a fixed set: ids and unknown segments are folded", arguments: [
        ("/v1.0/deviceManagement/managedDevices", "managedDevices"),
        ("/v1.0/deviceManagement/managedDevices/0000-1111", "managedDevice"),
        ("/v1.0/deviceManagement/managedDevices/0000-1111/wipe", "managedDevice/wipe"),
        ("/beta/deviceManagement/managedDevices/0000-1111", "managedDevice"),
        ("/v1.0/deviceManagement/managedDevices/0000-1111/syncDevice", "managedDevice/syncDevice"),
        ("/v1.0/deviceManagement/managedDevices/0000-1111/somethingInvented", "other"),
        ("/v1.0/deviceManagement/auditEvents", "auditEvents"),
        ("/v1.0/$batch", "$batch"),
        ("/contoso/oauth2/v2.0/token", "signIn/token"),
        ("/healthz", "healthz"),
        ("/a/b/c/d/e/f", "other"),
        ("/v1.0/deviceManagement/attacker-chosen-name", "other"),
    ])
    func routes(path: String, route: String) {
        #expect(MetricRoute.name(path: path) == route)
    }

    @Test("Requests are counted by route and status, 429s as throttled, and the mirror's age is -1 when not connected")
    func counts() throws {
        let metrics = ServeMetrics(store: try TenantStore(writer: DatabaseQueue()))
        metrics.record(route: "managedDevices", status: 200, duration: .milliseconds(3))
        metrics.record(route: "managedDevices", status: 200, duration: .milliseconds(30))
        metrics.record(route: "managedDevice/wipe", status: 429, duration: .milliseconds(1))
        let text = String(decoding: metrics.exposition(), as: UTF8.self)
        #expect(text.contains(#"mdmconsole_http_requests_total{route="managedDevices",status="200"} 2"#))
        #expect(text.contains(#"mdmconsole_http_throttled_requests_total{route="managedDevice/wipe"} 1"#))
        #expect(text.contains(#"mdmconsole_http_request_duration_seconds_bucket{route="managedDevices",le="0.005"} 1"#))
        #expect(text.contains(#"mdmconsole_http_request_duration_seconds_count{route="managedDevices"} 2"#))
        #expect(text.contains("mdmconsole_mirror_age_seconds -1"))
    }

    @Test("A write's wait for the lock is timed")
    func writeWaits() throws {
        let store = try TenantStore(writer: DatabaseQueue())
        let metrics = ServeMetrics(store: store)
        try store.write { _ in }
        let text = String(decoding: metrics.exposition(), as: UTF8.self)
        #expect(text.contains("mdmconsole_store_write_wait_seconds_count 1"))
    }

    @Test("/healthz: up with the schema version, without a token; 405 for a write")
    func health() throws {
        let store = try TenantStore(writer: DatabaseQueue())
        let call = GraphCall(method: .get, path: ["(outside /v1.0)", "healthz"], query: [], body: Data(), authorization: nil, prefer: nil,
                             clientRequestId: nil, requestId: "r", peer: "127.0.0.1", base: "http://127.0.0.1:1/v1.0")
        #expect(HealthRoute.matches(call))
        let answer = HealthRoute.answer(call, store: store)
        #expect(answer.status == 200)
        let body = try #require(answer.body)
        let object = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        #expect(object["schemaVersion"] as? Int == ProgramVersion.schema)
        #expect(object["store"] as? String == "readable")
        var post = call
        post.method = .post
        #expect(HealthRoute.answer(post, store: store).status == 405)
    }
}
