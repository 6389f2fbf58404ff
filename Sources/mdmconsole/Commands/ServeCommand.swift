import ArgumentParser
import Dispatch
import Foundation
import GraphServer
import Logging
import MDMCore

/// `mdmconsole serve`: the tenant behind a Microsoft Graph–compatible endpoint.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the store as a Microsoft Graph v1.0 deviceManagement endpoint (bearer tokens from `tokens issue`).")

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Where to listen; port 0 picks a free one.", valueName: "host:port")) var listen = "127.0.0.1:8650"
    @Option(help: ArgumentHelp("Throttling: service (Intune's limits), off, or N/20s per token.", valueName: "limits")) var throttle = "service"
    @Option(help: ArgumentHelp("Serve HTTPS with this PEM certificate chain (with --tls-key).", valueName: "file")) var tlsCert: String?
    @Option(help: ArgumentHelp("The PEM private key of --tls-cert.", valueName: "file")) var tlsKey: String?
    @Option(help: ArgumentHelp("The address clients reach this endpoint at (a front proxy's), for the links in answers; default: this server's scheme, --listen host and port.",
                               valueName: "url"))
    var publicURL: String?
    @Option(help: ArgumentHelp("How long a sign-in's access token lives: 1h (the identity platform's default), 30s, …", valueName: "duration"))
    var accessTokenLifetime = "1h"
    @Option(help: ArgumentHelp("Write tokens' iat/exp claims as if this server's clock were off by this much (-2h, 90m), for testing clients.", valueName: "duration"))
    var claimsClockSkew: String?
    @Option(help: ArgumentHelp("Inject a fault, for testing clients: KIND@list:N or KIND@action:N (KIND: 500, 503, 429, 401, notjson, loop, slow, done-503). Repeatable.",
                               valueName: "fault"))
    var fault: [String] = []
    @Option(help: ArgumentHelp("Serve Prometheus metrics (GET /metrics, no token) on this address, apart from the endpoint; port 0 picks a free one.",
                               valueName: "host:port"))
    var metricsListen: String?

    func run() throws {
        try reporting {
            let (host, port) = try Self.address(listen)
            guard (tlsCert == nil) == (tlsKey == nil) else {
                throw Failure("--tls-cert and --tls-key go together", code: Failure.usage)
            }
            let tls = tlsCert.flatMap { cert in tlsKey.map { (certificate: cert, key: $0) } }
            guard tls != nil || EndpointAddress.isLoopback(host) else {
                // Tokens and bypass codes would cross the network in clear.
                throw Failure("--listen \(listen): without TLS the endpoint listens on loopback only (tokens and bypass codes would cross the network in clear); give --tls-cert and --tls-key", code: Failure.usage)
            }
            if let publicURL {
                guard let address = EndpointAddress(publicURL), let parts = URLComponents(string: publicURL), parts.query == nil, parts.fragment == nil,
                      address.scheme == "https" || address.isLoopback else {
                    throw Failure("--public-url \(publicURL): expected an https URL such as https://graph.example.org (plain http only on loopback)", code: Failure.usage)
                }
            }
            let limits = ThrottleLimits(throttle)
            guard limits != nil || throttle.lowercased() == "off" else {
                throw Failure("--throttle \(throttle): expected service, off, or N/20s (for example 50/20s)", code: Failure.usage)
            }
            guard let lifetime = DateParsing.duration(accessTokenLifetime), lifetime >= 1, lifetime <= 86_400 else {
                throw Failure("--access-token-lifetime \(accessTokenLifetime): expected a duration from 1s to 24h (for example 1h, 30s)", code: Failure.usage)
            }
            var skew: TimeInterval = 0
            if let claimsClockSkew {
                let negative = claimsClockSkew.hasPrefix("-")
                guard let amount = DateParsing.duration(negative ? String(claimsClockSkew.dropFirst()) : claimsClockSkew) else {
                    throw Failure("--claims-clock-skew \(claimsClockSkew): expected a duration such as -2h or 90m", code: Failure.usage)
                }
                skew = negative ? -amount : amount
            }
            let faults: FaultPlan?
            do { faults = fault.isEmpty ? nil : try FaultPlan(fault) } catch { throw Failure(String(describing: error), code: Failure.usage) }
            let metrics = try metricsListen.map { text in
                do { return try Self.address(text) } catch { throw Failure("--metrics-listen \(text): expected HOST:PORT, for example 127.0.0.1:9650", code: Failure.usage) }
            }
            let store = try global.openStore()
            var logger = Logger(label: "mdmconsole.serve") { _ in StreamLogHandler.standardError(label: "serve") }
            logger.logLevel = .info
            let finished = DispatchSemaphore(value: 0)
            let outcome = Outcome()
            Task {
                do {
                    try await GraphServer.run(store: store, host: host, port: port, throttle: limits, tls: tls, publicURL: publicURL,
                                              accessTokenLifetime: lifetime, claimsClockSkew: skew, faults: faults, metrics: metrics, logger: logger,
                                              metricsListening: { host, port in
                        FileHandle.standardOutput.write(Data("metrics on http://\(host.contains(":") ? "[\(host)]" : host):\(port)/metrics\n".utf8))
                    }) { host, port in
                        // Written at once (a script waits for this line to know the port).
                        let scheme = tls == nil ? "http" : "https"
                        FileHandle.standardOutput.write(Data("listening on \(scheme)://\(host.contains(":") ? "[\(host)]" : host):\(port)/v1.0\n".utf8))
                    }
                } catch {
                    outcome.error = error
                }
                finished.signal()
            }
            finished.wait()
            if let error = outcome.error as? TLSFileError { throw Failure(error.message, code: Failure.usage) }
            if let error = outcome.error { throw Failure("cannot serve on \(listen): \(error)", code: Failure.failed) }
        }
    }

    /// `HOST:PORT`, `[::1]:PORT`.
    static func address(_ text: String) throws -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port) else {
            throw Failure("--listen \(text): expected HOST:PORT, for example 127.0.0.1:8650 (port 0 picks a free one)", code: Failure.usage)
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw Failure("--listen \(text): the host is missing", code: Failure.usage) }
        return (host, port)
    }

    /// What the server task ended with, handed to the waiting thread.
    final class Outcome: @unchecked Sendable {
        var error: Error?
    }
}
