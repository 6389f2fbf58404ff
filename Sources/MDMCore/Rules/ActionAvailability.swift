/// Something the operator should know about an action that can be taken (R7's prediction,
/// R9, R12, R16, …), with the rule that says so.
public struct RuleNote: Codable, Sendable, Hashable {
    public var rule: RuleID
    public var text: String

    public init(_ rule: RuleID, _ text: String) {
        self.rule = rule
        self.text = text
    }
}

/// One entry of the "… More" menu: the action, and either enabled or greyed with the
/// reason, the remedy where one exists, and the rule id.
public struct ActionAvailability: Codable, Sendable, Hashable {
    public var action: DeviceAction
    public var title: String
    public var enabled: Bool
    public var reason: String?
    public var remedy: String?
    public var rule: RuleID?
    /// For enabled actions: what will happen that the operator should know first.
    public var notes: [RuleNote]
    /// R7: the state the action is expected to end in when it is not the usual `done`.
    public var predictedOutcome: ActionState?

    public static func enabled(_ action: DeviceAction, on platform: Platform, notes: [RuleNote] = [],
                               predictedOutcome: ActionState? = nil) -> ActionAvailability {
        ActionAvailability(action: action, title: action.title(on: platform), enabled: true, reason: nil,
                           remedy: nil, rule: nil, notes: notes, predictedOutcome: predictedOutcome)
    }

    public static func greyed(_ action: DeviceAction, on platform: Platform, reason: String, remedy: String?,
                              rule: RuleID) -> ActionAvailability {
        ActionAvailability(action: action, title: action.title(on: platform), enabled: false, reason: reason,
                           remedy: remedy, rule: rule, notes: [], predictedOutcome: nil)
    }
}
