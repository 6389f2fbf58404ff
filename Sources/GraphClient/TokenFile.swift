import Crypto
import Foundation
import MDMCore

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

/// Whose tokens a file keeps: a source's own sign-in (an application's, or the token command's),
/// or one operator's own sign-in as themselves. On a shared service account every operator's
/// file is in the one home: the console acts with the file of the operator it resolved (by SSH
/// key or login), never another's.
public enum TokenOwner: Sendable, Hashable {
    case source
    case `operator`(String)

    /// The identity a sync reads with: a person's connect (device code) reads as that person,
    /// one named operator's delegated sign-in; an application (or a token command) as itself.
    public static func reader(of source: GraphSource) -> TokenOwner {
        if case .deviceCode = source.signIn, let account = source.account, !account.isEmpty { return .operator(account) }
        return .source
    }

    /// The file name's part after the source id: the operator's name is hashed, so no UPN
    /// can make a path of it.
    var suffix: String {
        switch self {
        case .source: ""
        case .operator(let upn): ".operator-" + SHA256.hash(data: Data(upn.lowercased().utf8)).prefix(12).map { String(format: "%02x", $0) }.joined()
        }
    }
}

public enum TokenFile {
    /// The folder: `$XDG_STATE_HOME/mdmconsole/tokens`, or `~/.local/state/mdmconsole/tokens`.
    public static func folder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let state = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()) + "/.local/state")
        return state + "/mdmconsole/tokens"
    }

    public static func path(for sourceId: String, owner: TokenOwner = .source, in folder: String = folder()) -> String {
        folder + "/\(sourceId)\(owner.suffix).json"
    }

    /// The file of a person who connected before sign-ins were per operator (one file per
    /// source) becomes that person's own, once: the sign-in is theirs.
    public static func adoptSourceFile(of source: GraphSource) {
        guard case .operator = TokenOwner.reader(of: source), (try? checkFolder(folder())) != nil else { return }
        let old = path(for: source.id), new = path(for: source.id, owner: TokenOwner.reader(of: source))
        var status = stat()
        guard lstat(new, &status) != 0, lstat(old, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return }
        rename(old, new)
    }

    public static func read(sourceId: String, owner: TokenOwner = .source) -> StoredTokens? {
        guard (try? checkFolder(folder())) != nil else { return nil }
        // Never through a symlink: the token file is ours or nothing.
        let descriptor = open(path(for: sourceId, owner: owner), O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        guard let data = try? handle.read(upToCount: 1 << 20) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(StoredTokens.self, from: data)
    }

    /// The token folder and the folders above it up to the state home must be this user's
    /// (or root's) and writable by no one else: another user who may write there could plant
    /// a link where the token is written, or read it. Refused, saying which folder and why.
    public static func checkFolder(_ folder: String) throws {
        let me = geteuid()
        let top = (folder as NSString).deletingLastPathComponent  // …/mdmconsole
        for path in [folder, top, (top as NSString).deletingLastPathComponent] {
            var status = stat()
            guard lstat(path, &status) == 0 else { continue }  // made below, by us
            guard (status.st_mode & S_IFMT) == S_IFDIR else {
                throw TokenFolderError(message: "\(path) is not a folder (a link or a file): tokens are not kept there; remove it or set XDG_STATE_HOME")
            }
            guard status.st_uid == me || status.st_uid == 0 else {
                throw TokenFolderError(message: "\(path) belongs to uid \(status.st_uid), not to you: tokens are not kept there; set XDG_STATE_HOME to a folder of your own")
            }
            // The sticky bit (as on /tmp) stops others replacing what is ours; the folders we make are 0700.
            let othersWrite = status.st_mode & (S_IWGRP | S_IWOTH)
            guard othersWrite == 0 || (path != folder && path != top && status.st_mode & S_ISVTX != 0) else {
                throw TokenFolderError(message: "\(path) can be written by other users (mode \(String(status.st_mode & 0o7777, radix: 8))): tokens are not kept there; `chmod go-w \(path)`")
            }
        }
    }

    /// Written to a new temporary file (created 0600, never through a link, never an
    /// existing one) then renamed over the token file (a link there is replaced, not followed).
    public static func write(_ tokens: StoredTokens, sourceId: String, owner: TokenOwner = .source) throws {
        let folder = folder()
        try checkFolder(folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try checkFolder(folder)
        chmod(folder, 0o700)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(tokens)
        let temporary = folder + "/.\(sourceId).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw TransportError(message: "cannot write the token file in \(folder): \(String(cString: strerror(errno)))") }
        let written = data.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        fsync(descriptor)
        close(descriptor)
        // Into the folder checked above, not one read again from the environment.
        guard written == data.count, rename(temporary, path(for: sourceId, owner: owner, in: folder)) == 0 else {
            unlink(temporary)
            throw TransportError(message: "cannot write the token file in \(folder)")
        }
    }

    /// `logout`: true when there was a file to delete.
    @discardableResult
    public static func delete(sourceId: String, owner: TokenOwner = .source) -> Bool {
        unlink(path(for: sourceId, owner: owner) + ".lock")  // TokenFileLock's; empty
        return unlink(path(for: sourceId, owner: owner)) == 0
    }
}

/// The token folder is not safe to keep tokens in.
public struct TokenFolderError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}
