import Crypto
import Foundation

/// A bulk run's inputs made one device's: a bulk rename's name template (`{{serialnumber}}`,
/// `{{rand:x}}`, as the service's bulk rename takes them) becomes each device's name, the
/// same in the preview and the run.
public enum BulkInput {
    /// What a bulk run asks for, once for every device: a rename's template, a notification's texts.
    public static func fields(of action: DeviceAction) -> [ActionInputField] {
        switch action {
        case .rename: [ActionInputField("deviceName", "Name template", flag: "name", .text(maxLength: ActionInputRules.deviceNameLimit), required: true)]
        case .sendCustomNotification: action.inputFields(on: .iOS)
        default: []
        }
    }

    /// Why a bulk run's inputs cannot start it: a rename's template without a variable part, or
    /// inputs no platform takes. Each device's own are checked as it comes (those only some
    /// platforms take, a Mac's unlock code, fail on the others with the reason).
    public static func problem(_ input: [String: String], action: DeviceAction) -> ActionInputProblem? {
        if action == .rename {
            return templateProblem(input["deviceName"] ?? "").map { ActionInputProblem(name: "deviceName", field: fields(of: .rename).first, text: $0) }
        }
        let problems = Platform.allCases.map { ActionInputRules.problem(input, action: action, platform: $0) }
        return problems.contains { $0 == nil } ? nil : problems.first ?? nil
    }

    /// R33: a bulk rename's template must make each name different.
    public static func templateProblem(_ template: String) -> String? {
        let lowered = template.lowercased()
        guard lowered.contains("{{serialnumber}}") || lowered.range(of: #"\{\{rand:[1-9][0-9]?\}\}"#, options: .regularExpression) != nil else {
            return "a bulk rename's name holds {{serialnumber}} or {{rand:x}} (x random digits), so that each device gets its own"
        }
        return nil
    }

    /// The device's own inputs: the template filled in for a rename, the rest as given.
    public static func resolved(_ input: [String: String], action: DeviceAction, device: Device) -> [String: String] {
        guard action == .rename, let template = input["deviceName"] else { return input }
        var resolved = input
        resolved["deviceName"] = name(template, for: device)
        return resolved
    }

    /// `{{serialnumber}}` is the serial number; `{{rand:x}}` x digits drawn from the device's id
    /// and the template (so the preview's names are the run's).
    public static func name(_ template: String, for device: Device) -> String {
        var name = template.replacingOccurrences(of: "{{serialnumber}}", with: device.serialNumber, options: .caseInsensitive)
        while let range = name.range(of: #"\{\{rand:([1-9][0-9]?)\}\}"#, options: [.regularExpression, .caseInsensitive]) {
            let count = Int(name[range].dropFirst(7).dropLast(2)) ?? 1
            let digest = SHA256.hash(data: Data("\(device.id)\u{0}\(template)\u{0}\(name.distance(from: name.startIndex, to: range.lowerBound))".utf8))
            let digits = digest.flatMap { [Int($0) / 16, Int($0) % 16] }.filter { $0 < 10 }.prefix(count)
            name.replaceSubrange(range, with: digits.map(String.init).joined().padding(toLength: count, withPad: "0", startingAt: 0))
        }
        return name
    }
}
