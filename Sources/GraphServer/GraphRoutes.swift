import Foundation
import HTTPTypes
import Hummingbird
import MDMCore
import NIOCore

/// The routes of `/v1.0/deviceManagement`: managed devices (list by keyset pages, one, its
/// remote actions, delete) and audit events. Each authenticates the bearer token, binds the
/// request's origin for the audit log, and answers in Graph's shapes.
/// One request to the endpoint, whatever carried it: HTTP, or one of the requests of a
/// `$batch`. The routes read this and answer a `GraphAnswer`, so both paths are one code.
struct GraphCall: Sendable {
    var method: HTTPRequest.Method
    /// The path after `/v1.0/`, split (`["deviceManagement", "managedDevices", "ID", "retire"]`).
    var path: [String]
    var query: [(String, String)]
    var body: Data
    var authorization: String?
    /// `Prefer: mdmconsole.extensions` asks for what the rules read and Graph does not carry.
    var prefer: String? = nil
    var clientRequestId: String?
    var requestId: String
    var peer: String
    /// `http://HOST:PORT/v1.0`, for nextLinks.
    var base: String
    /// The bearer token, once authenticated on the request's headers (before its body was
    /// read); the calls of a `$batch` share their batch's.
    var token: ApiToken? = nil
    /// `/v1.0` or `/beta`: which property set and enum members the answer speaks.
    var version: GraphDeviceProperty.Version = .v1
    /// Multi Admin Approval's headers (`GraphApprovalHeader`): a protected action's Base64
    /// justification, or the approved request's id it completes.
    var approvalJustification: String? = nil
    var approvalCode: String? = nil
}

extension GraphCall {
    var wantsExtensions: Bool { prefer?.contains("mdmconsole.extensions") == true }
}

/// An answer: a status, a JSON body (or none) and extra headers.
struct GraphAnswer: Sendable {
    var status: Int
    var body: Data?
    var headers: [String: String] = [:]
    /// Who the request acted as, for the log line.
    var operatorUPN: String?
}

/// The routes of `/v1.0`: managed devices (list by keyset pages, one, its remote actions,
/// delete), audit events, and `$batch`. Each authenticates the bearer token, is throttled,
/// binds the request's origin for the audit log, and answers in Graph's shapes.
struct GraphRoutes: Sendable {
    let store: TenantStore
    /// Nil: no throttling (`--throttle off`).
    let throttle: Throttle?
    let signIn: SignInGrants
    let faults: FaultPlan?
    /// Graph's default (and here largest) page of managed devices.
    static let pageSize = 1000
    /// An action's body is a few options; a `$batch` of 20 gets twenty times that.
    static let bodyLimit = 64 * 1024
    static let batchLimit = GraphBatch.mostRequests

    /// `POST …/managedDevices/{id}/NAME` → the action, from the one map in MDMCore/Wire.
    static let actionSegments: [String: DeviceAction] = Dictionary(
        uniqueKeysWithValues: DeviceAction.allCases.filter(\.isGraphPostAction).map { ($0.graphActionName, $0) })

    /// The action a segment names on this version: beta has every one, v1.0 only its own.
    static func action(segment: String, on version: GraphDeviceProperty.Version) -> DeviceAction? {
        guard let action = actionSegments[segment], version == .beta || action.graphVersion == .v1 else { return nil }
        return action
    }

