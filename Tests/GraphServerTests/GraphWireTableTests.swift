import Foundation
import Testing
@testable import GraphServer
@testable import MDMCore

/// The one table of managedDevice names, and the places that read it.
@Suite("Graph wire table")
struct GraphWireTableTests {
    @Test("Every v1.0 managedDevice property once (55 and the entity's id, as Microsoft's v1.0 CSDL has them), beta's 28 more marked")
    func table() {
        let names = GraphDeviceProperty.allCases.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(GraphDeviceProperty.allCases.filter { $0.version == .v1 }.count == 56)
        // Beta's type mappings list 83 properties: v1.0's 55 and 28 of its own; `eid` is an
        // export's column, not written.
        #expect(GraphDeviceProperty.servedOnBeta.count == 84 && !GraphDeviceProperty.servedOnBeta.contains(.eid))
        #expect(GraphDeviceProperty.allCases.filter { $0.version == .beta }.count == 29)
        #expect(Set(GraphDeviceProperty.mirrored).isSubset(of: Set(GraphDeviceProperty.served)))
        #expect(GraphDeviceProperty.served.allSatisfy { $0.version == .v1 })
        #expect(DeviceCondition.Property.allCases.allSatisfy { DeviceCondition.Property(rawValue: $0.rawValue) == $0 && $0.graph.version == .v1 })
    }

    @Test("serve writes exactly the served properties, and the mdmconsole object exactly the extension keys")
    func encodedKeys() throws {
        let device = Device(id: "d1", name: "A", platform: .iOS, osVersion: "18.1", managementType: .appleDeviceEnrollment, ownership: .company,
                            model: "X", enrolledAt: Date(), lastCheckInAt: Date(), certificateExpiresAt: Date())
        let data = try JSONEncoder().encode(GraphManagedDevice(device, actions: [], now: Date(), selected: nil, extensions: true))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == Set(GraphDeviceProperty.served.map(\.name)).union([DeviceExtensionKey.object.rawValue]))
        let extensions = try #require(object[DeviceExtensionKey.object.rawValue] as? [String: Any])
        #expect(Set(extensions.keys).isSubset(of: Set(DeviceExtensionKey.allCases.map(\.rawValue))))
        #expect(Set(extensions.keys).union(["activationLockBypassCodeIssuedDateTime", DeviceExtensionKey.object.rawValue])
                == Set(DeviceExtensionKey.allCases.map(\.rawValue)), "only the issued date is left out when no code is held")
    }

    @Test("--json names each device property as the table does; managementType and online are the console's own, lostModeState beta's")
    func jsonKeys() throws {
        let device = Device(id: "d1", name: "A", platform: .android, osVersion: "14", managementType: .androidWorkProfile, ownership: .personal,
                            model: "X", enrolledAt: Date(), lastCheckInAt: Date(), certificateExpiresAt: Date())
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(DeviceWire(device))) as? [String: Any])
        let own: Set<String> = [DeviceExtensionKey.managementType.rawValue, DeviceExtensionKey.online.rawValue]
        #expect(Set(object.keys).subtracting(own).isSubset(of: Set(GraphDeviceProperty.servedOnBeta.map(\.name))))
        #expect(object[GraphDeviceProperty.deviceEnrollmentType.name] as? String == device.managementType.graphDeviceEnrollmentType)
    }
}
