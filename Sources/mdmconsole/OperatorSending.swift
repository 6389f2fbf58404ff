import Foundation
import GraphClient
import MDMCore

/// What sends a command's actions to a connected tenant's service: the operator's own sign-in,
/// paced by the store's Graph budget (nil on a simulated store). `close` shuts its HTTP
/// client down; call it when the command is done (`defer`).
struct OperatorSending {
    let sender: GraphActionSender?
    private let http: GraphHTTP?

    init(store: TenantStore, source: GraphSource?, operatorUPN: String) {
        let http = source.map { _ in GraphHTTP() }
        self.http = http
        sender = source.map { GraphActionSender(connection: GraphConnection(source: $0, http: http!, owner: .operator(operatorUPN), budget: GraphBudget(store: store))) }
    }

    func close() {
        if let http { _ = try? blocking { await http.shutdown() } }
    }
}
