import Foundation

/// The process as the audit log names it: the account that runs it (from the system, not
/// `$USER`, which anyone can set), the host, and which front end it is.
enum ProcessLogin {
    static var name: String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return String(geteuid())
    }

    static var host: String { ProcessInfo.processInfo.hostName }

    /// The SSH client's address: sshd sets SSH_CONNECTION ("client port server port"), and a
    /// client cannot set it (PermitUserEnvironment no). Empty when local.
    static var sshClientAddress: String {
        ProcessInfo.processInfo.environment["SSH_CONNECTION"].flatMap { $0.split(separator: " ").first.map(String.init) } ?? ""
    }

    /// `mdmconsole console` or `mdmconsole cli`, set by `main` before the command runs.
    nonisolated(unsafe) static var application = "mdmconsole cli"
}
