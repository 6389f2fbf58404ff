import Foundation

/// A connected tenant's tokens, in a file of its own under `$XDG_STATE_HOME/mdmconsole/`
/// (mode 0600 in a 0700 folder), never in the store, never in a log or an error.
public struct StoredTokens: Codable, Sendable, Equatable {
    public var accessToken: String
    public var refreshToken: String?
    /// By this machine's clock, from the answer's `expires_in`: a server's clock may differ.
    public var expiresAt: Date
    /// The permissions the token answer said were granted (`scope`).
    public var scope: String
    /// When it was obtained, by this machine's clock.
    public var obtainedAt: Date?

    public init(accessToken: String, refreshToken: String?, expiresAt: Date, scope: String, obtainedAt: Date? = Date()) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.expiresAt = expiresAt
        self.scope = scope
        self.obtainedAt = obtainedAt
    }

    /// Still good for the next request: renewed a little before it expires (a tenth of its
    /// life, at most a minute), by this machine's clock only.
    public func isFresh(at now: Date = Date()) -> Bool {
        let life = obtainedAt.map { expiresAt.timeIntervalSince($0) } ?? 3600
        return expiresAt.timeIntervalSince(now) > min(60, max(0, life) / 10)
    }
}

public enum TokenFile {
    /// The folder: `$XDG_STATE_HOME/mdmconsole/tokens`, or `~/.local/state/mdmconsole/tokens`.
    public static func folder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let state = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()) + "/.local/state")
        return state + "/mdmconsole/tokens"
    }

    public static func path(for sourceId: String) -> String {
        folder() + "/\(sourceId).json"
    }

    public static func read(sourceId: String) -> StoredTokens? {
        guard let data = FileManager.default.contents(atPath: path(for: sourceId)) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(StoredTokens.self, from: data)
    }

    /// Written to a temporary file made 0600 before any byte goes in, then renamed over.
    public static func write(_ tokens: StoredTokens, sourceId: String) throws {
        let folder = folder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        chmod(folder, 0o700)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(tokens)
        let temporary = folder + "/.\(sourceId).\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw TransportError(message: "cannot write the token file in \(folder): \(String(cString: strerror(errno)))") }
        let written = data.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        fsync(descriptor)
        close(descriptor)
        guard written == data.count, rename(temporary, path(for: sourceId)) == 0 else {
            unlink(temporary)
            throw TransportError(message: "cannot write the token file in \(folder)")
        }
    }

    /// `logout`: true when there was a file to delete.
    @discardableResult
    public static func delete(sourceId: String) -> Bool {
        unlink(path(for: sourceId)) == 0
    }
}
