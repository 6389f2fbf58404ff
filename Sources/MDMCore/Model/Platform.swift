/// The operating system family of a device, as the service names it (`operatingSystem`).
public enum Platform: String, Codable, Sendable, CaseIterable {
    case iOS
    case iPadOS
    case macOS
    case windows = "Windows"
    case android = "Android"

    /// The name people read in the portal.
    public var displayName: String {
        switch self {
        case .iOS: "iOS"
        case .iPadOS: "iPadOS"
        case .macOS: "macOS"
        case .windows: "Windows"
        case .android: "Android"
        }
    }

    /// iPhone and iPad: the platforms where Reset passcode is called Remove passcode.
    public var isAppleMobile: Bool {
        switch self {
        case .iOS, .iPadOS: true
        case .macOS, .windows, .android: false
        }
    }

    /// Parses a user-typed platform (`ios`, `iPadOS`, `android`, …), ignoring case.
    public init?(loose text: String) {
        let lowered = text.lowercased()
        guard let match = Platform.allCases.first(where: { $0.rawValue.lowercased() == lowered }) else { return nil }
        self = match
    }
}
