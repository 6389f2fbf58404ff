import Foundation

/// Reads Microsoft Graph managedDevice JSON: the response of
/// `GET /deviceManagement/managedDevices` (devices under `value`, `@odata.*` keys ignored)
/// or a bare array. Unknown properties are ignored; a missing optional one is left empty.
/// What Graph keeps outside the device and the rules need comes in an optional
/// `"mdmconsole"` object per device.
enum GraphDeviceReader {
    static func read(_ bytes: [UInt8], now: Date, problems: inout ImportProblems) -> [Device] {
        let root: JSONNode
        do {
            root = try JSONReader.parse(bytes)
        } catch let syntax as JSONReader.SyntaxError {
            problems.add("line \(syntax.line), column \(syntax.column)", syntax.message)
            return []
        } catch {
            problems.add("", "\(error)")
            return []
        }
        let elements: [JSONNode]
        let prefix: String
        switch root {
        case .array(let array):
            elements = array; prefix = ""
        case .object(let members):
            guard case .array(let array)? = members[GraphCollectionKey.value.rawValue] else {
                let found = members[GraphCollectionKey.value.rawValue].map { $0.kind } ?? "no \"value\" property"
                problems.add(GraphCollectionKey.value.rawValue, "expected an array of managedDevice objects under \"value\", found \(found)")
                return []
            }
            elements = array; prefix = GraphCollectionKey.value.rawValue
        default:
            problems.add("", "expected an object with \"value\" or an array of managedDevice objects, found \(root.kind)")
            return []
        }
        var devices: [Device] = []
        devices.reserveCapacity(elements.count)
        var firstPathOfId: [String: String] = [:]
        for (index, element) in elements.enumerated() {
            let path = "\(prefix)[\(index)]"
            if let device = device(element, path: path, now: now, problems: &problems, firstPath: { id in
                defer { if firstPathOfId[id] == nil { firstPathOfId[id] = path } }
                return firstPathOfId[id]
            }) {
                devices.append(device)
            }
        }
        return devices
    }

    /// One element of the array: its device, or nil with its problems added. `firstPath`
    /// remembers the id and answers where it was first seen, if it was.
    static func device(_ element: JSONNode, path: String, now: Date, problems: inout ImportProblems,
                       firstPath: (String) throws -> String?) rethrows -> Device? {
        guard case .object(let members) = element else {
            problems.add(path, "expected a managedDevice object, found \(element.kind)")
            return nil
        }
        var fields = GraphFields(members: members, path: path)
        var kept: Device?
        if let device = device(&fields, now: now) {
            if let first = try firstPath(device.id) {
                fields.problem(GraphDeviceProperty.id.name, "duplicate id \"\(device.id)\" (also at \(first))")
            } else {
                kept = device
            }
        }
        for problem in fields.problems { problems.add(problem.location, problem.message) }
        return kept
    }

    /// The devices of a Graph document, streamed from its bytes (`read`'s checks and messages,
    /// without holding the array): each one is handed to `each` as it is read, with the offset
    /// just past it. A syntax error anywhere is the only problem reported, as `read` does.
    static func stream(_ bytes: UnsafeBufferPointer<UInt8>, now: Date, problems: inout ImportProblems,
                       firstPath: (String, String) throws -> String?, each: (Device, Int) throws -> Void) throws {
        var found = ImportProblems()
        let top: JSONReader.StreamedTop
        // Paths as `read` writes them: "value[3]" under an object, "[3]" in a bare array.
        let prefix = ImportFormat.firstContent(bytes).map { bytes[$0] == UInt8(ascii: "{") } == true ? GraphCollectionKey.value.rawValue : ""
        do {
            top = try JSONReader.stream(bytes, arrayUnder: GraphCollectionKey.value.rawValue) { index, element, offset in
                let path = "\(prefix)[\(index)]"
                if let device = try device(element, path: path, now: now, problems: &found, firstPath: { try firstPath($0, path) }) {
                    try each(device, offset)
                }
            }
        } catch let syntax as JSONReader.SyntaxError {
            problems.add("line \(syntax.line), column \(syntax.column)", syntax.message)
            return
        }
        switch top {
        case .array: break
        case .object(let members, let streamed):
            if !streamed {
                let found = members[GraphCollectionKey.value.rawValue].map { $0.kind } ?? "no \"value\" property"
                problems.add(GraphCollectionKey.value.rawValue, "expected an array of managedDevice objects under \"value\", found \(found)")
                return
            }
        case .other(let node):
            problems.add("", "expected an object with \"value\" or an array of managedDevice objects, found \(node.kind)")
            return
        }
        problems.merge(found)
    }