    /// Authenticates, throttles and routes one call; every failure is an answer in Graph's shape.
    func respond(_ call: GraphCall) async -> GraphAnswer {
        var operatorUPN: String?
        do {
            if SignInRoutes.matches(call) {
                // Per address: a flood of /devicecode from one client cannot fill the store.
                if let throttle, let wait = throttle.admitSignIn(from: call.peer) {
                    var answer = SignInRoutes(grants: signIn).error(429, "slow_down", "too many sign-in requests from \(call.peer) in 20 s: retry after \(wait) s")
                    answer.headers["Retry-After"] = String(wait)
                    return answer
                }
                return SignInRoutes(grants: signIn).respond(call)
            }
            if call.path == ["$batch"], call.method == .post { return try await batch(call) }
            if call.path == ["$metadata"], call.method == .get { return Self.metadata(on: call.version) }
            let token = try authenticate(call)
            operatorUPN = token.upn
            if let target = Self.faultTarget(call), let fault = faults?.next(target), let answer = try await inject(fault, call, token: token) { return answer }
            if let throttle, let wait = throttle.admit(token: token.throttleKey, isWrite: call.method != .get) {
                var answer = error(GraphError(status: .tooManyRequests, code: "TooManyRequests",
                                              message: "Too many requests for this token or tenant in 20 s: retry after \(wait) s (nothing was carried out)"), call)
                answer.headers["Retry-After"] = String(wait)
                answer.operatorUPN = token.upn
                return answer
            }
            let audit = AuditOriginContext()
            audit.origin = AuditOrigin(applicationDisplayName: token.name, ipAddress: call.peer, login: "", host: ProcessInfo.processInfo.hostName)
            var answer = try await AuditOrigin.$context.withValue(audit) { try await route(call, token: token) }
            answer.operatorUPN = token.upn
            return answer
        } catch let graphError as GraphError {
            var answer = error(graphError, call)
            answer.operatorUPN = operatorUPN
            return answer
        } catch {
            // The details (an SQL statement, a path) stay on this side: the client gets the request-id.
            var answer = self.error(GraphError(status: .internalServerError, code: "InternalServerError",
                                               message: "The request could not be carried out here (request-id \(call.requestId))."), call)
            answer.operatorUPN = operatorUPN
            return answer
        }
    }

    func route(_ call: GraphCall, token: ApiToken) async throws -> GraphAnswer {
        let upn = token.upn
        if let answer = try approvalRoute(call, token: token) { return answer }
        switch (call.method, call.path) {
        case (.get, ["deviceManagement", "managedDevices"]):
            try require(token, GraphPermission.neededToReadDevices)
            return try listDevices(call, upn: upn)
        case (.get, ["me", "managedDevices"]):
            try require(token, GraphPermission.neededToReadDevices)
            return try listDevices(call, upn: upn, ofUser: upn)
        case (.get, let path) where path.count == 3 && path[0] == "users" && path[2] == "managedDevices":
            try require(token, GraphPermission.neededToReadDevices)
            // Users are known here by their userPrincipalName only (there is no directory).
            guard path[1].contains("@") else { throw GraphError.notFound("User '\(path[1])' was not found: this endpoint knows users by userPrincipalName") }
            return try listDevices(call, upn: upn, ofUser: path[1])
        case (.get, let path) where path.count == 3 && path[0...1] == ["deviceManagement", "managedDevices"]:
            try require(token, GraphPermission.neededToReadDevices)
            return try device(call, id: path[2], token: token)
        case (.delete, let path) where path.count == 3 && path[0...1] == ["deviceManagement", "managedDevices"]:
            try require(token, GraphPermission.needed(for: .delete))
            return try take(.delete, call, id: path[2], upn: upn)
        case (.post, let path) where path.count == 4 && path[0...1] == ["deviceManagement", "managedDevices"]:
            guard let action = Self.action(segment: path[3], on: call.version) else { throw unknownPath(call) }
            try require(token, GraphPermission.needed(for: action))
            return try take(action, call, id: path[2], upn: upn)
        case (.get, ["deviceManagement", "auditEvents"]):
            try require(token, GraphPermission.neededToReadAudit)
            return try auditEvents(call, upn: upn)
        case (.get, ["deviceManagement", "getEffectivePermissions"]):
            try require(token, GraphPermission.neededToReadRoles)
            return try effectivePermissions(call, upn: upn, scope: nil)
        case (.get, let path) where path.count == 2 && path[0] == "deviceManagement" && path[1].hasPrefix("getEffectivePermissions("):
            // The documented form, the one the SDKs build: getEffectivePermissions(scope='allScopes').
            guard let arguments = GraphFunctionCall(path[1]), arguments.name == "getEffectivePermissions",
                  let scope = arguments.parameters["scope"], arguments.parameters.count == 1 else {
                throw GraphError.badRequest("getEffectivePermissions takes one parameter: getEffectivePermissions(scope='allScopes')")
            }
            try require(token, GraphPermission.neededToReadRoles)
            return try effectivePermissions(call, upn: upn, scope: scope)
        default:
            if let allowed = Self.methods(of: call.path, on: call.version), !allowed.contains(call.method) {
                var answer = error(GraphError(status: .methodNotAllowed, code: "BadRequest",
                                              message: "\(call.method.rawValue) is not allowed on /\(call.path.joined(separator: "/")) (allowed: \(allowed.map(\.rawValue).joined(separator: ", ")))"), call)
                answer.headers["Allow"] = allowed.map(\.rawValue).joined(separator: ", ")
                return answer
            }
            throw unknownPath(call)
        }
    }

