/// `GET /v1.0/$metadata` and `/beta/$metadata`: the CSDL document every `@odata.context`
/// points at, describing what this endpoint serves on that version and nothing more: the
/// managedDevice properties of `GraphDeviceProperty`, the enum members of `GraphEnumTypes`,
/// the actions of `DeviceAction` with their Graph parameters, and the complex types with the
/// members the endpoint writes (a type it always writes as null or empty is declared without
/// members). Names and types are Microsoft's; a subset of Graph's schema, never a variant.
public enum GraphMetadataDocument {
    public static func xml(on version: GraphDeviceProperty.Version) -> String {
        var lines = [
            #"<?xml version="1.0" encoding="utf-8"?>"#,
            #"<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">"#,
            "  <edmx:DataServices>",
            #"    <Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">"#,
        ]
        for type in GraphEnumTypes.all where !type.members(on: version).isEmpty {
            lines.append(#"      <EnumType Name="\#(type.name)">"#)
            if version == .v1, let members = type.v1 {
                lines += members.map { #"        <Member Name="\#($0.name)" Value="\#($0.value)" />"# }
            } else {
                // Beta's published type mappings name the members without their values.
                lines += type.beta.map { #"        <Member Name="\#($0)" />"# }
            }
            lines.append("      </EnumType>")
        }
        lines += [
            #"      <EntityType Name="entity" Abstract="true">"#,
            #"        <Key><PropertyRef Name="id" /></Key>"#,
            #"        <Property Name="id" Type="Edm.String" Nullable="false" />"#,
            "      </EntityType>",
        ]
        let deviceProperties = GraphDeviceProperty.served(on: version).filter { $0 != .id }.map {
            Member($0.name, $0.edmType, nullable: $0.isNullable)
        }
        lines += entity("managedDevice", deviceProperties)
        lines += entity("auditEvent", auditEvent)
        lines += entity("user", [], navigation: [("managedDevices", "Collection(graph.managedDevice)", false)])
        lines += entity("deviceManagement", [], navigation: [("managedDevices", "Collection(graph.managedDevice)", true),
                                                            ("auditEvents", "Collection(graph.auditEvent)", true)])
        if version == .beta { lines += entity("deviceLogCollectionResponse", logCollectionResponse) }
        for (name, base, members) in complexTypes(on: version) {
            let baseType = base.map { #" BaseType="graph.\#($0)""# } ?? ""
            guard !members.isEmpty else { lines.append(#"      <ComplexType Name="\#(name)"\#(baseType) />"#); continue }
            lines.append(#"      <ComplexType Name="\#(name)"\#(baseType)>"#)
            lines += members.map(\.xml)
            lines.append("      </ComplexType>")
        }
        for action in DeviceAction.allCases where action.isGraphPostAction && (version == .beta || action.graphVersion == .v1) {
            lines.append(#"      <Action Name="\#(action.graphActionName)" IsBound="true">"#)
            lines.append(#"        <Parameter Name="bindingParameter" Type="graph.managedDevice" />"#)
            lines += parameters(of: action).map { #"        <Parameter Name="\#($0.name)" Type="\#($0.type)" />"# }
            if action.graphAnswersWithBody { lines.append(#"        <ReturnType Type="graph.deviceLogCollectionResponse" />"#) }
            lines.append("      </Action>")
        }
        lines += [
            #"      <Function Name="getEffectivePermissions" IsBound="true">"#,
            #"        <Parameter Name="bindingParameter" Type="graph.deviceManagement" />"#,
            #"        <Parameter Name="scope" Type="Edm.String" Unicode="false" />"#,
            #"        <ReturnType Type="Collection(graph.rolePermission)" />"#,
            "      </Function>",
            #"      <EntityContainer Name="GraphService">"#,
            #"        <EntitySet Name="users" EntityType="graph.user" />"#,
            #"        <Singleton Name="me" Type="graph.user" />"#,
            #"        <Singleton Name="deviceManagement" Type="graph.deviceManagement" />"#,
            "      </EntityContainer>",
            "    </Schema>",
            "  </edmx:DataServices>",
            "</edmx:Edmx>",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    struct Member {
        let name: String, type: String, nullable: Bool
        init(_ name: String, _ type: String, nullable: Bool = true) {
            self.name = name
            self.type = type
            self.nullable = nullable
        }
        var xml: String { #"        <Property Name="\#(name)" Type="\#(type)"\#(nullable ? "" : #" Nullable="false""#) />"# }
    }

    static func entity(_ name: String, _ properties: [Member], navigation: [(String, String, Bool)] = []) -> [String] {
        [#"      <EntityType Name="\#(name)" BaseType="graph.entity">"#] + properties.map(\.xml)
            + navigation.map { #"        <NavigationProperty Name="\#($0.0)" Type="\#($0.1)"\#($0.2 ? #" ContainsTarget="true""# : "") />"# }
            + ["      </EntityType>"]
    }

    /// What an action's POST body may carry: its wire inputs on any platform (a Mac's unlock
    /// code is wipe's), as Graph types them; the log collection request's one complex input.
    static func parameters(of action: DeviceAction) -> [(name: String, type: String)] {
        if action == .collectDiagnostics { return [("templateType", "graph.deviceLogCollectionRequest")] }
        var seen: [String] = []
        var found: [(name: String, type: String)] = []
        for platform in Platform.allCases {
            for field in action.inputFields(on: platform) where field.onWire && !seen.contains(field.name) {
                seen.append(field.name)
                found.append((field.name, field.kind == .flag ? "Edm.Boolean" : "Edm.String"))
            }
        }
        return found
    }

    // The members the endpoint writes, as Microsoft's v1.0 CSDL types them
    // (`GraphMetadataTests` encodes each writer and finds every key it writes here).
    static let auditEvent = [
        Member("activity", "Edm.String"), Member("activityDateTime", "Edm.DateTimeOffset", nullable: false),
        Member("activityOperationType", "Edm.String"), Member("activityResult", "Edm.String"), Member("activityType", "Edm.String"),
        Member("actor", "graph.auditActor"), Member("category", "Edm.String"), Member("componentName", "Edm.String"),
        Member("correlationId", "Edm.Guid", nullable: false), Member("displayName", "Edm.String"),
        Member("resources", "Collection(graph.auditResource)"),
    ]
    /// beta's (its type mappings do not say which are nullable: none is declared otherwise).
    static let logCollectionResponse = [
        Member("enrolledByUser", "Edm.String"), Member("errorCode", "Edm.Int64"), Member("expirationDateTimeUTC", "Edm.DateTimeOffset"),
        Member("initiatedByUserPrincipalName", "Edm.String"), Member("managedDeviceId", "Edm.Guid"),
        Member("receivedDateTimeUTC", "Edm.DateTimeOffset"), Member("requestedDateTimeUTC", "Edm.DateTimeOffset"),
        Member("sizeInKB", "Edm.Double"), Member("status", "graph.appLogUploadState"),
    ]

    static func complexTypes(on version: GraphDeviceProperty.Version) -> [(String, String?, [Member])] {
        var types: [(String, String?, [Member])] = [
            ("deviceActionResult", nil, [Member("actionName", "Edm.String"), Member("actionState", "graph.actionState", nullable: false),
                                         Member("lastUpdatedDateTime", "Edm.DateTimeOffset", nullable: false),
                                         Member("startDateTime", "Edm.DateTimeOffset", nullable: false)]),
            ("resetPasscodeActionResult", "deviceActionResult", [Member("errorCode", "Edm.Int32", nullable: false), Member("passcode", "Edm.String")]),
            ("remoteLockActionResult", "deviceActionResult", [Member("unlockPin", "Edm.String")]),
            ("locateDeviceActionResult", "deviceActionResult", [Member("deviceLocation", "graph.deviceGeoLocation")]),
            ("deviceGeoLocation", nil, ["altitude", "heading", "horizontalAccuracy", "latitude", "longitude", "speed", "verticalAccuracy"]
                .map { Member($0, "Edm.Double", nullable: false) } + [Member("lastCollectedDateTime", "Edm.DateTimeOffset", nullable: false)]),
            ("auditActor", nil, [Member("applicationDisplayName", "Edm.String"), Member("applicationId", "Edm.String"),
                                 Member("auditActorType", "Edm.String"), Member("ipAddress", "Edm.String"),
                                 Member("servicePrincipalName", "Edm.String"), Member("userId", "Edm.String"),
                                 Member("userPermissions", "Collection(Edm.String)"), Member("userPrincipalName", "Edm.String")]),
            ("auditResource", nil, [Member("auditResourceType", "Edm.String"), Member("displayName", "Edm.String"),
                                    Member("modifiedProperties", "Collection(graph.auditProperty)"), Member("resourceId", "Edm.String")]),
            ("auditProperty", nil, [Member("displayName", "Edm.String"), Member("newValue", "Edm.String"), Member("oldValue", "Edm.String")]),
            ("rolePermission", nil, [Member("resourceActions", "Collection(graph.resourceAction)")]),
            ("resourceAction", nil, [Member("allowedResourceActions", "Collection(Edm.String)"),
                                     Member("notAllowedResourceActions", "Collection(Edm.String)")]),
        ]
        // Written as null or [] by the endpoint: declared, without members.
        var empty = ["configurationManagerClientEnabledFeatures", "deviceHealthAttestationState"]
        if version == .beta {
            types.append(("hardwareInformation", nil, GraphHardwareInformation.members.map { Member($0.name, $0.type) }))
            types.append(("deviceLogCollectionRequest", nil, [Member("id", "Edm.String"),
                                                              Member("templateType", "graph.deviceLogCollectionTemplateType")]))
            empty += ["chromeOSDeviceProperty", "cloudPcRemoteActionResult", "configurationManagerClientHealthState",
                      "configurationManagerClientInformation", "loggedOnUser"]
        }
        return types + empty.map { ($0, nil, []) }
    }
}
