import Foundation

/// The members of a Graph collection answer (OData's annotations and `value`).
public enum GraphCollectionKey: String, CodingKey, Sendable {
    case context = "@odata.context", count = "@odata.count", value, nextLink = "@odata.nextLink"
}

/// A page of a collection as `serve` writes it: `@odata.context`, `value`, and
/// `@odata.nextLink` when more follow.
public struct GraphCollectionAnswer<Item: Encodable>: Encodable {
    public let context: String
    public let value: [Item]
    public let nextLink: String?
    /// `$count=true`: every match, not just this page.
    public let count: Int?

    public init(context: String, value: [Item], nextLink: String?, count: Int?) {
        self.context = context
        self.value = value
        self.nextLink = nextLink
        self.count = count
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: GraphCollectionKey.self)
        try container.encode(context, forKey: .context)
        try container.encodeIfPresent(count, forKey: .count)
        try container.encode(value, forKey: .value)
        try container.encodeIfPresent(nextLink, forKey: .nextLink)
    }
}

/// A page of a Graph collection as a client reads it: each element decoded on its own, so one
/// event the service shaped oddly is left out instead of failing the page.
public struct GraphCollectionPage<Item: Decodable>: Decodable {
    public var value: [Item?]
    public var nextLink: String?

    struct Lenient: Decodable {
        let item: Item?
        init(from decoder: any Decoder) throws { item = try? Item(from: decoder) }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: GraphCollectionKey.self)
        value = try container.decode([Lenient].self, forKey: .value).map(\.item)
        nextLink = try container.decodeIfPresent(String.self, forKey: .nextLink)
    }
}
