import Foundation
import MDMCore

/// All devices: the filter line, the table, the counts.
enum DeviceListView {
    static let columns = [
        TableColumn("Device name", min: 17, max: 44, weight: 3),
        TableColumn("Managed by", min: 12, max: 22, weight: 1),
        TableColumn("Ownership", short: "Own.", min: 4, max: 9, weight: 1),
        TableColumn("Compliance", short: "Compl.", min: 9, max: 13, weight: 1),
        TableColumn("OS", min: 7, max: 7, weight: 0),
        TableColumn("OS version", short: "Ver.", min: 6, max: 15, weight: 1),
        TableColumn("Primary user", short: "User", min: 8, max: 30, weight: 2),
        TableColumn("Last check-in", short: "Check-in", min: 8, max: 16, weight: 1),
    ]

    static func draw(_ grid: inout CellGrid, _ state: AppState) {
        let list = state.list
        // Line 1: filter, sort, counts.
        let counts = list.page.map(countText) ?? state.glyphs.text("loading…")
        let sort = "\(state.keyText(.sort, .devices)) Sort: \(list.query.sort.title)"
        let marked = state.marks.isEmpty ? "" : "\(state.marks.headerText)\(state.glyphs.separator)"
        let right = "\(marked)\(sort)\(state.glyphs.separator)\(counts) "
        grid.write(right, x: grid.width - right.count, y: 1, role: .label)
        let room = grid.width - right.count - 1
        var field: CursorPlace?
        if list.editingFilter || !list.query.search.isEmpty {
            let label = " Filter: "
            grid.write(label, x: 0, y: 1, role: .label)
            let shown = String(list.query.search.suffix(max(1, room - label.count - 1)))
            let used = grid.write(shown, x: label.count, y: 1, role: list.editingFilter ? .input : .accent)
            if list.editingFilter {
                grid.write(" ", x: label.count + used, y: 1, role: .selected)
                field = CursorPlace(x: label.count + used, y: 1)
            }
        } else {
            grid.write(fitted: " \(state.keyText(.filter, .devices)) filters by name, user, email, serial, model", x: 0, y: 1, width: room, role: .label, ellipsis: state.glyphs.ellipsis)
        }

        let total = grid.width - 2
        let widths = TableLayout.widths(columns, total: total)
        TableLayout.drawRow(&grid, TableLayout.titles(columns, widths), widths: widths, x: 2, y: 2, role: .columnHeader, ellipsis: state.glyphs.ellipsis)
        grid.paint(x: 0, y: 2, width: grid.width, role: .columnHeader)

        defer { if let field { grid.cursor = field } }
        guard let page = list.page else { return }
        if page.filteredCount == 0 {
            let message = page.totalCount == 0 ? "No devices in this tenant." : "No device matches \"\(page.query.search)\". \(state.keyText(.back, .global)) clears the filter."
            grid.write(" " + message, x: 0, y: 4, role: .label)
            return
        }
        // The tenant's clock, from the state: a view never reads the system time. Until the
        // header has loaded, check-ins are shown as dates.
        let now = state.header?.clock
        // A screen reader gets dates, which change only with a check-in: "5h ago" would change
        // (and be repainted, and read out) as the clock moves on a connected tenant.
        let wideDates = widths[7] >= 16 || now == nil || state.plain
        for row in 0..<state.listRows {
            let index = list.position.top + row
            guard index < page.filteredCount else { break }
            let y = 3 + row
            grid.targets[y] = index
            // In --plain the terminal's cursor marks the selection: no highlight to repaint per move.
            let isSelection = index == list.position.selection
            let selected = isSelection && !state.plain
            if isSelection { grid.cursor = CursorPlace(x: 0, y: y) }
            let role: StyleRole = selected ? .selected : .normal
            if selected {
                grid.fill(x: 0, y: y, width: grid.width, height: 1, role: .selected)
            }
            guard let device = list.device(at: index) else {
                grid.write(state.glyphs.text("  …"), x: 0, y: y, role: role)
                continue
            }
            if selected { grid.write(String(state.glyphs.pointer), x: 0, y: y, role: role) }
            let isMarked = !state.marks.isEmpty && state.marks.isMarked(device, listedBy: list.query)
            let cells = [
                // A screen reader hears the mark: no colour, column or attribute alone.
                isMarked && state.plain ? "marked \(device.name)" : device.name, device.managementType.shortName, widths[2] >= 9 ? device.ownership.displayName : device.ownership.shortName,
                device.complianceState.displayName, device.platform.displayName, device.osVersion,
                widths[6] >= 24 ? device.primaryUserUPN : state.glyphs.text(device.primaryUserShort),
                wideDates ? DateText.short(device.lastCheckInAt) : RelativeTime.ago(device.lastCheckInAt, now: now ?? device.lastCheckInAt),
            ]
            TableLayout.drawRow(&grid, cells, widths: widths, x: 2, y: y, role: role, ellipsis: state.glyphs.ellipsis)
            if !selected, device.complianceState == .noncompliant {
                grid.paint(x: 2 + widths[0...2].reduce(0, +) + 3, y: y, width: widths[3], role: .warning)
            }
            if !selected, device.managementState != .managed {
                grid.paint(x: 2, y: y, width: widths[0], role: .accent)
            }
            if isMarked, !state.plain {
                // A mark column and a role of its own: marked reads without colour too.
                grid.write("*", x: 1, y: y, role: selected ? .selected : .marked)
                if !selected { grid.paint(x: 2, y: y, width: widths[0], role: .marked) }
            }
        }
        // A scroll hint when there is more below or above.
        if state.plain { return }  // the count on line 1 says there is more; arrows are decoration
        if list.position.top + state.listRows < page.filteredCount {
            grid.write(String(state.glyphs.down), x: grid.width - 1, y: 2 + state.listRows, role: .label)
        }
        if list.position.top > 0 { grid.write(String(state.glyphs.up), x: grid.width - 1, y: 3, role: .label) }
    }
}

