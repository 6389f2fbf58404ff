import Foundation
import MDMCore

/// Everything that can happen to the console: keys, resizes, the clock ticking, and the
/// results of effects the runtime carried out.
public enum Message: Sendable {
    case key(Key)
    case resized(width: Int, height: Int)
    /// Another process (or this one) committed to the store.
    case storeChanged
    case loaded(Loaded)
    case actionFinished(ActionFinished)
    case failed(String)
    case themeChanged(String)
}

/// Data the runtime read from the store.
public enum Loaded: Sendable {
    case header(HeaderInfo)
    case devices(DeviceWindowRequest, DeviceWindow, tenantTotal: Int)
    /// The exact count, counted in the background after an estimate was shown.
    case deviceCount(DeviceQuery, Int)
    case overview(deviceId: String, DeviceOverview?)
    case actions(ActionsPage)
    case audit([AuditEntry])
}

public struct HeaderInfo: Sendable, Equatable {
    public var tenantName: String
    public var clock: Date
    public var role: Role

    public init(tenantName: String, clock: Date, role: Role) {
        self.tenantName = tenantName
        self.clock = clock
        self.role = role
    }
}

/// The rows of the All devices list held in memory: a few screens around what is shown,
/// `rows` starting at index `offset` of the filtered order.
public struct DevicePage: Sendable, Equatable {
    public var query: DeviceQuery
    public var offset: Int
    public var rows: [Device]
    /// How many match: exact, or estimated while the exact count runs in the background.
    public var count: DeviceCount
    public var totalCount: Int

    public init(query: DeviceQuery, offset: Int, rows: [Device], count: DeviceCount, totalCount: Int) {
        self.query = query
        self.offset = offset
        self.rows = rows
        self.count = count
        self.totalCount = totalCount
    }

    public var filteredCount: Int { count.value }
    public var end: Int { offset + rows.count }
}

/// A window of the list to read: where it starts (by keyset) and which index that is.
public struct DeviceWindowRequest: Sendable, Equatable {
    public var query: DeviceQuery
    public var start: DeviceWindowStart
    /// `.after`/`.before`: the index of the key's row; `.from`: the index the rows start at.
    public var anchorIndex: Int
    public var limit: Int
    /// Whether to count (or estimate) the matches too: on a new query or a refresh.
    public var counting: Bool

    public init(query: DeviceQuery, start: DeviceWindowStart, anchorIndex: Int = 0, limit: Int, counting: Bool) {
        self.query = query
        self.start = start
        self.anchorIndex = anchorIndex
        self.limit = limit
        self.counting = counting
    }
}

public struct ActionsPage: Sendable {
    public var filter: ActionState?
    public var records: [ActionRecord]
    /// R19: retires and wipes with no audit entry, and why.
    public var explanations: [String: String]
    public var now: Date

    public init(filter: ActionState?, records: [ActionRecord], explanations: [String: String], now: Date) {
        self.filter = filter
        self.records = records
        self.explanations = explanations
        self.now = now
    }
}

/// What came of taking an action, or why it could not be sent.
public enum ActionFinished: Sendable {
    case outcome(ActionOutcome, request: ActionRequest)
    case error(String, request: ActionRequest)
}

/// Work for the runtime, described as data so `update` stays pure.
public enum Effect: Equatable, Sendable {
    case loadHeader
    case loadDevices(DeviceWindowRequest)
    /// Counts the matches exactly: slow on a big tenant, so it runs in the background.
    case countDevices(DeviceQuery)
    case loadOverview(deviceId: String)
    case loadActions(filter: ActionState?)
    case loadAudit(AuditQuery)
    case take(ActionRequest)
    case setTheme(String)
    case quit

    /// Work whose answer can arrive after the next frame without anyone waiting on it.
    public var runsInBackground: Bool {
        if case .countDevices = self { return true }
        return false
    }
}

