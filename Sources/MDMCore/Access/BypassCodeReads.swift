import Foundation
import GRDB

/// Who may read an Activation Lock bypass code, and the audit entry of each read. The code
/// unlocks a wiped device, so reading it takes what taking Bypass Activation Lock takes
/// (Intune's "Remote tasks/Bypass activation lock" permission: Intune Administrator holds it;
/// no other built-in role does), and every read shown to a person or answered to a
/// client is an audit entry, as the service keeps for BitLocker recovery keys.
public enum BypassCodeReads {
    public static let activity = "read ActivationLockBypassCode"

    public static func mayRead(_ role: Role) -> Bool { role.mayTake(.bypassActivationLock) }

    /// Why `role` is not shown a code.
    public static func refusal(_ role: Role) -> String {
        "Not shown to your role, \(role.displayName): reading a bypass code takes Remote tasks/Bypass activation lock, which your role lacks."
    }

    /// Records that `upn` read the code of `device` through `channel` (console, command line, Graph).
    static func record(_ db: Database, device: Device, by upn: String, through channel: String, allowed: Bool) throws {
        try AuditLog.append(db, AuditEntry(time: try TenantClock.now(db), activity: activity, result: allowed ? .success : .denied,
                                           actor: upn, actorType: .user, deviceId: device.id, deviceName: device.name,
                                           changedProperties: [ChangedProperty("readThrough", from: "", to: channel)]))
    }
}

/// What a read of a bypass code gave.
public enum BypassCodeRead: Sendable, Equatable {
    case code(String)
    /// No valid code is held (R3).
    case noCode
    /// The reader's role may not read one (audited `denied`).
    case refused(Role)
}

extension TenantStore {
    /// The code of `deviceId` for `upn`, audited: refused (and a denied entry) when their role
    /// may not read one, `noCode` when none is held.
    public func readBypassCode(deviceId: String, by upn: String, through channel: String) throws -> BypassCodeRead {
        try write { db in
            guard let device = try Device.fetchOne(db, key: deviceId) else { throw ActionError.unknownDevice(id: deviceId) }
            let role = try Operators.role(db, upn)
            guard BypassCodeReads.mayRead(role) else {
                try BypassCodeReads.record(db, device: device, by: upn, through: channel, allowed: false)
                return .refused(role)
            }
            guard let code = BypassCode.visibleCode(device, at: try TenantClock.now(db)) else { return .noCode }
            try BypassCodeReads.record(db, device: device, by: upn, through: channel, allowed: true)
            return .code(code)
        }
    }

    /// A read already shown (the console's overview, a code the service gave): its audit entry.
    public func recordBypassCodeRead(deviceId: String, by upn: String, through channel: String) throws {
        try write { db in
            guard let device = try Device.fetchOne(db, key: deviceId) else { return }
            try BypassCodeReads.record(db, device: device, by: upn, through: channel, allowed: true)
        }
    }
}
