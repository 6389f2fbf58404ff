/// beta's `hardwareInformation` as `serve` writes it: the members the console knows (its
/// inventory and the device's own properties), the others left out. `$metadata` declares
/// exactly these members (`GraphMetadataDocument`).
struct GraphHardwareInformation: Encodable {
    let serialNumber: String
    let totalStorageSpace: Int64
    let freeStorageSpace: Int64
    let imei: String?
    let meid: String?
    let manufacturer: String
    let model: String
    let phoneNumber: String?
    let subscriberCarrier: String?
    let wifiMac: String?
    let isSupervised: Bool
    let isEncrypted: Bool
    /// The eSIM's EID (an export's `EID` column).
    let esimIdentifier: String?

    init(wire: DeviceWire, inventory: [String: String]) {
        func kept(_ property: GraphDeviceProperty) -> String? { property.inventoryKey.flatMap { inventory[$0] } }
        serialNumber = wire.serialNumber
        totalStorageSpace = kept(.totalStorageSpaceInBytes).flatMap { Int64($0) } ?? 0
        freeStorageSpace = kept(.freeStorageSpaceInBytes).flatMap { Int64($0) } ?? 0
        imei = wire.imei.isEmpty ? nil : wire.imei
        meid = kept(.meid)
        manufacturer = wire.manufacturer
        model = wire.model
        phoneNumber = kept(.phoneNumber)
        subscriberCarrier = kept(.subscriberCarrier)
        wifiMac = kept(.wiFiMacAddress)
        isSupervised = wire.isSupervised
        isEncrypted = wire.isEncrypted
        esimIdentifier = kept(.eid)
    }

    /// The members and their EDM types, for `$metadata`.
    static let members: [(name: String, type: String)] = [
        ("serialNumber", "Edm.String"), ("totalStorageSpace", "Edm.Int64"), ("freeStorageSpace", "Edm.Int64"), ("imei", "Edm.String"),
        ("meid", "Edm.String"), ("manufacturer", "Edm.String"), ("model", "Edm.String"), ("phoneNumber", "Edm.String"),
        ("subscriberCarrier", "Edm.String"), ("wifiMac", "Edm.String"), ("isSupervised", "Edm.Boolean"), ("isEncrypted", "Edm.Boolean"),
        ("esimIdentifier", "Edm.String"),
    ]
}
