import Foundation
import Synchronization

/// Faults `serve --fault` injects, for testing clients against what a real service does now
/// and then: `KIND@list:N` or `KIND@action:N` hits the Nth device-list request (a page of
/// `managedDevices`) or the Nth action request (a POST or DELETE on a device), counting from
/// 1 since the server started. Kinds: `500`, `503`, `429` (Retry-After 1), `401` (the token
/// taken as expired), `notjson` (a 200 whose body is not JSON), `loop` (a page whose nextLink
/// is the request itself), `slow` (answers after 30 s), `done-503` (carries the action out,
/// then answers 503: what a client must never resend blindly).
public final class FaultPlan: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case serverError = "500", unavailable = "503", throttled = "429", unauthorized = "401"
        case notJSON = "notjson", loop, slow, doneThenUnavailable = "done-503"
    }

    public enum Target: String, Sendable { case list, action }

    struct Fault: Sendable {
        let kind: Kind
        let target: Target
        let ordinal: Int
    }

    let faults: [Fault]
    private let counters = Mutex<[Target: Int]>([:])

    /// Parses the `--fault` options; nil with the problem when one cannot be read.
    public init(_ specs: [String]) throws {
        faults = try specs.map { spec in
            let parts = spec.split(separator: "@", maxSplits: 1).map(String.init)
            let where_ = parts.count == 2 ? parts[1].split(separator: ":").map(String.init) : []
            guard parts.count == 2, let kind = Kind(rawValue: parts[0].lowercased()), where_.count == 2,
                  let target = Target(rawValue: where_[0]), let ordinal = Int(where_[1]), ordinal >= 1 else {
                throw FaultPlanError(message: "--fault \(spec): expected KIND@list:N or KIND@action:N, KIND one of \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return Fault(kind: kind, target: target, ordinal: ordinal)
        }
    }

    /// Counts a request of `target` and says which fault, if any, it meets.
    func next(_ target: Target) -> Kind? {
        let ordinal = counters.withLock { counts -> Int in
            counts[target, default: 0] += 1
            return counts[target]!
        }
        return faults.first { $0.target == target && $0.ordinal == ordinal }?.kind
    }
}

public struct FaultPlanError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
