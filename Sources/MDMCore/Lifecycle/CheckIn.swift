import Foundation
import GRDB

/// A device checking in: it receives what is pending (R13), renews its certificate (R14),
/// and each action reaches its final state (R20).
enum CheckIn {
    @discardableResult
    static func perform(_ db: Database, deviceId: String, at time: Date, random: RandomSource) throws -> Device {
        guard var device = try Device.fetchOne(cached: db, id: deviceId) else { throw ActionError.unknownDevice(id: deviceId) }
        switch device.managementState {
        case .retired, .wiped:
            throw LifecycleError.deviceNotReachable(deviceName: device.name, state: device.managementState)
        case .managed, .retirePending, .retireFailed, .wipePending, .wipeFailed, .unhealthy, .deletePending,
             .retireIssued, .wipeIssued, .wipeCanceled, .retireCanceled, .discovered:
            break
        }
        // R14: an expired certificate cannot check in.
        guard !Certificate.isExpired(device, at: time) else {
            throw LifecycleError.certificateExpired(deviceName: device.name, expiredAt: DateText.short(device.certificateExpiresAt))
        }
        device.lastCheckInAt = time
        device.certificateExpiresAt = Certificate.renewedExpiry(current: device.certificateExpiresAt, checkInAt: time)
        let open = try ActionSQL.open(db, deviceId: deviceId)
        // R36 (G1): a pending retire or wipe wins; the device carries out only that.
        let winner = open.first(where: \.action.endsManagement)
        let earlierLock = try ActionSQL.visibleMacLock(db, deviceId: deviceId, at: time)
        for var record in open {
            if let winner, !record.action.endsManagement, record.action != .sync {
                record.state = .canceled
                record.detail = "Not carried out: the \(winner.action.title(on: device.platform).lowercased()) took precedence at the check-in (R36)."
            } else {
                deliver(&record, to: &device, at: time, random: random, earlierMacLock: earlierLock)
            }
            record.updatedAt = time
            try record.update(db)
        }
        // R32, R35: what the service keeps only so long is gone at the next check-in.
        device.forgetExpiredFindings(at: time)
        try device.updateRow(db)
        return device
    }

    /// What each action does once the device receives it.
    static func deliver(_ record: inout ActionRecord, to device: inout Device, at time: Date, random: RandomSource,
                        earlierMacLock: ActionRecord? = nil) {
        switch record.action {
        case .sync:
            record.state = .done
            record.detail = "The device checked in."
        case .retire:
            // R10, R11: company data and managed apps go; the user's own apps stay.
            let removed = device.apps.filter(\.isManaged).count
            device.apps = device.apps.filter { !$0.isManaged }
            device.managementState = .retired
            device.isOnline = false
            record.state = .done
            record.detail = "Retired: company data and \(removed) managed app\(removed == 1 ? "" : "s") removed; the user's own apps stay."
        case .wipe:
            device.apps = []
            device.managementState = .wiped
            device.isOnline = false
            record.state = .done
            record.detail = "Wiped: the device reset to factory settings."
        case .resetPasscode:
            deliverPasscodeReset(&record, &device, time, random)
        case .delete, .bypassActivationLock, .sendCustomNotification:
            // Never pending: all three complete when taken.
            record.state = .done
        default:
            RemoteTaskDelivery.deliver(&record, to: &device, at: time, random: random, earlierMacLock: earlierMacLock)
        }
    }

    static func deliverPasscodeReset(_ record: inout ActionRecord, _ device: inout Device, _ time: Date, _ random: RandomSource) {
        switch device.platform {
        case .android:
            // R7: without an active reset token a work profile reset ends Not supported.
            if device.managementType == .androidWorkProfile, let missing = ResetTokenDiagnosis.explanation(device) {
                record.state = .notSupported
                record.detail = missing.replacingOccurrences(of: " Sent now, it would end as Not supported.", with: "")
                return
            }
            // R23: the temporary passcode is shown to the operator for 7 days.
            record.state = .done
            record.temporaryPasscode = random.temporaryPasscode()
            record.temporaryPasscodeExpiresAt = time.addingTimeInterval(RuleDurations.temporaryPasscodeVisibility)
            record.detail = device.managementType == .androidWorkProfile
                ? "Work profile passcode reset (R6); the temporary passcode is shown for 7 days."
                : "Passcode reset; the temporary passcode is shown for 7 days."
        case .iOS, .iPadOS:
            record.state = .done
            // R9: a compliance policy requiring a passcode makes the device ask for a new one.
            record.detail = device.passcodeRequiredByCompliance
                ? "Passcode removed. Compliance requires a passcode, so the device asks the user to set a new one (expected)."
                : "Passcode removed."
        case .macOS, .windows:
            record.state = .notSupported
            record.detail = "Reset passcode is not supported on \(device.platform.displayName) (R8)."
        }
    }
}
