import ArgumentParser
import Foundation
import MDMCore

/// Options every sub-command shares: which store, and who is operating.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp("The tenant's SQLite file (env MDMCONSOLE_DB).", valueName: "path"))
    var databasePath: String?

    @Option(name: .customLong("as"), help: ArgumentHelp("Operator's user principal name (env MDMCONSOLE_OPERATOR; default: your login name).", valueName: "upn"))
    var operatorUPN: String?

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
        let source = operatorUPN.map { _ in "--as" } ?? (ProcessInfo.processInfo.environment["MDMCONSOLE_OPERATOR"].map { $0.isEmpty ? nil : "MDMCONSOLE_OPERATOR" } ?? nil) ?? "the login name"
        if let problem = InputText.identityProblem(in: resolvedOperator) {
            throw ValidationError("\(source): the operator \(problem)")
        }
    }

    static let defaultDescription = "the default store under $XDG_DATA_HOME or ~/.local/share"

    var resolvedOperator: String {
        if let operatorUPN, !operatorUPN.isEmpty { return operatorUPN }
        let environment = ProcessInfo.processInfo.environment
        if let upn = environment["MDMCONSOLE_OPERATOR"], !upn.isEmpty { return upn }
        return environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["LOGNAME"] ?? NSUserName()
    }

    /// Opens the store; a missing file becomes the demo tenant, so a first run shows something.
    func openStore() throws -> TenantStore {
        let path = resolvedDatabasePath
        do {
            let created = !FileManager.default.fileExists(atPath: path)
            if created {
                try DemoTenant.build(at: path, options: DemoTenant.Options(now: DemoDefaults.now(), creator: resolvedOperator), replace: false)
            }
            let store = try TenantStore(path: path, upgrading: { devices in
                guard devices >= 20_000 else { return }
                Failure.note("bringing \(path) up to this version (sort and search indexes for about \(devices) devices): on a big tenant this takes a while, once")
            })
            if created {
                Failure.note("created the demo tenant at \(path) (\(try store.deviceCount()) devices; \(resolvedOperator) is Administrator)")
            }
            guard try store.hasTenant() else {
                throw StoreError.invalid("\(path) holds no tenant yet: create one with `mdmconsole demo --db \(path)`")
            }
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
