import Foundation
import MDMCore

/// `$select=a,b`: the properties kept (with `id` always), each checked against the shape.
struct Selection {
    let names: Set<String>?
    /// The names as asked, in their order, for `@odata.context` (`managedDevices(deviceName,model)`).
    let asked: [String]

    init(_ text: String?, of properties: Set<String>) throws {
        guard let text else { names = nil; asked = []; return }
        let asked = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for name in asked where !properties.contains(name) {
            throw GraphError.badRequest("$select: '\(name)' is not a property of managedDevice", code: "BadRequest")
        }
        names = Set(asked).union(["id"])
        self.asked = asked
    }

    /// `entitySet` followed by the selection, as OData writes it in a context URL.
    func context(_ entitySet: String) -> String {
        asked.isEmpty ? entitySet : "\(entitySet)(\(asked.joined(separator: ",")))"
    }

}
