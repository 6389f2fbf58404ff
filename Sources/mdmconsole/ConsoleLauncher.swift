import ArgumentParser
import ConsoleUI
import GraphClient
import CursesTerminal
import Foundation
import MDMCore

/// Opens the console: everything that can fail (terminal, theme, store) is checked before
/// the screen is taken, so errors print as plain lines; once it is taken, every way out
/// gives the terminal back.
enum ConsoleLauncher {
    /// `namesOnly`: a sandbox, whose viewer must not name files on the server (themes, keys).
    static func launch(_ global: GlobalOptions, flags: ConsoleFlags, namesOnly sandboxed: Bool = false, syncEvery: String = "60s",
                       syncLease: String = "90s") throws {
        try reporting {
            let syncInterval: TimeInterval? = syncEvery.lowercased() == "off" ? nil : DateParsing.duration(syncEvery)
            guard syncEvery.lowercased() == "off" || (syncInterval ?? 0) >= 5 else {
                throw Failure("--sync-every \(syncEvery): expected a duration of 5s or more (for example 60s, 5m) or off", code: Failure.usage)
            }
            guard let leaseDuration = DateParsing.duration(syncLease), leaseDuration >= 10, leaseDuration <= 3600 else {
                throw Failure("--sync-lease \(syncLease): expected a duration from 10s to 1h (for example 90s)", code: Failure.usage)
            }
            try checkTerminal()
            let environment = ProcessInfo.processInfo.environment
            let searchPaths = ThemeCatalog.searchPaths(environment: environment)
            // A sandbox's viewer and a key's session must not name files on this host.
            let namesOnly = sandboxed || global.operatorKey != nil
            let theme: Theme
            let config: ConsoleConfig
            let keymap: Keymap
            do {
                config = try ConsoleConfig.read(environment: environment)
                theme = try ThemeCatalog.load(try ThemeCatalog.requestedName(flag: flags.theme, environment: environment), searchPaths: searchPaths)
                keymap = try KeymapFile.load(config.keys(flag: flags.keys, environment: environment),
                                             configFolder: ThemeCatalog.configFolder(environment), namesOnly: namesOnly)
            } catch let error as ThemeError {
                throw Failure(error.message, code: Failure.usage)
            } catch let error as KeymapError {
                throw Failure(error.message, code: Failure.usage)
            }
            let plain = config.plain(flag: flags.plain, environment: environment)
            let store = try global.openStore(deferNotes: true)
            let upn = global.resolvedOperator
            let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
            let utf8 = CursesTerminal.localeIsUTF8 && environment["MDMCONSOLE_ASCII"] == nil
            let glyphs: Glyphs = plain ? .plain(ellipsis: utf8 ? "…" : "~") : utf8 ? .unicode : .ascii

            // A connected tenant: actions go to its service, and the mirror is kept current in
            // the background (the loop sees each sync's writes like any other).
            let source = try store.source()
            let http = source.map { _ in GraphHTTP() }
            // The sync reads as the store's reading identity; this operator's actions go with their own sign-in.
            let budget = GraphBudget(store: store)
            let connection = source.map { GraphConnection(source: $0, http: http!, budget: budget) }
            let actingConnection = source.map { GraphConnection(source: $0, http: http!, owner: .operator(upn), budget: budget) }
            let mirrorLoop = connection.map { connection in
                var sync = MirrorSync(connection: connection, store: store)
                sync.leaseDuration = leaseDuration
                return MirrorLoop(sync: sync, every: syncInterval)
            }
            defer {
                mirrorLoop?.stop()
                if let http { _ = try? blocking { await http.shutdown() } }
            }

            let terminal = CursesTerminal(theme: theme)
            terminal.asciiOnly = !utf8
            terminal.showsCursor = plain
            terminal.mouse = !flags.noMouse && config.mouse != false
            do {
                try terminal.start(colors: !noColor)
            } catch let error as TerminalError {
                throw Failure(error.description, code: Failure.usage)
            }
            defer { terminal.stop() }
            let size = terminal.size
            var state = AppState(width: size.width, height: size.height, operatorUPN: upn, glyphs: glyphs, themeName: theme.name)
            state.keymap = keymap
            state.plain = plain
            var runner = EffectRunner(store: store, operatorUPN: upn, sender: actingConnection.map { GraphActionSender(connection: $0) })
            runner.saysTimesOfDay = plain
            let session = ConsoleSession(state: state,
                                         runner: runner)
            session.themeRequest = { name in
                do {
                    terminal.applyTheme(try ThemeCatalog.load(name, searchPaths: searchPaths, namesOnly: namesOnly))
                    return .themeChanged(name)
                } catch {
                    return .failed("\(error)")
                }
            }
            if let source, let http {
                session.signInRequest = { post in
                    Task.detached {
                        let signIn = OperatorSignIn(store: store, source: source, http: http, operatorUPN: upn)
                        do {
                            let prompt = try await signIn.start()
                            // Short enough for 80 columns: the code must not be cut off.
                            post(.signInPrompt("Open \(TerminalText.visible(prompt.verificationURI)) and enter \(TerminalText.visible(prompt.userCode)) to sign in"))
                            post(.signedIn(try await signIn.finish(prompt)))
                        } catch let problem as ServiceSignInError {
                            post(.failed("Not signed in: \(problem.description)"))
                        } catch let error as SignInError {
                            post(.failed("Not signed in: \(error.message)"))
                        } catch {
                            post(.failed("Not signed in: \(error)"))
                        }
                    }
                }
                // What this operator's own sign-in may do is read again now: a role changed at
                // the service since greys the menu from the start.
                Task.detached { try? await OperatorSignIn(store: store, source: source, http: http, operatorUPN: upn).refreshGrant() }
            }
            // Exact counts of a big filtered list run here, so typing never waits for them.
            session.background = DispatchScheduler(label: "mdmconsole.counts")
            session.start()
            mirrorLoop?.start()
            // A warning about the store (readable by others, another user's) on the status line.
            for note in GlobalOptions.deferredNotes { session.send(.failed(note)) }
            try runLoop(session, terminal)
            if let lost = session.storeLost {
                terminal.stop()
                throw Failure(lost, code: Failure.failed)
            }
            if terminal.stopRequested {
                // Restore first, then leave with the signal's conventional status, unwinding
                // (not exit()) so callers' clean-up runs: a sandbox is deleted on SIGHUP too.
                terminal.stop()
                throw ExitCode(128 + terminal.stopSignalNumber)
            }
        }
    }

