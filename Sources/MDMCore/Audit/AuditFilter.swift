import Foundation

/// The audit pane's filter: `actor:helpdesk activity:wipe device:iPad since:2026-11-01
/// until:2026-11-30 result:denied from:10.0.0.5`, and plain words matched against actor,
/// activity or device. `from:` matches where an entry came from: the client's address, the
/// login, the host or the SSH key fingerprint.
public enum AuditFilter {
    public struct ParseError: Error, CustomStringConvertible {
        public let description: String
    }

    public static let fields = ["actor", "activity", "device", "since", "until", "result", "from"]

    public static func parse(_ text: String) throws -> AuditQuery {
        var query = AuditQuery()
        var words: [String] = []
        for token in text.split(separator: " ") {
            let parts = token.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, fields.contains(parts[0].lowercased()) else {
                words.append(String(token))
                continue
            }
            let value = parts[1]
            switch parts[0].lowercased() {
            case "actor": query.actor = value
            case "activity": query.activity = value
            case "device": query.device = value
            case "from": query.from = value
            case "since", "until":
                let isSince = parts[0].lowercased() == "since"
                guard let date = isSince ? DateParsing.iso(value) : DateParsing.upperBound(value) else {
                    throw ParseError(description: "\(parts[0]): \"\(value)\" is not a date (2026-11-24)")
                }
                if isSince { query.since = date } else { query.until = date }
            default:
                guard let result = AuditResult(rawValue: value.lowercased()) else {
                    throw ParseError(description: "result: \"\(value)\" is not success, failure or denied")
                }
                query.result = result
            }
        }
        if !words.isEmpty { query.text = words.joined(separator: " ") }
        return query
    }
}
