import MDMCore

/// "… More", confirmations, and what comes back from taking an action.
extension Update {
    static func overlayKey(_ key: Key, _ overlay: Overlay, _ state: inout AppState) -> [Effect] {
        let command = state.keymap.command(for: key, in: state.keyContext)
        switch overlay {
        case .help, .result, .auditEntry:
            if command == .close || command == .open { state.overlay = nil }
            return []
        case .more(var menu):
            if command == nil, let letter = Keymap.typed(key), jumpToTitle(startingWith: letter, &menu, state) {
                state.overlay = .more(menu)
                return []
            }
            return moreCommand(command, &menu, &state)
        case .confirm(var confirmation):
            return confirmKey(key, &confirmation, &state)
        case .bulkMenu(var menu):
            return bulkMenuKey(key, &menu, &state)
        case .bulkConfirm(var confirmation):
            return bulkConfirmKey(key, &confirmation, &state)
        case .bulkRun:
            return command.map { bulkRunCommand($0, &state) } ?? []
        case .bulkRuns(let runs):
            return bulkRunsCommand(command, runs, &state)
        case .approvals(var panel):
            return approvalsKey(key, &panel, &state)
        }
    }

    /// Moves a menu's highlight; false when the command is not a move.
    static func moveInMenu(_ command: Command?, _ selected: inout Int, count: Int) -> Bool {
        switch command {
        case .moveUp?: selected = max(0, selected - 1)
        case .moveDown?: selected = min(max(0, count - 1), selected + 1)
        case .first?: selected = 0
        case .last?: selected = max(0, count - 1)
        default: return false
        }
        return true
    }

    /// Type-ahead: a letter no command is bound to highlights the next action whose title
    /// begins with it (greyed ones too, so their reason shows), wrapping round — sixteen
    /// actions are too many to reach by arrows alone.
    static func jumpToTitle(startingWith letter: Character, _ menu: inout MoreMenu, _ state: AppState) -> Bool {
        guard letter.isLetter, let overview = state.overview, overview.device.id == menu.deviceId else { return false }
        let titles = overview.availability.map(\.title)
        guard !titles.isEmpty else { return false }
        let wanted = String(letter).lowercased()
        for step in 1...titles.count {
            let index = (menu.selected + step) % titles.count
            if titles[index].lowercased().hasPrefix(wanted) {
                menu.selected = index
                return true
            }
        }
        return false
    }

    static func moreCommand(_ command: Command?, _ menu: inout MoreMenu, _ state: inout AppState) -> [Effect] {
        let entries = state.overview?.device.id == menu.deviceId ? state.overview!.availability : []
        if moveInMenu(command, &menu.selected, count: entries.count) {
            state.overlay = .more(menu)
            return []
        }
        switch command {
        case .close?:
            state.overlay = nil
            return []
        case .take?:
            guard menu.selected < entries.count, let device = state.overview?.device else { return [] }
            let entry = entries[menu.selected]
            guard entry.enabled else {
                // Greyed: say why once more, take nothing.
                state.status = StatusLine(text: "\(entry.title) cannot be taken (\(entry.rule?.rawValue ?? "")): \(entry.reason ?? "")", kind: .error)
                state.overlay = .more(menu)
                return []
            }
            var confirmation = Confirmation(availability: entry, deviceId: device.id, deviceName: device.name, platform: device.platform)
            confirmation.isProtected = state.header?.protectedActions.contains(entry.action) == true
            // Wipe's options have their own keys; every other action's inputs are a form.
            if entry.action != .wipe { confirmation.form = ActionForm(fields: entry.action.inputFields(on: device.platform)) }
            state.overlay = .confirm(confirmation)
            return []
        default:
            return []
        }
    }

    static func confirmKey(_ key: Key, _ confirmation: inout Confirmation, _ state: inout AppState) -> [Effect] {
        guard !state.sending else { return [] }
        let command = state.keymap.command(for: key, in: .confirm)
        if command == .back {
            let index = DeviceAction.allCases.firstIndex(of: confirmation.availability.action) ?? 0
            state.overlay = .more(MoreMenu(deviceId: confirmation.deviceId, selected: index))
            return []
        }
        if confirmation.justification != nil { return justificationKey(key, command, &confirmation, &state) }
        if !confirmation.form.isEmpty {
            if confirmation.form.handle(key, command) {
                guard let problem = ActionInputRules.problem(confirmation.form.inputs, action: confirmation.availability.action,
                                                             platform: confirmation.platform) else { return send(confirmation, &state) }
                confirmation.form.reject(problem)
            }
            state.overlay = .confirm(confirmation)
            return []
        }
        if confirmation.needsTypedName {
            // Printable keys type the name; only the other keys are commands.
            if let character = Keymap.typed(key) {
                confirmation.typed.append(character)
                confirmation.mismatch = false
            } else {
                switch command {
                case .erase?:
                    if !confirmation.typed.isEmpty { confirmation.typed.removeLast() }
                    confirmation.mismatch = false
                case .send?:
                    guard ActionService.typedNameMatches(confirmation.typed, deviceName: confirmation.deviceName) else {
                        confirmation.mismatch = true
                        state.overlay = .confirm(confirmation)
                        return []
                    }
                    return send(confirmation, &state)
                case let command? where confirmation.availability.action == .wipe && WipeOptionKeys.toggle(command, &confirmation.wipe):
                    break
                default: break
                }
            }
            state.overlay = .confirm(confirmation)
            return []
        }
        switch command {
        case .send?:
            return send(confirmation, &state)
        case .cancel?:
            state.overlay = nil
            return []
        default:
            return []
        }
    }