    /// Properties kept as inventory, under the portal CSV header they export to.
    static let inventoryProperties: [(property: Property, header: String)] = Property.allCases.compactMap { property in
        property.inventoryKey.map { (property, $0) }
    }

    typealias Property = GraphDeviceProperty
    typealias Extension = DeviceExtensionKey

    static func device(_ fields: inout GraphFields, now: Date) -> Device? {
        let id = fields.string(Property.id.name, required: true)
        // deviceName is nullable in v1.0: a mirror names such a device by what else it has; an
        // import still asks for a name.
        var name = fields.string(Property.deviceName.name, required: !fields.lenient)
        if fields.lenient, name?.isEmpty ?? true {
            let managedName = fields.string(Property.managedDeviceName.name), serial = fields.string(Property.serialNumber.name)
            name = [managedName, serial].compactMap { $0 }.first { !$0.isEmpty } ?? id.map { "(no name) \($0.prefix(8))" }
        }
        let platform = fields.parsed(Property.operatingSystem.name, required: true, InventoryValues.platform)
        let ownership = fields.parsed(Property.managedDeviceOwnerType.name) { InventoryValues.choice($0, of: Ownership.self) } ?? .unknown
        let compliance = fields.parsed(Property.complianceState.name) { InventoryValues.choice($0, of: ComplianceState.self) } ?? .unknown
        let state = fields.parsed(Property.managementState.name) { InventoryValues.choice($0, of: ManagementState.self) } ?? .managed
        let enrollmentType = fields.enumValue(Property.deviceEnrollmentType.name, GraphEnums.deviceEnrollmentType)
        let deviceType = fields.enumValue(Property.deviceType.name, GraphEnums.deviceType)
        let agent = fields.enumValue(Property.managementAgent.name, GraphEnums.managementAgent)
        let supervised = fields.bool(Property.isSupervised.name) ?? false
        let encrypted = fields.bool(Property.isEncrypted.name) ?? false
        let jailbroken = fields.jailBroken()
        let enrolled = fields.date(Property.enrolledDateTime.name)
        let lastSync = fields.date(Property.lastSyncDateTime.name)
        let certificate = fields.date(Property.managementCertificateExpirationDate.name)
        let code = fields.string(Property.activationLockBypassCode.name).flatMap { $0.isEmpty ? nil : $0 }
        let text = [Property.osVersion, .userPrincipalName, .userDisplayName, .emailAddress, .serialNumber, .model,
                    .manufacturer, .imei, .androidSecurityPatchLevel].reduce(into: [Property: String]()) { texts, key in
            texts[key] = fields.string(key.name) ?? ""
        }
        var inventory: [String: String] = [:]
        for (property, header) in inventoryProperties {
            if let value = fields.text(property.name, freeText: true), !value.isEmpty { inventory[header] = value }
        }
        let extra = fields.nested(Extension.object.rawValue)
        var extraFields = extra.map { GraphFields(members: $0, path: fields.path + "." + Extension.object.rawValue) }
        let policyAllowsLock = extraFields?.bool(Extension.activationLockAllowedByPolicy.rawValue) ?? false
        let codeIssued = extraFields?.date(Extension.activationLockBypassCodeIssuedDateTime.rawValue)
        let workProfilePolicy = extraFields?.bool(Extension.workProfilePasscodeRequiredByPolicy.rawValue) ?? false
        let workProfileSet = extraFields?.bool(Extension.workProfilePasscodeSet.rawValue) ?? false
        let promptAccepted = extraFields?.bool(Extension.passcodeResetPromptAccepted.rawValue) ?? false
        let compliancePasscode = extraFields?.bool(Extension.passcodeRequiredByCompliance.rawValue) ?? false
        let online = extraFields?.bool(Extension.online.rawValue) ?? false
        let apps = extraFields?.apps() ?? []
        let scopeTags = fields.scopeTagIds()
        if let extraFields { fields.problems += extraFields.problems }

        guard let id, let name, let platform else {
            // Said of the property that is missing, not of another one.
            // (A platform the console cannot model is left to the caller, which names it.)
            if fields.problems.isEmpty, id == nil || name == nil {
                fields.problem(id == nil ? Property.id.name : Property.deviceName.name, "is required and missing")
            }
            return nil
        }
        let type: ManagementType
        switch GraphManagementType.read(platform: platform, enrollmentType: enrollmentType, deviceType: deviceType,
                                           agent: agent, ownership: ownership) {
        case .success(let mapped): type = mapped
        case .failure(.doesNotFit(let enrollment)):
            fields.problem(Property.deviceEnrollmentType.name, "\"\(enrollment)\" does not fit \(Property.operatingSystem.name) \"\(platform.rawValue)\"")
            return nil
        case .failure(.undetermined):
            fields.problem(Property.deviceEnrollmentType.name, "cannot tell how this Android device is managed: give deviceEnrollmentType (androidEnterprise…), deviceType or managementAgent")
            return nil
        }
        guard fields.problems.isEmpty else { return nil }
        let dates = InventoryDefaults.dates(enrolled: enrolled, lastCheckIn: lastSync, certificate: certificate, now: now)
        return Device(
            id: id, name: name, platform: platform, osVersion: text[.osVersion]!, managementType: type,
            ownership: ownership, complianceState: compliance, managementState: state,
            primaryUserUPN: text[.userPrincipalName]!, primaryUserDisplayName: text[.userDisplayName]!,
            primaryUserEmail: text[.emailAddress]!, serialNumber: text[.serialNumber]!,
            model: text[.model]!, manufacturer: text[.manufacturer]!, imei: text[.imei]!,
            securityPatchLevel: text[.androidSecurityPatchLevel]!,
            enrolledAt: dates.enrolled, lastCheckInAt: dates.lastCheckIn, certificateExpiresAt: dates.certificate,
            isSupervised: supervised, isEncrypted: encrypted, isJailbroken: jailbroken, isOnline: online,
            activationLockBypassCode: code, activationLockBypassCodeIssuedAt: InventoryDefaults.codeIssuedAt(codeIssued, code: code, now: now),
            activationLockAllowedByPolicy: policyAllowsLock, passcodeRequiredByCompliance: compliancePasscode,
            workProfilePasscodeRequiredByPolicy: workProfilePolicy, workProfilePasscodeSet: workProfileSet,
            passcodeResetPromptAccepted: promptAccepted, apps: apps, inventory: inventory, roleScopeTagIds: scopeTags)
    }
}

