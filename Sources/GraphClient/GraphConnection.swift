import Foundation
import MDMCore
import NIOHTTP1

/// A read that did not get an answer it could use, after the retries that are safe.
public struct GraphReadError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}

/// One signed-in connection to a Graph endpoint: keeps the access token fresh (refreshing
/// once when the service says it expired, then asking for a new sign-in), and sends requests
/// with the retries each kind allows. Reads are retried on 429, 5xx and dropped connections
/// (they change nothing); an action is retried only on 429 and on a 401 answered before it
/// was looked at: whatever else happens to it is reported, never resent.
public actor GraphConnection {
    public let source: GraphSource
    /// Whose sign-in this connection uses: the reading identity's, or one operator's own.
    public let owner: TokenOwner
    let http: GraphHTTP
    let signIn: SignIn
    var tokens: StoredTokens?
    /// How long one request may wait in all for Retry-After and back-off before giving up.
    public let waitBudget: TimeInterval
    let sleep: @Sendable (TimeInterval) async throws -> Void
    /// Called with each wait (seconds, why), for the progress line.
    var onWait: (@Sendable (TimeInterval, String) -> Void)?
    static let readAttempts = 5
    /// At most this many 429s for one request: a service that keeps saying "retry after 0 s"
    /// gets a bounded number of tries, not a loop.
    static let throttledAttempts = 8
    /// The shortest wait after a 429, whatever Retry-After says.
    static let shortestThrottleWait: TimeInterval = 1

    /// Whether requests carry `Prefer: mdmconsole.extensions`: never to a Microsoft Graph host.
    let asksForExtensions: Bool
    /// The store's one request budget, shared with its other processes (nil: this process's own waits only).
    public let budget: GraphBudget?

    /// `asksForExtensions`: nil decides by the host; false makes a `serve` endpoint answer as
    /// Microsoft's service does (what the tests of v1.0's guesses use).
    /// `owner`: nil reads as the source's reading identity (`TokenOwner.reader(of:)`).
    public init(source: GraphSource, http: GraphHTTP, owner: TokenOwner? = nil, tokens: StoredTokens? = nil, waitBudget: TimeInterval = 300,
                asksForExtensions: Bool? = nil, budget: GraphBudget? = nil,
                sleep: @escaping @Sendable (TimeInterval) async throws -> Void = { try await Task.sleep(for: .seconds($0)) }) {
        self.asksForExtensions = asksForExtensions ?? !GraphSource.isMicrosoftGraph(source.graphURL)
        self.source = source
        self.budget = budget
        let owner = owner ?? TokenOwner.reader(of: source)
        self.owner = owner
        self.http = http
        signIn = SignIn(http: http, source: source)
        TokenFile.adoptSourceFile(of: source)
        self.tokens = tokens ?? TokenFile.read(sourceId: source.id, owner: owner)
        self.waitBudget = waitBudget
        self.sleep = sleep
    }

    public func setOnWait(_ callback: @escaping @Sendable (TimeInterval, String) -> Void) { onWait = callback }

    /// The permissions the current token says it holds (`scope` of its answer, or its claims).
    public func grantedPermissions() async throws -> [String] {
        _ = try await accessToken()
        return (tokens?.scope ?? "").split(separator: " ").map(String.init)
    }

    /// Who signed in, from the token's claims when it says.
    public func account() async throws -> String? {
        TokenClaims(try await accessToken())?.account
    }

    // MARK: tokens

    /// How this connection's token is renewed: the source's own way for its reading identity
    /// (and for the person whose token command it is); an operator's own sign-in is a person's,
    /// renewed with its refresh token.
    var renewal: GraphSource.SignIn {
        guard case .operator(let upn) = owner else { return source.signIn }
        if case .tokenCommand = source.signIn, upn.caseInsensitiveCompare(source.account ?? "") == .orderedSame { return source.signIn }
        return .deviceCode
    }

    /// Keeps a sign-in just made (an operator's `sign-in`), written to this owner's file.
    public func keep(_ fresh: StoredTokens) throws {
        tokens = fresh
        try TokenFile.write(fresh, sourceId: source.id, owner: owner)
    }

    func accessToken(renew: Bool = false) async throws -> String {
        if !renew, let tokens, tokens.isFresh() { return tokens.accessToken }
        // The file first: the operator may have signed in since (`:sign-in`), or another process
        // of theirs renewed it, rotating the refresh token this one holds (using the old one
        // would be a replay, and the service would end the whole sign-in).
        if let onDisk = TokenFile.read(sourceId: source.id, owner: owner), onDisk != tokens {
            tokens = onDisk
            if !renew, onDisk.isFresh() { return onDisk.accessToken }
        }
        let fresh: StoredTokens
        switch renewal {
        case .deviceCode:
            return try await renewWithRefreshToken()
        case .clientSecret(let variable):
            fresh = try await signIn.clientSecret(fromEnvironment: variable)
        case .certificate(let path):
            fresh = try await signIn.certificate(at: path)
        case .tokenCommand(let command):
            fresh = try SignIn.tokenCommand(command)
        }
        tokens = fresh
        // A rotated refresh token replaces the old one at once: the old one no longer works.
        try TokenFile.write(fresh, sourceId: source.id, owner: owner)
        return fresh.accessToken
    }

    /// A person's sign-in, renewed under the token file's lock (see TokenFileLock): if another
    /// process of theirs renewed it while this one waited, its tokens are used, not renewed again.
    func renewWithRefreshToken() async throws -> String {
        let held = tokens
        let lock = try await TokenFileLock.acquire(sourceId: source.id, owner: owner)
        defer { lock.release() }
        if let onDisk = TokenFile.read(sourceId: source.id, owner: owner), onDisk != held {
            tokens = onDisk
            if onDisk.isFresh() { return onDisk.accessToken }
        }
        // An operator's own sign-in is mended with `sign-in`; the reading identity's with `connect`.
        let ownSignIn: String?
        if case .operator(let upn) = owner, owner != TokenOwner.reader(of: source) { ownSignIn = upn } else { ownSignIn = nil }
        guard let refresh = tokens?.refreshToken else {
            if let upn = ownSignIn {
                throw SignInError.needed("\(upn) has no sign-in of their own to this service", remedy: ServiceGrant.signInRemedy)
            }
            throw SignInError.needed("no sign-in is stored for this tenant")
        }
        let fresh: StoredTokens
        do { fresh = try await signIn.refresh(refresh) } catch let error as SignInError where error.code == "sign_in_needed" && ownSignIn != nil {
            let why = error.message.replacingOccurrences(of: ": " + SignInError.connectAgain, with: "")
            throw SignInError.needed("\(ownSignIn!): \(why)", remedy: ServiceGrant.signInRemedy)
        }
        tokens = fresh
        try TokenFile.write(fresh, sourceId: source.id, owner: owner)
        return fresh.accessToken
    }

    // MARK: requests

    /// The URL of `path`: relative to the source, or a link the service gave (a nextLink),
    /// which must be at the source's own scheme, host and port: the bearer token goes nowhere
    /// else, and a page from elsewhere must never complete (and so empty) the mirror.
    func url(_ path: String) throws -> String {
        guard path.contains("://") else { return source.graphURL + path }
        guard let origin = EndpointAddress(source.graphURL), origin.isSameOrigin(as: path) else {
            let named = EndpointAddress(path)?.description ?? "a URL that is not http(s)"
            throw GraphReadError(message: "the service's answer points to \(TerminalText.visible(named)), not to \(EndpointAddress(source.graphURL)?.description ?? source.graphURL): not followed (the token goes only to its own service); the mirror is kept as it was")
        }
        return path
    }

    func headers(_ token: String) -> [(String, String)] {
        var headers = [("Authorization", "Bearer \(token)"), ("Accept", "application/json"), ("client-request-id", UUID().uuidString.lowercased())]
        // The extensions are this program's own: Microsoft's Graph is never asked for them.
        if asksForExtensions, !GraphSource.isMicrosoftGraph(source.graphURL) { headers.append(("Prefer", "mdmconsole.extensions")) }
        return headers
    }

    /// A GET, retried while that is safe, until a 2xx (returned), a 4xx other than 429/401
    /// (thrown as the service's error), or the attempts and the wait budget run out.
    public func get(_ path: String) async throws -> HTTPAnswer {
        let target = try url(path)
        var waited: TimeInterval = 0
        var attempt = 0, failures = 0, throttled = 0
        var renewed = false
        while true {
            attempt += 1
            if let wait = try budget?.admit(.read) {
                try await self.wait(wait.seconds, why: wait.reason, waited: &waited, target: target)
                continue
            }
            let answer: HTTPAnswer
            do {
                answer = try await http.exchange(.GET, target, headers: headers(try await accessToken()))
            } catch let error as TransportError {
                failures += 1
                guard failures < Self.readAttempts else { throw GraphReadError(message: "\(Self.describe(target)): \(error.message) (\(failures) tries)") }
                try await wait(Self.backoff(failures), why: error.message, waited: &waited, target: target)
                continue
            }
            switch answer.status {
            case 200..<300:
                return answer
            case 401 where !renewed:
                renewed = true
                _ = try await accessToken(renew: true)
            case 429:
                throttled += 1
                try? budget?.throttled(until: Date().addingTimeInterval(Self.throttleWait(answer, attempt: throttled)))
                guard throttled < Self.throttledAttempts else {
                    throw GraphReadError(message: "\(Self.describe(target)): still throttled (429) after \(throttled) tries")
                }
                try await wait(Self.throttleWait(answer, attempt: throttled), why: "throttled (429)", waited: &waited, target: target)
            case 500..<600:
                failures += 1
                guard failures < Self.readAttempts else {
                    throw GraphReadError(message: "\(Self.describe(target)): the service answered \(answer.status) \(answer.graphError.code) (\(failures) tries)")
                }
                try await wait(Self.retryAfter(answer) ?? Self.backoff(failures), why: "the service answered \(answer.status)", waited: &waited, target: target)
            case 401:
                throw SignInError.needed("the service refused the token again after it was renewed (\(answer.graphError.code))")
            default:
                let error = answer.graphError
                throw GraphServiceError(status: answer.status, code: error.code, message: error.message, requestId: answer.requestId)
            }
        }
    }

    /// An action (POST or DELETE): sent once; resent only when the service said it did not
    /// carry it out (429, or a 401 before it was looked at, once, with a renewed token).
    public func act(_ method: HTTPMethod, _ path: String, body: [UInt8]? = nil, headers extra: [(String, String)] = []) async -> ServiceAnswer {
        let target: String
        do { target = try url(path) } catch {
            return .refused(status: 0, code: "ForeignLink", message: "\(error)", requestId: nil)
        }
        var waited: TimeInterval = 0
        var attempt = 0
        var renewed = false
        while true {
            attempt += 1
            let token: String
            do { token = try await accessToken() } catch {
                return .refused(status: 401, code: "SignInNeeded", message: "\(error)", requestId: nil)
            }
            // The store's budget first: after a 429 told to any of its processes nothing is sent
            // until it runs out (an action goes before the reads waiting with it).
            if let wait = try? budget?.admit(.write) {
                attempt -= 1  // not an attempt: nothing was sent
                guard (try? await self.wait(wait.seconds, why: wait.reason, waited: &waited, target: target)) != nil else {
                    return .refused(status: 429, code: "TooManyRequests", message: "\(wait.reason): waiting longer would pass \(Int(waitBudget)) s; nothing was sent",
                                    requestId: nil)
                }
                continue
            }
            var headers = headers(token) + extra
            if body != nil { headers.append(("Content-Type", "application/json")) }
            let answer: HTTPAnswer
            do {
                answer = try await http.exchange(method, target, headers: headers, body: body)
            } catch let error as TransportError {
                return .unknown(reason: error.message, requestId: nil)
            } catch {
                return .unknown(reason: "\(error)", requestId: nil)
            }
            switch answer.status {
            case 200..<300:
                return .accepted(requestId: answer.requestId)
            case 429:
                try? budget?.throttled(until: Date().addingTimeInterval(Self.throttleWait(answer, attempt: attempt)))
                // Waited out and tried again, or given up: too many 429s, or the wait budget spent.
                var waitedOut = false
                if attempt < Self.throttledAttempts {
                    waitedOut = (try? await wait(Self.throttleWait(answer, attempt: attempt), why: "throttled (429)", waited: &waited, target: target)) != nil
                }
                if !waitedOut {
                    return .refused(status: 429, code: "TooManyRequests", message: "still throttled after waiting \(Int(waited)) s; nothing was carried out",
                                    requestId: answer.requestId)
                }
            case 401 where !renewed:
                renewed = true
                do { _ = try await accessToken(renew: true) } catch {
                    return .refused(status: 401, code: "SignInNeeded", message: "\(error)", requestId: answer.requestId)
                }
            case 403 where answer.graphError.code == GraphApprovalHeader.requiredCode:
                // Multi Admin Approval: with the request's id, a request was made; without, the
                // service refused it (a justification is needed).
                let error = answer.graphError
                if let code = answer.header(GraphApprovalHeader.code)?.trimmingCharacters(in: .whitespaces),
                   !code.isEmpty, code.count <= 128, InputText.identityProblem(in: code) == nil {
                    return .approvalRequired(code: code, requestId: answer.requestId)
                }
                return .refused(status: answer.status, code: error.code, message: TerminalText.visible(error.message), requestId: answer.requestId)
            case 400..<500:
                let error = answer.graphError
                return .refused(status: answer.status, code: error.code, message: TerminalText.visible(error.message), requestId: answer.requestId)
            default:
                return .unknown(reason: "the service answered \(answer.status) \(answer.graphError.code)", requestId: answer.requestId)
            }
        }
    }

    func wait(_ seconds: TimeInterval, why: String, waited: inout TimeInterval, target: String) async throws {
        guard waited + seconds <= waitBudget else {
            throw GraphReadError(message: "\(Self.describe(target)): \(why), and waiting longer would pass \(Int(waitBudget)) s in all")
        }
        waited += seconds
        onWait?(seconds, why)
        try await sleep(seconds)
    }

    /// `Retry-After` in seconds (the form Graph sends), at most a minute at a time.
    static func retryAfter(_ answer: HTTPAnswer) -> TimeInterval? {
        guard let text = answer.header("Retry-After"), let seconds = Double(text.trimmingCharacters(in: .whitespaces)), seconds >= 0 else { return nil }
        return min(seconds, 60)
    }

    /// How long to wait after the `attempt`th 429: its Retry-After, never under a second.
    static func throttleWait(_ answer: HTTPAnswer, attempt: Int) -> TimeInterval {
        max(retryAfter(answer) ?? backoff(attempt), shortestThrottleWait)
    }

    /// 1, 2, 4, … 32 s: exponential back-off when the service gave no Retry-After.
    static func backoff(_ attempt: Int) -> TimeInterval {
        TimeInterval(1 << min(max(attempt - 1, 0), 5))
    }

    /// The path of a URL, without its query (which may carry a skiptoken): for messages.
    static func describe(_ url: String) -> String {
        URLComponents(string: url)?.path ?? url
    }
}

/// The service refused a read (400, 403, 404): its code and message.
public struct GraphServiceError: Error, CustomStringConvertible, Sendable {
    public let status: Int
    public let code: String
    public let message: String
    public let requestId: String?
    public var description: String { "\(status) \(code): \(TerminalText.visible(message))" }
}
