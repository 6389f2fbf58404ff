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
        "workProfilePasscodeSet", "passcodeResetPromptAccepted", "apps", "inventory", "lostMode", "location", "diagnostics", "presenceKnown",
        "roleScopeTagIds",
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
         passcodeResetPromptAccepted, JSONText.apps(apps), JSONText.object(inventory),
         lostMode.map(JSONColumns.encoded), location.map(JSONColumns.encoded), JSONColumns.encoded(diagnostics), presenceKnown,
         ScopeTagColumn.text(roleScopeTagIds)]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        for (column, value) in zip(Self.databaseColumns, databaseValues) { container[column] = value }
    }

    /// Inserts through one cached prepared statement: the path for bulk writes (imports,
    /// big demos), where GRDB's `insert` spent a tenth of the time rebuilding its statement.
    package func insertRow(_ db: Database) throws {
        try db.cachedStatement(sql: Self.insertSQL).execute(arguments: StatementArguments(databaseValues))
    }

    /// One device by id, through a statement prepared once per connection: the action path
    /// reads one per action, and a bulk run thousands (GRDB's `fetchOne(key:)` prepared anew).
    static func fetchOne(cached db: Database, id: String) throws -> Device? {
        try Device.fetchOne(db.cachedStatement(sql: "SELECT * FROM device WHERE id = ?"), arguments: [id])
    }

    /// Writes every column back, through a cached statement (the triggers still fire only for
    /// the columns whose values changed).
    func updateRow(_ db: Database) throws {
        let assignments = Self.databaseColumns.dropFirst().map { "\($0) = ?" }.joined(separator: ", ")
        try db.cachedStatement(sql: "UPDATE device SET \(assignments) WHERE id = ?")
            .execute(arguments: StatementArguments(Array(databaseValues.dropFirst()) + [id]))
    }

    static let insertSQL = """
        INSERT INTO device(\(databaseColumns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: databaseColumns.count).joined(separator: ", ")))
        """
}

// Enum values are bound into SQL as their service names (`\(ActionState.pending)` in a GRDB
// `SQL` literal), never written as SQL text that could drift from the enum.
extension ActionState: DatabaseValueConvertible {}
extension DeviceAction: DatabaseValueConvertible {}
extension ManagementState: DatabaseValueConvertible {}
extension ActionSource: DatabaseValueConvertible {}
extension AuditResult: DatabaseValueConvertible {}

extension ActionState {
    /// The states of an action still waiting for its device.
    static let open = allCases.filter(\.isOpen)
}

extension ActionRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "action"
}

extension AuditEntry: FetchableRecord, TableRecord {
    public static let databaseTableName = "auditEntry"
}

extension Operator: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "operator"

    // By hand: the scope tags are kept as the devices' are (ScopeTagColumn), not as JSON.
    public init(row: Row) throws {
        let tags: String? = row["scopeTagIds"]
        self.init(upn: row["upn"], roleId: row["role"], login: row["login"],
                  scopeTagIds: try tags.map { try ScopeTagColumn.ids($0) ?? { throw StoreError.invalid("an operator row has unreadable scope tags: \($0)") }($0) })
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["upn"] = upn
        container["role"] = roleId
        container["login"] = login
        container["scopeTagIds"] = scopeTagIds.map(ScopeTagColumn.text)
    }
}
