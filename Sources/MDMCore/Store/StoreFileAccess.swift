import Foundation

/// Who may open a store file. It holds Activation Lock bypass codes and the whole audit log,
/// so new stores are made mode 0600 in folders of mode 0700 (the executable sets its umask
/// to 077), an existing one that others can read gets a warning (its mode is not changed
/// behind the owner's back), and one that belongs to someone else is opened only when this
/// process may read and write it anyway (group permissions, root), and says so.
public enum StoreFileAccess {
    public struct Refusal: Error, CustomStringConvertible {
        public let description: String
    }

    /// The notes to show before opening `path`, or a refusal. Nothing is changed.
    public static func check(path: String) throws -> [String] {
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return [] }
        var notes: [String] = []
        let me = geteuid()
        if status.st_uid != me {
            let owner = userName(status.st_uid)
            guard access(path, R_OK | W_OK) == 0 else {
                throw Refusal(description: "\(path) belongs to \(owner), and you (\(userName(me))) may not read and write it: ask \(owner) or use your own store")
            }
            notes.append("\(path) belongs to \(owner); you (\(userName(me))) open it through \(me == 0 ? "root's rights" : "its group or mode")")
        }
        let others = status.st_mode & (S_IRWXG | S_IRWXO)
        if others != 0 {
            let mode = String(status.st_mode & 0o777, radix: 8)
            notes.append("warning: \(path) can be read by other users (mode \(mode)): it holds bypass codes and the audit log; `chmod 600 \(path)` keeps it yours")
        }
        return notes
    }

    static func userName(_ uid: uid_t) -> String {
        if let entry = getpwuid(uid), let name = entry.pointee.pw_name { return String(cString: name) }
        return "uid \(uid)"
    }
}
