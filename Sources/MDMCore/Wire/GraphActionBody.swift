import Foundation

/// The body of an action's Graph request, built from its inputs (`ActionInputField`s that are
/// on the wire), with Graph's member names and types: what the client sends and what
/// `serve`'s `ActionBody` reads back.
public enum GraphActionBody {
    /// The JSON body, or nil for an action Graph takes without one.
    public static func json(_ input: [String: String], action: DeviceAction, platform: Platform) -> [UInt8]? {
        var members: [String: Any] = [:]
        for field in action.inputFields(on: platform) where field.onWire {
            switch field.kind {
            case .flag:
                // Wipe's options are always sent, false included, as the portal sends them.
                members[field.name] = input[field.name] == "true"
            default:
                if let value = input[field.name], !value.isEmpty { members[field.name] = value }
            }
        }
        if action == .collectDiagnostics { members["templateType"] = ["templateType": "predefined"] }
        guard !members.isEmpty || action == .wipe else { return nil }
        return Array((try? JSONSerialization.data(withJSONObject: members, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8))
    }
}
