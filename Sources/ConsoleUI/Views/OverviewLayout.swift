import Foundation
import MDMCore

/// The overview's content as lines, laid out for a width: data, not drawing, so the update
/// can clamp scrolling to it and the view can draw it.
enum OverviewLayout {
    /// A line of the overview: pieces of text, each with its role, at a column.
    struct Line {
        var pieces: [(x: Int, text: String, role: StyleRole)] = []
        init(_ pieces: [(Int, String, StyleRole)] = []) { self.pieces = pieces.map { (x: $0.0, text: $0.1, role: $0.2) } }
    }

    static func lines(_ overview: DeviceOverview, width: Int, glyphs: Glyphs) -> [Line] {
        let device = overview.device
        var lines: [Line] = []
        let state = device.managementState.rawValue
        lines.append(Line([(1, device.name, .title), (max(1, width - state.count - 2), state, device.managementState == .managed ? .success : .warning)]))
        let half = width / 2
        let label = 15
        func pair(_ leftLabel: String, _ leftValue: String, _ rightLabel: String, _ rightValue: String, rightRole: StyleRole = .normal) {
            lines.append(Line([
                (1, leftLabel, .label), (1 + label, Text.fit(leftValue, half - label - 2, ellipsis: glyphs.ellipsis), .normal),
                (half + 1, rightLabel, .label), (half + 1 + label, rightValue, rightRole),
            ]))
        }
        let managed = device.apps.filter(\.isManaged).count
        pair("Managed by", glyphs.text(device.managedByDescription), "Model", "\(device.manufacturer) \(device.model)")
        pair("Ownership", device.ownership.displayName, "Serial number", device.serialNumber)
        pair("Compliance", device.complianceState.displayName, "IMEI", device.imei.isEmpty ? glyphs.text("—") : device.imei)
        pair("OS", "\(device.platform.displayName) \(device.osVersion)", "Supervised", device.isSupervised ? "Yes" : "No")
        pair("Primary user", device.primaryUserDisplayName.isEmpty ? glyphs.text("—") : device.primaryUserDisplayName, "Encrypted", device.isEncrypted ? "Yes" : "No")
        pair("User UPN", device.primaryUserUPN.isEmpty ? glyphs.text("—") : device.primaryUserUPN,
             "MDM cert.", (overview.certificateExpired ? "expired " : "expires ") + DateText.short(device.certificateExpiresAt),
             rightRole: overview.certificateExpired ? .error : .normal)
        pair("Enrolled", DateText.short(device.enrolledAt), "Last check-in",
             DateText.short(device.lastCheckInAt) + (device.isKnownOffline ? " offline" : ""), rightRole: device.isKnownOffline ? .warning : .normal)
        pair("Apps", "\(managed) managed, \(device.apps.count - managed) user's own", "Enrollment", device.managementType.graphDeviceEnrollmentType)

        // The hardware overview's Activation Lock line (R3).
        if overview.hasActivationLockLine {
            if overview.bypassCode == MirrorPage.codeHeldByService {
                // A connected tenant: the code is never stored, only read on demand.
                wrap("Activation Lock bypass code: held by the service; `mdmconsole device \(device.id) --bypass-code` reads it (R3)",
                     into: &lines, width: width, role: .label)
            } else if let code = overview.bypassCode, let until = overview.bypassCodeExpiresAt {
                lines.append(Line([(1, "Activation Lock bypass code", .label), (29, code, .accent)]))
                lines.append(Line([(29, "valid until \(DateText.short(until)) UTC (R3)", .label)]))
            } else {
                wrap("Activation Lock bypass code: not shown. \(overview.bypassCodeAbsence ?? "") (R3)", into: &lines, width: width, role: .label)
            }
        }
        if overview.certificateExpired {
            wrap("The MDM certificate expired: this device can no longer check in. The service removes it on \(DateText.short(overview.cleanupDate)) UTC (R14, R15).", into: &lines, width: width, role: .warning)
        }
        if let long = overview.wipePendingLong { wrap(long + " (R16)", into: &lines, width: width, role: .warning) }
        if let passcode = overview.temporaryPasscode {
            lines.append(Line([(1, "Temporary passcode", .label), (29, passcode.code, .accent),
                               (29 + passcode.code.count + 2, "shown until \(DateText.short(passcode.until)) (R23)", .label)]))
        }
        for finding in overview.remoteTaskFindings {
            let pieces = Text.wrap("\(finding.value) (\(finding.rule.rawValue))", width: max(10, width - 30))
            for (index, piece) in pieces.enumerated() {
                lines.append(Line(index == 0 ? [(1, finding.label, .label), (29, piece, .accent)] : [(29, piece, .accent)]))
            }
        }

        lines.append(Line())
        let available = overview.availability.filter(\.enabled).count
        lines.append(Line([(1, "Device actions", .title), (18, glyphs.text("m: … More (\(available) of \(overview.availability.count) actions available)"), .label)]))
        if overview.actions.isEmpty { lines.append(Line([(3, "No action has been taken on this device.", .label)])) }
        for record in overview.actions {
            let title = record.action.title(on: record.platform)
            lines.append(Line([
                (3, DateText.short(record.issuedAt), .normal), (21, title, .normal),
                (45, record.state.rawValue, StateRole.of(record.state)), (59, "by \(record.initiatorText)", .label),
            ]))
            if !record.detail.isEmpty { wrap(record.detail, into: &lines, width: width, role: .label, indent: 5) }
            if let why = overview.explanation(for: record) { wrap(why + " (R19)", into: &lines, width: width, role: .warning, indent: 5) }
        }
        return lines
    }

    static func wrap(_ text: String, into lines: inout [Line], width: Int, role: StyleRole, indent: Int = 1) {
        for piece in Text.wrap(text, width: width - indent - 1) { lines.append(Line([(indent, piece, role)])) }
    }
}
