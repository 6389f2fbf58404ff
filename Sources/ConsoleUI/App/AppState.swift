import Foundation
import MDMCore

/// The views the console can show; Esc walks back through the ones visited.
public enum Screen: Equatable, Sendable {
    case devices
    case overview(deviceId: String)
    case actions
    case audit
}

/// What sits on top of a screen.
public enum Overlay: Equatable, Sendable {
    case more(MoreMenu)
    case confirm(Confirmation)
    case result(ResultBox)
    case auditEntry(AuditEntry)
    case help
    case bulkMenu(BulkMenu)
    case bulkConfirm(BulkConfirmation)
    case bulkRun(BulkRunView)
    case bulkRuns([BulkRuns.Run])
    case approvals(ApprovalsPanel)
}

/// The "… More" menu of one device.
public struct MoreMenu: Equatable, Sendable {
    public var deviceId: String
    public var selected: Int = 0
}

/// Asking before an action is sent: a typed name (Wipe, Delete) or a yes.
public struct Confirmation: Equatable, Sendable {
    public var availability: ActionAvailability
    public var deviceId: String
    public var deviceName: String
    public var platform: Platform = .iOS
    public var typed: String = ""
    public var mismatch = false
    /// Wipe's options, toggled in the dialog (Ctrl-E, Ctrl-U, Ctrl-S).
    public var wipe = WipeOptions()
    /// The action's inputs typed in the dialog (`ActionInputField` names) and the one being typed.
    public var form = ActionForm()
    /// An access policy protects it: once confirmed, a business justification is asked and
    /// the action becomes a request for another approver's approval.
    public var isProtected = false
    /// The justification being typed (nil until the confirmation is done).
    public var justification: String?
    public var justificationProblem: String?
    /// A connected tenant's service asked for approval (403 ApprovalRequired) of this request:
    /// it is sent again as it was, with the justification typed now.
    public var resending: ActionRequest?
    public var needsTypedName: Bool { availability.action.needsTypedName }
}

/// An action's inputs as the confirmation asks for them: one field at a time, typed; flags
/// toggled with Space; what `ActionInputRules` says of them shown before anything is sent.
public struct ActionForm: Equatable, Sendable {
    public var fields: [ActionInputField] = []
    public var values: [String: String] = [:]
    public var focused = 0
    /// Why the last Enter sent nothing, in the rules' words.
    public var problem: String?

    public init(fields: [ActionInputField] = []) {
        self.fields = fields
    }

    public var isEmpty: Bool { fields.isEmpty }
    var focusedField: ActionInputField? { focused < fields.count ? fields[focused] : nil }

    mutating func type(_ character: Character) {
        guard let field = focusedField else { return }
        problem = nil
        if case .flag = field.kind {
            if character == " " { values[field.name] = values[field.name] == "true" ? "false" : "true" }
            return
        }
        values[field.name, default: ""].append(character)
    }

    mutating func erase() {
        guard let field = focusedField, var value = values[field.name], !value.isEmpty else { return }
        problem = nil
        value.removeLast()
        values[field.name] = value
    }

    mutating func move(by step: Int) {
        guard !fields.isEmpty else { return }
        focused = (focused + step + fields.count) % fields.count
    }

    /// One key in a dialog holding the form: printable keys type into the field, the others are
    /// commands (erase, move between fields). True when it asks to send: the caller checks the
    /// inputs and sends, or says why not (`reject`).
    mutating func handle(_ key: Key, _ command: Command?) -> Bool {
        if let character = Keymap.typed(key) {
            type(character)
            return false
        }
        switch command {
        case .erase?: erase()
        case .nextField?: move(by: 1)
        case .previousField?: move(by: -1)
        case .send?: return true
        default: break
        }
        return false
    }

    /// Sends nothing: says why, on the field that is wrong.
    mutating func reject(_ wrong: ActionInputProblem) {
        problem = "\(wrong.description); nothing was sent."
        if let index = fields.firstIndex(where: { $0.name == wrong.name }) { focused = index }
    }

    /// The inputs to send: empty fields left out, flags only when on.
    var inputs: [String: String] { values.filter { !$0.value.isEmpty && $0.value != "false" } }
}

/// A message box (the new bypass code, an error).
public struct ResultBox: Equatable, Sendable {
    public var title: String
    public var lines: [String]
    public var isError: Bool
}

public struct StatusLine: Equatable, Sendable {
    public enum Kind: Sendable { case info, success, error }
    public var text: String
    public var kind: Kind
}

/// A scrolling list's position: the selected row and the first row shown.
public struct ListPosition: Equatable, Sendable {
    public var selection = 0
    public var top = 0

