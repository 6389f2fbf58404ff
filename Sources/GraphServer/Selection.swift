import Foundation
import MDMCore

/// `$select=a,b`: the properties kept (with `id` always), each checked against the shape.
struct Selection {
    let names: Set<String>?

    init(_ text: String?, of properties: Set<String>) throws {
        guard let text else { names = nil; return }
        let asked = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for name in asked where !properties.contains(name) {
            throw GraphError.badRequest("$select: '\(name)' is not a property of managedDevice", code: "BadRequest")
        }
        names = Set(asked).union(["id"])
    }

}
