import ArgumentParser
import Foundation
import MDMCore
import MDMDemo

/// Options every sub-command shares: which store, and who is operating.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp("The tenant's SQLite file (env MDMCONSOLE_DB).", valueName: "path"))
    var databasePath: String?

    @Option(name: .customLong("as"), help: ArgumentHelp(
        "Act as this operator (env MDMCONSOLE_OPERATOR): on demo and sandbox tenants, or for a login mapped to an Administrator.",
        valueName: "upn"))
    var operatorUPN: String?

    @Option(name: .customLong("operator-key"), help: ArgumentHelp(
        "The SSH key this session came in with (set by the lines of `operators authorized-keys`; --as and the environment are then ignored).",
        valueName: "fingerprint"))
    var operatorKey: String?

    /// Who the store said the operator is (`openStore` resolves it once per process).
    nonisolated(unsafe) static var identity: Identity?
    nonisolated(unsafe) static var deferredNotes: [String] = []

    var resolvedDatabasePath: String {
        if let databasePath { return databasePath }
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["MDMCONSOLE_DB"], !path.isEmpty { return path }
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty { return data + "/mdmconsole/tenant.sqlite" }
        return Self.home(environment) + "/.local/share/mdmconsole/tenant.sqlite"
    }

    /// `$HOME` first, as the XDG base directories say; the password database only without it.
    static func home(_ environment: [String: String]) -> String {
        if let home = environment["HOME"], !home.isEmpty { return home }
        return NSHomeDirectory()
    }

    /// Refuses, before anything is opened, an empty store path and an identity that could
    /// not be told apart from another in the audit log (controls, bidi overrides, spaces).
    func validate() throws {
        if let databasePath, databasePath.isEmpty {
            throw ValidationError("--db: the path is empty (give a file, or leave --db out for \(Self.defaultDescription))")
        }
        if operatorKey != nil, databasePath == nil {
            throw ValidationError("--operator-key needs --db: a key's session names its store, never takes one from the environment")
        }
        let claim = claim(application: "")
        if let claimed = claim.claimed, let problem = InputText.identityProblem(in: claimed) {
            throw ValidationError("\(claim.claimSource): the operator \(problem)")
        }
        if let problem = InputText.identityProblem(in: claim.login) { throw ValidationError("the login name \(problem)") }
    }

    static let defaultDescription = "the default store under $XDG_DATA_HOME or ~/.local/share"

    /// What this process says of who runs it. A key's session (`--operator-key`) ignores
    /// `--as` and every variable of the environment that could name someone else.
    func claim(application: String) -> IdentityClaim {
        let environment = ProcessInfo.processInfo.environment
        let login = ProcessLogin.name
        var claimed: String?
        var source = "--as"
        if operatorKey == nil {
            if let operatorUPN, !operatorUPN.isEmpty {
                claimed = operatorUPN
            } else if let upn = environment["MDMCONSOLE_OPERATOR"], !upn.isEmpty {
                claimed = upn
                source = "MDMCONSOLE_OPERATOR"
            }
        }
        return IdentityClaim(login: login, keyFingerprint: operatorKey, claimed: claimed, claimSource: source,
                             application: application, ipAddress: ProcessLogin.sshClientAddress, host: ProcessLogin.host)
    }

    /// The operator: as the store resolved it once opened, or before a store exists (a new
    /// tenant's creator), the claimed name or else the login.
    var resolvedOperator: String {
        if let identity = Self.identity { return identity.upn }
        let claim = claim(application: "")
        return claim.claimed ?? claim.login
    }

    /// The login to map to a new tenant's creator, so they need no `--as` afterwards.
    var creatorLogin: String { ProcessLogin.name }

    /// Opens the store (a missing file becomes the demo tenant, so a first run shows
    /// something), then asks it who the operator is: a refused claim is audited and ends the
    /// command with exit 3.
    /// `deferNotes`: the console shows warnings in its status line instead (the screen would
    /// cover a line on stderr at once), collected in `deferredNotes`; and a long upgrade of
    /// the store on a screen of its own rather than a progress bar on stderr.
    func openStore(deferNotes: Bool = false) throws -> TenantStore {
        let path = resolvedDatabasePath
        do {
            let created = !FileManager.default.fileExists(atPath: path)
            if created, operatorKey != nil {
                throw Failure("\(path): no such store (a key's session never creates one)", code: Failure.failed)
            }
            if created {
                try DemoTenant.build(at: path, options: DemoTenant.Options(now: DemoDefaults.now(), creator: resolvedOperator,
                                                                           creatorLogin: creatorLogin), replace: false)
            }
            // Another user's store is refused before it is opened; warnings wait until it is
            // known to be a store at all.
            let notes = created ? [] : try StoreFileAccess.check(path: path)
            let upgrade = (deferNotes ? UpgradeDisplay.screen : .progressBar).reporter(path: path)
            let store: TenantStore
            do {
                defer { upgrade.finish() }
                store = try TenantStore(path: path, upgrading: upgrade.report)
            }
            if deferNotes { Self.deferredNotes = notes } else { for note in notes { Failure.note(note) } }
            if created {
                Failure.note("created the demo tenant at \(path) (\(try store.deviceCount()) devices; \(resolvedOperator) is Intune Administrator)")
            }
            guard try store.hasTenant() else {
                throw StoreError.invalid("\(path) holds no tenant yet: create one with `mdmconsole demo --db \(path)`")
            }
            let identity = try IdentityResolver.resolve(claim(application: ProcessLogin.application), in: store)
            Self.identity = identity
            AuditOrigin.context?.origin = identity.origin
            return store
        } catch {
            throw Failure.from(error)
        }
    }
}

enum DemoDefaults {
    /// The demo's clock starts at the current time, to the minute.
    static func now() -> Date {
        Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 60).rounded(.down) * 60)
    }
}
