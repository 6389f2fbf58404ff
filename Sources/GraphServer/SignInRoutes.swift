import Foundation
import MDMCore

/// The two sign-in endpoints of the Microsoft identity platform, as `serve` answers them so a
/// client can be tested end to end on loopback: `POST /{tenant}/oauth2/v2.0/devicecode` and
/// `POST /{tenant}/oauth2/v2.0/token` (device code, refresh token, and client credentials
/// whose secret is a token from `tokens issue`). Form bodies in, OAuth JSON out.
struct SignInRoutes: Sendable {
    let grants: SignInGrants

    /// Whether the call is one of them: `["(outside /v1.0)", tenant, "oauth2", "v2.0", name]`.
    static func matches(_ call: GraphCall) -> Bool { matches(path: call.path) }

    static func matches(path: [String]) -> Bool {
        path.count == 5 && path[0] == "(outside /v1.0)" && path[2...3] == ["oauth2", "v2.0"] && ["devicecode", "token"].contains(path[4])
    }

    func respond(_ call: GraphCall) -> GraphAnswer {
        guard call.method == .post else { return error(405, "invalid_request", "use POST with a form body") }
        guard call.body.count <= 16 * 1024 else { return error(413, "invalid_request", "the form body is over 16 KiB") }
        let form = Self.form(call.body)
        do {
            if call.path[4] == "devicecode" {
                let code = try grants.startDeviceCode(clientId: form["client_id"] ?? "", scope: form["scope"] ?? "", from: call.peer)
                let verification = "\(call.base.replacingOccurrences(of: "/v1.0", with: ""))/devicelogin"
                return json(200, [
                    "device_code": code.deviceCode, "user_code": code.userCode, "verification_uri": verification,
                    "expires_in": code.expiresIn, "interval": code.interval,
                    "message": "To sign in, have an operator of this endpoint run `mdmconsole tokens approve \(code.userCode) --as THEIR_UPN` on its store (the stand-in for opening \(verification) and entering the code \(code.userCode)).",
                ])
            }
            let tokens: SignInGrants.Tokens
            switch form["grant_type"] {
            case "urn:ietf:params:oauth:grant-type:device_code":
                tokens = try grants.redeemDeviceCode(form["device_code"] ?? "", clientId: form["client_id"] ?? "")
            case "refresh_token":
                tokens = try grants.redeemRefreshToken(form["refresh_token"] ?? "", clientId: form["client_id"] ?? "")
            case "client_credentials":
                tokens = try grants.redeemClientSecret(form["client_secret"] ?? "", clientId: form["client_id"] ?? "")
            case let other:
                return error(400, "unsupported_grant_type", "grant_type \(other ?? "(missing)") is not supported here")
            }
            var body: [String: Any] = ["token_type": "Bearer", "access_token": tokens.accessToken, "expires_in": tokens.expiresIn,
                                       "ext_expires_in": tokens.expiresIn, "scope": tokens.scope]
            if let refresh = tokens.refreshToken { body["refresh_token"] = refresh }
            return json(200, body)
        } catch let oauth as SignInGrants.OAuthError {
            return error(oauth.code == "invalid_client" ? 401 : oauth.code == "temporarily_unavailable" ? 503 : 400, oauth.code, oauth.message)
        } catch {
            // The details stay on this side (a path, a statement): the client gets the request-id.
            return self.error(500, "server_error", "the sign-in could not be carried out here (request-id \(call.requestId))")
        }
    }

    func error(_ status: Int, _ code: String, _ message: String) -> GraphAnswer {
        json(status, ["error": code, "error_description": TerminalText.visible(message), "error_codes": [Int](),
                      "timestamp": DateText.iso(Date())])
    }

    func json(_ status: Int, _ object: [String: Any]) -> GraphAnswer {
        GraphAnswer(status: status, body: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data(),
                    headers: ["Cache-Control": "no-store"])
    }

    /// `application/x-www-form-urlencoded`: `+` is a space, then percent-decoding.
    static func form(_ body: Data) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
            }
            fields[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }
}
