import Foundation

/// What `devices --json` is held to: the sqlite3 shell writing the same devices' columns as
/// JSON (`-json`, the list's order), output thrown away as the console's is.
enum ExportTimings {
    /// The device columns `devices --json` writes (DeviceWire's properties come from these).
    static let columns = [
        "id", "name", "platform", "osVersion", "managementType", "ownership", "complianceState", "managementState",
        "primaryUserUPN", "primaryUserDisplayName", "primaryUserEmail", "serialNumber", "model", "manufacturer", "imei",
        "securityPatchLevel", "enrolledAt", "lastCheckInAt", "certificateExpiresAt", "isSupervised", "isEncrypted",
        "isJailbroken", "isOnline", "lostMode",
    ]

    /// Seconds the shell takes, or nil without sqlite3.
    static func shellJSON(tenant: String) throws -> Double? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", "-readonly", "-json", tenant,
                             "SELECT \(columns.joined(separator: ", ")) FROM device ORDER BY name COLLATE NOCASE, id"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let started = Date()
        do { try process.run() } catch { return nil }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return Date().timeIntervalSince(started)
    }
}
