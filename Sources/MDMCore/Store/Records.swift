import Foundation
import GRDB

// The model types are plain values; these conformances are all the store adds to them.

extension Device: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "device"

    /// The columns in the order of `databaseValues`.
    static let databaseColumns = [
        "id", "name", "platform", "osVersion", "managementType", "ownership", "complianceState", "managementState",
        "primaryUserUPN", "primaryUserDisplayName", "primaryUserEmail", "serialNumber", "model", "manufacturer", "imei",
        "securityPatchLevel", "enrolledAt", "lastCheckInAt", "certificateExpiresAt", "isSupervised", "isEncrypted",
        "isJailbroken", "isOnline", "activationLockBypassCode", "activationLockBypassCodeIssuedAt",
        "activationLockAllowedByPolicy", "passcodeRequiredByCompliance", "workProfilePasscodeRequiredByPolicy",
        "workProfilePasscodeSet", "passcodeResetPromptAccepted", "apps", "inventory",
    ]

    /// Written column by column rather than through Codable, dates and JSON by hand: a bulk
    /// import or a big demo spent most of its writing time in the generic encoders.
    var databaseValues: [(any DatabaseValueConvertible)?] {
        [id, name, platform.rawValue, osVersion, managementType.rawValue, ownership.rawValue, complianceState.rawValue,
         managementState.rawValue, primaryUserUPN, primaryUserDisplayName, primaryUserEmail, serialNumber, model,
         manufacturer, imei, securityPatchLevel, DatabaseDate.text(enrolledAt), DatabaseDate.text(lastCheckInAt),
         DatabaseDate.text(certificateExpiresAt), isSupervised, isEncrypted, isJailbroken, isOnline,
         activationLockBypassCode, activationLockBypassCodeIssuedAt.map(DatabaseDate.text), activationLockAllowedByPolicy,
         passcodeRequiredByCompliance, workProfilePasscodeRequiredByPolicy, workProfilePasscodeSet,
         passcodeResetPromptAccepted, JSONText.apps(apps), JSONText.object(inventory)]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        for (column, value) in zip(Self.databaseColumns, databaseValues) { container[column] = value }
    }

    /// Many new devices through one prepared statement (bulk imports, big demos).
    static func insertAll(_ devices: some Sequence<Device>, _ db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO device(\(databaseColumns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: databaseColumns.count).joined(separator: ", ")))
            """)
        for device in devices { try statement.execute(arguments: StatementArguments(device.databaseValues)) }
    }
}

extension ActionRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "action"
}

extension AuditEntry: FetchableRecord, TableRecord {
    public static let databaseTableName = "auditEntry"
}

extension Operator: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "operator"
}
