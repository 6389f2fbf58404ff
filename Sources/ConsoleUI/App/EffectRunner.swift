import Foundation
import MDMCore

/// Carries out the effects `update` asks for against the store, and turns what comes back
/// into messages. Theme changes and quitting belong to the terminal loop.
public struct EffectRunner: Sendable {
    public let store: TenantStore
    public let operatorUPN: String
    let service: ActionService
    /// A connected tenant's service; nil on a simulated tenant.
    public let sender: (any ServiceActionSending)?
    /// Where this console's audit entries come from, carried to work done off its thread.
    let auditContext = AuditOrigin.context
    /// Set by Esc during a bulk run; the run asks it between devices.
    let bulkStop = StopSwitch()
    /// The store revision last seen, so a tick knows whether anyone wrote since.
    let revisions = RevisionWatch()
    /// Screen-reader mode: the header says when the mirror synced, not how long ago, so it
    /// is not repainted (and read out) as time passes.
    public var saysTimesOfDay = false

    public init(store: TenantStore, operatorUPN: String, sender: (any ServiceActionSending)? = nil) {
        self.store = store
        self.operatorUPN = operatorUPN
        self.sender = sender
        service = ActionService(store: store)
    }

    public func perform(_ effect: Effect) -> Message? {
        do {
            switch effect {
            case .loadHeader:
                let status = sender == nil ? nil : try store.mirrorStatus()
                let approvals = ApprovalService(store: store)
                return .loaded(.header(HeaderInfo(tenantName: try store.tenantName(), clock: try store.now(),
                                                  role: try store.role(of: operatorUPN), mirror: status?.summary(now: Date(), timeOfDay: saysTimesOfDay),
                                                  auditNotice: status?.auditUnavailable,
                                                  toApprove: try approvals.awaitingApproval(by: operatorUPN).count,
                                                  protectedActions: Set(try approvals.policies().flatMap(\.protectedActions)))))
            case .loadDevices(let request):
                let window = try store.deviceWindow(try scoped(request.query), start: request.start, limit: request.limit, counting: request.counting)
                return .loaded(.devices(request, window))
            case .countDevices(let query):
                return .loaded(.deviceCount(query, try store.deviceCount(try scoped(query))))
            case .loadOverview(let id):
                return .loaded(.overview(deviceId: id, try store.overview(deviceId: id, operatorUPN: operatorUPN)))
            case .loadActions(let filter):
                let records = try store.actions(state: filter, seenBy: operatorUPN)
                return .loaded(.actions(ActionsPage(filter: filter, records: records, explanations: try store.noAuditEntryExplanations(for: records),
                                                    now: try store.now())))
            case .loadAudit(let request):
                return .loaded(.audit(request, try store.auditWindow(try scoped(request.query), start: request.start, limit: request.limit, counting: request.counting)))
            case .countAudit(let query):
                return .loaded(.auditCount(query, try store.auditCount(try scoped(query))))
            case .take(let request) where sender != nil:
                do {
                    return .actionFinished(.result(try takeConnected(request).result, request: request))
                } catch {
                    return .actionFinished(.error(describe(error), request: request))
                }
            case .take(let request):
                do {
                    return .actionFinished(.result(try service.take(request).result, request: request))
                } catch {
                    return .actionFinished(.error(describe(error), request: request))
                }
            case .checkStore:
                do {
                    return try revisions.changed(in: store) ? .storeChanged : nil
                } catch StoreError.replaced(let path) {
                    // Writing on would go into a deleted file and vanish: stop, and say why.
                    return .storeLost(describe(StoreError.replaced(path: path)))
                } catch {
                    return nil  // a read that failed this time: the next tick looks again
                }
            case .previewBulk(let selection):
                let previews = try DeviceAction.bulkActions.map {
                    try BulkPreview.compute(store, action: $0, selection: selection, operatorUPN: operatorUPN, sampleSize: 8)
                }
                return .loaded(.bulkPreviews(selection, previews))
            case .runBulk:
                return runBulk(effect, post: { _ in })
            case .stopBulk:
                bulkStop.turn(on: true)
                return nil
            case .recordBypassCodeRead(let id):
                try store.recordBypassCodeRead(deviceId: id, by: operatorUPN, through: "console")
                return nil
            case .loadBulkResults(let id):
                return .loaded(.bulkResults(bulkId: id, try BulkRuns(store: store).results(id)))
            case .loadBulkRuns:
                return .loaded(.bulkRuns(try BulkRuns(store: store).runs()))
            case .loadApprovals:
                let now = try store.now()
                // Open requests, then the last decided ones (a status stays visible a while, as in the service).
                let seen = try ApprovalService(store: store).requests(seenBy: operatorUPN)
                return .loaded(.approvals(seen.filter { $0.status(at: now).isOpen } + seen.filter { !$0.status(at: now).isOpen }.prefix(20), now: now))
            case .approvalStep(let step):
                return approvalStep(step)
            case .setTheme, .signIn, .quit:
                return nil
            }
        } catch {
            return .failed(describe(error))
        }
    }

