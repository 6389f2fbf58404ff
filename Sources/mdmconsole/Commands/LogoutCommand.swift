import ArgumentParser
import Dispatch
import Foundation
import GraphClient
import MDMCore

/// `mdmconsole logout`: forget a connected tenant's sign-in on this machine.
struct LogoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout", abstract: "Delete the stored tokens of the connected tenant at --db (the mirror stays, offline).")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try reporting {
            let store = try global.openStore()
            guard let source = try store.source() else {
                throw Failure("\(global.resolvedDatabasePath) is a simulated tenant: no sign-in to forget", code: Failure.usage)
            }
            if TokenFile.delete(sourceId: source.id) {
                print("Signed out: deleted \(TokenFile.path(for: source.id)). The mirror stays; `mdmconsole connect` signs in again.")
            } else {
                print("No stored sign-in for this tenant (\(TokenFile.path(for: source.id)) does not exist).")
            }
        }
    }
}
