import Foundation
import MDMCore

/// A managedDevice as the service shapes it (v1.0 names), with its `deviceActionResults`.
enum ManagedDeviceShape {
    static func object(_ device: Device, actions: [ActionRecord]) -> [String: Any] {
        let wire = DeviceWire(device)
        var object: [String: Any] = [
            "id": wire.id, "deviceName": wire.deviceName, "operatingSystem": wire.operatingSystem, "osVersion": wire.osVersion,
            "deviceEnrollmentType": wire.deviceEnrollmentType, "managedDeviceOwnerType": wire.managedDeviceOwnerType,
            "complianceState": wire.complianceState, "managementState": wire.managementState,
            "userPrincipalName": wire.userPrincipalName, "userDisplayName": wire.userDisplayName, "emailAddress": wire.emailAddress,
            "serialNumber": wire.serialNumber, "model": wire.model, "manufacturer": wire.manufacturer, "imei": wire.imei,
            "androidSecurityPatchLevel": wire.androidSecurityPatchLevel, "enrolledDateTime": wire.enrolledDateTime,
            "lastSyncDateTime": wire.lastSyncDateTime, "managementCertificateExpirationDate": wire.managementCertificateExpirationDate,
            "isSupervised": wire.isSupervised, "isEncrypted": wire.isEncrypted, "jailBroken": wire.jailBroken,
            "managementAgent": "mdm",
            // As the service does: null unless named in $select on the single-device GET.
            "activationLockBypassCode": NSNull(),
        ]
        object["deviceActionResults"] = actions.map { record -> [String: Any] in
            ["actionName": record.action.graphActionName, "actionState": record.state.rawValue,
             "startDateTime": DateText.iso(record.issuedAt), "lastUpdatedDateTime": DateText.iso(record.updatedAt)]
        }
        return object
    }

    static let properties: Set<String> = [
        "id", "deviceName", "operatingSystem", "osVersion", "deviceEnrollmentType", "managedDeviceOwnerType", "complianceState",
        "managementState", "userPrincipalName", "userDisplayName", "emailAddress", "serialNumber", "model", "manufacturer", "imei",
        "androidSecurityPatchLevel", "enrolledDateTime", "lastSyncDateTime", "managementCertificateExpirationDate", "isSupervised",
        "isEncrypted", "jailBroken", "managementAgent", "activationLockBypassCode", "deviceActionResults",
    ]
}

extension DeviceAction {
    /// The name the action has in Graph's routes and `deviceActionResults`.
    var graphActionName: String {
        switch self {
        case .retire: "retire"
        case .wipe: "wipe"
        case .delete: "delete"
        case .sync: "syncDevice"
        case .resetPasscode: "resetPasscode"
        case .bypassActivationLock: "bypassActivationLock"
        }
    }
}

/// `$select=a,b`: the properties kept (with `id` always), each checked against the shape.
struct Selection {
    let names: Set<String>?

    init(_ text: String?, of properties: Set<String>) throws {
        guard let text else { names = nil; return }
        let asked = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for name in asked where !properties.contains(name) {
            throw GraphError.badRequest("$select: '\(name)' is not a property of managedDevice", code: "BadRequest")
        }
        names = Set(asked).union(["id"])
    }

    func apply(_ object: [String: Any]) throws -> [String: Any] {
        guard let names else { return object }
        return object.filter { names.contains($0.key) }
    }
}

/// The bodies the actions take: none, or for wipe the service's four options with their
/// types. Anything else is refused with where it is wrong.
enum ActionBody {
    static let wipeOptions: [String: String] = [
        "keepEnrollmentData": "boolean", "keepUserData": "boolean", "persistEsimDataPlan": "boolean", "macOsUnlockCode": "string",
    ]

