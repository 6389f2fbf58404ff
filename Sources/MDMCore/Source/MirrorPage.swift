import Foundation

/// One `deviceActionResult` of a managedDevice, as the service reports it (R20).
public struct ServiceActionResult: Codable, Sendable, Equatable {
    public var actionName: String
    public var actionState: String
    public var startDateTime: Date?
    public var lastUpdatedDateTime: Date?
    /// resetPasscodeActionResult: the temporary passcode the service shows (R23);
    /// remoteLockActionResult: the Mac's unlock PIN (R29).
    public var passcode: String? = nil
    /// locateDeviceActionResult: where the device was found (R32).
    public var location: DeviceLocation? = nil
}

/// A device as the service has it, with its action results.
public struct MirroredDevice: Sendable, Equatable {
    public var device: Device
    public var actionResults: [ServiceActionResult]
    /// An Android Enterprise device whose kind v1.0 could not say (its `deviceEnrollmentType`
    /// is `unknownFutureValue` there): taken for fully managed or work profile by ownership
    /// until beta's enrollment type says which (`androidKinds`).
    public var androidKindGuessed = false

    public init(device: Device, actionResults: [ServiceActionResult], androidKindGuessed: Bool = false) {
        self.device = device
        self.actionResults = actionResults
        self.androidKindGuessed = androidKindGuessed
    }
}

/// Why a page of the service's answer cannot be read: the sync stops and the mirror keeps
/// what it had.
public struct MirrorPageError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public var description: String { message }
}

/// One page of `GET /deviceManagement/managedDevices`, read with the import's reader in its
/// lenient form: the same mapping from Graph's properties to the model the rules read.
public struct MirrorPage: Sendable {
    public var devices: [MirroredDevice]
    public var nextLink: String?
    /// Devices the console cannot model (a platform it does not know, an Android device whose
    /// management it cannot tell), left out of the mirror, by why.
    public var skipped: [String: Int]

    /// The properties a sync asks for: what the rules read, and the action results.
    public static let selectedProperties = GraphDeviceProperty.mirrored.map(\.name)

    /// The code stands for "the service holds one": it is read on demand, never stored (R3).
    public static let codeHeldByService = "(held by the service)"

    public static func parse(_ bytes: [UInt8], now: Date) throws -> MirrorPage {
        let root: JSONNode
        do {
            root = try JSONReader.parse(bytes)
        } catch let syntax as JSONReader.SyntaxError {
            throw MirrorPageError(message: "the service's answer is not JSON (line \(syntax.line), column \(syntax.column): \(syntax.message))")
        }
        guard case .object(let members) = root, case .array(let elements)? = members[GraphCollectionKey.value.rawValue] else {
            throw MirrorPageError(message: "the service's answer has no \"value\" array of managedDevice objects")
        }
        var next: String?
        switch members[GraphCollectionKey.nextLink.rawValue] {
        case .string(let link)?: next = link
        case nil, .null?: next = nil
        case let other?: throw MirrorPageError(message: "\(GraphCollectionKey.nextLink.rawValue) is \(other.kind), not a URL")
        }
        var page = MirrorPage(devices: [], nextLink: next, skipped: [:])
        page.devices.reserveCapacity(elements.count)
        for element in elements {
            guard case .object(let members) = element else { page.skipped["not an object", default: 0] += 1; continue }
            switch mirroredOrWhy(members, now: now) {
            case .success(let device): page.devices.append(device)
            case .failure(let why): page.skipped[why.message, default: 0] += 1
            }
        }
        return page
    }

    /// One managedDevice object (a single-device GET's body). An answer that is not one is an
    /// error, never "no such device": only a 404 says a device is gone.
    public static func parseDevice(_ bytes: [UInt8], now: Date) throws -> MirroredDevice {
        guard case .object(let members) = try JSONReader.parse(bytes) else {
            throw MirrorPageError(message: "the service's answer is not a managedDevice object")
        }
        return try mirroredOrWhy(members, now: now).get()
    }

    static func mirrored(_ members: [String: JSONNode], now: Date) -> MirroredDevice? {
        try? mirroredOrWhy(members, now: now).get()
    }

    /// The device, or why it is left out: the first property that could not be read
    /// ("deviceName: expected a string, found number"), or the platform it cannot model.
    static func mirroredOrWhy(_ members: [String: JSONNode], now: Date) -> Result<MirroredDevice, MirrorPageError> {
        var fields = GraphFields(members: members, path: "")
        fields.lenient = true
        guard var device = GraphDeviceReader.device(&fields, now: now) else {
            if let problem = fields.problems.first {
                let place = problem.location.hasPrefix(".") ? String(problem.location.dropFirst()) : problem.location
                return .failure(MirrorPageError(message: "\(place): \(problem.message)"))
            }
            let system: String = if case .string(let text)? = members[GraphDeviceProperty.operatingSystem.name] { TerminalText.visible(String(text.prefix(40))) } else { "?" }
            return .failure(MirrorPageError(message: "operatingSystem \(system)"))
        }
        let issued: Date?
        var kindGuessed = false
        if case .object(let extra)? = members[DeviceExtensionKey.object.rawValue] {
            if case .string(let text)? = extra[DeviceExtensionKey.managementType.rawValue], let type = ManagementType(rawValue: text), type.platforms.contains(device.platform) {
                device.managementType = type
            }
            // A `serve` endpoint says when the service's code was issued (and only while it has one).
            issued = if case .string(let text)? = extra[DeviceExtensionKey.activationLockBypassCodeIssuedDateTime.rawValue] { DateParsing.iso(text) } else { nil }
        } else {
            // Microsoft's service does not say whether a policy allows Activation Lock or when
            // the code was issued: a supervised Apple device is taken to have a code (Graph's
            // docs: the code exists for supervised iOS/iPadOS), dated from its last check-in.
            device.activationLockAllowedByPolicy = device.isSupervised && device.platform != .android && device.platform != .windows
            // Nor whether the device is reachable: the rules say so rather than "offline".
            device.presenceKnown = false
            issued = device.activationLockAllowedByPolicy ? device.lastCheckInAt : nil
            let enrollment: String? = if case .string(let text)? = members[GraphDeviceProperty.deviceEnrollmentType.name] { text } else { nil }
            kindGuessed = device.platform == .android && (device.managementType == .androidFullyManaged || device.managementType == .androidWorkProfile)
                && GraphManagementType.androidEnterpriseKind(enrollment) == nil
        }
        device.activationLockBypassCode = issued == nil ? nil : codeHeldByService
        device.activationLockBypassCodeIssuedAt = issued
        let results = actionResults(members[GraphDeviceProperty.deviceActionResults.name])
        readOutcomes(results, into: &device)
        return .success(MirroredDevice(device: device, actionResults: results, androidKindGuessed: kindGuessed))
    }

