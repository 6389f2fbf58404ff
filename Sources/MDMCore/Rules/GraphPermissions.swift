import Foundation

/// What Microsoft Graph asks of a sign-in before it carries out a request (the
/// PERMISSION section of docs/RULES.md): the OAuth permission (`scp` of a person's token,
/// `roles` of an application's) and, for a person, the Intune role's resource action.
/// The endpoint (`serve`) enforces these; a connected console greys by them. One table for
/// both, so they cannot disagree.
public enum GraphPermission {
    public static let readDevices = "DeviceManagementManagedDevices.Read.All"
    public static let writeDevices = "DeviceManagementManagedDevices.ReadWrite.All"
    public static let privilegedOperations = "DeviceManagementManagedDevices.PrivilegedOperations.All"
    public static let readAudit = "DeviceManagementApps.Read.All"
    public static let writeApps = "DeviceManagementApps.ReadWrite.All"
    public static let readRBAC = "DeviceManagementRBAC.Read.All"
    public static let writeRBAC = "DeviceManagementRBAC.ReadWrite.All"

    /// What a connected console asks for when a person signs in (and `offline_access`, so a
    /// refresh token comes back).
    public static let requested = [readDevices, writeDevices, privilegedOperations, readAudit, readRBAC]

    /// Any one of these lets the action be sent (Graph's "least to most privileged" lists).
    public static func needed(for action: DeviceAction) -> [String] {
        switch action {
        case .delete: [writeDevices]
        // The v1.0 wipe page lists ReadWrite.All as well as PrivilegedOperations.All.
        case .wipe: [privilegedOperations, writeDevices]
        // Beta's pages list odd permissions for their actions (ReadWrite.All, even Read.All);
        // which the service enforces is not documented, so any of the two write ones will do.
        case .enableLostMode, .playLostModeSound, .rename, .sendCustomNotification, .collectDiagnostics:
            [privilegedOperations, writeDevices]
        default: [privilegedOperations]
        }
    }

    /// An application's permissions (`roles`) on this endpoint: all of them.
    public static let applicationGrant = [readDevices, writeDevices, privilegedOperations, readAudit, readRBAC]

    public static let neededToReadDevices = [readDevices, writeDevices]
    public static let neededToReadAudit = [readAudit, writeApps]
    public static let neededToReadRoles = [readRBAC, writeRBAC]

    /// The resource actions of a role, as `getEffectivePermissions` answers (only published
    /// names: `serve` does not claim ones no role definition spells).
    public static func intuneResourceActions(of role: Role) -> [String] {
        role.permissions.sorted().filter(\.isPublishedResourceAction).map(\.graphResourceAction)
    }

    /// Graph's short names: `https://graph.microsoft.com/X` is X, and the OpenID scopes are not permissions.
    public static func normalized(_ scopes: some Sequence<String>) -> Set<String> {
        Set(scopes.map { scope in
            scope.hasPrefix(resourcePrefix) ? String(scope.dropFirst(resourcePrefix.count)) : scope
        }.filter { !$0.isEmpty && !["openid", "profile", "offline_access", "email"].contains($0) })
    }

    public static let resourcePrefix = "https://graph.microsoft.com/"
}

/// What one sign-in may do on a Graph tenant: its permissions, and where the service told
/// it, its Intune role's resource actions (nil: not known, the service decides when asked).
public struct ServiceGrant: Codable, Sendable, Hashable {
    public var permissions: Set<String>
    public var intuneActions: Set<String>?
    /// False when the token does not say what it holds (an opaque token from a token command):
    /// nothing is greyed for permissions then, and the service decides each request.
    public var permissionsKnown = true

    public init(permissions: some Sequence<String>, intuneActions: Set<String>? = nil) {
        self.permissions = GraphPermission.normalized(permissions)
        self.intuneActions = intuneActions
    }

    enum CodingKeys: String, CodingKey { case permissions, intuneActions, permissionsKnown }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        permissions = try container.decode(Set<String>.self, forKey: .permissions)
        intuneActions = try container.decodeIfPresent(Set<String>.self, forKey: .intuneActions)
        permissionsKnown = try container.decodeIfPresent(Bool.self, forKey: .permissionsKnown) ?? true
    }

    /// An operator without a sign-in of their own to the service.
    public static let notSignedIn: ServiceGrant = {
        var grant = ServiceGrant(permissions: [])
        grant.signedIn = false
        return grant
    }()

    /// False for an operator who has not signed in as themselves (`notSignedIn`); not stored.
    public var signedIn = true

    /// A token that names no permission.
    public static let unknown: ServiceGrant = {
        var grant = ServiceGrant(permissions: [])
        grant.permissionsKnown = false
        return grant
    }()

    /// How an operator signs in, from the console or a shell.
    public static let signInRemedy = "Sign in with your own account: type :sign-in in the console, or run `mdmconsole sign-in`."

    public func allows(anyOf needed: [String]) -> Bool { !permissionsKnown || needed.contains(where: permissions.contains) }

    /// PERMISSION: why this sign-in cannot take `action`, or nil when it may.
    public func refusal(of action: DeviceAction, on platform: Platform) -> (reason: String, remedy: String)? {
        guard signedIn else {
            return ("You have not signed in to the service as yourself: \(action.title(on: platform)) would go under another's name.",
                    Self.signInRemedy)
        }
        let needed = GraphPermission.needed(for: action)
        if !allows(anyOf: needed) {
            return ("The sign-in lacks \(needed.joined(separator: " or ")), which \(action.title(on: platform)) needs.",
                    "An administrator grants the permission to the app registration (admin consent), then `mdmconsole connect` again.")
        }
        let resourceAction = action.permission.graphResourceAction
        if let intuneActions, !intuneActions.contains(resourceAction), action.permission.isPublishedResourceAction {
            return ("Your Intune role does not include \(resourceAction).",
                    "Ask an Intune administrator for a role that does.")
        }
        return nil
    }
}
