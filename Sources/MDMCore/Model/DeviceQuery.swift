/// The All devices list's filter and order, shared by the command line and the console.
public struct DeviceQuery: Sendable, Hashable {
    public enum SortKey: String, Sendable, CaseIterable {
        case name, lastCheckIn, platform, user, compliance

        public var title: String {
            switch self {
            case .name: "Device name"
            case .lastCheckIn: "Last check-in"
            case .platform: "OS"
            case .user: "Primary user"
            case .compliance: "Compliance"
            }
        }
    }

    /// Matched, ignoring case, against name, primary user (UPN, name, email), serial and model.
    public var search: String
    public var platform: Platform?
    /// Conditions on single properties (Graph's `$filter`), all of which must hold.
    public var conditions: [DeviceCondition] = []
    /// The devices the operator asking may see (their assignment's scope tags).
    public var scope: DeviceScope = .everyDevice
    public var sort: SortKey
    public var limit: Int?
    public var offset: Int

    public init(search: String = "", platform: Platform? = nil, sort: SortKey = .name, limit: Int? = nil, offset: Int = 0) {
        self.search = search
        self.platform = platform
        self.sort = sort
        self.limit = limit
        self.offset = offset
    }

    /// Whether only the text and the platform narrow the list: then the tally and the
    /// search-text index can answer counts that otherwise need the rows.
    var narrowsOnlyByTextAndPlatform: Bool { conditions.isEmpty && scope.isEveryDevice }
}
