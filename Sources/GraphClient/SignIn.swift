import Crypto
import _CryptoExtras
import Foundation
import MDMCore

/// Why signing in did not give a token: the identity platform's error code and words, or a
/// step of ours (a token command that failed, a certificate that cannot be read).
public struct SignInError: Error, CustomStringConvertible, Sendable, Equatable {
    public let code: String
    public let message: String
    public var description: String { "\(code): \(message)" }

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    /// A sign-in that only a person can fix (declined, expired, revoked): `connect` again, or,
    /// for an operator's own sign-in, `sign-in` (`remedy`).
    public static let connectAgain = "sign in again with `mdmconsole connect`"

    public static func needed(_ why: String, remedy: String = connectAgain) -> SignInError {
        SignInError("sign_in_needed", "\(why): \(remedy)")
    }
}

/// The OAuth 2.0 conversations with the identity platform (v2 endpoints): device code for a
/// person, client credentials (secret or certificate) for automation, refresh for both.
public struct SignIn: Sendable {
    public let http: GraphHTTP
    public let source: GraphSource

    public init(http: GraphHTTP, source: GraphSource) {
        self.http = http
        self.source = source
    }

    var endpoint: String {
        var authority = source.authority
        while authority.hasSuffix("/") { authority.removeLast() }
        return "\(authority)/\(source.tenant)/oauth2/v2.0"
    }

    /// What a person is asked for: delegated permissions, and `offline_access` for a refresh token.
    static var personScope: String {
        (GraphPermission.requested.map { GraphPermission.resourcePrefix + $0 } + ["offline_access"]).joined(separator: " ")
    }

    static let applicationScope = GraphPermission.resourcePrefix + ".default"

    // MARK: device code

    public struct DeviceCodePrompt: Sendable {
        public var message: String
        public var userCode: String
        public var verificationURI: String
        fileprivate var deviceCode: String
        fileprivate var interval: Int
        fileprivate var expiresIn: Int
    }

    public func startDeviceCode() async throws -> DeviceCodePrompt {
        let object = try await form("\(endpoint)/devicecode", ["client_id": source.clientId, "scope": Self.personScope])
        guard let deviceCode = object["device_code"] as? String, let userCode = object["user_code"] as? String else {
            throw SignInError("invalid_response", "the devicecode answer has no device_code or user_code")
        }
        let uri = (object["verification_uri"] as? String) ?? ""
        return DeviceCodePrompt(message: (object["message"] as? String) ?? "Open \(uri) and enter the code \(userCode).",
                                userCode: userCode, verificationURI: uri, deviceCode: deviceCode,
                                interval: (object["interval"] as? Int) ?? 5, expiresIn: (object["expires_in"] as? Int) ?? 900)
    }

    /// Polls every `interval` s until the person approves (or declines, or the code expires).
    public func finishDeviceCode(_ prompt: DeviceCodePrompt, sleep: @Sendable (Int) async throws -> Void = { try await Task.sleep(for: .seconds($0)) }) async throws -> StoredTokens {
        var interval = max(1, prompt.interval)
        var waited = 0
        while waited <= prompt.expiresIn {
            try await sleep(interval)
            waited += interval
            do {
                return try await tokens(["grant_type": "urn:ietf:params:oauth:grant-type:device_code", "client_id": source.clientId,
                                         "device_code": prompt.deviceCode])
            } catch let error as SignInError {
                switch error.code {
                case "authorization_pending": continue
                case "slow_down": interval += 5  // RFC 8628 §3.5
                case "authorization_declined": throw SignInError(error.code, "the sign-in was declined")
                case "expired_token": throw SignInError(error.code, "the code expired before it was approved; run connect again")
                default: throw error
                }
            }
        }
        throw SignInError("expired_token", "the code expired before it was approved; run connect again")
    }

    // MARK: client credentials, refresh, token command

    public func clientSecret(fromEnvironment variable: String) async throws -> StoredTokens {
        guard let secret = ProcessInfo.processInfo.environment[variable], !secret.isEmpty else {
            throw SignInError("invalid_client", "the environment variable \(variable) holds no client secret")
        }
        return try await tokens(["grant_type": "client_credentials", "client_id": source.clientId, "client_secret": secret,
                                 "scope": Self.applicationScope])
    }

