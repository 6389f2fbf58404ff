import Foundation
import MDMCore

/// One operator signing in to a connected tenant's service as themselves (device code): the
/// account the token names must be theirs; the tokens go to their own file; what the sign-in
/// may do (its permissions and Intune role) is read with their own token and recorded for the
/// PERMISSION rule. Nothing is kept when any step fails.
public struct OperatorSignIn: Sendable {
    public let store: TenantStore
    public let source: GraphSource
    public let http: GraphHTTP
    public let operatorUPN: String

    public init(store: TenantStore, source: GraphSource, http: GraphHTTP, operatorUPN: String) {
        self.store = store
        self.source = source
        self.http = http
        self.operatorUPN = operatorUPN
    }

    public func start() async throws -> SignIn.DeviceCodePrompt {
        try await SignIn(http: http, source: source).startDeviceCode()
    }

    /// Waits for the person to enter the code, then keeps the sign-in; the account signed in.
    public func finish(_ prompt: SignIn.DeviceCodePrompt) async throws -> String {
        let tokens = try await SignIn(http: http, source: source).finishDeviceCode(prompt)
        return try await keep(tokens)
    }

    /// Keeps `tokens` as the operator's own sign-in, if they name the operator's account.
    public func keep(_ tokens: StoredTokens) async throws -> String {
        // Checked before a byte is written (and again by the store when it is recorded).
        let claimed = TokenClaims(tokens.accessToken)?.account
        if let problem = ServiceSignIns.accountProblem(operator: operatorUPN, account: claimed) { throw problem }
        let account = claimed ?? operatorUPN
        let connection = GraphConnection(source: source, http: http, owner: .operator(operatorUPN), tokens: tokens, budget: GraphBudget(store: store))
        // What it may do is read with the new tokens before they replace anything: a failure
        // here leaves an earlier sign-in of the operator as it was.
        let grant = try await ServiceGrantReader.read(connection)
        try await connection.keep(tokens)
        do {
            try ServiceSignIns(store: store).record(operator: operatorUPN, account: account, grant: grant)
        } catch {
            TokenFile.delete(sourceId: source.id, owner: .operator(operatorUPN))
            throw error
        }
        return account
    }

    /// Reads again what the operator's sign-in may do (a role changed at the service since);
    /// nothing when they have no sign-in.
    public func refreshGrant() async throws {
        guard try ServiceSignIns(store: store).signIn(of: operatorUPN) != nil else { return }
        let connection = GraphConnection(source: source, http: http, owner: .operator(operatorUPN), budget: GraphBudget(store: store))
        try ServiceSignIns(store: store).refresh(operator: operatorUPN, grant: try await ServiceGrantReader.read(connection))
    }

    /// Ends the operator's sign-in (by themselves or an Administrator): the row and the file.
    @discardableResult
    public static func end(store: TenantStore, source: GraphSource, operatorUPN: String, by actor: String) throws -> Bool {
        let had = try ServiceSignIns(store: store).forget(operator: operatorUPN, by: actor)
        let deleted = TokenFile.delete(sourceId: source.id, owner: .operator(operatorUPN))
        return had || deleted
    }
}

/// What a sign-in may do: its token's permissions, and its Intune role's resource actions
/// where it may read them (otherwise the service decides each action when it is sent).
public enum ServiceGrantReader {
    public static func read(_ connection: GraphConnection) async throws -> ServiceGrant {
        let permissions = try await connection.grantedPermissions()
        var grant = permissions.isEmpty ? ServiceGrant.unknown : ServiceGrant(permissions: permissions)
        if grant.allows(anyOf: GraphPermission.neededToReadRoles) {
            if let answer = try? await connection.get("/deviceManagement/getEffectivePermissions(scope='allScopes')"),
               let page = try? JSONDecoder().decode(GraphCollectionPage<GraphRolePermission>.self, from: Data(answer.body)) {
                var allowed = Set<String>(), denied = Set<String>()
                for permission in page.value.compactMap({ $0 }) {
                    for actions in permission.resourceActions ?? [] {
                        allowed.formUnion(actions.allowedResourceActions ?? [])
                        denied.formUnion(actions.notAllowedResourceActions ?? [])
                    }
                }
                grant.intuneActions = allowed.subtracting(denied)
            }
        }
        return grant
    }
}