    /// The justification step of a protected action: typed, then Enter asks for approval.
    static func justificationKey(_ key: Key, _ command: Command?, _ confirmation: inout Confirmation, _ state: inout AppState) -> [Effect] {
        if let character = Keymap.typed(key) {
            confirmation.justification?.append(character)
            confirmation.justificationProblem = nil
        } else {
            switch command {
            case .erase?:
                if confirmation.justification?.isEmpty == false { confirmation.justification?.removeLast() }
            case .send?:
                if (confirmation.justification ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                    confirmation.justificationProblem = "Say why it is needed: the approver reads it."
                } else {
                    return send(confirmation, &state)
                }
            case .cancel?:
                state.overlay = nil
                return []
            default: break
            }
        }
        state.overlay = .confirm(confirmation)
        return []
    }

    static func send(_ confirmation: Confirmation, _ state: inout AppState) -> [Effect] {
        if confirmation.isProtected, confirmation.justification == nil {
            // Confirmed: now the justification the request carries.
            var asking = confirmation
            asking.justification = ""
            state.overlay = .confirm(asking)
            return []
        }
        state.sending = true
        state.overlay = .confirm(confirmation)
        if var again = confirmation.resending {
            again.justification = confirmation.justification
            return [.take(again)]
        }
        var request = ActionRequest(action: confirmation.availability.action, deviceId: confirmation.deviceId,
                                    operatorUPN: state.operatorUPN,
                                    typedName: confirmation.needsTypedName ? confirmation.typed : nil, acknowledged: true)
        if request.action == .wipe { request.options = confirmation.wipe.asOptions }
        if !confirmation.form.isEmpty { request.options = confirmation.form.inputs }
        request.justification = confirmation.justification
        return [.take(request)]
    }

    static func finish(_ finished: ActionFinished, _ state: inout AppState) -> [Effect] {
        state.sending = false
        state.overlay = nil
        switch finished {
        case .result(let result, let request):
            // The service's own access policy protects it (the console cannot know them before):
            // ask the justification now and send the same request again with it.
            if case .refusedByService(403, GraphApprovalHeader.requiredCode, _) = result.outcome, request.justification == nil,
               let entry = state.overview?.availability.first(where: { $0.action == request.action }), state.overview?.device.id == request.deviceId,
               let device = state.overview?.device {
                var asking = Confirmation(availability: entry, deviceId: device.id, deviceName: device.name, platform: device.platform)
                asking.isProtected = true
                asking.justification = ""
                asking.resending = request
                state.overlay = .confirm(asking)
                state.status = StatusLine(text: "The service's Multi Admin Approval protects it: say why, and it is asked for approval.", kind: .info)
                return []
            }
            show(result, &state)
        case .error(let text, _):
            state.status = StatusLine(text: text, kind: .error)
        }
        var effects = refreshEffects(state)
        if state.screen != .actions { effects.append(.loadActions(filter: state.actions.filter)) }
        return effects
    }

    /// The one rendering of an action's result in the console: the status line, the bypass
    /// code's box, and leaving the overview of a device that is gone.
    static func show(_ result: ActionResult, _ state: inout AppState) {
        let viaService = result.path == .service
        switch result.outcome {
        case .taken(let record, let deviceRemoved, let code, _):
            let title = record.action.title(on: record.platform)
            state.status = viaService
                ? StatusLine(text: "\(title) sent to \(record.deviceName): accepted by the service.", kind: .success)
                : StatusLine(text: "\(title) sent to \(record.deviceName): \(record.state.rawValue). \(record.detail)", kind: .success)
            if let code {
                let validity = viaService ? "Read from the service just now; never stored."
                    : "Valid until \(DateText.short(BypassCode.expiry(issuedAt: record.issuedAt))) UTC (15 days)."
                state.overlay = .result(ResultBox(
                    title: "Activation Lock bypass code",
                    lines: [code, "", validity,
                            "Copy it before wiping: type it on the device's Activation Lock screen after the wipe. Any case; dashes optional. (R2, R3)"],
                    isError: false))
            }
            if deviceRemoved, state.screen == .overview(deviceId: record.deviceId) {
                state.screen = state.backStack.popLast() ?? .devices
            }
        case .refused(let verdict):
            state.status = StatusLine(text: "\(verdict.title) is greyed out (\(verdict.rule?.rawValue ?? "")): \(verdict.reason ?? ""). Nothing was \(viaService ? "sent" : "taken").",
                                      kind: .error)
        case .refusedByService(let status, let code, let message):
            state.status = StatusLine(text: "The service refused it: \(status) \(code): \(message)", kind: .error)
        case .unknown(let record, let reason, _):
            let title = record.action.title(on: record.platform)
            state.status = StatusLine(text: "\(title) on \(record.deviceName): unknown — check Device actions (\(reason)). Not resent.", kind: .error)
        case .awaitingApproval(let request):
            state.status = StatusLine(text: "\(request.summary): asked for approval (request \(request.id.prefix(8))…). Nothing taken until another approver approves and you complete it.",
                                      kind: .success)
        }
    }
}
