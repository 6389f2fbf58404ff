import ArgumentParser
import Dispatch
import Foundation
import GraphClient
import MDMCore

/// `mdmconsole logout`: end your own sign-in to a connected tenant's service on this machine.
struct LogoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout",
        abstract: "End your own sign-in to the connected tenant at --db (others' stay; the mirror stays).",
        discussion: """
            Deletes your token file and your sign-in's record (audited): your actions are greyed until you sign in \
            again. Other operators' sign-ins are theirs (an Administrator ends one with `tokens end-sign-ins UPN`). \
            --reader forgets the application sign-in the sync reads with (a client secret's, a certificate's or a token \
            command's token).
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Forget the sync's own (application) sign-in instead of yours.") var reader = false

    func run() throws {
        try reporting {
            let store = try global.openStore()
            guard let source = try store.source() else {
                throw Failure("\(global.resolvedDatabasePath) is a simulated tenant: no sign-in to forget", code: Failure.usage)
            }
            if reader {
                let path = TokenFile.path(for: source.id)
                print(TokenFile.delete(sourceId: source.id) ? "The sync's sign-in is forgotten: deleted \(path). `mdmconsole connect` signs it in again."
                                                            : "The sync has no sign-in of its own (\(path) does not exist).")
                return
            }
            let me = global.resolvedOperator
            do {
                if try OperatorSignIn.end(store: store, source: source, operatorUPN: me, by: me) {
                    let readsWithIt = TokenOwner.reader(of: source) == .operator(me)
                    print("Signed out: \(me)'s sign-in to \(source.graphURL) is ended (\(TokenFile.path(for: source.id, owner: .operator(me))) deleted). "
                          + (readsWithIt ? "The sync read with it: the mirror stays as it is until someone connects again." : "The mirror stays."))
                } else {
                    print("\(me) has no sign-in to this tenant's service (nothing to end).")
                }
            } catch let problem as ServiceSignInError {
                throw Failure(problem.description, code: Failure.greyed)
            }
        }
    }
}
