import Foundation
import GRDB

/// What the everyday remote tasks do once the device receives them (R27–R35), on the
/// simulated tenant's clock.
enum RemoteTaskDelivery {
    static func deliver(_ record: inout ActionRecord, to device: inout Device, at time: Date, random: RandomSource,
                        earlierMacLock: ActionRecord?) {
        record.state = .done
        switch record.action {
        case .restart:
            record.detail = "Restarted."
        case .shutDown:
            // It checks in again only once someone switches it on (`simulate online`).
            device.isOnline = false
            record.detail = "Shut down; it checks in again once switched on."
        case .remoteLock:
            if device.platform == .macOS, let earlier = earlierMacLock, earlier.id != record.id {
                // R29: locking a Mac again before its PIN was used fails.
                record.state = .failed
                record.temporaryPasscode = nil
                record.temporaryPasscodeExpiresAt = nil
                record.detail = "Failed: the Mac is still locked with the PIN of the lock sent \(DateText.short(earlier.issuedAt)) (R29)."
            } else {
                record.detail = device.platform == .macOS ? "Locked; the Mac asks for the PIN shown here (30 days)." : "Locked."
            }
        case .enableLostMode:
            device.lostMode = LostMode(message: record.input["message"] ?? "", phoneNumber: record.input["phoneNumber"],
                                       footer: record.input["footer"], since: time)
            record.detail = "In Lost Mode: the lock screen shows your message."
        case .disableLostMode:
            device.lostMode = nil
            record.detail = "Lost Mode ended."
        case .playLostModeSound:
            record.detail = record.input["durationInMinutes"].map { "Played the sound for up to \($0) minutes." } ?? "Played the sound until stopped on the device."
        case .locateDevice:
            let location = random.location(at: time)
            device.location = location
            record.detail = "Located at \(location.text), \(DateText.short(time)) UTC; shown 24 hours."
        case .rename:
            let name = record.input["deviceName"] ?? device.name
            record.detail = "Renamed from \(device.name) to \(name)" + (record.input["restartAfterRename"] == "true" ? ", then restarted." : ".")
            device.name = name
        case .collectDiagnostics:
            if time.timeIntervalSince(record.issuedAt) > RuleDurations.diagnosticsDeadline {
                record.state = .failed
                record.detail = "Failed: the device did not receive the request within 24 hours (R35)."
                return
            }
            let upload = DiagnosticsUpload(id: record.id, requestedAt: record.issuedAt, uploadedAt: time,
                                           sizeInKB: (200 + random.unit() * 3_800).rounded(), requestedBy: record.initiatedBy)
            device.diagnostics.append(upload)
            device.forgetExpiredFindings(at: time)
            record.detail = "Diagnostics uploaded (\(Int(upload.sizeInKB)) KB); kept 28 days."
        case .retire, .wipe, .delete, .sync, .resetPasscode, .bypassActivationLock, .sendCustomNotification:
            break
        }
    }
}

extension Device {
    /// R32: a position older than 24 hours; R35: uploads older than 28 days, or beyond the 10 newest.
    public mutating func forgetExpiredFindings(at time: Date) {
        if let location, time.timeIntervalSince(location.collectedAt) >= RuleDurations.locationKept { self.location = nil }
        diagnostics = Array(diagnostics.filter { time.timeIntervalSince($0.uploadedAt) < RuleDurations.diagnosticsRetention }
            .suffix(RuleDurations.diagnosticsKept))
    }

    /// R32: the position while it may be shown.
    public func visibleLocation(at time: Date) -> DeviceLocation? {
        guard let location, time.timeIntervalSince(location.collectedAt) < RuleDurations.locationKept else { return nil }
        return location
    }

    /// R35: the uploads still kept, newest last.
    public func keptDiagnostics(at time: Date) -> [DiagnosticsUpload] {
        Array(diagnostics.filter { time.timeIntervalSince($0.uploadedAt) < RuleDurations.diagnosticsRetention }
            .suffix(RuleDurations.diagnosticsKept))
    }
}

extension ActionSQL {
    /// R29: a Mac remote lock carried out whose PIN is still shown (nothing taken since).
    static func visibleMacLock(_ db: Database, deviceId: String, at time: Date) throws -> ActionRecord? {
        try ActionRecord.fetchOne(db, sql: """
            SELECT * FROM action WHERE deviceId = ? AND action = ? AND state = ? AND temporaryPasscodeExpiresAt > ?
            ORDER BY issuedAt DESC LIMIT 1
            """, arguments: [deviceId, DeviceAction.remoteLock.rawValue, ActionState.done.rawValue, time])
    }
}
