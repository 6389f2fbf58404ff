import Foundation
import MDMCore

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
