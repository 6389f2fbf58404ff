import ArgumentParser
import MDMCore

// The core's enums as command-line values: ArgumentParser lists them in --help and refuses
// any other value naming the ones it takes, so no command parses them by hand.

extension Platform: ExpressibleByArgument {
    /// `ios`, `IOS`, `android`…: any case.
    public init?(argument: String) { self.init(loose: argument) }
}

extension DeviceQuery.SortKey: ExpressibleByArgument {}

extension ImportFormat: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

extension ActionState: ExpressibleByArgument {
    public init?(argument: String) {
        guard let state = ActionState.allCases.first(where: { $0.rawValue.lowercased() == argument.lowercased() }) else { return nil }
        self = state
    }
}

