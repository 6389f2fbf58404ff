import Foundation

/// The `:` command line: `:devices`, `:actions`, `:audit`, `:approvals`, `:theme NAME`, `:sign-in`, `:help`, `:q`.
extension Update {
    static func commandKey(_ key: Key, _ state: inout AppState) -> [Effect] {
        guard var line = state.commandLine else { return [] }
        switch fieldEdit(key, state) {
        case .cancel:
            state.commandLine = nil
            return []
        case .erase:
            if line.isEmpty { state.commandLine = nil; return [] }
            line.removeLast()
        case .typed(let character):
            line.append(character)
        case .accept:
            state.commandLine = nil
            return run(command: line.trimmingCharacters(in: .whitespaces), &state)
        case .other:
            break
        }
        state.commandLine = line
        return []
    }

    static func run(command: String, _ state: inout AppState) -> [Effect] {
        let words = command.split(separator: " ").map(String.init)
        switch words.first ?? "" {
        case "": return []
        case "q", "quit", "q!", "wq": return [.quit]
        case "devices", "d": return show(.devices, &state)
        case "actions", "a": return show(.actions, &state)
        case "audit", "l", "log": return show(.audit, &state)
        case "bulk": return [.loadBulkRuns]
        case "approvals", "approve", "maa": return [.loadApprovals]
        case "sign-in", "signin", "login":
            guard state.header?.mirror != nil else {
                state.status = StatusLine(text: "This is a simulated tenant: there is no service to sign in to.", kind: .error)
                return []
            }
            guard state.signInPrompt == nil else { return [] }
            state.signInPrompt = "Signing in to the service as \(state.operatorUPN)…"
            return [.signIn]
        case "help", "h", "?":
            state.overlay = .help
            return []
        case "theme":
            guard words.count == 2 else {
                state.status = StatusLine(text: "Usage: :theme NAME (dark, light, high-contrast, monochrome) or :theme PATH", kind: .error)
                return []
            }
            return [.setTheme(words[1])]
        default:
            state.status = StatusLine(text: "Unknown command :\(command). Try :devices :audit :approvals :theme :sign-in :help", kind: .error)
            return []
        }
    }
}
