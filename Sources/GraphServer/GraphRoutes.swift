import Foundation
import HTTPTypes
import Hummingbird
import MDMCore
import NIOCore

/// The routes of `/v1.0/deviceManagement`: managed devices (list by keyset pages, one, its
/// remote actions, delete) and audit events. Each authenticates the bearer token, binds the
/// request's origin for the audit log, and answers in Graph's shapes.
struct GraphRoutes: Sendable {
    let store: TenantStore
    /// Nil: no throttling (`--throttle off`).
    let throttle: Throttle?
    /// Graph's default (and here largest) page of managed devices.
    static let pageSize = 1000

    func register(on group: RouterGroup<GraphContext>) {
        let devices = group.group("deviceManagement/managedDevices")
        devices.get { request, context in try await answer(request, context) { upn in try listDevices(request, upn) } }
        devices.get(":id") { request, context in try await answer(request, context) { upn in try device(request, context, upn) } }
        devices.delete(":id") { request, context in
            try await answer(request, context) { upn in try await take(.delete, request, context, upn) }
        }
        for (segment, action) in Self.actionSegments {
            devices.post(":id/\(segment)") { request, context in
                try await answer(request, context) { upn in try await take(action, request, context, upn) }
            }
        }
        group.get("deviceManagement/auditEvents") { request, context in try await answer(request, context) { _ in try auditEvents(request) } }
    }

    static let actionSegments: [(String, DeviceAction)] = [
        ("retire", .retire), ("wipe", .wipe), ("syncDevice", .sync), ("resetPasscode", .resetPasscode),
        ("bypassActivationLock", .bypassActivationLock),
    ]

    // MARK: the common path: authenticate, bind the origin, answer or say why not

    func answer(_ request: Request, _ context: GraphContext, _ body: (String) async throws -> Response) async throws -> Response {
        let clientRequestId = request.headers[HTTPField.Name("client-request-id")!]
        var operatorUPN: String?
        do {
            let token = try authenticate(request)
            operatorUPN = token.upn
            if let throttle, let wait = throttle.admit(token: token.id, isWrite: request.method != .get) {
                var response = GraphError(status: .tooManyRequests, code: "TooManyRequests",
                                          message: "Too many requests for this token or tenant in 20 s: retry after \(wait) s (nothing was carried out)")
                    .response(requestId: context.requestID, clientRequestId: clientRequestId)
                response.headers[.retryAfter] = String(wait)
                response.headers[HTTPField.Name("x-mdmconsole-operator")!] = token.upn
                return response
            }
            let origin = AuditOrigin(applicationDisplayName: token.name, ipAddress: context.peer, login: "", host: ProcessInfo.processInfo.hostName)
            let audit = AuditOriginContext()
            audit.origin = origin
            var response = try await AuditOrigin.$context.withValue(audit) { try await body(token.upn) }
            response.headers[HTTPField.Name("x-mdmconsole-operator")!] = token.upn
            response.headers[HTTPField.Name("request-id")!] = context.requestID
            return response
        } catch {
            let graphError: GraphError
            switch error {
            case let error as GraphError: graphError = error
            case is NIOTooManyBytesError:
                graphError = GraphError(status: HTTPResponse.Status(code: 413), code: "RequestEntityTooLarge",
                                        message: "The request body is over \(context.maxUploadSize / 1024) KiB; an action's body is a few options")
            default: graphError = GraphError(status: .internalServerError, code: "InternalServerError", message: String(describing: error))
            }
            var response = graphError.response(requestId: context.requestID, clientRequestId: clientRequestId)
            if let operatorUPN { response.headers[HTTPField.Name("x-mdmconsole-operator")!] = operatorUPN }
            return response
        }
    }

