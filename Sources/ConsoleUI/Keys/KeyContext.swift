/// Where a binding applies. A key is looked up in the context the console is in (a view, a
/// menu, a dialog, a text field), then, on the four views, in `global`.
public enum KeyContext: String, CaseIterable, Sendable, Hashable {
    case global, devices, overview, actions, audit
    /// "… More" and the bulk menu.
    case menu
    /// Asking before an action is sent (one device or marked ones).
    case confirm
    /// Read-only boxes: help, a result, an audit entry, a bulk run's results, past runs.
    case results
    /// A bulk run in progress.
    case running
    /// Typing: a filter, the `:` command line, a device's name or a count in a confirmation.
    case input

    /// The views whose keys fall back to `global`.
    var fallsBackToGlobal: Bool { [.devices, .overview, .actions, .audit].contains(self) }

    /// The lists: one navigation command set for all three (keys.yaml's `lists:` section).
    static let lists: [KeyContext] = [.devices, .actions, .audit]
}
