/// The JSON columns (apps, inventory) written by hand, keys sorted, as JSONEncoder with
/// `.sortedKeys` writes them: the generic encoder was the slowest part of a bulk insert.
enum JSONText {
    static func object(_ dictionary: [String: String]) -> String {
        guard !dictionary.isEmpty else { return "{}" }
        return "{" + dictionary.sorted { $0.key < $1.key }.map { string($0.key) + ":" + string($0.value) }.joined(separator: ",") + "}"
    }

    static func apps(_ apps: [DeviceApp]) -> String {
        "[" + apps.map { "{\"deployment\":" + string($0.deployment.rawValue) + ",\"name\":" + string($0.name) + "}" }.joined(separator: ",") + "]"
    }

    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
