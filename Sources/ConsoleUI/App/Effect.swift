import Foundation
import MDMCore

/// Work for the runtime, described as data so `update` stays pure.
public enum Effect: Equatable, Sendable {
    case loadHeader
    case loadDevices(DeviceWindowRequest)
    /// Counts the matches exactly: slow on a big tenant, so it runs in the background.
    case countDevices(DeviceQuery)
    case loadOverview(deviceId: String)
    /// The overview has just shown this device's bypass code: its audit entry (a read).
    case recordBypassCodeRead(deviceId: String)
    case loadActions(filter: ActionState?)
    case loadAudit(AuditWindowRequest)
    /// Counts the matching entries exactly, in the background.
    case countAudit(AuditQuery)
    case take(ActionRequest)
    /// Every action's preview for the marked devices (background: a big mark takes a moment).
    case previewBulk(BulkSelection)
    /// Runs a bulk action (background; progress comes back as messages).
    case runBulk(DeviceAction, BulkSelection, confirmCount: Int?, options: [String: String])
    /// Esc during a run: stop after the device in progress.
    case stopBulk
    case loadBulkResults(bulkId: String)
    case loadBulkRuns
    /// Multi Admin Approval: the requests for the panel, and a step taken on one.
    case loadApprovals
    case approvalStep(ApprovalStep)
    case setTheme(String)
    /// The operator signs in to the connected tenant's service as themselves (device code).
    case signIn
    /// Has anyone written to the store since the last look (or replaced it)?
    case checkStore
    case quit

    /// Work whose answer can arrive after the next frame without anyone waiting on it, and
    /// its kind: a newer effect of the same kind supersedes one not yet started.
    public var backgroundSlot: String? {
        switch self {
        case .countDevices: "deviceCount"
        case .countAudit: "auditCount"
        case .previewBulk: "bulkPreview"
        default: nil
        }
    }
}
