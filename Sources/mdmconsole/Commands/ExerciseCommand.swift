import ArgumentParser
import Foundation
import MDMCore

/// Takes actions in a loop, for crash, concurrency and speed tests (not in --help).
struct ExerciseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exercise", abstract: "Take random allowed actions in a loop (testing).", shouldDisplay: false)

    @OptionGroup var global: GlobalOptions
    @Option(help: "How many actions to take.") var actions: Int = 100
    @Option(help: "Seed for the choices.") var seed: UInt64 = UInt64(getpid())
    @Flag(help: "Advance the clock now and then, so actions complete.") var moveClock = false

    func run() throws {
        try reporting {
            let store = try global.openStore()
            let started = Date()
            let taken = try Exerciser(store: store, operatorUPN: global.resolvedOperator, seed: seed).run(actions: actions, moveClock: moveClock)
            print("\(taken) actions taken in \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
        }
    }
}
