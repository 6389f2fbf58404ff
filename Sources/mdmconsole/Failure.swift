import ArgumentParser
import Foundation
import MDMCore

/// Errors as users see them: one line on stderr, what and where, and an exit code.
struct Failure: Error, CustomStringConvertible {
    static let failed: Int32 = 1
    static let usage: Int32 = 2
    static let greyed: Int32 = 3
    static let badInput: Int32 = 4
    static let auditBroken: Int32 = 5

    let message: String
    let code: Int32

    var description: String { message }

    init(_ message: String, code: Int32) {
        self.message = message
        self.code = code
    }

    /// Maps a core error to its message and exit code.
    static func from(_ error: Error) -> Error {
        switch error {
        case let failure as Failure: return failure
        case let store as StoreError:
            switch store {
            case .unknownDevice, .ambiguousDevice, .removedDevice, .clockBackwards, .invalid: return Failure(store.description, code: usage)
            default: return Failure(store.description, code: failed)
            }
        case let action as ActionError: return Failure(action.description, code: usage)
        case let bad as ImportError: return Failure(bad.description, code: badInput)
        case let refusal as InventoryImport.Refusal: return Failure(refusal.description, code: greyed)
        case let refusal as SimulationRefusal:
            if case .clockOutOfRange = refusal { return Failure(refusal.description, code: usage) }
            return Failure(refusal.description, code: greyed)
        case let refusal as IdentityRefusal: return Failure(refusal.description, code: greyed)
        case let refusal as StoreFileAccess.Refusal: return Failure(refusal.description, code: failed)
        case let keys as OperatorKeyError:
            if case .lacksPermission = keys { return Failure(keys.description, code: greyed) }
            return Failure(keys.description, code: usage)
        case let key as SSHKeyError: return Failure(key.description, code: usage)
        case let tokens as ApiTokenError:
            if case .lacksPermission = tokens { return Failure(tokens.description, code: greyed) }
            return Failure(tokens.description, code: usage)
        case let lifecycle as LifecycleError: return Failure(lifecycle.description, code: failed)
        case let roles as RoleChangeError:
            if case .lacksPermission = roles { return Failure(roles.description, code: greyed) }
            return Failure(roles.description, code: usage)
        case let tags as ScopeTagError:
            if case .mirrored = tags { return Failure(tags.description, code: greyed) }
            return Failure(tags.description, code: usage)
        case let approval as ApprovalError:
            // Refused by who one is or where the request is (exit 3); else what was typed (exit 2).
            switch approval {
            case .lacksPermission, .ownRequest, .notApprover, .notRequestor, .wrongStatus, .mirrored, .alreadyRequested:
                return Failure(approval.description, code: greyed)
            default: return Failure(approval.description, code: usage)
            }
        default:
            if error is ExitCode || error is CleanExit || error is ValidationError { return error }
            return Failure("\(error)", code: failed)
        }
    }

    static func note(_ text: String) {
        FileHandle.standardError.write(Data(TerminalText.visibleKeepingLayout("mdmconsole: \(text)\n").utf8))
    }
}

/// Runs a command body, turning failures into a message on stderr and an exit code.
func reporting(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch {
        let mapped = Failure.from(error)
        if let failure = mapped as? Failure {
            Failure.note("error: \(failure.message)")
            throw ExitCode(failure.code)
        }
        throw mapped
    }
}
