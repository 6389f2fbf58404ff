import ArgumentParser
import Foundation
import MDMCore

/// The executable: with a sub-command, the core for scripts; without, the console.
@main
struct MDMConsole: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mdmconsole",
        abstract: "Manage mobile and desktop devices: browse, act, follow, audit.",
        discussion: """
            Without a sub-command, opens the console on the store of --db (the demo tenant by \
            default, created on first use). Exit codes: 0 done, 1 failed, 2 usage error or unknown \
            device, 3 action greyed out or refused (nothing was taken), 4 bad import file (nothing was imported), 5 audit log not intact.
            """,
        version: ProgramVersion.line,
        subcommands: [
            DemoCommand.self, DevicesCommand.self, DeviceCommand.self, RunCommand.self, ActionsCommand.self,
            AuditCommand.self, SimulateCommand.self, VerifyCodeCommand.self, RolesCommand.self, ScopeTagsCommand.self, ApprovalsCommand.self, OperatorsCommand.self, CheckCommand.self, ImportCommand.self,
            ServeCommand.self, TokensCommand.self, ConnectCommand.self, SignInCommand.self, SyncCommand.self, LogoutCommand.self, BulkCommand.self,
            ExerciseCommand.self,
        ]
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Console theme: dark, light, high-contrast, monochrome, or a YAML file (env MDMCONSOLE_THEME).", valueName: "name|path"))
    var theme: String?

    @Option(help: ArgumentHelp("Keys: a preset (standard, vim, emacs) or a keys.yaml (env MDMCONSOLE_KEYS; default $XDG_CONFIG_HOME/mdmconsole/keys.yaml if present).", valueName: "name|path"))
    var keys: String?

    @Flag(help: "Screen-reader mode: the cursor on the selected row, no frames or symbols, menus as numbered lines, state in words (env MDMCONSOLE_PLAIN=1).")
    var plain = false

    @Flag(help: "Do not take the mouse (by default a click selects, a double click opens, the wheel scrolls, a footer key runs).")
    var noMouse = false

    @Flag(help: "Run on a throwaway copy of the demo tenant, deleted at exit (for demos over SSH).")
    var sandbox = false

    @Option(help: ArgumentHelp("With --sandbox: the template tenant to copy (env MDMCONSOLE_SANDBOX_TEMPLATE; made on first use).", valueName: "path"))
    var sandboxTemplate: String?

    /// ArgumentParser's own errors exit 64 (EX_USAGE); this tool promises 2 for every usage
    /// error, so its messages are kept and only the status changes.
    static func main() {
        // Stores, their WAL and SHM, sandboxes and templates are this user's alone (0600 in
        // 0700 folders): they hold bypass codes and the audit log.
        umask(0o077)
        do {
            var command = try parseAsRoot()
            ProcessLogin.application = command is MDMConsole ? "mdmconsole console" : "mdmconsole cli"
            // Where this process's audit entries come from; filled in again once the store
            // has resolved the operator (see GlobalOptions.openStore).
            let context = AuditOriginContext()
            context.origin = AuditOrigin(applicationDisplayName: ProcessLogin.application, ipAddress: ProcessLogin.sshClientAddress,
                                         login: ProcessLogin.name, host: ProcessLogin.host)
            try AuditOrigin.$context.withValue(context) { try command.run() }
        } catch {
            let code = exitCode(for: error)
            if code.rawValue == 64 {
                FileHandle.standardError.write(Data(TerminalText.visibleKeepingLayout(fullMessage(for: error) + "\n").utf8))
                Foundation.exit(Failure.usage)
            }
            exit(withError: error)
        }
    }

    @Option(help: ArgumentHelp("On a connected tenant: sync in the background this often (default 60s; off to sync only on opening). Every console of a store shares one sync.", valueName: "duration"))
    var syncEvery = "60s"

    @Option(help: ArgumentHelp("On a connected tenant: how long the sync lease lasts unless renewed (default 90s): a console that died holding it is replaced this long after.", valueName: "duration"))
    var syncLease = "90s"

    func run() throws {
        let flags = ConsoleFlags(theme: theme, keys: keys, plain: plain, noMouse: noMouse)
        guard sandbox else { return try ConsoleLauncher.launch(global, flags: flags, syncEvery: syncEvery, syncLease: syncLease) }
        try SandboxLauncher.launch(global, flags: flags, templateFlag: sandboxTemplate)
    }
}
