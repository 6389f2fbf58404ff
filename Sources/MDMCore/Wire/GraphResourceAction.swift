/// Graph's names for Intune permissions: a role definition's `allowedResourceActions` and
/// `getEffectivePermissions`' answer spell "Remote tasks/Wipe" `Microsoft.Intune_RemoteTasks_Wipe`.
extension Permission {
    public var graphResourceAction: String {
        switch self {
        case .readDevices: "Microsoft.Intune_ManagedDevices_Read"
        case .deleteDevices: "Microsoft.Intune_ManagedDevices_Delete"
        case .retire: "Microsoft.Intune_RemoteTasks_Retire"
        case .wipe: "Microsoft.Intune_RemoteTasks_Wipe"
        case .syncDevices: "Microsoft.Intune_RemoteTasks_SyncDevice"
        case .resetPasscode: "Microsoft.Intune_RemoteTasks_ResetPasscode"
        case .bypassActivationLock: "Microsoft.Intune_RemoteTasks_BypassActivationLock"
        case .remoteLock: "Microsoft.Intune_RemoteTasks_RemoteLock"
        case .rebootNow: "Microsoft.Intune_RemoteTasks_RebootNow"
        case .shutDown: "Microsoft.Intune_RemoteTasks_ShutDown"
        case .enableLostMode: "Microsoft.Intune_RemoteTasks_EnableLostMode"
        case .disableLostMode: "Microsoft.Intune_RemoteTasks_DisableLostMode"
        case .locateDevice: "Microsoft.Intune_RemoteTasks_LocateDevice"
        // The next two are the portal's permission names made resource actions: no published
        // role definition spells them, so a connected console does not grey by them.
        case .playLostModeSound: "Microsoft.Intune_RemoteTasks_PlayLostModeSound"
        case .sendCustomNotifications: "Microsoft.Intune_RemoteTasks_SendCustomNotification"
        case .setDeviceName: "Microsoft.Intune_RemoteTasks_SetDeviceName"
        case .collectDiagnostics: "Microsoft.Intune_RemoteTasks_CollectDiagnostics"
        case .readAudit: "Microsoft.Intune_Audit_Read"
        case .readOrganization: "Microsoft.Intune_Organization_Read"
        case .updateOrganization: "Microsoft.Intune_Organization_Update"
        case .readRoles: "Microsoft.Intune_Roles_Read"
        case .createRoles: "Microsoft.Intune_Roles_Create"
        case .updateRoles: "Microsoft.Intune_Roles_Update"
        case .deleteRoles: "Microsoft.Intune_Roles_Delete"
        case .assignRoles: "Microsoft.Intune_Roles_Assign"
        case .readAccessPolicy: "Microsoft.Intune_MultiAdminApproval_ReadAccessPolicy"
        case .createAccessPolicy: "Microsoft.Intune_MultiAdminApproval_CreateAccessPolicy"
        case .deleteAccessPolicy: "Microsoft.Intune_MultiAdminApproval_DeleteAccessPolicy"
        case .approveMultiAdminApproval: "Microsoft.Intune_MultiAdminApproval_ApprovalForMultiAdminApproval"
        }
    }

    /// Whether a published role definition spells `graphResourceAction` (see above): the
    /// service's answer is trusted to grey only by these.
    public var isPublishedResourceAction: Bool { self != .playLostModeSound && self != .sendCustomNotifications }

    /// The permission Graph's name stands for (compared ignoring case, as the service does).
    public init?(graphResourceAction name: String) {
        guard let found = Permission.allCases.first(where: { $0.graphResourceAction.caseInsensitiveCompare(name) == .orderedSame }) else { return nil }
        self = found
    }
}
