import Foundation

/// One element of a managedDevice's `deviceActionResults` (Graph's deviceActionResult):
/// written by `serve` from an action record, read by the mirror into `ServiceActionResult`.
public struct GraphDeviceActionResult: Encodable, Sendable, Equatable {
    /// Its property names, for the mirror's reader (which walks `JSONNode`s, not `Decodable`).
    public enum Key: String, CodingKey, Sendable {
        case odataType = "@odata.type", actionName, actionState, startDateTime, lastUpdatedDateTime
        // resetPasscodeActionResult
        case passcode, errorCode
    }

    /// The derived type where the action has one (`#microsoft.graph.resetPasscodeActionResult`).
    public var odataType: String?
    /// resetPasscodeActionResult: the temporary passcode while it is shown (R23), else null.
    public var passcode: String?

    public var actionName: String
    public var actionState: String
    public var startDateTime: String
    public var lastUpdatedDateTime: String

    public init(_ record: ActionRecord, now: Date) {
        if record.action == .resetPasscode {
            odataType = "#microsoft.graph.resetPasscodeActionResult"
            passcode = record.visibleTemporaryPasscode(at: now)
        }
        actionName = record.action.graphActionName
        actionState = record.state.rawValue
        startDateTime = DateText.iso(record.issuedAt)
        lastUpdatedDateTime = DateText.iso(record.updatedAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encodeIfPresent(odataType, forKey: .odataType)
        try container.encode(actionName, forKey: .actionName)
        try container.encode(actionState, forKey: .actionState)
        try container.encode(startDateTime, forKey: .startDateTime)
        try container.encode(lastUpdatedDateTime, forKey: .lastUpdatedDateTime)
        if odataType != nil {
            if let passcode { try container.encode(passcode, forKey: .passcode) } else { try container.encodeNil(forKey: .passcode) }
            try container.encode(0, forKey: .errorCode)
        }
    }
}
