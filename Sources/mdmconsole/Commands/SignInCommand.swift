import ArgumentParser
import Foundation
import GraphClient
import MDMCore

/// `mdmconsole sign-in`: the operator signs in to the connected tenant's service as themselves,
/// so their actions go under their own name and Intune role.
struct SignInCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign-in",
        abstract: "Sign in to the connected tenant's service as yourself (device code), so your actions go under your own name.",
        discussion: """
            Each operator of a connected store acts with a sign-in of their own: the service's audit log names them and \
            applies their Intune role. The account signed in must be the operator's own (the one --as, the SSH key or \
            the login resolves to). Tokens are kept in a file of the operator's own under $XDG_STATE_HOME/mdmconsole/tokens; \
            `mdmconsole logout` ends the sign-in.
            """)

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try reporting {
            let store = try global.openStore()
            guard let source = try store.source() else {
                throw Failure("\(global.resolvedDatabasePath) is a simulated tenant: there is no service to sign in to", code: Failure.usage)
            }
            let me = global.resolvedOperator
            let http = GraphHTTP()
            defer { _ = try? blocking { await http.shutdown() } }
            let signIn = OperatorSignIn(store: store, source: source, http: http, operatorUPN: me)
            do {
                let account = try blocking { () async throws -> String in
                    let prompt = try await signIn.start()
                    FileHandle.standardOutput.write(Data((TerminalText.visible(prompt.message) + "\n").utf8))
                    return try await signIn.finish(prompt)
                }
                let grant = try ServiceSignIns(store: store).signIn(of: me)?.serviceGrant
                print("Signed in to \(source.graphURL) as \(account): your actions go to the service under your name.")
                if let grant { print("Granted: \(grant.permissions.isEmpty ? "(the token names no permission)" : grant.permissions.sorted().joined(separator: " "))") }
            } catch let problem as ServiceSignInError {
                throw Failure(problem.description, code: Failure.greyed)
            } catch let error as SignInError {
                throw Failure("not signed in: \(error.message)", code: Failure.failed)
            }
        }
    }
}
