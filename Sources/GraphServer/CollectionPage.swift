import Foundation
import MDMCore

/// A page of a collection: `@odata.context`, `value`, and `@odata.nextLink` when more follow.
struct CollectionPage<Item: Encodable>: Encodable {
    let context: String
    let value: [Item]
    let nextLink: String?
    /// `$count=true`: every match, not just this page.
    let count: Int?

    enum CodingKeys: String, CodingKey {
        case context = "@odata.context", value, nextLink = "@odata.nextLink", count = "@odata.count"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(context, forKey: .context)
        try container.encodeIfPresent(count, forKey: .count)
        try container.encode(value, forKey: .value)
        try container.encodeIfPresent(nextLink, forKey: .nextLink)
    }
}