    /// A JSON value as the check needs it: a boolean, a string, or anything else.
    enum Scalar: Decodable {
        case bool(Bool), string(String), other

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Bool.self) { self = .bool(value) } else if let value = try? container.decode(String.self) {
                self = .string(value)
            } else {
                self = .other
            }
        }
    }

    static func check(_ action: DeviceAction, _ data: Data) throws {
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return }
        guard (try? JSONSerialization.jsonObject(with: data)) != nil else { throw GraphError.badRequest("The request body is not valid JSON") }
        guard let members = try? JSONDecoder().decode([String: Scalar].self, from: data) else {
            throw GraphError.badRequest("The request body must be a JSON object of the action's options")
        }
        let allowed = action == .wipe ? wipeOptions : [:]
        for (key, value) in members.sorted(by: { $0.key < $1.key }) {
            guard let type = allowed[key] else {
                throw GraphError.badRequest("Property '\(key)' does not exist on the \(action.graphActionName) action")
            }
            switch (type, value) {
            case ("boolean", .bool): break
            case ("string", .string(let code)):
                if let problem = InputText.problem(in: code) { throw GraphError.badRequest("Property '\(key)' \(problem)") }
            default: throw GraphError.badRequest("Property '\(key)' must be a \(type)")
            }
        }
    }
}

/// An audit entry as Graph's v1.0 `auditEvent`.
enum AuditEventShape {
    static func object(_ entry: AuditEntry) -> [String: Any] {
        let origin = entry.origin
        var actor: [String: Any] = [
            "auditActorType": "ItPro", "userPrincipalName": entry.actor,
            "applicationDisplayName": origin?.applicationDisplayName ?? (entry.actorType == .service ? "Intune service" : NSNull()),
            "ipAddress": origin?.ipAddress ?? NSNull(), "userId": NSNull(), "applicationId": NSNull(), "servicePrincipalName": NSNull(),
            "userPermissions": [String](),
        ]
        // The service's own entries (R15's cleanup) are an application's, a person's an IT pro's.
        if entry.actorType != .user { actor["auditActorType"] = "Application" }
        let resources: [[String: Any]] = entry.deviceId.map { id in
            [["displayName": entry.deviceName ?? NSNull(), "auditResourceType": "ManagedDevice", "resourceId": id,
              "modifiedProperties": entry.changedProperties.map { ["displayName": $0.name, "oldValue": $0.oldValue, "newValue": $0.newValue] }]]
        } ?? [["displayName": NSNull(), "auditResourceType": "Tenant", "resourceId": NSNull(),
               "modifiedProperties": entry.changedProperties.map { ["displayName": $0.name, "oldValue": $0.oldValue, "newValue": $0.newValue] }]]
        let operation = entry.activity.split(separator: " ").first.map(String.init) ?? entry.activity
        return [
            "id": String(entry.id), "displayName": entry.activity, "componentName": "Devices", "activity": entry.activity,
            "activityDateTime": DateText.iso(entry.time), "activityType": entry.activity, "activityOperationType": operation,
            "activityResult": entry.result.rawValue, "correlationId": entry.actionId ?? NSNull(), "category": "Device",
            "actor": actor, "resources": resources,
        ]
    }
}

/// `$filter` on audit events: `activityDateTime ge|gt|le|lt DATE`, joined by `and`, the form
/// clients send. Anything else is refused, saying where.
enum AuditEventFilter {
    static func apply(_ filter: String, to query: inout AuditQuery) throws {
        let clauses = filter.components(separatedBy: " and ")
        for (index, clause) in clauses.enumerated() {
            let words = clause.split(separator: " ").map(String.init)
            guard words.count == 3, words[0] == "activityDateTime" else {
                throw GraphError.badRequest("$filter: clause \(index + 1) ('\(clause)'): expected activityDateTime ge|gt|le|lt DATE")
            }
            guard let date = DateParsing.iso(words[2]) else {
                throw GraphError.badRequest("$filter: clause \(index + 1): '\(words[2])' is not a date (2026-11-24T09:00:00Z)")
            }
            switch words[1] {
            case "ge": query.since = date
            case "gt": query.since = date.addingTimeInterval(0.001)
            case "le": query.until = date
            case "lt": query.until = date.addingTimeInterval(-0.001)
            default: throw GraphError.badRequest("$filter: clause \(index + 1): '\(words[1])' is not ge, gt, le or lt")
            }
        }
    }
}