/// One JSON object's properties, read with type checks; each problem names its JSON path.
struct GraphFields {
    let members: [String: JSONNode]
    let path: String
    var problems: [ImportProblem] = []
    /// A mirror of a live service, not an import: values this version does not know
    /// (`unknownFutureValue`, a new enum member) read as unknown instead of refusing the
    /// device, and text is kept as the service has it (every output escapes it).
    var lenient = false

    init(members: [String: JSONNode], path: String) {
        self.members = members
        self.path = path
    }

    mutating func problem(_ key: String, _ message: String) {
        problems.append(ImportProblem("\(path).\(key)", message))
    }

    /// A string property; null or missing is nil (a problem when required).
    mutating func string(_ key: String, required: Bool = false, freeText: Bool = false) -> String? {
        switch members[key] {
        case .string(let text)?:
            if required, text.trimmingCharacters(in: .whitespaces).isEmpty { problem(key, "must not be empty"); return nil }
            if !lenient, let refused = InputText.problem(in: text, allowingLineBreaks: freeText) { problem(key, refused); return nil }
            // A NUL would end the text wherever it crosses a C string (SQLite's functions, the
            // terminal): kept visible as U+FFFD instead of cutting the name short.
            if lenient, text.unicodeScalars.contains("\u{0}") { return text.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") }
            return text
        case nil, .null?:
            if required { problem(key, "is required and missing") }
            return nil
        case let other?:
            problem(key, "expected a string, found \(other.kind)")
            return nil
        }
    }

    /// A string or a number, as text (storage sizes come as numbers).
    mutating func text(_ key: String, freeText: Bool = false) -> String? {
        if case .number(let digits)? = members[key] { return digits }
        return string(key, freeText: freeText)
    }

    mutating func bool(_ key: String) -> Bool? {
        switch members[key] {
        case .bool(let flag)?: return flag
        case nil, .null?: return nil
        case let other?:
            problem(key, "expected true or false, found \(other.kind)")
            return nil
        }
    }

    /// Graph's "never" is 0001-01-01T00:00:00Z: read as no date.
    mutating func date(_ key: String) -> Date? {
        guard let text = string(key), !text.isEmpty, !text.hasPrefix("0001-01-01") else { return nil }
        switch InventoryValues.date(text) {
        case .value(let date): return date
        case .problem(let message):
            if !lenient { problem(key, message) }
            return nil
        }
    }

    mutating func parsed<T>(_ key: String, required: Bool = false, _ parse: (String) -> InventoryValues.Parsed<T>) -> T? {
        guard let text = string(key, required: required) else { return nil }
        switch parse(text) {
        case .value(let value): return value
        case .problem(let message):
            if !lenient { problem(key, message) }
            return nil
        }
    }

    mutating func enumValue(_ key: String, _ allowed: Set<String>) -> String? {
        guard let text = string(key) else { return nil }
        guard allowed.contains(text) else {
            if lenient { return nil }
            problem(key, "expected one of \(allowed.sorted().joined(separator: ", ")); found \"\(text)\"")
            return nil
        }
        return text
    }

    /// `jailBroken` is a string in Graph ("True", "False", "Unknown"); a boolean is accepted.
    mutating func jailBroken() -> Bool {
        if case .bool(let flag)? = members[GraphDeviceProperty.jailBroken.name] { return flag }
        guard let text = string(GraphDeviceProperty.jailBroken.name) else { return false }
        switch text.lowercased() {
        case "true", "yes": return true
        case "false", "no", "unknown", "": return false
        default:
            // A live service's text this version does not know reads as not known to be jailbroken.
            if !lenient { problem(GraphDeviceProperty.jailBroken.name, "expected \"True\", \"False\" or \"Unknown\", found \"\(text)\"") }
            return false
        }
    }

    mutating func nested(_ key: String) -> [String: JSONNode]? {
        switch members[key] {
        case .object(let object)?: return object
        case nil, .null?: return nil
        case let other?:
            problem(key, "expected an object, found \(other.kind)")
            return nil
        }
    }

    /// `roleScopeTagIds`: the service's scope tag ids, digits; missing or empty is Default.
    /// A mirror keeps the ids it can read (a device is never dropped for its tags).
    mutating func scopeTagIds() -> [String] {
        let key = GraphDeviceProperty.roleScopeTagIds.name
        guard let node = members[key] else { return [] }
        guard case .array(let elements) = node else {
            if case .null = node { return [] }
            problem(key, "expected an array of scope tag ids, found \(node.kind)")
            return []
        }
        var ids: [String] = []
        for (index, element) in elements.enumerated() {
            if case .string(let id) = element, ScopeTag.isValidId(id) { ids.append(id); continue }
            if !lenient { problem("\(key)[\(index)]", "expected a scope tag id (digits, as the service's are), found \(element.kind)") }
        }
        return ids
    }

    /// `apps`: `[{"name": "Outlook", "managed": "required" | "available-installed" | "unmanaged"}]` (R11).
    mutating func apps() -> [DeviceApp] {
        guard let node = members[DeviceExtensionKey.apps.rawValue] else { return [] }
        guard case .array(let elements) = node else {
            if case .null = node { return [] }
            problem(DeviceExtensionKey.apps.rawValue, "expected an array, found \(node.kind)")
            return []
        }
        var apps: [DeviceApp] = []
        for (index, element) in elements.enumerated() {
            guard case .object(let members) = element else {
                problem("apps[\(index)]", "expected an object with name and managed, found \(element.kind)")
                continue
            }
            var app = GraphFields(members: members, path: "\(path).apps[\(index)]")
            let name = app.string("name", required: true)
            let deployment = app.parsed("managed", required: true) { InventoryValues.choice($0, of: DeviceApp.Deployment.self) }
            problems += app.problems
            if let name, let deployment { apps.append(DeviceApp(name: name, deployment: deployment)) }
        }
        return apps
    }
}
