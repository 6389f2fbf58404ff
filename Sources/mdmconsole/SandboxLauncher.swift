import ArgumentParser
import Foundation
import MDMCore
import MDMDemo

/// `mdmconsole --sandbox`: the console on a fresh copy of the demo tenant, deleted however
/// the session ends (quit, Ctrl-C, SIGTERM, a dropped SSH connection's SIGHUP, an error).
enum SandboxLauncher {
    static func launch(_ global: GlobalOptions, flags: ConsoleFlags, templateFlag: String?) throws {
        let environment = ProcessInfo.processInfo.environment
        if global.databasePath != nil {
            throw ValidationError("--sandbox runs on its own copy of the demo tenant: leave out --db")
        }
        let template = templateFlag ?? environment["MDMCONSOLE_SANDBOX_TEMPLATE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? Sandbox.defaultTemplatePath(environment: environment)
        let base = (environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp")
        let sandbox: Sandbox
        do {
            // No copy is made for a session that cannot show the console anyway.
            try ConsoleLauncher.checkTerminal()
            try Sandbox.ensureTemplate(at: template, now: DemoDefaults.now())
            sandbox = try Sandbox.create(from: template, viewer: global.resolvedOperator, under: base)
        } catch {
            try reporting { throw error }
            return
        }
        defer { sandbox.remove() }
        var options = global
        options.databasePath = sandbox.path
        try ConsoleLauncher.launch(options, flags: flags, namesOnly: true)
    }
}
