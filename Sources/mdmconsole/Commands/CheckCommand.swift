import ArgumentParser
import Foundation
import MDMCore

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the store tells one story: actions and audit entries pair up, device states match their actions, the audit chain is intact.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try reporting {
            let store = try global.openStore()
            let problems = try ConsistencyCheck.run(store)
            let chain = try AuditVerifier.verify(store)
            for problem in problems { print("inconsistent: \(problem)") }
            if let broken = chain.problem { print("audit chain: \(broken)") }
            if problems.isEmpty, chain.problem == nil {
                print("Consistent: \(try store.actions().count) actions, \(chain.checked) audit entries, \(try store.deviceCount()) devices.")
                return
            }
            throw ExitCode(chain.problem != nil ? Failure.auditBroken : Failure.failed)
        }
    }
}
