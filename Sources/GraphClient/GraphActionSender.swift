import Foundation
import MDMCore

/// Sends a connected tenant's actions as Graph requests (`POST …/managedDevices/{id}/NAME`,
/// `DELETE …/managedDevices/{id}`), and reads back a device and its bypass code.
public struct GraphActionSender: ServiceActionSending {
    public let connection: GraphConnection

    public init(connection: GraphConnection) { self.connection = connection }

    public func send(_ action: DeviceAction, deviceId: String, body: [UInt8]?, approval: ServiceApproval?) async -> ServiceAnswer {
        let path = "/deviceManagement/managedDevices/\(Self.escape(deviceId))"
        let headers = Self.headers(approval)
        if action == .delete { return await connection.act(.DELETE, path, headers: headers) }
        guard action.graphVersion == .beta else { return await connection.act(.POST, "\(path)/\(action.graphActionName)", body: body, headers: headers) }
        // Beta-only actions go to the same service's /beta, and nowhere else.
        guard let beta = connection.source.betaURL else {
            return .refused(status: 0, code: "NoBeta", message: "\(action.graphActionName) is a beta-only Graph action, and \(connection.source.graphURL) does not end in /v1.0, so its /beta is not known: nothing was sent",
                            requestId: nil)
        }
        return await connection.act(.POST, "\(beta)\(path)/\(action.graphActionName)", body: body, headers: headers)
    }

    /// Multi Admin Approval's headers, as the service reads them: the justification in Base64.
    static func headers(_ approval: ServiceApproval?) -> [(String, String)] {
        switch approval {
        case .justification(let text)?: [(GraphApprovalHeader.justification, Data(text.utf8).base64EncodedString())]
        case .code(let code)?: [(GraphApprovalHeader.code, code)]
        case nil: []
        }
    }

    public func refreshedDevice(id: String) async -> MirroredDevice?? {
        do {
            let answer = try await connection.get("/deviceManagement/managedDevices/\(Self.escape(id))?$select=\(MirrorPage.selectedProperties.joined(separator: ","))")
            return try MirrorPage.parseDevice(answer.body, now: Date())
        } catch let error as GraphServiceError where error.status == 404 {
            return .some(nil)
        } catch {
            return nil
        }
    }

    public func bypassCode(deviceId: String) async -> String? {
        guard let answer = try? await connection.get("/deviceManagement/managedDevices/\(Self.escape(deviceId))?$select=activationLockBypassCode"),
              let object = try? JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any] else { return nil }
        return object["activationLockBypassCode"] as? String
    }

    /// An id as one path segment: everything but letters, digits and `-_~` percent-encoded,
    /// dots included, so an id `..` or `.` is never a dot segment that a URL resolves away.
    static func escape(_ id: String) -> String {
        var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        allowed.insert(charactersIn: "-_~")
        return id.addingPercentEncoding(withAllowedCharacters: allowed) ?? id
    }
}
