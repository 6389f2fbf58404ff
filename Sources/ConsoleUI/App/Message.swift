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
    case devices(DevicePage)
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

/// A window of the All devices list: `rows` start at `offset` in the filtered order.
public struct DevicePage: Sendable, Equatable {
    public var query: DeviceQuery
    public var offset: Int
    public var rows: [Device]
    public var filteredCount: Int
    public var totalCount: Int

    public init(query: DeviceQuery, offset: Int, rows: [Device], filteredCount: Int, totalCount: Int) {
        self.query = query
        self.offset = offset
        self.rows = rows
        self.filteredCount = filteredCount
        self.totalCount = totalCount
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
    case loadDevices(DeviceQuery, offset: Int, limit: Int)
    case loadOverview(deviceId: String)
    case loadActions(filter: ActionState?)
    case loadAudit(AuditQuery)
    case take(ActionRequest)
    case setTheme(String)
    case quit
}

