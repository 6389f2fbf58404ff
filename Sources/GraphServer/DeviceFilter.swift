import Foundation
import MDMCore

/// Graph's `$filter` on managed devices, the documented subset: terms joined by `and`, each
/// `PROP eq 'v'`, `PROP ne 'v'`, `contains(PROP,'v')`, `PROP lt|gt DATE`, or a parenthesised
/// `PROP eq 'a' or PROP eq 'b'` on one property. Which property takes which operator follows
/// the v1.0 schema notes; anything else is refused saying which term and why.
enum DeviceFilterParser {
    typealias Property = DeviceCondition.Property

    static let equality: Set<Property> = [.complianceState, .managementState, .manufacturer, .operatingSystem, .serialNumber, .imei,
                                          .deviceName, .model, .userPrincipalName]
    static let containment: Set<Property> = [.deviceName, .model, .emailAddress, .osVersion]
    static let ordering: Set<Property> = [.enrolledDateTime, .lastSyncDateTime]

    /// Bounds on what one `$filter` may ask: each term and value is a bound SQL argument, and
    /// a filter past these is refused (400 naming the limit), never run.
    static let longestFilter = 4096
    static let mostTerms = 50
    static let mostAlternatives = 50

    static func parse(_ text: String) throws -> [DeviceCondition] {
        guard text.count <= longestFilter else {
            throw GraphError.badRequest("$filter: \(text.count) characters; at most \(longestFilter) are accepted")
        }
        let terms = split(text, on: " and ")
        guard terms.count <= mostTerms else { throw GraphError.badRequest("$filter: \(terms.count) terms joined by 'and'; at most \(mostTerms) are accepted") }
        var conditions: [DeviceCondition] = []
        var alternativesSeen = 0
        for (index, term) in terms.enumerated() {
            let shown = term.count > 60 ? String(term.prefix(60)) + "…" : term
            let place = "$filter: term \(index + 1) ('\(shown)')"
            var term = term.trimmingCharacters(in: .whitespaces)
            if term.hasPrefix("("), term.hasSuffix(")") { term = String(term.dropFirst().dropLast()) }
            let alternatives = split(term, on: " or ")
            alternativesSeen += alternatives.count
            guard alternativesSeen <= mostAlternatives else {
                throw GraphError.badRequest("$filter: more than \(mostAlternatives) values joined by 'or'; at most \(mostAlternatives) are accepted")
            }
            if alternatives.count > 1 {
                var property: Property?
                var values: [String] = []
                for alternative in alternatives {
                    let (name, value) = try equalityTerm(alternative, place)
                    guard property == nil || property == name else { throw GraphError.badRequest("\(place): 'or' joins eq on one property only") }
                    property = name
                    values.append(value)
                }
                conditions.append(DeviceCondition(property!, .equals(values)))
                continue
            }
            if term.hasPrefix("contains(") {
                guard term.hasSuffix(")"), let comma = term.firstIndex(of: ",") else { throw GraphError.badRequest("\(place): expected contains(property,'text')") }
                let name = String(term[term.index(term.startIndex, offsetBy: 9)..<comma]).trimmingCharacters(in: .whitespaces)
                let property = try self.property(name, place, allowed: containment, operation: "contains")
                let value = try literal(String(term[term.index(after: comma)...].dropLast()), place)
                conditions.append(DeviceCondition(property, .contains(value)))
                continue
            }
            let words = term.split(separator: " ", maxSplits: 2).map(String.init)
            guard words.count == 3 else { throw GraphError.badRequest("\(place): expected 'property operator value'") }
            switch words[1] {
            case "eq":
                let (property, value) = try equalityTerm(term, place)
                conditions.append(DeviceCondition(property, .equals([value])))
            case "ne":
                let property = try self.property(words[0], place, allowed: [.userPrincipalName], operation: "ne")
                conditions.append(DeviceCondition(property, .notEquals(try literal(words[2], place))))
            case "lt", "gt":
                let property = try self.property(words[0], place, allowed: ordering, operation: words[1])
                guard let date = DateParsing.iso(words[2]) else { throw GraphError.badRequest("\(place): '\(words[2])' is not a date (2026-11-24T09:00:00Z)") }
                conditions.append(DeviceCondition(property, words[1] == "lt" ? .before(date) : .after(date)))
            default:
                throw GraphError.badRequest("\(place): '\(words[1])' is not supported (eq, ne, lt, gt, contains, and, or)")
            }
        }
        return conditions
    }

    static func equalityTerm(_ term: String, _ place: String) throws -> (Property, String) {
        let words = term.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 2).map(String.init)
        guard words.count == 3, words[1] == "eq" else { throw GraphError.badRequest("\(place): expected 'property eq value'") }
        return (try property(words[0], place, allowed: equality, operation: "eq"), try literal(words[2], place))
    }

    static func property(_ name: String, _ place: String, allowed: Set<Property>, operation: String) throws -> Property {
        guard let property = Property(rawValue: name) else { throw GraphError.badRequest("\(place): '\(name)' is not a filterable property of managedDevice") }
        guard allowed.contains(property) else { throw GraphError.badRequest("\(place): '\(name)' does not support \(operation)") }
        return property
    }

    /// `'text'` with `''` for a quote inside.
    static func literal(_ text: String, _ place: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.count >= 2, trimmed.hasPrefix("'"), trimmed.hasSuffix("'") else {
            throw GraphError.badRequest("\(place): expected a value in single quotes, found \(trimmed)")
        }
        let value = String(trimmed.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
        if let problem = InputText.problem(in: value) { throw GraphError.badRequest("\(place): the value \(problem)") }
        return value
    }

    /// Splits on a separator outside quotes and parentheses.
    static func split(_ text: String, on separator: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0, quoted = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "'" { quoted.toggle() }
            if !quoted, character == "(" { depth += 1 }
            if !quoted, character == ")" { depth -= 1 }
            if !quoted, depth == 0, text[index...].hasPrefix(separator) {
                parts.append(current)
                current = ""
                index = text.index(index, offsetBy: separator.count)
                continue
            }
            current.append(character)
            index = text.index(after: index)
        }
        parts.append(current)
        return parts
    }
}
