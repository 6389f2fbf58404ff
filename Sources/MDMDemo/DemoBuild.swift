import Foundation
import MDMCore

extension DemoTenant {
    /// Builds a demo tenant at `path` without ever leaving a half-made file there: it is
    /// built beside it under a temporary name and moved into place once complete. With
    /// `replace`, an existing store is replaced; without, an existing tenant is refused.
    /// Only an mdmconsole store is ever replaced, `replace` or not: another program's database
    /// or any other file is refused and left as it was.
    public static func build(at path: String, options: Options, replace: Bool, progress: ((String, Double) -> Void)? = nil) throws {
        try options.check()
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: path) {
            // Reading only: a refused file must be left byte for byte as it was.
            let holdsTenant = try TenantStore.peekTenant(path: path)
            if holdsTenant, !replace {
                throw StoreError.invalid("\(path) already holds a tenant: add --force to replace it (its devices, actions and audit log are lost)")
            }
        }
        try DiskSpace.check(folder: StoreFile.folder(of: path), needs: options.estimatedBytes, for: "a demo of \(options.deviceCount) devices and \(options.auditEntries) older audit entries")
        try StoreFile.buildBeside(path, replacing: true) { store in try create(in: store, options: options, progress: progress) }
    }
}
