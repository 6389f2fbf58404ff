import GRDB

// The model types are plain values; these conformances are all the store adds to them.

extension Device: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "device"
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
