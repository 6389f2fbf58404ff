import Foundation
import HTTPTypes
import Hummingbird
import MDMCore
import NIOCore

/// An error answered in Graph's shape (`GraphErrorBody`), so Graph clients (Microsoft's SDKs)
/// read it as they read the service's.
struct GraphError: Error {
    let status: HTTPResponse.Status
    let code: String
    let message: String

    static func badRequest(_ message: String, code: String = "BadRequest") -> GraphError { GraphError(status: .badRequest, code: code, message: message) }
    static let unauthorized = GraphError(status: .unauthorized, code: "InvalidAuthenticationToken",
                                         message: "Access token is empty, invalid or expired: send `Authorization: Bearer` with a token from `mdmconsole tokens issue`.")
    static func forbidden(_ message: String) -> GraphError { GraphError(status: .forbidden, code: "Forbidden", message: message) }
    static func notFound(_ message: String) -> GraphError { GraphError(status: .notFound, code: "ResourceNotFound", message: message) }

    /// The error body, Graph's shape (the wire layer's `GraphErrorBody`).
    func body(requestId: String, clientRequestId: String?) -> Data {
        GraphErrorBody(code: code, message: TerminalText.visible(message), date: Date(), requestId: requestId,
                       clientRequestId: clientRequestId ?? requestId).encoded()
    }
}
