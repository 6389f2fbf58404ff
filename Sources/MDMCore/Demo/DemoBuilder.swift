import Foundation

extension DemoTenant {
    /// Builds a demo tenant at `path` without ever leaving a half-made file there: it is
    /// built beside it under a temporary name and moved into place once complete. With
    /// `replace`, an existing store is replaced; without, an existing tenant is refused.
    public static func build(at path: String, options: Options, replace: Bool, progress: ((String, Double) -> Void)? = nil) throws {
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: path), !replace {
            let existing = try TenantStore(path: path)
            let hasTenant = try existing.hasTenant()
            try existing.close()
            if hasTenant {
                throw StoreError.invalid("\(path) already holds a tenant: add --force to replace it (its devices, actions and audit log are lost)")
            }
        }
        let folder = (path as NSString).deletingLastPathComponent
        let temporary = (folder.isEmpty ? "." : folder) + "/.\((path as NSString).lastPathComponent).building-\(getpid())"
        removeStore(at: temporary)
        do {
            let store = try TenantStore(path: temporary)
            try create(in: store, options: options, progress: progress)
            try store.close()
            removeStore(at: path)
            try fileManager.moveItem(atPath: temporary, toPath: path)
        } catch {
            removeStore(at: temporary)
            throw error
        }
    }

    /// Removes a store file and its WAL companions.
    static func removeStore(at path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
