import Foundation
import MDMCore

/// Everything that can happen to the console: keys, resizes, the clock ticking, and the
/// results of effects the runtime carried out.
public enum Message: Sendable {
    case key(Key)
    case mouse(MouseEvent)
    case resized(width: Int, height: Int)
    /// The loop's clock: twice a second, time to look at the store.
    case tick
    /// Another process (or this one) committed to the store.
    case storeChanged
    /// The store was deleted or replaced under the console: it must stop.
    case storeLost(String)
    case loaded(Loaded)
    case actionFinished(ActionFinished)
    case failed(String)
    case themeChanged(String)
    /// `:sign-in`: the service's device code prompt, then the account signed in (or `.failed`).
    case signInPrompt(String)
    case signedIn(String)
    /// A bulk run moved on, or ended.
    case bulkProgress(BulkProgress)
    case bulkFinished(Result<BulkSummary, BulkFailure>)
    /// A step on an approval request: what came of it, for the status line.
    case approvalStepDone(String, isError: Bool)
    /// An approved request of one device to complete: the action request to take.
    case approvalCompletion(ActionRequest)
}

/// Why a bulk run did not start or stopped with an error, in words.
public struct BulkFailure: Error, Equatable, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// Data the runtime read from the store.
public enum Loaded: Sendable {
    case header(HeaderInfo)
    case devices(DeviceWindowRequest, DeviceWindow)
    /// The exact count, counted in the background after an estimate was shown.
    case deviceCount(DeviceQuery, Int)
    case overview(deviceId: String, DeviceOverview?)
    case actions(ActionsPage)
    case audit(AuditWindowRequest, AuditWindow)
    case auditCount(AuditQuery, Int)
    case bulkPreviews(BulkSelection, [BulkPreview])
    case bulkResults(bulkId: String, [BulkResultLine])
    case bulkRuns([BulkRuns.Run])
    case approvals([ApprovalRequest], now: Date)
}

public struct HeaderInfo: Sendable, Equatable {
    public var tenantName: String
    public var clock: Date
    public var role: Role
    /// A connected tenant: how current its mirror is ("synced 40 s ago", "offline since …").
    public var mirror: String?
    /// A connected tenant whose sign-in may not read the service's audit events: why.
    public var auditNotice: String?
    /// Multi Admin Approval: requests waiting for this operator's approval (the service sends
    /// no notification; the header says it), and the actions an access policy protects.
    public var toApprove: Int
    public var protectedActions: Set<DeviceAction>

    public init(tenantName: String, clock: Date, role: Role, mirror: String? = nil, auditNotice: String? = nil,
                toApprove: Int = 0, protectedActions: Set<DeviceAction> = []) {
        self.tenantName = tenantName
        self.clock = clock
        self.role = role
        self.mirror = mirror
        self.auditNotice = auditNotice
        self.toApprove = toApprove
        self.protectedActions = protectedActions
    }
}

/// The rows of the All devices list held in memory, for one query.
public struct DevicePage: Sendable, Equatable {
    public var query: DeviceQuery
    public var window: ListWindow<Device>
    public var totalCount: Int

    public init(query: DeviceQuery, window: ListWindow<Device>, totalCount: Int) {
        self.query = query
        self.window = window
        self.totalCount = totalCount
    }

    public var filteredCount: Int { window.count.value }
    public var count: MatchCount { window.count }
}

/// A window of the list to read: where it starts (by keyset) and where it goes.
public struct DeviceWindowRequest: Sendable, Equatable {
    public var query: DeviceQuery
    public var start: DeviceWindowStart
    public var place: WindowPlace
    public var limit: Int
    /// Whether to count (or estimate) the matches too: on a new query or a refresh.
    public var counting: Bool

    public init(query: DeviceQuery, start: DeviceWindowStart, place: WindowPlace, limit: Int, counting: Bool) {
        self.query = query
        self.start = start
        self.place = place
        self.limit = limit
        self.counting = counting
    }
}

/// A window of the audit log to read.
public struct AuditWindowRequest: Sendable, Equatable {
    public var query: AuditQuery
    public var start: AuditWindowStart
    public var place: WindowPlace
    public var limit: Int
    public var counting: Bool
}

public struct ActionsPage: Equatable, Sendable {
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
    /// Whichever path took it (simulated, or the connected tenant's service).
    case result(ActionResult, request: ActionRequest)
    case error(String, request: ActionRequest)
}
