import Foundation

/// Free space, checked before a build that may take gigabytes, so it is refused at once
/// instead of failing (or filling the disk) minutes later.
package enum DiskSpace {
    package static func check(folder: String, needs bytes: Int64, for what: String) throws {
        var info = statvfs()
        // A folder that does not exist yet is created later; its parent's file system answers.
        var probe = folder
        while statvfs(probe, &info) != 0 {
            let parent = (probe as NSString).deletingLastPathComponent
            guard !parent.isEmpty, parent != probe else { return }
            probe = parent
        }
        let free = Int64(info.f_bavail) * Int64(info.f_frsize)
        if bytes > free {
            throw StoreError.invalid("\(what) needs about \(describe(bytes)) and \(probe) has \(describe(free)) free: free some space or choose another --db")
        }
    }

    package static func describe(_ bytes: Int64) -> String {
        bytes >= 1 << 30 ? String(format: "%.1f GB", Double(bytes) / Double(1 << 30)) : "\(max(1, bytes >> 20)) MB"
    }
}