    /// A certificate credential: a JWT assertion signed RS256 with the key, `x5t` its SHA-1
    /// thumbprint (the identity platform's format for certificate credentials).
    public func certificate(at path: String, now: Date = Date()) async throws -> StoredTokens {
        guard let pem = FileManager.default.contents(atPath: path).map({ String(decoding: $0, as: UTF8.self) }) else {
            throw SignInError("invalid_client", "--certificate \(path): cannot read the file")
        }
        let assertion = try CertificateAssertion.make(pem: pem, path: path, clientId: source.clientId, audience: "\(endpoint)/token", now: now)
        return try await tokens(["grant_type": "client_credentials", "client_id": source.clientId, "scope": Self.applicationScope,
                                 "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                                 "client_assertion": assertion])
    }

    public func refresh(_ refreshToken: String) async throws -> StoredTokens {
        do {
            return try await tokens(["grant_type": "refresh_token", "client_id": source.clientId, "refresh_token": refreshToken,
                                     "scope": Self.personScope])
        } catch let error as SignInError where error.code == "invalid_grant" {
            throw SignInError.needed("the sign-in has ended (\(error.message))")
        }
    }

    /// Runs the command (through `/bin/sh -c`) and reads a bearer token from its standard
    /// output; its permissions come from the token's own claims.
    public static func tokenCommand(_ command: String, timeout: TimeInterval = TokenCommandRun.timeout) throws -> StoredTokens {
        let data = try TokenCommandRun.output(of: command, timeout: timeout)
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard TokenCommandRun.isTokenShaped(token) else {
            throw SignInError("token_command", "the token command printed no single bearer token (one line of letters, digits and - . _ ~ + / =)")
        }
        let claims = TokenClaims(token)
        let expires = claims?.expiresAt.map { min($0, Date().addingTimeInterval(3600)) } ?? Date().addingTimeInterval(300)
        return StoredTokens(accessToken: token, refreshToken: nil, expiresAt: expires, scope: claims?.permissions.joined(separator: " ") ?? "")
    }

    // MARK: the token endpoint

    func tokens(_ fields: [String: String]) async throws -> StoredTokens {
        let object = try await form("\(endpoint)/token", fields)
        guard let access = object["access_token"] as? String else { throw SignInError("invalid_response", "the token answer has no access_token") }
        let expiresIn = (object["expires_in"] as? Int) ?? Int((object["expires_in"] as? String) ?? "") ?? 3600
        var scope = (object["scope"] as? String) ?? ""
        if scope.isEmpty || scope.hasSuffix(".default") { scope = TokenClaims(access)?.permissions.joined(separator: " ") ?? scope }
        return StoredTokens(accessToken: access, refreshToken: object["refresh_token"] as? String,
                            expiresAt: Date().addingTimeInterval(TimeInterval(expiresIn)), scope: scope)
    }

    /// POSTs a form and reads the JSON answer; an OAuth error answer is a `SignInError`.
    func form(_ url: String, _ fields: [String: String]) async throws -> [String: Any] {
        let body = fields.sorted { $0.key < $1.key }.map { "\(Self.formEncode($0.key))=\(Self.formEncode($0.value))" }.joined(separator: "&")
        let answer: HTTPAnswer
        do {
            answer = try await http.exchange(.POST, url, headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Array(body.utf8))
        } catch {
            throw SignInError("unreachable", "\(url): \(error)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any] else {
            throw SignInError("invalid_response", "\(url) answered \(answer.status) without JSON")
        }
        if let code = object["error"] as? String {
            throw SignInError(code, TerminalText.visible((object["error_description"] as? String) ?? ""))
        }
        guard (200..<300).contains(answer.status) else { throw SignInError("HTTP\(answer.status)", "\(url) answered \(answer.status)") }
        return object
    }

    static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// What an access token says of itself, read without verifying it (the service verifies it;
/// the console only greys what the token could not do anyway): `scp` (a person's), `roles`
/// (an application's), who, and until when.
public struct TokenClaims: Sendable {
    public var permissions: [String]
    public var account: String?
    public var expiresAt: Date?

    public init?(_ token: String) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let data = Base64URL.decode(String(parts[1])),
              let claims = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        permissions = ((claims["scp"] as? String)?.split(separator: " ").map(String.init) ?? []) + ((claims["roles"] as? [String]) ?? [])
        // A claim that would not pass the identity door (escapes, controls, over-long) names no
        // one: a hostile service's token must not become this store's first Administrator.
        account = [claims["upn"], claims["preferred_username"], claims["app_displayname"]].lazy
            .compactMap { $0 as? String }.first { !$0.isEmpty && InputText.identityProblem(in: $0) == nil }
        expiresAt = (claims["exp"] as? Double).map { Date(timeIntervalSince1970: $0) }
    }
}

/// The client assertion of a certificate credential (RFC 7523, as the identity platform
/// takes it): header `{"alg":"RS256","typ":"JWT","x5t":…}`, claims aud/iss/sub/jti/nbf/exp.
enum CertificateAssertion {
    static func make(pem: String, path: String, clientId: String, audience: String, now: Date) throws -> String {
        guard let certificate = block("CERTIFICATE", in: pem) else {
            throw SignInError("invalid_client", "--certificate \(path): no PEM CERTIFICATE block (the file holds the certificate and its private key)")
        }
        let key: _RSA.Signing.PrivateKey
        do { key = try _RSA.Signing.PrivateKey(pemRepresentation: pem.components(separatedBy: "-----BEGIN CERTIFICATE-----")[0]
                                                + (pem.components(separatedBy: "-----END CERTIFICATE-----").last ?? "")) } catch {
            throw SignInError("invalid_client", "--certificate \(path): no RSA private key in PEM form (\(error))")
        }
        let thumbprint = Base64URL.encode(Data(Insecure.SHA1.hash(data: certificate)))
        let header = try JSONSerialization.data(withJSONObject: ["alg": "RS256", "typ": "JWT", "x5t": thumbprint], options: [.sortedKeys])
        let seconds = Int(now.timeIntervalSince1970)
        let claims = try JSONSerialization.data(withJSONObject: [
            "aud": audience, "iss": clientId, "sub": clientId, "jti": UUID().uuidString, "nbf": seconds, "exp": seconds + 600,
        ] as [String: Any], options: [.sortedKeys, .withoutEscapingSlashes])
        let signingInput = Base64URL.encode(header) + "." + Base64URL.encode(claims)
        let signature = try key.signature(for: Data(signingInput.utf8), padding: .insecurePKCS1v1_5)
        return signingInput + "." + Base64URL.encode(signature.rawRepresentation)
    }

    static func block(_ label: String, in pem: String) -> Data? {
        guard let start = pem.range(of: "-----BEGIN \(label)-----"), let end = pem.range(of: "-----END \(label)-----", range: start.upperBound..<pem.endIndex) else {
            return nil
        }
        return Data(base64Encoded: String(pem[start.upperBound..<end.lowerBound]).filter { !$0.isWhitespace })
    }
}