    /// One step on an approval request. A device action's completion comes back as the action
    /// request to take, which goes through `.take` like any other (to the service on a connected
    /// tenant); the rest say what was done or why not.
    func approvalStep(_ step: ApprovalStep) -> Message {
        let approvals = ApprovalService(store: store)
        do {
            switch step {
            case .approve(let id, let note):
                let request = try approvals.approve(id, note: note, by: operatorUPN)
                return .approvalStepDone("Approved: \(request.summary). \(request.requestor) completes it.", isError: false)
            case .reject(let id, let note):
                let request = try approvals.reject(id, note: note, by: operatorUPN)
                return .approvalStepDone("Rejected: \(request.summary). Nothing will be taken.", isError: false)
            case .cancel(let id):
                let request = try approvals.cancel(id, by: operatorUPN)
                return .approvalStepDone("Cancelled: \(request.summary).", isError: false)
            case .complete(let id):
                let request = try approvals.request(id, seenBy: operatorUPN)
                switch request.subject {
                case .createPolicy, .deletePolicy:
                    _ = try approvals.completePolicyChange(id, by: operatorUPN)
                    return .approvalStepDone("Completed: \(request.summary).", isError: false)
                case .deviceAction(let action, let ids, _, let options) where ids.count > 1:
                    let summary = try AuditOrigin.$context.withValue(auditContext) {
                        try BulkRunner(store: store).run(action, selection: .ids(ids), operatorUPN: operatorUPN, confirmCount: nil,
                                                         options: options, approvalRequestId: id)
                    }
                    return .approvalStepDone("\(request.summary): \(summary.taken) taken, \(summary.greyed) greyed, \(summary.denied) denied, \(summary.failed) failed.",
                                             isError: summary.taken < summary.total)
                case .deviceAction:
                    return .approvalCompletion(try approvals.actionRequest(for: request, by: operatorUPN))
                }
            }
        } catch {
            return .approvalStepDone(describe(error), isError: true)
        }
    }

    /// The query as this operator may see it: their scope tags, read each time (an
    /// administrator may change them while the console is open). The request keeps its own
    /// query, which is how its answer is matched to it.
    func scoped(_ query: DeviceQuery) throws -> DeviceQuery {
        var query = query
        query.scope = try store.scope(of: operatorUPN)
        return query
    }

    func scoped(_ query: AuditQuery) throws -> AuditQuery {
        var query = query
        query.reader = try store.scopedReader(operatorUPN)
        return query
    }

    /// A bulk run; its progress is posted (a few times a second), its end returned.
    func runBulk(_ effect: Effect, post: (Message) -> Void) -> Message? {
        guard case .runBulk(let action, let selection, let count, let options) = effect else { return nil }
        bulkStop.turn(on: false)
        var lastPost = Date.distantPast
        do {
            let summary = try AuditOrigin.$context.withValue(auditContext) {
                try BulkRunner(store: store, sender: sender).run(action, selection: selection, operatorUPN: operatorUPN, confirmCount: count, options: options,
                                                 shouldStop: { bulkStop.isOn }) { progress in
                    guard Date().timeIntervalSince(lastPost) > 0.1 || progress.done == progress.total else { return }
                    lastPost = Date()
                    post(.bulkProgress(progress))
                }
            }
            return .bulkFinished(.success(summary))
        } catch {
            return .bulkFinished(.failure(BulkFailure(describe(error))))
        }
    }

    /// Sends through the service and waits for its answer (this runs off the drawing loop:
    /// see `ConsoleSession.run`).
    func takeConnected(_ request: ActionRequest) throws -> ConnectedOutcome {
        let service = ConnectedActionService(store: store, sender: sender!)
        let context = auditContext
        return try blocking {
            try await AuditOrigin.$context.withValue(context) { try await service.take(request) }
        }
    }

    func describe(_ error: Error) -> String {
        String(describing: error)
    }
}