    static let metadataDocuments = (v1: Data(GraphMetadataDocument.xml(on: .v1).utf8), beta: Data(GraphMetadataDocument.xml(on: .beta).utf8))

    /// `$metadata`: the CSDL of what this endpoint serves on the version.
    static func metadata(on version: GraphDeviceProperty.Version) -> GraphAnswer {
        GraphAnswer(status: 200, body: version == .v1 ? metadataDocuments.v1 : metadataDocuments.beta, headers: ["Content-Type": "application/xml; charset=utf-8"])
    }

    /// What a path segment keeps unescaped in a link (a UPN's `@` stays; `/`, `?`, `#` do not).
    static let pathSegmentAllowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))

    static let leftManagement: Set<ManagementState> = [.retired, .wiped]
    /// The conditions keeping only the devices the service still lists, parsed once from the
    /// `$filter` text a client would write (a constant: it cannot fail to parse).
    static let stillManagedConditions = try! DeviceFilterParser.parse("(" + ManagementState.allCases.filter { !leftManagement.contains($0) }
        .map { "\(GraphDeviceProperty.managementState.name) eq '\($0.rawValue)'" }.joined(separator: " or ") + ")")

    /// A device the service still lists (a retired or wiped one has left management) and the
    /// caller's scope tags show, or 404 (the same answer whichever it is).
    func listedDevice(id: String, seenBy upn: String) throws -> Device {
        guard let device = try store.device(id: id, seenBy: upn), !Self.leftManagement.contains(device.managementState) else {
            throw GraphError.notFound("No managedDevice with id '\(id)'")
        }
        return device
    }

    /// The methods a known path takes; nil for a path this endpoint does not know (404).
    static func methods(of path: [String], on version: GraphDeviceProperty.Version) -> [HTTPRequest.Method]? {
        switch path.count {
        case 1 where path == ["$batch"]: [.post]
        case 1 where path == ["$metadata"]: [.get]
        case 2 where path == ["deviceManagement", "managedDevices"] || path == ["deviceManagement", "auditEvents"] || path == ["me", "managedDevices"]: [.get]
        case 2 where path[0] == "deviceManagement" && path[1].hasPrefix("getEffectivePermissions"): [.get]
        case 3 where path[0...1] == ["deviceManagement", "managedDevices"]: [.get, .delete]
        case 3 where path[0] == "users" && path[2] == "managedDevices": [.get]
        case 4 where path[0...1] == ["deviceManagement", "managedDevices"] && action(segment: path[3], on: version) != nil: [.post]
        case 2 where version == .beta && path == approvalRequestsPath: [.get]
        case 3 where version == .beta && Array(path.prefix(2)) == approvalRequestsPath: [.get]
        case 4 where version == .beta && Array(path.prefix(2)) == approvalRequestsPath && ["approve", "reject", "cancelMyRequest"].contains(path[3]): [.post]
        default: nil
        }
    }

    /// PERMISSION: a sign-in's token carries the permissions it was granted; one without any
    /// of `needed` is refused as the service refuses it (403).
    func require(_ token: ApiToken, _ needed: [String]) throws {
        guard let grant = token.grant, !grant.allows(anyOf: needed) else { return }
        throw GraphError.forbidden("Missing permission: the token's scopes hold none of \(needed.joined(separator: ", ")).")
    }

    /// `GET /deviceManagement/getEffectivePermissions`: the Intune resource actions of the
    /// operator's role, in `rolePermission` shape.
    func effectivePermissions(_ call: GraphCall, upn: String, scope: String?) throws -> GraphAnswer {
        let options = try options(call, allowed: scope == nil ? ["scope"] : [])
        let named = scope ?? options["scope"] ?? "allScopes"
        // Scope tags are not modelled: every operator's role covers all scopes.
        guard named == "allScopes" || named == "0" else {
            throw GraphError.badRequest("scope '\(named)': this endpoint has no scope tags; ask for scope='allScopes'")
        }
        let role = try store.role(of: upn)
        return try encoded(GraphCollectionAnswer(context: "\(call.base)/$metadata#Collection(microsoft.graph.rolePermission)",
                                                 value: [GraphRolePermission(allowed: GraphPermission.intuneResourceActions(of: role))],
                                                 nextLink: nil, count: nil))
    }

    static func faultTarget(_ call: GraphCall) -> FaultPlan.Target? {
        switch (call.method, call.path.count) {
        case (.get, 2) where call.path == ["deviceManagement", "managedDevices"]: .list
        case (.post, 4), (.delete, 3): call.path.starts(with: ["deviceManagement", "managedDevices"]) ? .action : nil
        default: nil
        }
    }

    /// What `--fault` makes of this request; nil lets it through (after the fault, for `slow`).
    func inject(_ fault: FaultPlan.Kind, _ call: GraphCall, token: ApiToken) async throws -> GraphAnswer? {
        switch fault {
        case .serverError:
            return error(GraphError(status: .internalServerError, code: "InternalServerError", message: "injected fault (--fault 500)"), call)
        case .unavailable:
            return error(GraphError(status: .serviceUnavailable, code: "ServiceUnavailable", message: "injected fault (--fault 503)"), call)
        case .throttled:
            var answer = error(GraphError(status: .tooManyRequests, code: "TooManyRequests", message: "injected fault (--fault 429): retry after 1 s"), call)
            answer.headers["Retry-After"] = "1"
            return answer
        case .unauthorized:
            return error(GraphError.unauthorized, call)
        case .notJSON:
            return GraphAnswer(status: 200, body: Data("<html><body>Service temporarily unavailable</body></html>".utf8))
        case .loop:
            var query = call.query.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0.1)" }.joined(separator: "&")
            if query.isEmpty { query = "$top=\(Self.pageSize)" }
            return try json([GraphCollectionKey.value.rawValue: [Any](), GraphCollectionKey.nextLink.rawValue: "\(call.base)/deviceManagement/managedDevices?\(query)"])
        case .slow:
            try await Task.sleep(for: .seconds(30))
            return nil
        case .doneThenUnavailable:
            let audit = AuditOriginContext()
            audit.origin = AuditOrigin(applicationDisplayName: token.name, ipAddress: call.peer, login: "", host: ProcessInfo.processInfo.hostName)
            _ = try await AuditOrigin.$context.withValue(audit) { try await route(call, token: token) }
            return error(GraphError(status: .serviceUnavailable, code: "ServiceUnavailable", message: "injected fault (--fault done-503): carried out, then no answer"), call)
        }
    }

    func unknownPath(_ call: GraphCall) -> GraphError {
        GraphError.notFound("\(call.method.rawValue) /v1.0/\(call.path.joined(separator: "/")) is not part of this endpoint (see docs/graph-endpoint.md: what is implemented)")
    }

    func error(_ error: GraphError, _ call: GraphCall) -> GraphAnswer {
        var answer = GraphAnswer(status: error.status.code, body: error.body(requestId: call.requestId, clientRequestId: call.clientRequestId))
        // RFC 6750: a 401 says how to authenticate.
        if error.status == .unauthorized { answer.headers["WWW-Authenticate"] = #"Bearer realm="mdmconsole", error="invalid_token""# }
        return answer
    }

    func authenticate(_ call: GraphCall) throws -> ApiToken {
        if let token = call.token { return token }
        guard let header = call.authorization, header.lowercased().hasPrefix("bearer "),
              let token = try ApiTokens(store: store).valid(String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)) else {
            throw GraphError.unauthorized
        }
        return token
    }

    /// The query options a route takes; any other is refused, never ignored.
    func options(_ call: GraphCall, allowed: Set<String>) throws -> [String: String] {
        var found: [String: String] = [:]
        for (name, value) in call.query {
            guard allowed.contains(name) else {
                throw GraphError.badRequest("Query option '\(name)' is not supported here (supported: \(allowed.sorted().joined(separator: ", ")))")
            }
            found[name] = value
        }
        return found
    }

    func top(_ options: [String: String], largest: Int) throws -> Int {
        guard let text = options["$top"] else { return largest }
        guard let value = Int(text), value >= 1 else { throw GraphError.badRequest("$top: '\(text)' is not a positive whole number") }
        return min(value, largest)
    }

    // MARK: managed devices

    func listDevices(_ call: GraphCall, upn: String, ofUser user: String? = nil) throws -> GraphAnswer {
        let options = try options(call, allowed: ["$top", "$select", "$skiptoken", "$filter", "$orderby", "$count"])
        let top = try top(options, largest: Self.pageSize)
        let select = try Selection(options["$select"], of: GraphManagedDevice.properties(on: call.version))
        var query = DeviceQuery()
        query.scope = try store.scope(of: upn)
        if let filter = options["$filter"] { query.conditions = try DeviceFilterParser.parse(filter) }
        // A retired or wiped device has left management: the service no longer lists it (v1.0
        // has no such managementState); the console keeps it, with its history.
        query.conditions += Self.stillManagedConditions
        if let user {
            // /me/managedDevices and /users/{upn}/managedDevices: the devices whose primary user it is.
            query.conditions += try DeviceFilterParser.parse("\(GraphDeviceProperty.userPrincipalName.name) eq '\(user.replacingOccurrences(of: "'", with: "''"))'")
        }
        let byName = GraphDeviceProperty.deviceName.name, bySync = GraphDeviceProperty.lastSyncDateTime.name
        switch options["$orderby"]?.trimmingCharacters(in: .whitespaces) {
        case nil, byName, byName + " asc": query.sort = .name
        case bySync, bySync + " asc": query.sort = .lastCheckIn
        case let other?: throw GraphError.badRequest("$orderby: '\(other)' is not supported (\(byName) or \(bySync), ascending)")
        }
        let counting: Bool
        switch options["$count"] {
        case nil, "false": counting = false
        case "true": counting = true
        case let other?: throw GraphError.badRequest("$count: '\(other)' is not true or false")
        }
        var start = DeviceWindowStart.first
        if let token = options["$skiptoken"] {
            guard let key = DeviceListKey(pageToken: token), key.sort == query.sort else {
                throw GraphError.badRequest("$skiptoken: not a page token of this list (follow @odata.nextLink as it is given)")
            }
            start = .after(key)
        }
        // One more than asked tells whether a next page exists.
        let window = try store.deviceWindow(query, start: start, limit: top + 1)
        let rows = Array(window.rows.prefix(top))
        let actions = try store.actions(deviceIds: rows.map(\.id))
        let now = try store.now()
        var next: String?
        if window.rows.count > top, let last = rows.last {
            // The list's own path: a user's devices page on as a user's devices.
            let path = call.path.map { $0.addingPercentEncoding(withAllowedCharacters: Self.pathSegmentAllowed) ?? $0 }.joined(separator: "/")
            next = "\(call.base)/\(path)?$top=\(top)&$skiptoken=\(DeviceListKey(last, sort: query.sort).pageToken)"
            for name in ["$select", "$filter", "$orderby", "$count"] {
                if let value = options[name] { next! += "&\(name)=" + (value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value) }
            }
        }
        let entitySet = user.map { "users('\($0.replacingOccurrences(of: "'", with: "''"))')/managedDevices" } ?? "deviceManagement/managedDevices"
        return try encoded(GraphCollectionAnswer(context: "\(call.base)/$metadata#\(select.context(entitySet))",
                                          value: rows.map { GraphManagedDevice($0, actions: actions[$0.id] ?? [], now: now, version: call.version, selected: select.names, extensions: call.wantsExtensions) },
                                          nextLink: next, count: counting ? try store.deviceCount(query) : nil))
    }

    func device(_ call: GraphCall, id: String, token: ApiToken) throws -> GraphAnswer {
        let options = try options(call, allowed: ["$select"])
        let device = try listedDevice(id: id, seenBy: token.upn)
        let select = try Selection(options["$select"], of: GraphManagedDevice.properties(on: call.version))
        // As the service does: the bypass code is only returned when named in $select (R3:
        // and only while it is valid); only to a role that may read one, each read audited.
        var code: String?
        if select.names?.contains(GraphDeviceProperty.activationLockBypassCode.name) == true {
            switch try store.readBypassCode(deviceId: device.id, by: token.upn, through: "Graph (\(token.name))") {
            case .code(let held): code = held
            case .noCode: break
            case .refused(let role): throw GraphError.forbidden(BypassCodeReads.refusal(role) + " (refusal audited)")
            }
        }
        return try encoded(GraphManagedDevice(device, actions: try store.actions(deviceId: id), now: try store.now(), version: call.version, selected: select.names, bypassCode: code,
                                              extensions: call.wantsExtensions,
                                              context: "\(call.base)/$metadata#\(select.context("deviceManagement/managedDevices"))/$entity"))
    }

    /// A remote action (or delete) through `ActionService`, exactly as the console takes it:
    /// one transaction with its record and audit entry; greyed is 400 naming the rule, a
    /// role refusal 403 (both as the core records them).
    func take(_ action: DeviceAction, _ call: GraphCall, id: String, upn: String) throws -> GraphAnswer {
        _ = try options(call, allowed: [])
        guard call.body.count <= Self.bodyLimit else {
            throw GraphError(status: HTTPResponse.Status(code: 413), code: "RequestEntityTooLarge",
                             message: "The request body is over \(Self.bodyLimit / 1024) KiB; an action's body is a few options")
        }
        let options = try ActionBody.check(action, call.body, version: call.version)
        let device = try listedDevice(id: id, seenBy: upn)
        var request = ActionRequest(action: action, deviceId: device.id, operatorUPN: upn, typedName: device.name, acknowledged: true)
        request.options = options
        try approvalHeaders(call, into: &request)
        // The inputs' rules come after the role's and the device's (in the action path): a
        // refusal by role is always the audited answer.
        let outcome: ActionOutcome
        do {
            outcome = try ActionService(store: store).take(request)
        } catch ActionError.invalidInput(_, let problem) {
            throw GraphError.badRequest("Property '\(problem.name)': \(problem.text)")
        } catch let refusal as ApprovalError {
            throw Self.graphError(refusal)
        }
        switch outcome {
        case .awaitingApproval(let made):
            return approvalRequired(made, call)
        case .taken(let record, _, _):
            if action.graphAnswersWithBody {
                return try encoded(GraphLogCollectionResponse(record, context: "\(call.base)/$metadata#microsoft.graph.deviceLogCollectionResponse"))
            }
            return GraphAnswer(status: 204, body: nil)
        case .refused(let verdict):
            let message = [verdict.reason, verdict.remedy.map { "Remedy: \($0)" }].compactMap { $0 }.joined(separator: " ")
            if verdict.rule == .role { throw GraphError.forbidden(message) }
            throw GraphError.badRequest(message, code: verdict.rule?.rawValue ?? "BadRequest")
        }
    }

    // MARK: audit events

    func auditEvents(_ call: GraphCall, upn: String) throws -> GraphAnswer {
        let options = try options(call, allowed: ["$top", "$skiptoken", "$filter"])
        let top = try top(options, largest: Self.pageSize)
        var query = AuditQuery()
        query.reader = try store.scopedReader(upn)
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
        var next: String?
        if window.entries.count > top, let last = entries.last {
            next = "\(call.base)/deviceManagement/auditEvents?$top=\(top)&$skiptoken=\(AuditKey(last).pageToken)"
            if let filter = options["$filter"] { next! += "&$filter=" + (filter.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? filter) }
        }
        return try encoded(GraphCollectionAnswer(context: "\(call.base)/$metadata#deviceManagement/auditEvents",
                                          value: entries.map(GraphAuditEvent.init), nextLink: next, count: nil))
    }

    // MARK: $batch

    /// `POST /v1.0/$batch`: up to 20 requests, each answered on its own (and throttled on its
    /// own), in `{"responses": [{"id", "status", "headers", "body"}]}`.
    func batch(_ call: GraphCall) async throws -> GraphAnswer {
        _ = try options(call, allowed: [])
        guard let requests = GraphBatch.requests(in: call.body) else {
            throw GraphError.badRequest("$batch: the body must be {\"requests\": [{\"id\", \"method\", \"url\"}, …]}")
        }
        guard requests.count <= Self.batchLimit else {
            throw GraphError.badRequest("$batch: \(requests.count) requests; a batch takes at most \(Self.batchLimit)")
        }
        // Checked as the service checks them, before any request runs: unique ids, a
        // dependsOn naming an earlier request, a Content-Type with every body.
        var seen = Set<String>()
        for (index, request) in requests.enumerated() {
            guard let id = request.id else { throw GraphError.badRequest("$batch: requests[\(index)] needs a string id, a method and a url") }
            guard seen.insert(id).inserted else { throw GraphError.badRequest("$batch: the request id '\(id)' is used twice; ids must be unique in a batch") }
            for dependency in request.dependsOn where !seen.contains(dependency) || dependency == id {
                throw GraphError.badRequest("$batch: request '\(id)' dependsOn '\(dependency)', which is not an earlier request of this batch")
            }
            if request.body != nil, !request.headers.keys.contains(where: { $0.lowercased() == "content-type" }) {
                throw GraphError.badRequest("$batch: request '\(id)' has a body but no Content-Type header")
            }
        }
        var responses: [[String: Any]] = []
        var failed = Set<String>()
        for (index, request) in requests.enumerated() {
            guard let id = request.id, let method = request.method.flatMap({ HTTPRequest.Method($0.uppercased()) }),
                  let url = request.url, let components = URLComponents(string: url) else {
                throw GraphError.badRequest("$batch: requests[\(index)] needs a string id, a method and a url")
            }
            var path = components.path.split(separator: "/").map(String.init)
            if path.first == "v1.0" { path.removeFirst() }
            var sub = call
            sub.method = method
            sub.path = path
            sub.query = (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }
            sub.body = try request.body.map { try JSONSerialization.data(withJSONObject: $0, options: [.fragmentsAllowed]) } ?? Data()
            sub.requestId = UUID().uuidString.lowercased()
            // Graph's batch URLs are relative to the version; an absolute one (any host) is not run here.
            let absolute = components.scheme != nil || components.host != nil || url.hasPrefix("//")
            let answer: GraphAnswer
            if let dependency = request.dependsOn.first(where: failed.contains) {
                // Not run: what it depends on did not succeed (the service's 424).
                answer = error(GraphError(status: .init(code: 424, reasonPhrase: "Failed Dependency"), code: "FailedDependency",
                                          message: "Not run: request '\(dependency)', which this one depends on, failed"), sub)
            } else if absolute {
                answer = error(GraphError.badRequest("$batch: requests[\(index)].url must be relative, such as /deviceManagement/managedDevices (an absolute URL is not run)"), sub)
            } else if sub.path == ["$batch"] {
                answer = error(GraphError.badRequest("$batch inside a $batch"), sub)
            } else {
                answer = await respond(sub)
            }
            if !(200..<300).contains(answer.status) { failed.insert(id) }
            var headers = answer.headers.merging(["Content-Type": "application/json"]) { $1 }
            headers["request-id"] = sub.requestId
            responses.append(try GraphBatch.response(id: id, status: answer.status, headers: headers, body: answer.body))
        }
        return try json(GraphBatch.answer(responses))
    }

    // MARK: answers

    func encoded(_ value: some Encodable) throws -> GraphAnswer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return GraphAnswer(status: 200, body: try encoder.encode(value))
    }

    func json(_ object: Any) throws -> GraphAnswer {
        GraphAnswer(status: 200, body: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
    }
}