    /// Moves the selection by `delta` within `count` rows and keeps it in a window of `rows`.
    mutating func move(by delta: Int, count: Int, rows: Int) {
        select(selection + delta, count: count, rows: rows)
    }

    mutating func select(_ index: Int, count: Int, rows: Int) {
        selection = max(0, min(count - 1, index))
        if count == 0 { selection = 0 }
        if selection < top { top = selection }
        if selection >= top + rows { top = selection - rows + 1 }
        top = max(0, min(top, max(0, count - rows)))
    }
}

public struct DeviceListState: Equatable, Sendable {
    public var query = DeviceQuery()
    public var editingFilter = false
    public var page: DevicePage?
    public var position = ListPosition()

    public var filteredCount: Int { page?.filteredCount ?? 0 }

    /// The device at an absolute index, if it is in the loaded window.
    public func device(at index: Int) -> Device? { page?.window.row(at: index) }

    public var selectedDevice: Device? { device(at: position.selection) }
}

public struct ActionsState: Equatable, Sendable {
    public var filter: ActionState?
    public var page: ActionsPage?
    public var position = ListPosition()
}

public struct AuditState: Equatable, Sendable {
    public var filterText = ""
    public var editingFilter = false
    /// The filter the held entries answer.
    public var query: AuditQuery?
    public var window = ListWindow<AuditEntry>()
    public var position = ListPosition()
    public var filterError: String?
    /// The filter is tried on the newest `AuditLog.searchBound` entries of its range only.
    public var searchedNewestOnly = false

    public var count: Int { window.count.value }
    public var selectedEntry: AuditEntry? { window.row(at: position.selection) }
}

/// The whole console as one value: `update` changes it, views draw it. Equatable, so a
/// test can say what a message does to it as data.
public struct AppState: Equatable, Sendable {
    public var width: Int
    public var height: Int
    public var operatorUPN: String
    public var header: HeaderInfo?
    public var screen: Screen = .devices
    public var backStack: [Screen] = []
    public var overlay: Overlay?
    public var commandLine: String?
    public var status: StatusLine?
    /// `:sign-in` under way: the service's "open … and enter the code …", kept on the status
    /// line (under any passing message) until the sign-in ends.
    public var signInPrompt: String?
    public var list = DeviceListState()
    public var overview: DeviceOverview?
    public var overviewScroll = 0
    /// The device whose bypass code this visit of its overview has shown (and audited once).
    public var bypassCodeShownFor: String?
    public var actions = ActionsState()
    public var audit = AuditState()
    public var glyphs: Glyphs
    public var themeName: String
    /// Set while an action is being sent, so a second Enter does not send it twice.
    public var sending = false
    /// Why the console stopped: its store was deleted or replaced while open.
    public var storeLost: String?
    /// Ticks since the start: a connected tenant's header ("synced 40 s ago") is read again every 20.
    public var ticks = 0
    /// Devices marked in All devices, for a bulk action.
    public var marks = Marks()
    /// What each key does (the standard keys, changed by keys.yaml or a preset).
    public var keymap = Keymap.standard
    /// Screen-reader mode: no frames or decorative glyphs, dialogs as numbered lines, state in
    /// words, the terminal's cursor on the selected row.
    public var plain = false

    public static let minimumWidth = 80
    public static let minimumHeight = 24

    public init(width: Int, height: Int, operatorUPN: String, glyphs: Glyphs = .unicode, themeName: String = "dark") {
        self.width = width
        self.height = height
        self.operatorUPN = operatorUPN
        self.glyphs = glyphs
        self.themeName = themeName
    }

    public var isTooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }

    /// Rows available to a list between the header lines and the status and footer lines.
    public var listRows: Int { max(1, height - 5) }

    /// The effects that fill a fresh console.
    public var startEffects: [Effect] {
        [.loadHeader, .loadDevices(DeviceWindowRequest(query: list.query, start: .first, place: .first, limit: listRows * 3, counting: true))]
    }

    public var role: Role { header?.role ?? .readOnly }

    /// Where keys are looked up now: the overlay, the field being typed, or the view.
    public var keyContext: KeyContext {
        if commandLine != nil { return .input }
        switch overlay {
        case .more, .bulkMenu: return .menu
        case .confirm, .bulkConfirm: return .confirm
        case .bulkRun(let run) where run.summary == nil: return .running
        case .help, .result, .auditEntry, .bulkRun, .bulkRuns: return .results
        case .approvals(let panel): return panel.deciding == nil ? .menu : .input
        case nil: break
        }
        if screen == .devices, list.editingFilter { return .input }
        if screen == .audit, audit.editingFilter { return .input }
        switch screen {
        case .devices: return .devices
        case .overview: return .overview
        case .actions: return .actions
        case .audit: return .audit
        }
    }
}
