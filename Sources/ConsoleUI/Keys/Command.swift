/// What a key does, whichever key it is: the keymap binds keys to these, the update acts on
/// them, and the footer and help describe them. The raw value is the name keys.yaml uses.
public enum Command: String, CaseIterable, Sendable, Hashable {
    // Everywhere
    case quit, help, command, back, devices, actions, audit
    /// Ctrl-C: stops a bulk run, else quits. Fixed, so no keys.yaml can leave a user without a way out.
    case interrupt
    // Moving in a list, a menu, a box (one set for every list)
    case moveUp = "up", moveDown = "down", movePageUp = "page-up", movePageDown = "page-down", first, last, open
    // All devices, the audit log, Device actions
    case filter, sort, more, mark, markRange = "mark-range", markAll = "mark-all", unmark
    case stateFilter = "state-filter"
    // Menus, confirmations, boxes, a run
    case take, close, send, cancel, stop
    case keepEnrollmentData = "keep-enrollment-data", keepUserData = "keep-user-data", keepEsim = "keep-esim"
    /// An action's inputs in its confirmation (Lost Mode's message, a rename's name, …).
    case nextField = "next-field", previousField = "previous-field"
    // Typing
    case accept, erase

    /// The contexts where the command means something (keys.yaml refuses it elsewhere).
    var contexts: Set<KeyContext> {
        switch self {
        case .quit, .help, .command, .devices, .actions, .audit, .interrupt: [.global]
        case .back: [.global, .overview, .confirm]
        case .moveUp, .moveDown, .movePageUp, .movePageDown: [.devices, .overview, .actions, .audit, .menu, .results]
        case .first: [.devices, .overview, .actions, .audit, .menu]
        case .last: [.devices, .actions, .audit, .menu]
        case .open: [.devices, .actions, .audit, .results]
        case .filter: [.devices, .audit, .results]
        case .sort, .mark, .markRange, .markAll, .unmark: [.devices]
        case .more: [.devices, .overview]
        case .stateFilter: [.actions]
        case .take: [.menu]
        case .close: [.menu, .results]
        case .send, .keepEnrollmentData, .keepUserData, .keepEsim, .nextField, .previousField: [.confirm]
        case .cancel: [.confirm, .input]
        case .stop: [.running]
        case .accept: [.input]
        case .erase: [.confirm, .input]
        }
    }

    /// Moves the cursor or the view: a destructive command may never share a key with one
    /// of these, so a key held down to scroll cannot also send or throw work away.
    var moves: Bool { [.moveUp, .moveDown, .movePageUp, .movePageDown, .first, .last, .mark].contains(self) }

    /// Sends an action, or throws away marks that took a while to make.
    var isDestructive: Bool { [.send, .unmark].contains(self) }

    /// A few words, for the footer.
    var label: String {
        switch self {
        case .quit: "quit"
        case .help: "help"
        case .command: "command"
        case .back: "back"
        case .devices: "devices"
        case .actions: "actions"
        case .audit: "audit"
        case .interrupt: "stop or quit"
        case .moveUp: "up"
        case .moveDown: "down"
        case .movePageUp: "page up"
        case .movePageDown: "page down"
        case .first: "first"
        case .last: "last"
        case .open: "open"
        case .filter: "filter"
        case .sort: "sort"
        case .more: "More"
        case .mark: "mark"
        case .markRange: "range"
        case .markAll: "mark all"
        case .unmark: "unmark"
        case .stateFilter: "state"
        case .take: "take"
        case .close: "close"
        case .send: "send"
        case .cancel: "cancel"
        case .stop: "stop"
        case .keepEnrollmentData: "keep enrollment data"
        case .keepUserData: "keep user data"
        case .keepEsim: "keep eSIM"
        case .nextField: "next field"
        case .previousField: "previous field"
        case .accept: "confirm"
        case .erase: "erase"
        }
    }
}
