import ArgumentParser
import Dispatch
import Foundation
import GraphClient
import MDMCore

/// `mdmconsole connect URL`: sign in to a Graph endpoint and mirror its tenant into --db.
struct ConnectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect",
        abstract: "Sign in to Microsoft Graph (Intune, or a `serve` endpoint) and mirror the tenant into --db.",
        discussion: """
            URL: https://graph.microsoft.com/v1.0 for Intune, or a `mdmconsole serve` address. A person signs in \
            with a device code (the default); automation with --client-secret-env, --certificate or --token-command. \
            Tokens are kept in a file of mode 0600 under $XDG_STATE_HOME/mdmconsole/tokens (`logout` deletes it), \
            never in the store. Connecting a store that is already connected signs in again and keeps its mirror.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The Graph endpoint, ending in /v1.0.") var url: String
    @Option(help: ArgumentHelp("The tenant: its id or domain (organizations: any work account).", valueName: "id|domain")) var tenant = "organizations"
    @Option(help: ArgumentHelp("The app registration's application id (default: Microsoft Graph command-line tools).", valueName: "id"))
    var clientId = "14d82eec-204b-4c2f-b7e8-296a70dab67e"
    @Option(help: ArgumentHelp("The identity platform (default: login.microsoftonline.com for Intune, the endpoint itself for any other URL).",
                               valueName: "url"))
    var authority: String?
    @Flag(help: "Sign in as a person with a device code (the default).") var deviceCode = false
    @Option(help: ArgumentHelp("Sign in as an application whose client secret is in this environment variable.", valueName: "var"))
    var clientSecretEnv: String?
    @Option(help: ArgumentHelp("Sign in as an application with this PEM file (its certificate and RSA private key).", valueName: "file"))
    var certificate: String?
    @Option(help: ArgumentHelp("Run this command and use the bearer token it prints (a cloud CLI's sign-in).", valueName: "command"))
    var tokenCommand: String?
    @Flag(help: "Do not sync now (`mdmconsole sync` later).") var noSync = false

    func validate() throws {
        let chosen = [deviceCode, clientSecretEnv != nil, certificate != nil, tokenCommand != nil].filter { $0 }.count
        guard chosen <= 1 else { throw ValidationError("choose one way to sign in: --device-code, --client-secret-env, --certificate or --token-command") }
        guard let parsed = URLComponents(string: url), let scheme = parsed.scheme, let host = parsed.host, !host.isEmpty,
              parsed.path.hasSuffix("/v1.0") || parsed.path.hasSuffix("/beta") else {
            throw ValidationError("\(url): expected a Graph endpoint such as https://graph.microsoft.com/v1.0")
        }
        guard scheme == "https" || (scheme == "http" && EndpointAddress.isLoopback(host)) else {
            throw ValidationError("\(url): tokens go only over https (plain http is allowed to this machine's loopback, for a local `serve`)")
        }
        if let authority {
            // The client secret, the certificate's assertion and the device code go there.
            guard let address = EndpointAddress(authority), URLComponents(string: authority)?.query == nil,
                  address.scheme == "https" || address.isLoopback else {
                throw ValidationError("--authority \(authority): expected an https URL (plain http only to this machine's loopback): secrets are sent there")
            }
        }
        if let problem = InputText.identityProblem(in: tenant) { throw ValidationError("--tenant: \(problem)") }
        if let problem = InputText.identityProblem(in: clientId) { throw ValidationError("--client-id: \(problem)") }
    }

    var signInMethod: GraphSource.SignIn {
        if let clientSecretEnv { return .clientSecret(environmentVariable: clientSecretEnv) }
        if let certificate { return .certificate(path: (certificate as NSString).standardizingPath) }
        if let tokenCommand { return .tokenCommand(tokenCommand) }
        return .deviceCode
    }

    /// A device code or a token command is a person's sign-in (the token says whose); a client
    /// secret or a certificate an application's.
    var signsInAPerson: Bool {
        switch signInMethod {
        case .deviceCode, .tokenCommand: true
        case .clientSecret, .certificate: false
        }
    }

    var defaultAuthority: String {
        let parsed = URLComponents(string: url)!
        if parsed.host == "graph.microsoft.com" { return "https://login.microsoftonline.com" }
        return "\(parsed.scheme!)://\(parsed.host!)" + (parsed.port.map { ":\($0)" } ?? "")
    }

    func run() throws {
        try reporting {
            let path = global.resolvedDatabasePath
            var existing: GraphSource?
            if FileManager.default.fileExists(atPath: path) {
                existing = try TenantStore(path: path).source()
                guard existing != nil else {
                    throw Failure("\(path) holds a simulated tenant: connect into a new --db (nothing was changed)", code: Failure.usage)
                }
            }
            var trimmedURL = url
            while trimmedURL.hasSuffix("/") { trimmedURL.removeLast() }
            let source = GraphSource(graphURL: trimmedURL, authority: authority ?? defaultAuthority, tenant: tenant, clientId: clientId,
                                     signIn: signInMethod, id: existing?.id ?? UUID().uuidString.lowercased())
            let http = GraphHTTP()
            defer { _ = try? blocking { await http.shutdown() } }
            let tokens = try blocking { try await Self.signIn(source, http: http) }
            let account = TokenClaims(tokens.accessToken)?.account
            var connected = source
            connected.account = account
            // A person's device code sign-in is theirs (their own file); an application's is the source's.
            let owner = TokenOwner.reader(of: connected)
            try TokenFile.write(tokens, sourceId: source.id, owner: owner)
            let store: TenantStore
            if existing != nil {
                store = try global.openStore()
                try store.setSourceAccount(account ?? "")
            } else {
                // The signed-in account is this store's first operator (mapped to this login), so
                // the local audit log names the same person the service's does.
                _ = try TenantStore.createConnected(at: path, source: connected, creator: account ?? global.resolvedOperator,
                                                    creatorLogin: global.creatorLogin)
                store = try global.openStore()
            }
            print("Signed in\(account.map { " as \($0)" } ?? "") to \(trimmedURL) (\(source.signIn.description)); tokens in \(TokenFile.path(for: source.id, owner: owner)).")
            print("Granted: \(tokens.scope.isEmpty ? "(the token names no permission)" : tokens.scope)")
            if let upn = account, signsInAPerson {
                // The person who connected acts as themselves too.
                let connection = GraphConnection(source: connected, http: http, owner: .operator(upn), tokens: tokens, budget: GraphBudget(store: store))
                do {
                    let grant = try blocking { try await ServiceGrantReader.read(connection) }
                    try ServiceSignIns(store: store).record(operator: upn, account: account, grant: grant)
                    try blocking { try await connection.keep(tokens) }
                    print("Your actions go to the service as \(upn)\(owner == .source ? "" : "; the sync reads with this sign-in"). Other operators sign in as themselves (`mdmconsole sign-in`, or :sign-in in the console).")
                } catch let problem as ServiceSignInError {
                    print("The sync reads with this sign-in; it is not an operator's own (\(problem.description)).")
                }
            } else if signsInAPerson {
                print("The sync reads with the token command's token; it names no account, so it is no operator's own: each operator signs in as themselves to act (`mdmconsole sign-in`, or :sign-in in the console).")
            } else {
                print("The sync reads as this application; each operator signs in as themselves to act (`mdmconsole sign-in`, or :sign-in in the console).")
            }
            if !noSync {
                try SyncCommand.sync(store: store, source: connected, http: http)
            }
        }
    }

    static func signIn(_ source: GraphSource, http: GraphHTTP) async throws -> StoredTokens {
        let signIn = SignIn(http: http, source: source)
        do {
            switch source.signIn {
            case .deviceCode:
                let prompt = try await signIn.startDeviceCode()
                // At once: the person needs it while this waits.
                FileHandle.standardOutput.write(Data((TerminalText.visible(prompt.message) + "\n").utf8))
                return try await signIn.finishDeviceCode(prompt)
            case .clientSecret(let variable):
                return try await signIn.clientSecret(fromEnvironment: variable)
            case .certificate(let path):
                return try await signIn.certificate(at: path)
            case .tokenCommand(let command):
                return try SignIn.tokenCommand(command)
            }
        } catch let error as SignInError {
            throw Failure("sign-in failed: \(error.description)", code: Failure.failed)
        }
    }
}
