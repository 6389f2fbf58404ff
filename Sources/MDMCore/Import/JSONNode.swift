/// A parsed JSON value that keeps what Foundation's parsers lose: whether a number was a
/// boolean, the order of keys, and (for errors) nothing more than needed.
enum JSONNode {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONNode])
    case object([String: JSONNode])

    /// What a user would call this kind of value, for "expected …, found …".
    var kind: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
