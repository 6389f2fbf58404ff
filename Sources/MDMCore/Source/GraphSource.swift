import Foundation
import GRDB

/// Where a connected tenant's devices come from: a Microsoft Graph endpoint (Intune's, or a
/// `mdmconsole serve`), and how to sign in to it. Kept in the store's meta table; the
/// tokens themselves never are (see `TokenFile`'s home in the client).
public struct GraphSource: Codable, Sendable, Equatable {
    /// How a token is obtained.
    public enum SignIn: Codable, Sendable, Equatable {
        /// A person at a terminal (OAuth device authorization grant), refreshed with its rotating refresh token.
        case deviceCode
        /// An application with a client secret read from this environment variable at each sign-in.
        case clientSecret(environmentVariable: String)
        /// An application with a certificate: a PEM file holding the certificate and its private key.
        case certificate(path: String)
        /// A command whose standard output is a bearer token (a cloud CLI's sign-in, reused).
        case tokenCommand(String)

        public var description: String {
            switch self {
            case .deviceCode: "device code"
            case .clientSecret(let variable): "client secret from $\(variable)"
            case .certificate(let path): "certificate \(path)"
            case .tokenCommand(let command): "token command `\(command)`"
            }
        }
    }

    /// `https://graph.microsoft.com/v1.0`, or a serve address ending in `/v1.0`.
    public var graphURL: String
    /// The identity platform (`https://login.microsoftonline.com`), where `/{tenant}/oauth2/v2.0/…` live.
    public var authority: String
    public var tenant: String
    public var clientId: String
    public var signIn: SignIn
    /// Names this connection's token file, so two stores never share a sign-in by accident.
    public var id: String
    /// Who signed in, as the service told (`upn` or `preferred_username` claim), when known.
    public var account: String?

    /// The same service's `/beta`, for the actions only beta has: the connected URL with its
    /// `/v1.0` ending swapped (nil when it has none).
    public var betaURL: String? {
        guard graphURL.hasSuffix("/v1.0") else { return nil }
        return String(graphURL.dropLast("/v1.0".count)) + "/beta"
    }

    public init(graphURL: String, authority: String, tenant: String, clientId: String, signIn: SignIn, id: String, account: String? = nil) {
        self.graphURL = graphURL
        self.authority = authority
        self.tenant = tenant
        self.clientId = clientId
        self.signIn = signIn
        self.id = id
        self.account = account
    }

    static let metaKey = "graphSource"

    /// The source of the tenant in `db`, nil for a simulated (demo, imported) one.
    static func read(_ db: Database) throws -> GraphSource? {
        guard let text = try Meta.get(db, metaKey) else { return nil }
        return try JSONDecoder().decode(GraphSource.self, from: Data(text.utf8))
    }

    static func write(_ db: Database, _ source: GraphSource) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        try Meta.set(db, metaKey, String(decoding: try encoder.encode(source), as: UTF8.self))
    }
}

extension TenantStore {
    /// Where this tenant's devices come from; nil when it is simulated.
    public func source() throws -> GraphSource? {
        try read { db in try GraphSource.read(db) }
    }

    /// Records who signed in, once the service said.
    public func setSourceAccount(_ account: String) throws {
        try write { db in
            guard var source = try GraphSource.read(db) else { return }
            source.account = account
            try GraphSource.write(db, source)
        }
    }

    /// A new, empty tenant mirrored from `source`. Its creator is its first Administrator
    /// (audited, as for a demo or an import): local roles still decide what each operator of
    /// this console may do, the service then decides what the sign-in may.
    public static func createConnected(at path: String, source: GraphSource, creator: String, creatorLogin: String?) throws -> TenantStore {
        if let problem = InputText.identityProblem(in: creator) {
            throw IdentityRefusal.invalidName("the first operator \"\(TerminalText.visible(creator))\" \(problem)")
        }
        let store = try TenantStore(path: path)
        try store.write { db in
            // The header names the source: the tenant and the service it is mirrored from.
            let host = URLComponents(string: source.graphURL).map { ($0.host ?? "") + ($0.port.map { ":\($0)" } ?? "") } ?? source.graphURL
            try Meta.set(db, "tenantName", "\(source.tenant) via \(host)")
            try Meta.set(db, "createdBy", creator)
            try GraphSource.write(db, source)
            try TenantClock.set(db, to: Date())
            try RoleOrigins.found(db, creator, .administrator, login: creatorLogin, by: creator,
                                  origin: "connected the tenant to \(source.graphURL)")
        }
        return store
    }
}

extension GraphSource {
    /// Microsoft's Graph hosts (the global service and the national clouds).
    static let microsoftGraphHosts: Set<String> = [
        "graph.microsoft.com", "graph.microsoft.us", "dod-graph.microsoft.us", "microsoftgraph.chinacloudapi.cn",
    ]

    /// Whether `url` is Microsoft's own Graph, not an endpoint such as `mdmconsole serve`.
    public static func isMicrosoftGraph(_ url: String) -> Bool {
        guard let host = EndpointAddress(url)?.host.lowercased() else { return false }
        return microsoftGraphHosts.contains(host)
    }
}
