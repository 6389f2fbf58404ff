import Foundation
import MDMCore

/// The bodies the actions take, as Graph names their members: each action's wire inputs of
/// `ActionInputField` (wipe's four options, a rename's `deviceName`, …), with Graph's types.
/// What the values may say is `ActionInputRules`' (checked by the action path); here only
/// the body's shape, refused with where it is wrong.
enum ActionBody {
    /// A JSON value as the check needs it: a boolean, a string, an object, or anything else.
    enum Scalar: Decodable, Equatable {
        case bool(Bool), string(String), object([String: Scalar]), other

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Bool.self) { self = .bool(value) } else if let value = try? container.decode(String.self) {
                self = .string(value)
            } else if let value = try? container.decode([String: Scalar].self) {
                self = .object(value)
            } else {
                self = .other
            }
        }
    }

    /// The log collection request's one member and its values (beta's `deviceLogCollectionTemplateType`).
    static let templateTypes: Set<String> = ["predefined", "unknownFutureValue"]

    /// The body's inputs as text (`"keepUserData": "true"`), once their shape is checked.
    /// Beta's wipe also takes `useProtectedWipe` and `obliterationBehavior`, which Microsoft's
    /// beta SDK always sends (`false`, and the default): taken at those values; a protected wipe
    /// or another obliteration is not modelled here, so it is refused rather than ignored.
    static let betaWipeDefaults: [String: Scalar] = ["useProtectedWipe": .bool(false), "obliterationBehavior": .string("default")]

    @discardableResult
    static func check(_ action: DeviceAction, _ data: Data, version: GraphDeviceProperty.Version = .v1) throws -> [String: String] {
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return [:] }
        guard (try? JSONSerialization.jsonObject(with: data)) != nil else { throw GraphError.badRequest("The request body is not valid JSON") }
        guard let members = try? JSONDecoder().decode([String: Scalar].self, from: data) else {
            throw GraphError.badRequest("The request body must be a JSON object of the action's parameters")
        }
        let fields = ActionInputRules.anyPlatformFields(of: action).filter(\.value.onWire)
        var inputs: [String: String] = [:]
        for (key, value) in members.sorted(by: { $0.key < $1.key }) {
            if action == .collectDiagnostics, key == "templateType" {
                // Microsoft's SDKs also send the object's own @odata.type (and an id when set).
                guard case .object(let template) = value, case .string(let kind)? = template["templateType"], templateTypes.contains(kind),
                      template.keys.allSatisfy({ ["templateType", "@odata.type", "id"].contains($0) }),
                      template["@odata.type"].map({ if case .string("#microsoft.graph.deviceLogCollectionRequest") = $0 { true } else { false } }) ?? true else {
                    throw GraphError.badRequest("Property 'templateType' must be {\"templateType\": \"predefined\"}")
                }
                continue
            }
            if action == .wipe, version == .beta, let expected = betaWipeDefaults[key] {
                guard value == expected else {
                    throw GraphError.badRequest("Property '\(key)': only its default is taken here (a protected wipe or another obliteration behavior is not simulated)")
                }
                continue
            }
            guard let field = fields[key] else {
                throw GraphError.badRequest("Property '\(key)' does not exist on the \(action.graphActionName) action")
            }
            switch (field.kind, value) {
            case (.flag, .bool(let flag)): inputs[key] = String(flag)
            case (.flag, _): throw GraphError.badRequest("Property '\(key)' must be a boolean")
            case (_, .string(let string)):
                // Text that could not be stored or shown is refused at the door, naming where.
                if let problem = InputText.problem(in: string) { throw GraphError.badRequest("Property '\(key)' \(problem)") }
                inputs[key] = string
            default: throw GraphError.badRequest("Property '\(key)' must be a string")
            }
        }
        return inputs
    }
}
