import Foundation
import MDMCore

/// A managedDevice as the service shapes it (v1.0 names), with its `deviceActionResults`,
/// encoded with `JSONEncoder` (swift-corelibs' `JSONSerialization` of dictionaries took most
/// of a page's time) and only the `$select`ed properties written.
struct ManagedDeviceShape: Encodable {
    struct ActionResult: Encodable {
        let actionName: String, actionState: String, startDateTime: String, lastUpdatedDateTime: String
    }

    let wire: DeviceWire
    let actionResults: [ActionResult]
    /// Nil: every property. The bypass code is only written when named (and valid, R3).
    let selected: Set<String>?
    let bypassCode: String?
    /// `Prefer: mdmconsole.extensions`: what the rules read that Graph does not carry.
    let extensions: DeviceExtensions?

    /// The `mdmconsole` object: policies, reset-token steps, presence and apps (R1, R7, R10),
    /// and when the service's bypass code was issued (never the code itself).
    struct DeviceExtensions: Encodable {
        struct App: Encodable { let name: String, managed: String }
        let activationLockAllowedByPolicy: Bool
        let activationLockBypassCodeIssuedDateTime: String?
        let workProfilePasscodeRequiredByPolicy: Bool
        let workProfilePasscodeSet: Bool
        let passcodeResetPromptAccepted: Bool
        let passcodeRequiredByCompliance: Bool
        let online: Bool
        let apps: [App]
        /// Exact where Graph's v1.0 properties leave it open (a corporate-owned work profile).
        let managementType: String

        init(_ device: Device) {
            activationLockAllowedByPolicy = device.activationLockAllowedByPolicy
            activationLockBypassCodeIssuedDateTime = device.activationLockBypassCode == nil ? nil : device.activationLockBypassCodeIssuedAt.map(DateText.iso)
            workProfilePasscodeRequiredByPolicy = device.workProfilePasscodeRequiredByPolicy
            workProfilePasscodeSet = device.workProfilePasscodeSet
            passcodeResetPromptAccepted = device.passcodeResetPromptAccepted
            passcodeRequiredByCompliance = device.passcodeRequiredByCompliance
            online = device.isOnline
            apps = device.apps.map { App(name: $0.name, managed: $0.deployment.rawValue) }
            managementType = device.managementType.rawValue
        }
    }

    init(_ device: Device, actions: [ActionRecord], selected: Set<String>?, bypassCode: String? = nil, extensions: Bool = false) {
        self.extensions = extensions ? DeviceExtensions(device) : nil
        wire = DeviceWire(device)
        actionResults = actions.map {
            ActionResult(actionName: $0.action.graphActionName, actionState: $0.state.rawValue,
                         startDateTime: DateText.iso($0.issuedAt), lastUpdatedDateTime: DateText.iso($0.updatedAt))
        }
        self.selected = selected
        self.bypassCode = bypassCode
    }

    struct Key: CodingKey {
        var stringValue: String
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        func put<T: Encodable>(_ property: GraphDeviceProperty, _ value: T) throws {
            if selected == nil || selected!.contains(property.name) { try container.encode(value, forKey: Key(property.name)) }
        }
        try put(.id, wire.id)
        try put(.deviceName, wire.deviceName)
        try put(.operatingSystem, wire.operatingSystem)
        try put(.osVersion, wire.osVersion)
        try put(.deviceEnrollmentType, wire.deviceEnrollmentType)
        try put(.managedDeviceOwnerType, wire.managedDeviceOwnerType)
        try put(.complianceState, wire.complianceState)
        try put(.managementState, wire.managementState)
        try put(.userPrincipalName, wire.userPrincipalName)
        try put(.userDisplayName, wire.userDisplayName)
        try put(.emailAddress, wire.emailAddress)
        try put(.serialNumber, wire.serialNumber)
        try put(.model, wire.model)
        try put(.manufacturer, wire.manufacturer)
        try put(.imei, wire.imei)
        try put(.androidSecurityPatchLevel, wire.androidSecurityPatchLevel)
        try put(.enrolledDateTime, wire.enrolledDateTime)
        try put(.lastSyncDateTime, wire.lastSyncDateTime)
        try put(.managementCertificateExpirationDate, wire.managementCertificateExpirationDate)
        try put(.isSupervised, wire.isSupervised)
        try put(.isEncrypted, wire.isEncrypted)
        try put(.jailBroken, wire.jailBroken)
        try put(.managementAgent, wire.managementType.hasPrefix("androidDeviceAdmin") || !wire.managementType.hasPrefix("android")
                ? "mdm" : "googleCloudDevicePolicyController")
        // As the service does: null unless named in $select on the single-device GET.
        try put(.activationLockBypassCode, ExplicitNull(wrappedValue: bypassCode))
        try put(.deviceActionResults, actionResults)
        if let extensions { try container.encode(extensions, forKey: Key(DeviceExtensionKey.object.rawValue)) }
    }

    /// What `$select` takes: the properties this endpoint writes.
    static let properties = Set(GraphDeviceProperty.served.map(\.name))
}


/// A page of a collection: `@odata.context`, `value`, and `@odata.nextLink` when more follow.
struct CollectionPage<Item: Encodable>: Encodable {
    let context: String
    let value: [Item]
    let nextLink: String?
    /// `$count=true`: every match, not just this page.
    let count: Int?

    enum CodingKeys: String, CodingKey {
        case context = "@odata.context", value, nextLink = "@odata.nextLink", count = "@odata.count"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(context, forKey: .context)
        try container.encodeIfPresent(count, forKey: .count)
        try container.encode(value, forKey: .value)
        try container.encodeIfPresent(nextLink, forKey: .nextLink)
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

    /// The body's options as text (`"keepUserData": "true"`), once checked.
    @discardableResult
    static func check(_ action: DeviceAction, _ data: Data) throws -> [String: String] {
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return [:] }
        guard (try? JSONSerialization.jsonObject(with: data)) != nil else { throw GraphError.badRequest("The request body is not valid JSON") }
        guard let members = try? JSONDecoder().decode([String: Scalar].self, from: data) else {
            throw GraphError.badRequest("The request body must be a JSON object of the action's options")
        }
        let allowed = action == .wipe ? wipeOptions : [:]
        var options: [String: String] = [:]
        for (key, value) in members.sorted(by: { $0.key < $1.key }) {
            guard let type = allowed[key] else {
                throw GraphError.badRequest("Property '\(key)' does not exist on the \(action.graphActionName) action")
            }
            switch (type, value) {
            case ("boolean", .bool(let flag)): options[key] = String(flag)
            case ("string", .string(let code)):
                if let problem = InputText.problem(in: code) { throw GraphError.badRequest("Property '\(key)' \(problem)") }
                // The macOS unlock code is a secret: recorded as given, not shown.
                options[key] = key == "macOsUnlockCode" ? "(set)" : code
            default: throw GraphError.badRequest("Property '\(key)' must be a \(type)")
            }
        }
        return options
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