    func authenticate(_ request: Request) throws -> ApiToken {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer "),
              let token = try ApiTokens(store: store).valid(String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)) else {
            throw GraphError.unauthorized
        }
        return token
    }

    /// The query options a route takes; any other is refused, never ignored.
    func options(_ request: Request, allowed: Set<String>) throws -> [String: String] {
        var found: [String: String] = [:]
        for (key, value) in request.uri.queryParameters {
            let name = String(key)
            guard allowed.contains(name) else {
                throw GraphError.badRequest("Query option '\(name)' is not supported here (supported: \(allowed.sorted().joined(separator: ", ")))")
            }
            found[name] = String(value).removingPercentEncoding ?? String(value)
        }
        return found
    }

    func top(_ options: [String: String], largest: Int) throws -> Int {
        guard let text = options["$top"] else { return largest }
        guard let value = Int(text), value >= 1 else { throw GraphError.badRequest("$top: '\(text)' is not a positive whole number") }
        return min(value, largest)
    }

    // MARK: managed devices

    func listDevices(_ request: Request, _ upn: String) throws -> Response {
        let options = try options(request, allowed: ["$top", "$select", "$skiptoken"])
        let top = try top(options, largest: Self.pageSize)
        let select = try Selection(options["$select"], of: ManagedDeviceShape.properties)
        var start = DeviceWindowStart.first
        if let token = options["$skiptoken"] {
            guard let key = DeviceListKey(pageToken: token), key.sort == .name else {
                throw GraphError.badRequest("$skiptoken: not a page token of this list (follow @odata.nextLink as it is given)")
            }
            start = .after(key)
        }
        // One more than asked tells whether a next page exists.
        let window = try store.deviceWindow(DeviceQuery(), start: start, limit: top + 1)
        let rows = Array(window.rows.prefix(top))
        let actions = try store.actions(deviceIds: rows.map(\.id))
        var page: [String: Any] = [
            "@odata.context": "\(baseURL(request))/$metadata#deviceManagement/managedDevices",
            "value": try rows.map { try select.apply(ManagedDeviceShape.object($0, actions: actions[$0.id] ?? [])) },
        ]
        if window.rows.count > top, let last = rows.last {
            var next = "\(baseURL(request))/deviceManagement/managedDevices?$top=\(top)&$skiptoken=\(DeviceListKey(last, sort: .name).pageToken)"
            if let selected = options["$select"] { next += "&$select=" + (selected.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? selected) }
            page["@odata.nextLink"] = next
        }
        return try json(page)
    }

    func device(_ request: Request, _ context: GraphContext, _ upn: String) throws -> Response {
        let options = try options(request, allowed: ["$select"])
        let id = try context.parameters.require("id")
        guard let device = try store.device(id: id) else { throw GraphError.notFound("No managedDevice with id '\(id)'") }
        let select = try Selection(options["$select"], of: ManagedDeviceShape.properties)
        var object = ManagedDeviceShape.object(device, actions: try store.actions(deviceId: id))
        // As the service does: the bypass code is only returned when named in $select (R3:
        // and only while it is valid).
        if select.names?.contains("activationLockBypassCode") == true {
            object["activationLockBypassCode"] = BypassCode.visibleCode(device, at: try store.now()) ?? NSNull()
        }
        return try json(try select.apply(object))
    }

    /// A remote action (or delete) through `ActionService`, exactly as the console takes it:
    /// one transaction with its record and audit entry; greyed is 400 naming the rule, a
    /// role refusal 403 (both audited by the core).
    func take(_ action: DeviceAction, _ request: Request, _ context: GraphContext, _ upn: String) async throws -> Response {
        _ = try options(request, allowed: [])
        let id = try context.parameters.require("id")
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        try ActionBody.check(action, Data(buffer: body))
        guard let device = try store.device(id: id) else { throw GraphError.notFound("No managedDevice with id '\(id)'") }
        let outcome = try ActionService(store: store).take(ActionRequest(action: action, deviceId: device.id, operatorUPN: upn,
                                                                        typedName: device.name, acknowledged: true))
        switch outcome {
        case .taken:
            return Response(status: .noContent)
        case .refused(let verdict):
            let message = [verdict.reason, verdict.remedy.map { "Remedy: \($0)" }].compactMap { $0 }.joined(separator: " ")
            if verdict.rule == .role { throw GraphError.forbidden(message) }
            throw GraphError.badRequest(message, code: verdict.rule?.rawValue ?? "BadRequest")
        }
    }

    // MARK: audit events

    func auditEvents(_ request: Request) throws -> Response {
        let options = try options(request, allowed: ["$top", "$skiptoken", "$filter"])
        let top = try top(options, largest: Self.pageSize)
        var query = AuditQuery()
        if let filter = options["$filter"] { try AuditEventFilter.apply(filter, to: &query) }
        var start = AuditWindowStart.first
        if let token = options["$skiptoken"] {
            guard let key = AuditKey(pageToken: token) else {
                throw GraphError.badRequest("$skiptoken: not a page token of this list (follow @odata.nextLink as it is given)")
            }
            start = .after(key)
        }
        let window = try store.auditWindow(query, start: start, limit: top + 1)
        let entries = Array(window.entries.prefix(top))
        var page: [String: Any] = [
            "@odata.context": "\(baseURL(request))/$metadata#deviceManagement/auditEvents",
            "value": entries.map(AuditEventShape.object),
        ]
        if window.entries.count > top, let last = entries.last {
            var next = "\(baseURL(request))/deviceManagement/auditEvents?$top=\(top)&$skiptoken=\(AuditKey(last).pageToken)"
            if let filter = options["$filter"] { next += "&$filter=" + (filter.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? filter) }
            page["@odata.nextLink"] = next
        }
        return try json(page)
    }

    // MARK: answers

    func baseURL(_ request: Request) -> String {
        "http://\(request.head.authority ?? "127.0.0.1")/v1.0"
    }

    func json(_ object: Any) throws -> Response {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        var headers = HTTPFields()
        headers[.contentType] = "application/json; odata.metadata=minimal"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
