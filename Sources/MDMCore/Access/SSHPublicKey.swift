import Crypto
import Foundation

/// One OpenSSH public key line (`ssh-ed25519 AAAA… comment`), checked as sshd would read
/// it, with its fingerprint as `ssh-keygen -l` prints it (`SHA256:` and the unpadded base64
/// of the SHA-256 of the key blob).
public struct SSHPublicKey: Sendable, Equatable {
    public let type: String
    /// The key blob, base64, as in the file.
    public let blob: String
    public let comment: String
    public let fingerprint: String

    public static let types: Set<String> = [
        "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
    ]

    /// Why a line is not a public key, or the key. Options before the type (an
    /// authorized_keys line) are refused: this takes a `.pub` file.
    public init(line: String) throws {
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let type = fields.first else { throw SSHKeyError("the line is empty") }
        guard Self.types.contains(type) else {
            throw SSHKeyError("\"\(TerminalText.visible(String(type.prefix(40))))\" is not a public key type (expected one of \(Self.types.sorted().joined(separator: ", ")))")
        }
        guard fields.count >= 2, let data = Data(base64Encoded: fields[1]), data.count >= 4 else {
            throw SSHKeyError("the key after \(type) is not base64")
        }
        // The blob begins with its own type, length-prefixed: a key pasted under the wrong type is refused.
        let bytes = [UInt8](data)
        let length = Int(bytes[0]) << 24 | Int(bytes[1]) << 16 | Int(bytes[2]) << 8 | Int(bytes[3])
        guard length <= bytes.count - 4, String(decoding: bytes[4..<(4 + length)], as: UTF8.self) == type else {
            throw SSHKeyError("the key's content is not a \(type) key")
        }
        let comment = fields.dropFirst(2).joined(separator: " ")
        if let problem = InputText.problem(in: comment) { throw SSHKeyError("the comment \(problem)") }
        self.type = type
        blob = fields[1]
        self.comment = comment
        fingerprint = "SHA256:" + Data(SHA256.hash(data: data)).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    /// The key as a `.pub` line.
    public var line: String { comment.isEmpty ? "\(type) \(blob)" : "\(type) \(blob) \(comment)" }
}

/// Why a public key file cannot be used.
public struct SSHKeyError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
