import Foundation
import GRDB

/// Takes actions in a loop the way a busy help desk would: a random device, one of the
/// actions its rules allow, now and then the clock moving on. For crash, concurrency and
/// performance tests; every action goes through `ActionService` like any other.
public struct Exerciser: Sendable {
    public let store: TenantStore
    public let operatorUPN: String
    let seed: UInt64

    public init(store: TenantStore, operatorUPN: String, seed: UInt64) {
        self.store = store
        self.operatorUPN = operatorUPN
        self.seed = seed
    }

    /// Deletes stop when this few devices are left.
    static let minimumDevices = 40

    /// Takes `count` actions (each its own transaction); returns how many were taken.
    /// With `moveClock`, the clock also advances now and then, so actions complete.
    public func run(actions count: Int, moveClock: Bool, progress: (Int) -> Void = { _ in }) throws -> Int {
        var random = SeededRandom(seed: seed)
        // Choices follow the seed; ids must not (two seeds' streams could meet).
        let ids = RandomSource()
        let service = ActionService(store: store, random: ids)
        let simulator = Simulator(store: store, random: ids)
        var taken = 0
        var misses = 0
        while taken < count {
            let devices = try store.deviceCount()
            guard devices > 0 else { throw StoreError.invalid("no device left to act on after \(taken) actions") }
            guard let device = try store.devices(DeviceQuery(limit: 1, offset: Int.random(in: 0..<devices, using: &random))).first else { continue }
            let open = try store.actions(deviceId: device.id).filter { $0.state.isOpen }
            // Deletes are rare, and stop short of emptying the tenant.
            let mayDelete = devices > Self.minimumDevices && Int.random(in: 0..<50, using: &random) == 0
            let choices = Rules.availability(for: device, role: .administrator, now: try store.now(), openActions: open)
                // Renames are left out: a load that renamed the fleet would pull names from under
                // whoever runs beside it (a name typed to confirm a wipe, a script's selection).
                .filter { $0.enabled && ($0.action != .delete || mayDelete) && $0.action != .rename }
            guard let choice = choices.randomElement(using: &random) else {
                misses += 1
                if misses > 10 * max(count, 100) { throw StoreError.invalid("no action could be taken after \(misses) tries") }
                continue
            }
            do {
                var request = ActionRequest(action: choice.action, deviceId: device.id, operatorUPN: operatorUPN,
                                            typedName: device.name, acknowledged: true)
                request.options = Self.sampleInput(choice.action, device)
                let outcome = try service.take(request)
                if case .taken = outcome {
                    taken += 1
                    progress(taken)
                }
            } catch ActionError.unknownDevice {
                continue  // deleted by another writer meanwhile
            } catch ActionError.confirmationMismatch {
                continue  // renamed by another writer meanwhile: the name read is no longer its name
            }
            if moveClock, Int.random(in: 0..<10, using: &random) == 0 {
                _ = try simulator.advance(by: Double(Int.random(in: 1...12, using: &random)) * RuleDurations.hour, by: operatorUPN)
            }
        }
        return taken
    }

    /// Inputs the required fields accept, as a help desk would type them.
    static func sampleInput(_ action: DeviceAction, _ device: Device) -> [String: String] {
        switch action {
        case .enableLostMode: ["message": "This device is lost. Please call the help desk.", "phoneNumber": "+33 1 23 45 67 89"]
        case .sendCustomNotification: ["notificationTitle": "IT help desk", "notificationBody": "Please bring your device to the help desk."]
        default: [:]
        }
    }
}
