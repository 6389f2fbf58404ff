import ArgumentParser
import Foundation
import MDMCore

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Move the tenant clock and the simulated devices (check-ins, online/offline, Company Portal).",
        discussion: "Administrators only, audited. On a tenant that is not a demo or sandbox the simulator is off until an Administrator runs `simulate allow`.",
        subcommands: [Clock.self, Advance.self, SetClock.self, CheckInDevice.self, Online.self, Offline.self, PortalRetire.self,
                      Allow.self, Forbid.self])

    struct Allow: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "allow", abstract: "Turn the simulator on for a tenant that is not a demo (Administrators only, audited).")
        @OptionGroup var global: GlobalOptions
        func run() throws { try SimulationOutput.allow(global, true) }
    }

    struct Forbid: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "forbid", abstract: "Turn the simulator off again for a tenant that is not a demo (Administrators only, audited).")
        @OptionGroup var global: GlobalOptions
        func run() throws { try SimulationOutput.allow(global, false) }
    }

    struct Clock: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "clock", abstract: "Print the tenant clock.")
        @OptionGroup var global: GlobalOptions
        func run() throws {
            try reporting { print(DateText.iso(try global.openStore().now())) }
        }
    }

    struct Advance: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "advance",
            abstract: "Move the clock forward (15d, 8h, 90m, 13mo, 1y); online devices check in every 8 hours on the way.")
        @OptionGroup var global: GlobalOptions
        // Every word, so that `-5d` reaches the check below instead of reading as a flag.
        @Argument(parsing: .allUnrecognized, help: "How far: 15d, 8h, 90m, 2w, 13mo, 1y, or sums like 1d12h.") var words: [String] = []
        func run() throws {
            try reporting {
                guard words.count == 1, let duration = words.first else {
                    throw Failure(words.isEmpty ? "give how far to move the clock, for example 15d, 8h, 90m, 13mo"
                                                : "give one duration, not \(words.count) words (for example 1d12h)", code: Failure.usage)
                }
                if duration.hasPrefix("-") {
                    throw Failure("\"\(duration)\": the tenant clock only moves forward (give a positive duration)", code: Failure.usage)
                }
                guard let interval = DateParsing.duration(duration), interval > 0 else {
                    throw Failure("\"\(duration)\" is not a duration (for example 15d, 8h, 90m, 13mo)", code: Failure.usage)
                }
                SimulationOutput.show(try Simulator(store: try global.openStore()).advance(by: interval, by: global.resolvedOperator))
            }
        }
    }

    struct SetClock: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Move the clock forward to a date (ISO 8601).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The new time, e.g. 2027-01-15T09:00:00Z.") var date: String
        func run() throws {
            try reporting {
                guard let target = DateParsing.iso(date) else {
                    throw Failure("\"\(date)\" is not an ISO 8601 date (for example 2027-01-15T09:00:00Z)", code: Failure.usage)
                }
                SimulationOutput.show(try Simulator(store: try global.openStore()).set(to: target, by: global.resolvedOperator))
            }
        }
    }

    struct CheckInDevice: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "checkin", abstract: "The device checks in now (delivering what is pending).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "A device id or exact name.") var device: String
        func run() throws {
            try reporting {
                let store = try global.openStore()
                let target = try store.resolveDevice(device)
                let pending = try store.actions(deviceId: target.id).filter { $0.state.isOpen }
                let after = try Simulator(store: store).checkIn(deviceId: target.id, by: global.resolvedOperator)
                print("\(after.name) checked in at \(DateText.short(after.lastCheckInAt)); state \(after.managementState.rawValue); certificate valid until \(DateText.short(after.certificateExpiresAt)).")
                for record in pending {
                    if let now = try store.actions(deviceId: target.id).first(where: { $0.id == record.id }) {
                        print("  \(now.action.title(on: now.platform)): \(now.state.rawValue). \(now.detail)")
                    }
                }
            }
        }
    }

    struct Online: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "online", abstract: "The device goes online: it checks in every 8 hours.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "A device id or exact name.") var device: String
        func run() throws { try SimulationOutput.setOnline(global, device, true) }
    }

    struct Offline: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "offline", abstract: "The device goes offline: it never checks in.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "A device id or exact name.") var device: String
        func run() throws { try SimulationOutput.setOnline(global, device, false) }
    }

    struct PortalRetire: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "portal-retire",
            abstract: "The device's user retires it from the Company Portal (no admin audit entry, R19).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "A device id or exact name.") var device: String
        func run() throws {
            try reporting {
                let store = try global.openStore()
                let target = try store.resolveDevice(device)
                let record = try Simulator(store: store).portalRetire(deviceId: target.id, by: global.resolvedOperator)
                print("\(record.initiatedBy) retired \(record.deviceName) from the Company Portal: action \(record.id), state \(record.state.rawValue). No admin audit entry is written (R19).")
            }
        }
    }
}

enum SimulationOutput {
    static func show(_ report: SimulationReport) {
        print("Clock: \(DateText.iso(report.from)) -> \(DateText.iso(report.to))")
        print("Check-ins: \(report.checkIns); actions delivered: \(report.actionsCompleted.count)")
        if !report.devicesRemoved.isEmpty {
            print("Removed by the service 180 days after their certificate expired (R15): \(report.devicesRemoved.joined(separator: ", "))")
        }
    }

    static func allow(_ global: GlobalOptions, _ allowed: Bool) throws {
        try reporting {
            try Simulator(store: try global.openStore()).allow(allowed, by: global.resolvedOperator)
            print(allowed ? "The simulator is on for this tenant: `simulate` moves its clock and devices." : "The simulator is off for this tenant.")
        }
    }

    static func setOnline(_ global: GlobalOptions, _ device: String, _ online: Bool) throws {
        try reporting {
            let store = try global.openStore()
            let target = try store.resolveDevice(device)
            let after = try Simulator(store: store).setOnline(deviceId: target.id, online, by: global.resolvedOperator)
            print("\(after.name) is now \(online ? "online: it checks in every 8 hours" : "offline: it will not check in").")
        }
    }
}
