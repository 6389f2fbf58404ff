import Foundation
import GRDB

/// The options of a wipe, as Graph's `wipe` body names them.
public struct WipeOptions: Codable, Sendable, Equatable {
    public var keepEnrollmentData = false
    public var keepUserData = false
    public var persistEsimDataPlan = false
    /// macOS only: the 6-digit code the Mac's firmware asks for after the wipe.
    public var macOsUnlockCode: String?

    public init(keepEnrollmentData: Bool = false, keepUserData: Bool = false, persistEsimDataPlan: Bool = false, macOsUnlockCode: String? = nil) {
        self.keepEnrollmentData = keepEnrollmentData
        self.keepUserData = keepUserData
        self.persistEsimDataPlan = persistEsimDataPlan
        self.macOsUnlockCode = macOsUnlockCode
    }

    /// The request's inputs (the unlock code in clear: the action path records it as "(set)").
    public var asOptions: [String: String] {
        var options = ["keepEnrollmentData": String(keepEnrollmentData), "keepUserData": String(keepUserData),
                       "persistEsimDataPlan": String(persistEsimDataPlan)]
        if let macOsUnlockCode { options["macOsUnlockCode"] = macOsUnlockCode }
        return options
    }
}
