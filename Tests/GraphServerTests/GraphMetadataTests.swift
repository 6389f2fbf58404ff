import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import GraphServer
@testable import MDMCore

/// `$metadata` says what the endpoint writes: every key each writer puts on the wire is
/// declared with its type's members, and nothing of beta is declared on v1.0.
@Suite("Graph $metadata")
struct GraphMetadataTests: RoutedDemo {
    let folder = NSTemporaryDirectory() + "mdmconsole-metadata-\(UUID().uuidString)"

    /// The document read back: each type's declared members, each enum's members, the actions.
    final class Declared: NSObject, XMLParserDelegate {
        var types: [String: [String: String]] = [:]
        var enums: [String: [String]] = [:]
        var actions: [String: [String]] = [:]
        var current: String?
        var currentKind = ""

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
            switch name {
            case "EntityType", "ComplexType":
                current = attributes["Name"]
                currentKind = name
                types[current!] = types[current!] ?? [:]
            case "EnumType":
                current = attributes["Name"]
                currentKind = name
                enums[current!] = []
            case "Action":
                current = attributes["Name"]
                currentKind = name
                actions[current!] = []
            case "Property", "NavigationProperty":
                if let current, let property = attributes["Name"] { types[current]?[property] = attributes["Type"] }
            case "Member":
                if let current, let member = attributes["Name"] { enums[current]?.append(member) }
            case "Parameter":
                if let current, currentKind == "Action", let parameter = attributes["Name"], parameter != "bindingParameter" { actions[current]?.append(parameter) }
            default: break
            }
        }
    }

    func declared(on version: GraphDeviceProperty.Version) throws -> Declared {
        let parser = XMLParser(data: Data(GraphMetadataDocument.xml(on: version).utf8))
        let declared = Declared()
        parser.delegate = declared
        #expect(parser.parse(), "well-formed: \(String(describing: parser.parserError))")
        return declared
    }

    func keys(_ value: some Encodable) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(value)) as? [String: Any])
    }

    @Test("managedDevice is declared with exactly the properties written on each version, and each enum with Microsoft's members")
    func deviceProperties() throws {
        var device = Device(id: "d1", name: "A", platform: .macOS, osVersion: "15.1", managementType: .appleAutomatedEnrollment, ownership: .company,
                            model: "MacBook Air", enrolledAt: Date(), lastCheckInAt: Date(), certificateExpiresAt: Date())
        device.inventory = ["EID": "8904", "Total storage": "256000000000", "Wi-Fi MAC": "aa:bb"]
        for version in [GraphDeviceProperty.Version.v1, .beta] {
            let declared = try declared(on: version)
            let written = try keys(GraphManagedDevice(device, actions: [], now: Date(), version: version, selected: nil))
            let properties = try #require(declared.types["managedDevice"])
            #expect(Set(written.keys) == Set(properties.keys).union(["id"]), "\(version)")
            #expect(try #require(declared.types["entity"])["id"] == "Edm.String")
            for property in GraphDeviceProperty.served(on: version) where property != .id {
                #expect(properties[property.name] == property.edmType)
                if case .enumeration(let name) = property.wireType {
                    let type = try #require(GraphEnumTypes.all.first { $0.name == name })
                    #expect(declared.enums[name] == type.members(on: version), "\(name) on \(version)")
                    if let value = written[property.name] as? String { #expect(type.contains(value, on: version), "\(property.name) = \(value)") }
                }
            }
            if version == .beta {
                let hardware = try #require(written[GraphDeviceProperty.hardwareInformation.name] as? [String: Any])
                #expect(Set(hardware.keys).isSubset(of: Set(try #require(declared.types["hardwareInformation"]).keys)))
                #expect(hardware["esimIdentifier"] as? String == "8904" && hardware["totalStorageSpace"] as? Int == 256_000_000_000)
            }
        }
        let v1 = try declared(on: .v1)
        #expect(v1.enums["chassisType"] == nil && v1.types["hardwareInformation"] == nil, "v1.0 declares nothing beta-only")
        #expect(v1.enums["deviceEnrollmentType"]?.contains("androidEnterpriseFullyManaged") == false)
    }

    @Test("Each action is declared where the endpoint takes it, with its Graph body's parameters")
    func actions() throws {
        let v1 = try declared(on: .v1), beta = try declared(on: .beta)
        for action in DeviceAction.allCases where action.isGraphPostAction {
            #expect(beta.actions[action.graphActionName] != nil, "\(action) on beta")
            #expect((v1.actions[action.graphActionName] != nil) == (action.graphVersion == .v1), "\(action) on v1.0")
        }
        #expect(v1.actions["wipe"] == ["keepEnrollmentData", "keepUserData", "persistEsimDataPlan", "macOsUnlockCode"])
        #expect(beta.actions["enableLostMode"] == ["message", "phoneNumber", "footer"])
        #expect(beta.actions["setDeviceName"] == ["deviceName"], "the console's own restart-after-rename is no Graph parameter")
        #expect(v1.actions["remoteLock"] == [], "a Mac's PIN is picked by the service")
        #expect(v1.actions["delete"] == nil, "Delete is DELETE, not an action")
    }

    @Test("The audit event, the action results and the log collection answer write only declared members")
    func otherWriters() throws {
        let v1 = try declared(on: .v1), beta = try declared(on: .beta)
        let record = ActionRecord(id: UUID().uuidString.lowercased(), action: .locateDevice, deviceId: "d1", deviceName: "A", platform: .iOS,
                                  state: .done, issuedAt: Date(), updatedAt: Date(), initiatedBy: "a@b", source: .console)
        let location = DeviceLocation(latitude: 48.85, longitude: 2.35, horizontalAccuracy: 20, collectedAt: Date())
        let result = try keys(GraphDeviceActionResult(record, now: Date(), location: location))
        let declaredResult = try #require(v1.types["deviceActionResult"]).merging(try #require(v1.types["locateDeviceActionResult"])) { $1 }
        #expect(Set(result.keys).subtracting(["@odata.type"]).isSubset(of: Set(declaredResult.keys)))
        let geo = try #require(result["deviceLocation"] as? [String: Any])
        #expect(Set(geo.keys) == Set(try #require(v1.types["deviceGeoLocation"]).keys))
        let response = try keys(GraphLogCollectionResponse(record, context: "c"))
        #expect(Set(response.keys).subtracting(["@odata.context", "id"]).isSubset(of: Set(try #require(beta.types["deviceLogCollectionResponse"]).keys)))
        var entry = AuditEntry(id: 7, time: Date(), activity: "retire ManagedDevice", result: .success, actor: "ana@contoso.com", actorType: .user,
                               deviceId: "d1", deviceName: "A")
        entry.origin = AuditOrigin(applicationDisplayName: "mdmconsole cli", ipAddress: "", login: "ana", host: "h")
        let event = try keys(GraphAuditEvent(entry))
        #expect(Set(event.keys).subtracting(["id"]).isSubset(of: Set(try #require(v1.types["auditEvent"]).keys)))
        #expect(Set((event["actor"] as? [String: Any] ?? [:]).keys).isSubset(of: Set(try #require(v1.types["auditActor"]).keys)))
    }

    @Test("$metadata answers without a token, as XML; another method on it is 405")
    func route() async throws {
        let (store, routes) = try demoRoutes()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let answer = await routes.respond(call(.get, "$metadata", token: "not-a-token"))
        #expect(answer.status == 200 && answer.headers["Content-Type"]?.hasPrefix("application/xml") == true)
        #expect(String(decoding: answer.body ?? Data(), as: UTF8.self) == GraphMetadataDocument.xml(on: .v1))
        var beta = call(.get, "$metadata", token: "")
        beta.version = .beta
        #expect(String(decoding: await routes.respond(beta).body ?? Data(), as: UTF8.self) == GraphMetadataDocument.xml(on: .beta))
        let (_, secret) = try ApiTokens(store: store).issue(to: "admin@contoso.com", name: "t", lifetime: 3600, by: "admin@contoso.com")
        #expect(await routes.respond(call(.post, "$metadata", token: secret)).status == 405)
    }
}
