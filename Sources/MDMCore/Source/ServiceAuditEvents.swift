import Foundation
import GRDB

/// One `auditEvent` of the service, as a connected tenant mirrors it into its own log.
public struct ServiceAuditEvent: Sendable, Equatable {
    public var id: String
    public var activity: String
    public var time: Date
    public var result: String
    public var actor: String
    public var actorIsPerson: Bool
    public var application: String?
    public var ipAddress: String?
    public var deviceId: String?
    public var deviceName: String?
    public var changedProperties: [ChangedProperty]

    public init(id: String, activity: String, time: Date, result: String, actor: String, actorIsPerson: Bool, application: String?,
                ipAddress: String?, deviceId: String?, deviceName: String?, changedProperties: [ChangedProperty]) {
        self.id = id
        self.activity = activity
        self.time = time
        self.result = result
        self.actor = actor
        self.actorIsPerson = actorIsPerson
        self.application = application
        self.ipAddress = ipAddress
        self.deviceId = deviceId
        self.deviceName = deviceName
        self.changedProperties = changedProperties
    }
}

extension MirrorWriter {
    /// Appends the events not already in the log (by the service's id), in the hash chain
    /// like every entry (R18), marked as the service's: their origin names the event.
    /// Returns how many were new.
    public func append(_ events: [ServiceAuditEvent]) throws -> Int {
        try store.write { db in
            var added = 0
            for event in events {
                guard try !Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM serviceAuditEvent WHERE id = ?)", arguments: [event.id])! else { continue }
                let result = AuditResult(rawValue: event.result.lowercased()) ?? (event.result.lowercased().hasPrefix("fail") ? .failure : .success)
                let origin = AuditOrigin(applicationDisplayName: "service auditEvent \(event.id)" + (event.application.map { " (\($0))" } ?? ""),
                                         ipAddress: event.ipAddress ?? "", login: "", host: "")
                let entry = try AuditLog.append(db, AuditEntry(time: event.time, activity: event.activity, result: result, actor: event.actor,
                                                               actorType: event.actorIsPerson ? .user : .application, deviceId: event.deviceId,
                                                               deviceName: event.deviceName, changedProperties: event.changedProperties, origin: origin))
                try db.execute(sql: "INSERT INTO serviceAuditEvent(id, auditEntryId) VALUES (?, ?)", arguments: [event.id, entry.id])
                added += 1
            }
            return added
        }
    }
}
