import ArgumentParser
import Dispatch
import Foundation
import GraphClient
import GraphServer
import Logging
import MDMCore

/// `mdmconsole tokens`: bearer tokens of the endpoint, for operators of the tenant.
struct TokensCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens", abstract: "Bearer tokens of `serve`: issue, list, revoke (Administrators only; audited).",
        subcommands: [Issue.self, List.self, Revoke.self, Approve.self, Decline.self, EndSignIns.self], defaultSubcommand: List.self)

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "approve", abstract: "Sign in as the operator (--as) on the device showing this code (`connect --device-code`; audited).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The code the signing-in device shows.") var userCode: String
        @Flag(help: "Approve without asking (for scripts); what is approved is still printed.") var yes = false
        func run() throws {
            try reporting {
                let store = try global.openStore()
                let grants = SignInGrants(store: store)
                do {
                    // What is approved, before it is: a code read out by a stranger is device-code phishing.
                    let waiting = try grants.waiting(userCode: userCode)
                    let minutes = max(0, Int(Date().timeIntervalSince(waiting.requestedAt) / 60))
                    print("""
                        Sign-in waiting for code \(waiting.userCode):
                          application  \(TerminalText.visible(waiting.clientId))
                          permissions  \(waiting.scopes.isEmpty ? "(none named)" : waiting.scopes.map { TerminalText.visible($0) }.joined(separator: " "))
                          asked        \(DateText.iso(waiting.requestedAt)) (\(minutes) min ago) from \(waiting.requestedFrom.isEmpty ? "an unknown address" : TerminalText.visible(waiting.requestedFrom))
                          signs in as  \(global.resolvedOperator)
                        """)
                    if !yes {
                        guard isatty(0) == 1 else {
                            throw Failure("not approved: no terminal to ask on; add --yes once you have checked the above", code: Failure.usage)
                        }
                        print("Approve only if you started this sign-in yourself. Approve? [y/N] ", terminator: "")
                        guard let answer = readLine(), ["y", "yes"].contains(answer.lowercased().trimmingCharacters(in: .whitespaces)) else {
                            print("Not approved (the code stays waiting until it expires; `tokens decline \(waiting.userCode)` refuses it).")
                            return
                        }
                    }
                    try grants.approve(userCode: userCode, by: global.resolvedOperator)
                } catch let error as SignInGrants.OAuthError {
                    throw Failure(error.message, code: Failure.failed)
                }
                print("Approved: the device showing \(userCode.uppercased()) is signed in as \(global.resolvedOperator).")
            }
        }
    }

    struct Decline: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "decline", abstract: "Refuse the sign-in waiting for this code (audited).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The code the signing-in device shows.") var userCode: String
        func run() throws {
            try reporting {
                let store = try global.openStore()
                do { try SignInGrants(store: store).decline(userCode: userCode, by: global.resolvedOperator) } catch let error as SignInGrants.OAuthError {
                    throw Failure(error.message, code: Failure.failed)
                }
                print("Declined: the device showing \(userCode.uppercased()) is not signed in.")
            }
        }
    }

    struct EndSignIns: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "end-sign-ins",
            abstract: "End an operator's sign-ins: on serve's store their apps' tokens, on a connected store their sign-in to the service (Administrators only; audited).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The operator whose sign-ins end.") var upn: String
        func run() throws {
            try reporting {
                let store = try global.openStore()
                if let source = try store.source() {
                    // A connected store: that one operator's sign-in to the service, no one else's.
                    do {
                        let ended = try OperatorSignIn.end(store: store, source: source, operatorUPN: upn, by: global.resolvedOperator)
                        print(ended ? "\(upn)'s sign-in to \(source.graphURL) is ended: they sign in again to act." : "\(upn) has no sign-in to this tenant's service.")
                    } catch let problem as ServiceSignInError {
                        throw Failure(problem.description, code: Failure.greyed)
                    }
                    return
                }
                try SignInGrants(store: store).revokeAll(of: upn, by: global.resolvedOperator)
                print("Every sign-in of \(upn) is revoked: their apps must sign in again.")
            }
        }
    }

    struct Issue: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "issue", abstract: "Print a new token for an operator (shown once; only its hash is kept).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The operator the token acts as.") var upn: String
        @Option(help: ArgumentHelp("How long it lives: 8h, 30d, … (at most a year).", valueName: "duration")) var expires = "8h"
        @Option(help: ArgumentHelp("Its name, shown as the application in audit entries.", valueName: "text")) var name = "mdmconsole token"
        func run() throws {
            try reporting {
                guard let lifetime = DateParsing.duration(expires), lifetime > 0 else {
                    throw Failure("--expires: \"\(expires)\" is not a duration (for example 8h, 30d)", code: Failure.usage)
                }
                let (token, secret) = try ApiTokens(store: try global.openStore()).issue(to: upn, name: name, lifetime: lifetime, by: global.resolvedOperator)
                print(secret)
                Failure.note("token \(token.id) for \(upn), valid until \(DateText.iso(token.expiresAt)); it is shown only this once")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Every token: id, operator, name, expiry, revoked (the default).")
        @OptionGroup var global: GlobalOptions
        func run() throws {
            try reporting {
                var table = TextTable([("Id", 10), ("Operator", 36), ("Name", 30), ("Expires", 20), ("State", 10)])
                let now = Date()
                for token in try ApiTokens(store: try global.openStore()).all() {
                    let state = token.revokedAt != nil ? "revoked" : token.expiresAt <= now ? "expired" : "valid"
                    table.add([token.id, token.upn, token.name, DateText.iso(token.expiresAt), state])
                }
                print(table.render())
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a token at once (Administrators only; audited).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The token's id, as `tokens list` shows it.") var id: String
        func run() throws {
            try reporting {
                try ApiTokens(store: try global.openStore()).revoke(id, by: global.resolvedOperator)
                print("Token \(id) is revoked.")
            }
        }
    }
}
