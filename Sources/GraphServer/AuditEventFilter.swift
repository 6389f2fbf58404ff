import Foundation
import MDMCore

/// `$filter` on audit events: `activityDateTime ge|gt|le|lt DATE`, joined by `and`, the form
/// clients send. Anything else is refused, saying where.
enum AuditEventFilter {
    static func apply(_ filter: String, to query: inout AuditQuery) throws {
        let clauses = filter.components(separatedBy: " and ")
        for (index, clause) in clauses.enumerated() {
            let words = clause.split(separator: " ").map(String.init)
            guard words.count == 3, words[0] == "activityDateTime" else {
                throw GraphError.badRequest("$filter: clause \(index + 1) ('\(clause)'): expected activityDateTime ge|gt|le|lt DATE")
            }
            guard let date = DateParsing.iso(words[2]) else {
                throw GraphError.badRequest("$filter: clause \(index + 1): '\(words[2])' is not a date (2026-11-24T09:00:00Z)")
            }
            switch words[1] {
            case "ge": query.since = date
            case "gt": query.since = date.addingTimeInterval(0.001)
            case "le": query.until = date
            case "lt": query.until = date.addingTimeInterval(-0.001)
            default: throw GraphError.badRequest("$filter: clause \(index + 1): '\(words[1])' is not ge, gt, le or lt")
            }
        }
    }
}
