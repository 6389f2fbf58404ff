import Foundation
import MDMCore

/// `GET /healthz`, without a token (a load balancer's or systemd's probe): whether the server
/// is up and its store readable, with the schema and program versions. 503 when the store
/// cannot be read; the reason stays in the log, not in the answer.
enum HealthRoute {
    static let path = ["(outside /v1.0)", "healthz"]

    static func matches(_ call: GraphCall) -> Bool { call.path == path }

    static func answer(_ call: GraphCall, store: TenantStore) -> GraphAnswer {
        guard call.method == .get || call.method == .head else {
            return GraphAnswer(status: 405, body: Data(#"{"error":"use GET"}"#.utf8), headers: ["Allow": "GET"])
        }
        var body: [String: Any] = ["status": "up", "version": ProgramVersion.number]
        let status: Int
        do {
            body["schemaVersion"] = try store.schemaVersion()
            body["store"] = "readable"
            status = 200
        } catch {
            body["status"] = "degraded"
            body["store"] = "unreadable"
            status = 503
        }
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
        return GraphAnswer(status: status, body: data, headers: ["Cache-Control": "no-store", "Content-Type": "application/json"])
    }
}
