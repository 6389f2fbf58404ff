import ArgumentParser
import Foundation
import MDMCore
import MDMDemo

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Create the demo tenant (deterministic for a given --seed and --now).")

    @OptionGroup var global: GlobalOptions

    @Option(help: "How many devices.") var devices: Int = 300
    @Option(help: "Older audit history to add before the played weeks (for big-tenant tests).") var auditEntries: Int = 0
    @Option(help: "Seed of the generator: the same seed gives the same tenant.") var seed: UInt64 = 1
    @Option(help: ArgumentHelp("The tenant clock's start (ISO 8601; default: now).", valueName: "date")) var now: String?
    @Flag(help: "Replace an existing tenant (its devices, actions and audit log are lost).") var force = false

    func run() throws {
        try reporting {
            guard devices >= 0 else { throw Failure("--devices must be 0 or more, not \(devices)", code: Failure.usage) }
            var start = DemoDefaults.now()
            if let now {
                guard let parsed = DateParsing.iso(now) else {
                    throw Failure("--now: \"\(now)\" is not an ISO 8601 date (for example 2026-11-24T09:00:00Z)", code: Failure.usage)
                }
                start = parsed
            }
            let path = global.resolvedDatabasePath
            guard auditEntries >= 0 else { throw Failure("--audit-entries must be 0 or more, not \(auditEntries)", code: Failure.usage) }
            let options = DemoTenant.Options(deviceCount: devices, seed: seed, now: start, creator: global.resolvedOperator,
                                             creatorLogin: global.creatorLogin, auditEntries: auditEntries)
            let bar = ProgressBar()
            try DemoTenant.build(at: path, options: options, replace: force) { stage, fraction in bar.show(stage, fraction) }
            bar.finish()
            let store = try TenantStore(path: path)
            print("Created \(try store.tenantName()) at \(path): \(try store.deviceCount()) devices, clock \(DateText.iso(try store.now())).")
            print("Operators: \(global.resolvedOperator) (Intune Administrator), \(DemoTenant.helpDeskOperator) (Help Desk Operator), \(DemoTenant.readOnlyOperator) (Read Only Operator).")
        }
    }
}
