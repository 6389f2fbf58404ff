import Foundation
import MDMCore

/// A throwaway tenant for one demo session (`mdmconsole --sandbox`): a copy of a template
/// demo database, made at start and deleted at exit, so every SSH viewer can press any key
/// without touching anybody else's demo. The template is made once and never written again.
public struct Sandbox: Sendable {
    /// The sandbox's own folder, named after the process that owns it.
    public let folder: String
    public var path: String { folder + "/tenant.sqlite" }

    static let prefix = "mdmconsole-sandbox-"

    /// `$XDG_DATA_HOME/mdmconsole/sandbox-template.sqlite` (or under `~/.local/share`).
    public static func defaultTemplatePath(environment: [String: String]) -> String {
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty { return data + "/mdmconsole/sandbox-template.sqlite" }
        return NSHomeDirectory() + "/.local/share/mdmconsole/sandbox-template.sqlite"
    }

    /// Builds the template demo tenant if there is none yet (once; later sessions copy it).
    public static func ensureTemplate(at path: String, now: Date) throws {
        guard !FileManager.default.fileExists(atPath: path) else { return }
        try DemoTenant.build(at: path, options: DemoTenant.Options(now: now, creator: "demo-template"), replace: false)
    }

    /// Copies the template into a fresh folder under `base` and makes `viewer` its
    /// Administrator, so the viewer can try every action. Sandboxes left by a process that
    /// no longer runs (killed with SIGKILL, say) are removed first.
    public static func create(from template: String, viewer: String, under base: String) throws -> Sandbox {
        removeAbandoned(under: base)
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        var name = Array((base + "/" + prefix + "\(getpid())-XXXXXX").utf8CString)
        guard mkdtemp(&name) != nil else {
            throw StoreError.cannotOpen(path: base, detail: "cannot make a sandbox folder there (\(String(cString: strerror(errno))))")
        }
        let sandbox = Sandbox(folder: String(cString: name))
        do {
            // The template was closed after it was built: its WAL is checkpointed into the file.
            try FileManager.default.copyItem(atPath: template, toPath: sandbox.path)
            let store = try TenantStore(path: sandbox.path)
            try store.write { db in try RoleOrigins.found(db, viewer, .administrator, by: viewer, origin: "viewer of a sandbox copy") }
            try store.close()
            return sandbox
        } catch {
            sandbox.remove()
            throw error
        }
    }

    public func remove() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Sandboxes whose owning process is gone: the folder name carries its pid.
    static func removeAbandoned(under base: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: base) else { return }
        for name in names where name.hasPrefix(prefix) {
            let pidText = name.dropFirst(prefix.count).prefix { $0.isNumber }
            guard let pid = pid_t(pidText), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { try? FileManager.default.removeItem(atPath: base + "/" + name) }
        }
    }
}