extension DeviceListView {
    /// "1,000,000 devices", "about 41,200 of 1,000,000 devices" while the exact count runs.
    static func countText(_ page: DevicePage) -> String {
        let total = CountText.grouped(page.totalCount)
        guard !page.query.search.isEmpty || page.query.platform != nil else { return "\(total) devices" }
        let matched = CountText.grouped(page.filteredCount)
        return page.count.isExact ? "\(matched) of \(total) devices" : "about \(matched) of \(total) devices"
    }
}

/// Big numbers with thousands separators, as the portal shows them.
enum CountText {
    static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return value < 0 ? "-" + grouped : grouped
    }
}

/// "5h ago", "3d ago": how long since, in the fewest characters.
enum RelativeTime {
    static func ago(_ date: Date, now: Date) -> String {
        let seconds = now.timeIntervalSince(date)
        if seconds < 60 { return "now" }
        if seconds < 3_600 { return "\(Int(seconds / 60))m ago" }
        if seconds < 86_400 { return "\(Int(seconds / 3_600))h ago" }
        if seconds < 365 * 86_400 { return "\(Int(seconds / 86_400))d ago" }
        return "\(Int(seconds / (365 * 86_400)))y ago"
    }
}

extension ManagementType {
    /// The management type in at most 15 characters, for the list's column.
    var shortName: String {
        switch self {
        case .androidDeviceAdministrator: "Device admin"
        case .androidWorkProfile: "Work profile"
        case .androidCorporateWorkProfile: "Corp. work prof"
        case .androidFullyManaged: "Fully managed"
        case .androidDedicated: "Dedicated"
        case .appleDeviceEnrollment: "Device enroll."
        case .appleAutomatedEnrollment: "Automated (ADE)"
        case .appleUserEnrollment: "User enrollment"
        case .windowsMDM: "MDM"
        }
    }
}

extension Ownership {
    var shortName: String {
        switch self {
        case .unknown: "?"
        case .company: "Corp"
        case .personal: "Pers"
        }
    }
}

extension Device {
    /// The part of the UPN before the @, which is what people say on the phone.
    var primaryUserShort: String {
        guard !primaryUserUPN.isEmpty else { return "—" }
        return String(primaryUserUPN.split(separator: "@").first ?? "")
    }
}
