import ArgumentParser
import Foundation
import MDMCore

/// Operators by SSH key: one service account, one forced command per key (gitolite's pattern).
struct OperatorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operators",
        abstract: "Operators' SSH keys, and the authorized_keys lines that make each key its operator.",
        subcommands: [AddKey.self, RemoveKey.self, Keys.self, AuthorizedKeysLines.self],
        defaultSubcommand: Keys.self)

    struct AddKey: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-key", abstract: "Make an SSH public key (a .pub file) this operator's (Administrators only; audited).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The operator's user principal name.") var upn: String
        @Argument(help: ArgumentHelp("The public key file (one line: type, key, comment).", valueName: "pubkey-file")) var file: String
        func run() throws {
            try reporting {
                let key = try PublicKeyFile.read(file)
                try OperatorKeys(store: try global.openStore()).add(key, to: upn, by: global.resolvedOperator)
                print("\(key.fingerprint) is now \(upn). Refresh the service account's authorized_keys: mdmconsole operators authorized-keys")
            }
        }
    }

    struct RemoveKey: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove-key", abstract: "Take a key away from its operator (Administrators only; audited).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("The key's fingerprint (SHA256:…, as `operators keys` lists it).", valueName: "fingerprint")) var fingerprint: String
        func run() throws {
            try reporting {
                try OperatorKeys(store: try global.openStore()).remove(fingerprint, by: global.resolvedOperator)
                print("\(fingerprint) is no operator any more; its sessions are refused from their next start.")
            }
        }
    }

    struct Keys: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "keys", abstract: "Every operator's keys (the default).")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Output JSON.") var json = false
        func run() throws {
            try reporting {
                let keys = try OperatorKeys(store: try global.openStore()).all()
                if json {
                    struct Entry: Encodable { let userPrincipalName, fingerprint, publicKey, comment, addedDateTime: String }
                    return try JSONOutput.print(keys.map {
                        Entry(userPrincipalName: $0.upn, fingerprint: $0.fingerprint, publicKey: $0.publicKey, comment: $0.comment,
                              addedDateTime: DateText.iso($0.addedAt))
                    })
                }
                var table = TextTable([("Operator", 36), ("Fingerprint", 51), ("Comment", 30)])
                for key in keys { table.add([key.upn, key.fingerprint, key.comment]) }
                print(table.render())
                print("\(keys.count) key\(keys.count == 1 ? "" : "s")")
            }
        }
    }

    struct AuthorizedKeysLines: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "authorized-keys",
            abstract: "The service account's authorized_keys lines, one forced command per key (or run it as sshd's AuthorizedKeysCommand).")
        @OptionGroup var global: GlobalOptions
        @Option(help: ArgumentHelp("The mdmconsole the lines run (default: this one).", valueName: "path")) var binary: String?
        func run() throws {
            try reporting {
                let store = try global.openStore()
                let program = binary ?? CommandLine.executablePath
                let storePath = URL(fileURLWithPath: store.path).standardizedFileURL.path
                for path in [program, storePath] {
                    if let problem = AuthorizedKeys.problem(in: path) { throw Failure(problem, code: Failure.usage) }
                }
                for key in try OperatorKeys(store: store).all() {
                    print(AuthorizedKeys.line(for: key, binary: program, store: storePath))
                }
            }
        }
    }
}

/// A `.pub` file, read with a size limit and errors that name the file and the line.
enum PublicKeyFile {
    static func read(_ path: String) throws -> SSHPublicKey {
        var status = stat()
        guard stat(path, &status) == 0 else { throw Failure("\(path): no such file", code: Failure.usage) }
        guard (status.st_mode & S_IFMT) == S_IFREG, status.st_size <= 16_384 else {
            throw Failure("\(path): not a public key file (a regular file of a few hundred bytes)", code: Failure.usage)
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw Failure("\(path): cannot read it as UTF-8 text", code: Failure.usage)
        }
        if text.contains("PRIVATE KEY") { throw Failure("\(path): this is a private key; give the .pub file", code: Failure.usage) }
        let lines = text.split(whereSeparator: \.isNewline).enumerated().filter { !$0.element.trimmingCharacters(in: .whitespaces).isEmpty && !$0.element.hasPrefix("#") }
        guard lines.count == 1, let (index, line) = lines.first else {
            throw Failure("\(path): expected one public key line, found \(lines.count)", code: Failure.usage)
        }
        do {
            return try SSHPublicKey(line: String(line))
        } catch let error as SSHKeyError {
            throw Failure("\(path): line \(index + 1): \(error.message)", code: Failure.usage)
        }
    }
}

extension CommandLine {
    /// This executable's absolute path, for the lines sshd will run.
    static var executablePath: String {
        URL(fileURLWithPath: Bundle.main.executablePath ?? arguments[0]).resolvingSymlinksInPath().path
    }
}