    /// Refuses, before anything is made or taken, a stdin/stdout or TERM the console cannot use.
    static func checkTerminal() throws {
        do {
            try CursesTerminal.checkEnvironment()
        } catch let error as TerminalError {
            throw Failure(error.description, code: Failure.usage)
        }
    }

    /// Keys and resizes in, frames out; the store is looked at twice a second so what
    /// another console writes shows up without a key press.
    static func runLoop(_ session: ConsoleSession, _ terminal: CursesTerminal) throws {
        terminal.paint(session.screen)
        var lastPoll = Date()
        while !session.quitRequested, !terminal.stopRequested {
            var changed = false
            if let event = terminal.nextEvent() {
                switch event {
                case .key(let key): session.send(.key(key))
                case .mouse(let event): session.send(.mouse(event))
                case .resized(let width, let height): session.send(.resized(width: width, height: height))
                }
                changed = true
            }
            if session.drainBackground() > 0 { changed = true }
            if Date().timeIntervalSince(lastPoll) >= 0.5 {
                lastPoll = Date()
                let header = session.state.header
                if session.pollStore() || session.state.header != header { changed = true }
            }
            if changed, !session.quitRequested { terminal.paint(session.screen) }
        }
    }
}

/// The console's own flags (the rest are the global ones).
struct ConsoleFlags {
    var theme: String?
    var keys: String?
    var plain = false
    var noMouse = false
}