    /// R30, R32 on a connected tenant, from v1.0's action results (no beta read per sync):
    /// the latest position a locate found, and Lost Mode when the latest of the enables and
    /// disables carried out is an enable. The service does not return the lock screen's message.
    static func readOutcomes(_ results: [ServiceActionResult], into device: inout Device) {
        let done = results.filter { $0.actionState == ActionState.done.rawValue }
        func when(_ result: ServiceActionResult) -> Date { result.lastUpdatedDateTime ?? result.startDateTime ?? .distantPast }
        if let located = done.filter({ $0.location != nil }).max(by: { when($0) < when($1) }) { device.location = located.location }
        let lostModes = done.filter { $0.actionName == DeviceAction.enableLostMode.graphActionName || $0.actionName == DeviceAction.disableLostMode.graphActionName }
        if let latest = lostModes.max(by: { when($0) < when($1) }), latest.actionName == DeviceAction.enableLostMode.graphActionName {
            device.lostMode = LostMode(message: "", since: when(latest))
        }
    }

    static func actionResults(_ node: JSONNode?) -> [ServiceActionResult] {
        guard case .array(let elements)? = node else { return [] }
        return elements.compactMap { element in
            typealias Key = GraphDeviceActionResult.Key
            guard case .object(let members) = element, case .string(let name)? = members[Key.actionName.rawValue],
                  case .string(let state)? = members[Key.actionState.rawValue] else { return nil }
            func date(_ key: Key) -> Date? {
                guard case .string(let text)? = members[key.rawValue] else { return nil }
                return DateParsing.iso(text)
            }
            let secretKey: Key = name == DeviceAction.remoteLock.graphActionName ? .unlockPin : .passcode
            let passcode: String? = if case .string(let code)? = members[secretKey.rawValue], !code.isEmpty, code.count <= 64,
                                       InputText.problem(in: code) == nil { code } else { nil }
            return ServiceActionResult(actionName: name, actionState: state, startDateTime: date(.startDateTime),
                                       lastUpdatedDateTime: date(.lastUpdatedDateTime), passcode: passcode,
                                       location: location(members[Key.deviceLocation.rawValue]))
        }
    }

    /// deviceGeoLocation, when its position is there and makes sense (a hostile answer's
    /// latitude of 900 is no position).
    static func location(_ node: JSONNode?) -> DeviceLocation? {
        typealias Key = GraphDeviceActionResult.LocationKey
        guard case .object(let members)? = node else { return nil }
        func number(_ key: Key) -> Double? {
            if case .number(let value)? = members[key.rawValue] { return Double(value) }
            return nil
        }
        guard let latitude = number(.latitude), let longitude = number(.longitude), abs(latitude) <= 90, abs(longitude) <= 180,
              case .string(let text)? = members[Key.lastCollectedDateTime.rawValue], let collected = DateParsing.iso(text) else { return nil }
        return DeviceLocation(latitude: latitude, longitude: longitude, horizontalAccuracy: max(0, number(.horizontalAccuracy) ?? 0), collectedAt: collected)
    }

    /// What to ask `/beta` for the guessed Android kinds: Android devices' ids and beta's
    /// enrollment type, a page of 1000 at a time.
    public static let androidKindsQuery = "/deviceManagement/managedDevices?$top=1000&$filter="
        + ("\(GraphDeviceProperty.operatingSystem.name) eq '\(Platform.android.rawValue)'".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        + "&$select=\(GraphDeviceProperty.id.name),\(GraphDeviceProperty.deviceEnrollmentType.name)"

    /// One page of that answer: each id with the Android Enterprise kind beta names (ids whose
    /// type names none are left out: v1.0's guess stands), and the next link.
    public static func androidKinds(_ bytes: [UInt8]) throws -> (kinds: [String: ManagementType], nextLink: String?) {
        guard case .object(let members) = try JSONReader.parse(bytes), case .array(let elements)? = members[GraphCollectionKey.value.rawValue] else {
            throw MirrorPageError(message: "the beta answer has no \"value\" array")
        }
        var kinds: [String: ManagementType] = [:]
        for case .object(let device) in elements {
            guard case .string(let id)? = device[GraphDeviceProperty.id.name], InputText.problem(in: id) == nil,
                  case .string(let enrollment)? = device[GraphDeviceProperty.deviceEnrollmentType.name],
                  let kind = GraphManagementType.androidEnterpriseKind(enrollment) else { continue }
            kinds[id] = kind
        }
        let next: String? = if case .string(let link)? = members[GraphCollectionKey.nextLink.rawValue] { link } else { nil }
        return (kinds, next)
    }
}
