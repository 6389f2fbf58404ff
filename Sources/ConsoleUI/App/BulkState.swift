import Foundation
import MDMCore

/// Devices marked in All devices: one by one (ids, in marking order), or a whole filter
/// (`*`: the filter itself, never a million ids) minus the ones unmarked since.
public struct Marks: Equatable, Sendable {
    public var ids: [String] = []
    public var filter: DeviceQuery?
    public var except: Set<String> = []
    /// How many the filter matched when it was marked (the header's figure).
    public var filterCount = 0
    public var filterCountIsExact = true
    /// Where `V` started a range.
    public var rangeAnchor: Int?

    public var isEmpty: Bool { filter == nil && ids.isEmpty }
    public var count: Int { filter != nil ? max(0, filterCount - except.count) : ids.count }

    /// Same rows, whatever their order: sorting keeps a filter mark.
    static func sameFilter(_ a: DeviceQuery, _ b: DeviceQuery) -> Bool {
        a.search == b.search && a.platform == b.platform && a.conditions == b.conditions
    }

    public func isMarked(_ device: Device, listedBy query: DeviceQuery) -> Bool {
        if let filter { return Self.sameFilter(filter, query) && !except.contains(device.id) }
        return ids.contains(device.id)
    }

    public var selection: BulkSelection {
        if var filter {
            filter.sort = .name
            return .matching(filter, except: except)
        }
        return .ids(ids)
    }

    public var headerText: String {
        "\(filterCountIsExact || filter == nil ? "" : "about ")\(CountText.grouped(count)) marked"
    }
}

/// The bulk "… More": every action with how many of the marked devices would take it, and
/// on the highlighted one, the others grouped by the rule that greys them.
public struct BulkMenu: Equatable, Sendable {
    public var selection: BulkSelection
    public var previews: [BulkPreview]?
    public var highlighted = 0
    /// The group opened to its devices.
    public var expanded: RuleID?
}

/// One confirmation for the whole run: the number typed for retire, wipe and delete.
public struct BulkConfirmation: Equatable, Sendable {
    public var preview: BulkPreview
    public var selection: BulkSelection
    public var typed = ""
    public var mismatch = false
    public var wipe = WipeOptions()
    /// A bulk rename's template, a notification's title and body (`BulkInput.fields`).
    public var form = ActionForm()
}

/// A run in progress, then its results.
public struct BulkRunView: Equatable, Sendable {
    public var action: DeviceAction
    public var progress: BulkProgress
    public var stopping = false
    public var summary: BulkSummary?
    public var lines: [BulkResultLine] = []
    public var filter: BulkResult?
    public var top = 0
}
