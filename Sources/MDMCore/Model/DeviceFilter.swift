/// A device named on the command line: one device of the tenant, or text to match in its
/// history (a removed device, part of a name).
public enum DeviceFilter: Sendable, Equatable {
    case device(Device)
    case text(String)
}
