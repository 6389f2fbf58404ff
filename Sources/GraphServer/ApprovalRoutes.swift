import Foundation
import HTTPTypes
import MDMCore

/// Multi Admin Approval on `/beta`, as the service speaks it (docs/graph-endpoint.md
/// "Approvals"): a protected action sent with `x-msft-approval-justification` (Base64) is
/// answered 403 `ApprovalRequired` with its request's id in `x-msft-approval-code`; the same
/// action sent again with that code, once another approver approved it, runs. The requests are
/// read, approved, rejected and cancelled at `deviceManagement/operationApprovalRequests`.
extension GraphRoutes {
    static let approvalRequestsPath = ["deviceManagement", "operationApprovalRequests"]

    /// The approval headers of a protected action, put on its request.
    func approvalHeaders(_ call: GraphCall, into request: inout ActionRequest) throws {
        if let code = call.approvalCode?.trimmingCharacters(in: .whitespaces), !code.isEmpty {
            request.approvalRequestId = code
        } else if let encoded = call.approvalJustification?.trimmingCharacters(in: .whitespaces) {
            guard let data = Data(base64Encoded: encoded), let text = String(data: data, encoding: .utf8) else {
                throw GraphError.badRequest("\(GraphApprovalHeader.justification): not Base64 of UTF-8 text (encode the justification, e.g. `printf 'Lost phone' | base64`)")
            }
            request.justification = text
        }
    }

    /// The 403 a protected action is answered with once its request is made.
    func approvalRequired(_ request: ApprovalRequest, _ call: GraphCall) -> GraphAnswer {
        var answer = error(GraphError(status: .forbidden, code: GraphApprovalHeader.requiredCode,
                                      message: "Approval Required. Request Approval using the request ID returned as part of the \(GraphApprovalHeader.code) response header. \(GraphApprovalHeader.code): \(request.id)"), call)
        answer.headers[GraphApprovalHeader.code] = request.id
        return answer
    }

    /// An approval step refused, in the protocol's terms.
    static func graphError(_ refusal: ApprovalError) -> GraphError {
        switch refusal {
        case .justificationNeeded:
            GraphError(status: .forbidden, code: GraphApprovalHeader.requiredCode,
                       message: "\(refusal.description). Send the request with the \(GraphApprovalHeader.justification) header (Base64).")
        case .noSuchRequest: GraphError.notFound(refusal.description)
        case .alreadyRequested: GraphError(status: .conflict, code: "Conflict", message: refusal.description)
        case .lacksPermission, .ownRequest, .notApprover, .notRequestor, .wrongStatus, .mirrored: GraphError.forbidden(refusal.description)
        default: GraphError.badRequest(refusal.description)
        }
    }

    func approvalRoute(_ call: GraphCall, token: ApiToken) throws -> GraphAnswer? {
        guard call.path.count >= 2, Array(call.path.prefix(2)) == Self.approvalRequestsPath else { return nil }
        guard call.version == .beta else { throw unknownPath(call) }
        try require(token, GraphPermission.neededToReadRoles)
        let service = ApprovalService(store: store)
        let upn = token.upn
        do {
            switch (call.method, call.path.count) {
            case (.get, 2):
                return try listApprovalRequests(call, upn: upn)
            case (.get, 3):
                _ = try options(call, allowed: [])
                return try encoded(GraphOperationApprovalRequest(try service.request(call.path[2], seenBy: upn), now: try store.now()))
            case (.post, 4) where ["approve", "reject"].contains(call.path[3]):
                _ = try options(call, allowed: [])
                let note = try Self.decisionJustification(call.body)
                let decided = call.path[3] == "approve" ? try service.approve(call.path[2], note: note, by: upn)
                                                        : try service.reject(call.path[2], note: note, by: upn)
                // The service's approve and reject answer a String: the request's status.
                return try encoded(["@odata.context": "\(call.base)/$metadata#Edm.String", "value": decided.status(at: try store.now()).rawValue])
            case (.post, 4) where call.path[3] == "cancelMyRequest":
                _ = try options(call, allowed: [])
                _ = try service.cancel(call.path[2], by: upn)
                return GraphAnswer(status: 204, body: nil)
            default:
                return nil
            }
        } catch let refusal as ApprovalError {
            throw Self.graphError(refusal)
        }
    }

    /// `{"justification": "…", "approvalSource": "…"}`: the approver's note is required here.
    static func decisionJustification(_ body: Data) throws -> String {
        guard body.count <= bodyLimit else { throw GraphError.badRequest("The request body is over \(bodyLimit / 1024) KiB") }
        guard let object = (try? JSONSerialization.jsonObject(with: body.isEmpty ? Data("{}".utf8) : body)) as? [String: Any] else {
            throw GraphError.badRequest("The body must be a JSON object: {\"justification\": \"…\"}")
        }
        guard let note = object["justification"] as? String else {
            throw GraphError.badRequest("Property 'justification' is required: the approver's note the requester reads")
        }
        return note
    }

    /// `$filter=requestId eq '…'` (the documented poll) or `id eq '…'`, `status eq '…'`.
    func listApprovalRequests(_ call: GraphCall, upn: String) throws -> GraphAnswer {
        let options = try options(call, allowed: ["$filter"])
        let now = try store.now()
        var requests = try ApprovalService(store: store).requests(seenBy: upn)
        if let filter = options["$filter"] {
            let pattern = #"^\s*(requestId|id|status)\s+eq\s+'([^']*)'\s*$"#
            guard let match = filter.range(of: pattern, options: .regularExpression) else {
                throw GraphError.badRequest("$filter: this endpoint takes requestId eq '…', id eq '…' or status eq '…' on operationApprovalRequests")
            }
            let clause = String(filter[match])
            let parts = clause.split(separator: "'", omittingEmptySubsequences: false)
            let property = clause.trimmingCharacters(in: .whitespaces).split(separator: " ")[0]
            let value = parts.count >= 2 ? String(parts[1]) : ""
            requests = requests.filter { property == "status" ? $0.status(at: now).rawValue == value : $0.id == value }
        }
        return try encoded(GraphCollectionAnswer(context: "\(call.base)/$metadata#deviceManagement/operationApprovalRequests",
                                                 value: requests.map { GraphOperationApprovalRequest($0, now: now) }, nextLink: nil, count: nil))
    }
}
