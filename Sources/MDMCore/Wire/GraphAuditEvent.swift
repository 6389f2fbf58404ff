import Foundation

/// Graph's v1.0 `auditEvent`, with its `auditActor`, `auditResource` and `auditProperty`: the
/// one type `serve` encodes its audit log as and a sync decodes the service's events from.
/// Every property is optional on the way in (a service may leave any out); `serve` writes
/// them all.
public struct GraphAuditEvent: Codable, Sendable, Equatable {
    public struct Actor: Codable, Sendable, Equatable {
        public var auditActorType: String?
        public var userPrincipalName: String?
        @ExplicitNull public var applicationDisplayName: String?
        @ExplicitNull public var ipAddress: String?
        @ExplicitNull public var userId: String?
        @ExplicitNull public var applicationId: String?
        @ExplicitNull public var servicePrincipalName: String?
        public var userPermissions: [String]?
    }

    public struct Property: Codable, Sendable, Equatable {
        public var displayName: String?
        public var oldValue: String?
        public var newValue: String?
    }

    public struct Resource: Codable, Sendable, Equatable {
        @ExplicitNull public var displayName: String?
        public var auditResourceType: String?
        @ExplicitNull public var resourceId: String?
        public var modifiedProperties: [Property]?
    }

    public var id: String?
    public var displayName: String?
    public var componentName: String?
    public var activity: String?
    public var activityDateTime: String?
    public var activityType: String?
    public var activityOperationType: String?
    public var activityResult: String?
    @ExplicitNull public var correlationId: String?
    public var category: String?
    public var actor: Actor?
    public var resources: [Resource]?

    /// An entry of this console's log as the service shapes its events.
    public init(_ entry: AuditEntry) {
        let origin = entry.origin
        // The service's own entries (R15's cleanup) are an application's, a person's an IT pro's.
        actor = Actor(auditActorType: entry.actorType.graphAuditActorType, userPrincipalName: entry.actor,
                      applicationDisplayName: origin?.applicationDisplayName ?? (entry.actorType == .service ? AuditEntry.serviceActor : nil),
                      ipAddress: origin?.ipAddress, userId: nil, applicationId: nil, servicePrincipalName: nil, userPermissions: [])
        let properties = entry.changedProperties.map { Property(displayName: $0.name, oldValue: $0.oldValue, newValue: $0.newValue) }
        resources = [Resource(displayName: entry.deviceName, auditResourceType: entry.deviceId == nil ? "Tenant" : "ManagedDevice",
                              resourceId: entry.deviceId, modifiedProperties: properties)]
        // Graph's ids are GUIDs (correlationId is `Edm.Guid`, not null): both are made from the
        // entry's place in the chain, so they are stable across requests and processes.
        id = Self.guid(entry.id, kind: 0x4000)
        displayName = entry.activity
        componentName = "Devices"
        activity = entry.activity
        activityDateTime = DateText.iso(entry.time)
        activityType = entry.activity
        activityOperationType = entry.activity.split(separator: " ").first.map(String.init) ?? entry.activity
        activityResult = entry.result.rawValue
        correlationId = entry.actionId.flatMap { UUID(uuidString: $0)?.uuidString.lowercased() } ?? Self.guid(entry.id, kind: 0x4c00)
        category = "Device"
    }

    /// A GUID naming audit entry `id`: `00000000-0000-KIND-8000-<id in hex>`.
    static func guid(_ id: Int64, kind: Int) -> String {
        let hex = String(UInt64(bitPattern: id), radix: 16)
        return "00000000-0000-\(String(kind, radix: 16))-8000-" + String(repeating: "0", count: max(0, 12 - hex.count)) + hex
    }

    /// The event as a connected tenant mirrors it, or nil when it says too little to be one
    /// (no id, no activity, no readable time).
    public var serviceEvent: ServiceAuditEvent? {
        guard let id, let activity = activity ?? displayName, let time = activityDateTime.flatMap(DateParsing.iso) else { return nil }
        let resource = resources?.first
        let properties = (resource?.modifiedProperties ?? []).map {
            ChangedProperty($0.displayName ?? "", from: $0.oldValue ?? "", to: $0.newValue ?? "")
        }
        let person = actor?.userPrincipalName.flatMap { $0.isEmpty ? nil : $0 }
        let application = actor?.applicationDisplayName
        let isDevice = resource?.auditResourceType.map { $0.lowercased().contains("device") } ?? false
        return ServiceAuditEvent(id: id, activity: activity, time: time, result: activityResult ?? "success",
                                 actor: person ?? application ?? AuditEntry.serviceActor, actorIsPerson: person != nil,
                                 application: application, ipAddress: actor?.ipAddress,
                                 deviceId: isDevice ? resource?.resourceId : nil, deviceName: isDevice ? resource?.displayName : nil,
                                 changedProperties: properties)
    }
}
