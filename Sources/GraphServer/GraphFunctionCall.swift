import Foundation

/// An OData function call in a path segment, `name(key='text',other=1)`: its name and its
/// parameters (quoted texts unquoted, `''` read as one quote).
struct GraphFunctionCall: Equatable {
    let name: String
    let parameters: [String: String]

    init(name: String, parameters: [String: String]) {
        self.name = name
        self.parameters = parameters
    }

    init?(_ segment: String) {
        guard let open = segment.firstIndex(of: "("), segment.hasSuffix(")") else { return nil }
        name = String(segment[..<open])
        var parameters: [String: String] = [:]
        var rest = Substring(segment[segment.index(after: open)..<segment.index(before: segment.endIndex)])
        while !rest.isEmpty {
            guard let equals = rest.firstIndex(of: "=") else { return nil }
            let key = String(rest[..<equals]).trimmingCharacters(in: .whitespaces)
            rest = rest[rest.index(after: equals)...].drop { $0 == " " }
            var value = ""
            if rest.first == "'" {
                rest = rest.dropFirst()
                var closed = false
                while let character = rest.first {
                    rest = rest.dropFirst()
                    if character == "'" {
                        if rest.first == "'" { value.append("'"); rest = rest.dropFirst(); continue }
                        closed = true
                        break
                    }
                    value.append(character)
                }
                guard closed else { return nil }
            } else {
                let end = rest.firstIndex(of: ",") ?? rest.endIndex
                value = String(rest[..<end]).trimmingCharacters(in: .whitespaces)
                rest = rest[end...]
            }
            rest = rest.drop { $0 == " " }
            if rest.first == "," { rest = rest.dropFirst() } else if !rest.isEmpty { return nil }
            guard !key.isEmpty, parameters[key] == nil else { return nil }
            parameters[key] = value
        }
        self.parameters = parameters
    }
}
