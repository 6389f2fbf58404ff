import Foundation
import HTTPTypes
@testable import GraphServer
@testable import MDMCore
@testable import MDMDemo

/// What the route suites share: a demo tenant of 60 devices in the suite's own folder behind
/// `GraphRoutes` (no socket), calls built as the HTTP router builds them, answers read back.
protocol RoutedDemo {
    /// The suite's temporary folder; each test removes it when done.
    var folder: String { get }
}

extension RoutedDemo {
    func demoRoutes() throws -> (TenantStore, GraphRoutes) {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/tenant.sqlite"
        try DemoTenant.build(at: path, options: DemoTenant.Options(deviceCount: 60, now: Date(), creator: "admin@contoso.com"), replace: false)
        let store = try TenantStore(path: path)
        return (store, GraphRoutes(store: store, throttle: nil, signIn: SignInGrants(store: store), faults: nil))
    }

    func call(_ method: HTTPRequest.Method, _ path: String, query: [(String, String)] = [], body: String = "", token: String) -> GraphCall {
        GraphCall(method: method, path: path.split(separator: "/").map(String.init), query: query, body: Data(body.utf8),
                  authorization: "Bearer \(token)", clientRequestId: nil, requestId: "test", peer: "127.0.0.1", base: "http://127.0.0.1:1/v1.0")
    }

    func object(_ answer: GraphAnswer) -> [String: Any] {
        (answer.body.flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }) ?? [:]
    }
}
