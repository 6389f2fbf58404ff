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
        try buildBeside(path, replacing: true) { store in try create(in: store, options: options, progress: progress) }
    }

    /// Fills a new store made under a temporary name beside `path`, then moves it into place
    /// (replacing what is there, with `replacing`): a failure part-way leaves nothing behind.
    static func buildBeside<T>(_ path: String, replacing: Bool, _ fill: (TenantStore) throws -> T) throws -> T {
        let folder = (path as NSString).deletingLastPathComponent
        let temporary = (folder.isEmpty ? "." : folder) + "/.\((path as NSString).lastPathComponent).building-\(getpid())"
        removeStore(at: temporary)
        do {
            let store = try TenantStore(path: temporary)
            let result = try fill(store)
            try store.close()
            if replacing { removeStore(at: path) }
            try FileManager.default.moveItem(atPath: temporary, toPath: path)
            return result
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
