import Foundation

/// Where a store file is made: a new store is filled under a temporary name beside its final
/// path and moved into place once complete, so no reader ever opens a half-made one.
public enum StoreFile {
    public static func folder(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    /// Fills a new store made under a temporary name beside `path`, then moves it into place
    /// (replacing what is there, with `replacing`): a failure part-way leaves nothing behind.
    public static func buildBeside<T>(_ path: String, replacing: Bool, _ fill: (TenantStore) throws -> T) throws -> T {
        let folder = folder(of: path)
        // Said about the folder the user named, not the temporary file inside it.
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                isDirectory = true
            } catch {
                throw StoreError.cannotOpen(path: path, detail: "cannot create its folder \(folder) (a parent folder is not writable or not searchable)")
            }
        }
        guard isDirectory.boolValue else { throw StoreError.cannotOpen(path: path, detail: "\(folder) is not a folder") }
        guard access(folder, W_OK) == 0 else {
            throw StoreError.readOnly(path: path, detail: "cannot create it: its folder \(folder) is not writable")
        }
        let temporary = folder + "/.\((path as NSString).lastPathComponent).building-\(getpid())"
        removeStore(at: temporary)
        return try SignalCleanup.removing(["", "-wal", "-shm"].map { temporary + $0 }) {
            do {
                let store = try TenantStore(path: temporary)
                let result = try fill(store)
                try store.close()
                if replacing { removeStore(at: path) }
                try FileManager.default.moveItem(atPath: temporary, toPath: path)
                // Closed and checkpointed: its empty companions may be left by a reader connection.
                removeStore(at: temporary)
                return result
            } catch {
                removeStore(at: temporary)
                throw error
            }
        }
    }

    /// Removes a store file and its WAL companions.
    public static func removeStore(at path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
