import Foundation

/// The admin portal's "All devices" CSV export: its headers (the portal's 48, in order), read in any order,
/// and written back in order so an exported file imports to the same devices.
public enum PortalCSV {
    public static let headers = [
        "Device ID", "Device name", "Enrollment date", "Last check-in", "Azure AD Device ID", "OS version",
        "Azure AD registered", "EAS activation ID", "Serial number", "Manufacturer", "Model", "EAS activated", "IMEI",
        "Last EAS sync time", "EAS reason", "EAS status", "Compliance grace period expiration", "Security patch level",
        "Wi-Fi MAC", "MEID", "Subscriber carrier", "Total storage", "Free storage", "Management name", "Category", "UserId",
        "Primary user UPN", "Primary user email address", "Primary user display name", "WiFiIPv4Address", "WiFiSubnetID",
        "Compliance", "Managed by", "Ownership", "Device state", "Intune registered", "Supervised", "Encrypted", "OS",
        "SkuFamily", "JoinType", "Phone number", "Jailbroken", "ICCID", "EthernetMAC", "CellularTechnology",
        "ProcessorArchitecture", "EID",
    ]

    /// Columns the console models; every other column is kept verbatim as inventory.
    static let modelled: Set<String> = [
        "Device ID", "Device name", "Enrollment date", "Last check-in", "OS version", "Serial number", "Manufacturer",
        "Model", "IMEI", "Security patch level", "Primary user UPN", "Primary user email address",
        "Primary user display name", "Compliance", "Ownership", "Device state", "Supervised", "Encrypted", "OS", "Jailbroken",
    ]
    static let required = ["Device ID", "Device name", "OS"]
    static let known = Set(headers)

    // MARK: reading

    static func read(_ bytes: [UInt8], now: Date, problems: inout ImportProblems) -> [Device] {
        let records: [CSVRecords.Record]
        do {
            records = try CSVRecords.parse(bytes)
        } catch let syntax as CSVRecords.SyntaxError {
            problems.add("line \(syntax.line)", syntax.message)
            return []
        } catch {
            problems.add("", "\(error)")
            return []
        }
        guard let header = records.first else {
            problems.add("", "the file has no header row")
            return []
        }
        var column: [String: Int] = [:]
        for (index, name) in header.fields.enumerated() {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            if column[trimmed] != nil { problems.add("line \(header.line)", "the header \"\(trimmed)\" appears twice") }
            column[trimmed] = index
        }
        let missing = required.filter { column[$0] == nil }
        if !missing.isEmpty {
            problems.add("line \(header.line)", "missing required column\(missing.count > 1 ? "s" : "") \(missing.map { "\"\($0)\"" }.joined(separator: ", ")) (is this the portal's All devices export?)")
            return []
        }
        // The columns kept verbatim as inventory, found once for the whole file.
        let inventoryColumns = column.filter { known.contains($0.key) && !modelled.contains($0.key) }.sorted { $0.value < $1.value }
        var devices: [Device] = []
        devices.reserveCapacity(records.count - 1)
        var firstLineOfId: [String: Int] = [:]
        for record in records.dropFirst() {
            guard record.fields.count == header.fields.count else {
                problems.add("line \(record.line)", "expected \(header.fields.count) fields as in the header, found \(record.fields.count)")
                continue
            }
            // Control characters and bidi overrides are refused in every column; the columns
            // only kept as inventory may span lines.
            let unsafe = record.fields.indices.compactMap { index in
                InputText.problem(in: record.fields[index], allowingLineBreaks: !modelled.contains(header.fields[index]))
                    .map { ("line \(record.line), \(header.fields[index])", $0) }
            }
            guard unsafe.isEmpty else {
                for (location, message) in unsafe { problems.add(location, message) }
                continue
            }
            var row = CSVRow(record: record, column: column)
            guard let device = device(&row, inventoryColumns: inventoryColumns, now: now) else {
                for problem in row.problems { problems.add(problem.location, problem.message) }
                continue
            }
            if let first = firstLineOfId[device.id] {
                problems.add("line \(record.line), Device ID", "duplicate id \"\(device.id)\" (also on line \(first))")
                continue
            }
            firstLineOfId[device.id] = record.line
            devices.append(device)
        }
        return devices
    }

    static func device(_ row: inout CSVRow, inventoryColumns: [(key: String, value: Int)], now: Date) -> Device? {
        let id = row.required("Device ID")
        let name = row.required("Device name")
        let platform = row.parsed("OS", required: true, InventoryValues.platform)
        let enrolled = row.date("Enrollment date")
        let lastCheckIn = row.date("Last check-in")
        let compliance = row.parsed("Compliance") {
            InventoryValues.choice($0, of: ComplianceState.self, aliases: ["Not compliant": .noncompliant, "Not evaluated": .unknown])
        } ?? .unknown
        let ownership = row.parsed("Ownership") { InventoryValues.choice($0, of: Ownership.self, aliases: ["Corporate": .company]) } ?? .unknown
        let state = row.parsed("Device state") { InventoryValues.choice($0, of: ManagementState.self) } ?? .managed
        let supervised = row.parsed("Supervised", InventoryValues.flag) ?? false
        let encrypted = row.parsed("Encrypted", InventoryValues.flag) ?? false
        let jailbroken = row["Jailbroken"].lowercased() == "unknown" ? false : row.parsed("Jailbroken", InventoryValues.flag) ?? false
        guard row.problems.isEmpty, let id, let name, let platform else { return nil }

        var inventory: [String: String] = [:]
        for (header, index) in inventoryColumns {
            let value = CSVText.restored(row.record.fields[index])
            // JoinType and Managed by are kept even when empty: the management type was read from them.
            if !value.isEmpty || header == "JoinType" || header == "Managed by" { inventory[header] = value }
        }
        let type = ManagementTypeMapping.csv(platform: platform, joinType: row["JoinType"], managedBy: row["Managed by"],
                                             ownership: ownership, supervised: supervised)
        let dates = InventoryDefaults.dates(enrolled: enrolled, lastCheckIn: lastCheckIn, certificate: nil, now: now)
        return Device(
            id: id, name: name, platform: platform, osVersion: row["OS version"], managementType: type, ownership: ownership,
            complianceState: compliance, managementState: state, primaryUserUPN: row["Primary user UPN"],
            primaryUserDisplayName: row["Primary user display name"], primaryUserEmail: row["Primary user email address"],
            serialNumber: row["Serial number"], model: row["Model"], manufacturer: row["Manufacturer"], imei: row["IMEI"],
            securityPatchLevel: row["Security patch level"], enrolledAt: dates.enrolled, lastCheckInAt: dates.lastCheckIn,
            certificateExpiresAt: dates.certificate, isSupervised: supervised, isEncrypted: encrypted, isJailbroken: jailbroken,
            isOnline: now.timeIntervalSince(dates.lastCheckIn) <= InventoryDefaults.csvOnlineWithin,
            inventory: inventory)
    }

    // MARK: writing

    /// The header row and one row per device, CRLF line ends, fields quoted where needed.
    public static func write(_ devices: some Sequence<Device>, raw: Bool = false, to output: (String) -> Void) {
        output(headerLine)
        for device in devices { output(line(device, raw: raw)) }
    }

    /// The header and one line per device, for writers that stream.
    public static var headerLine: String { CSVText.line(headers) + "\r\n" }

    /// `raw`: cells a spreadsheet would run as formulas are kept as they are (see `CSVText`).
    public static func line(_ device: Device, raw: Bool = false) -> String { CSVText.line(row(device), raw: raw) + "\r\n" }

    static func row(_ device: Device) -> [String] {
        headers.map { header in
            switch header {
            case "Device ID": device.id
            case "Device name": device.name
            case "Enrollment date": DateText.iso(device.enrolledAt)
            case "Last check-in": DateText.iso(device.lastCheckInAt)
            case "OS version": device.osVersion
            case "Serial number": device.serialNumber
            case "Manufacturer": device.manufacturer
            case "Model": device.model
            case "IMEI": device.imei
            case "Security patch level": device.securityPatchLevel
            case "Primary user UPN": device.primaryUserUPN
            case "Primary user email address": device.primaryUserEmail
            case "Primary user display name": device.primaryUserDisplayName
            case "Compliance": device.complianceState.displayName
            case "Ownership": device.ownership.displayName
            case "Device state": device.managementState.rawValue
            case "Supervised": device.isSupervised ? "Yes" : "No"
            case "Encrypted": device.isEncrypted ? "Yes" : "No"
            case "Jailbroken": device.isJailbroken ? "Yes" : "No"
            case "OS": device.platform.rawValue
            case "Managed by": device.inventory["Managed by"] ?? "Intune"
            case "JoinType": device.inventory["JoinType"] ?? joinTypeLabel(device.managementType)
            default: device.inventory[header] ?? ""
            }
        }
    }

    /// What JoinType says for a device that did not come from a CSV: enough for the
    /// management type to read back the same.
    static func joinTypeLabel(_ type: ManagementType) -> String {
        switch type {
        case .androidDeviceAdministrator: "Android device administrator"
        case .androidWorkProfile: "Android Enterprise work profile"
        case .androidCorporateWorkProfile: "Android Enterprise corporate work profile"
        case .androidFullyManaged: "Android Enterprise fully managed"
        case .androidDedicated: "Android Enterprise dedicated"
        case .appleDeviceEnrollment: "Apple device enrollment"
        case .appleAutomatedEnrollment: "Apple automated device enrollment"
        case .appleUserEnrollment: "Apple user enrollment"
        case .windowsMDM: "Microsoft Entra joined"
        }
    }
}

/// One CSV record's fields by header; each problem names the line and the column.
struct CSVRow {
    let record: CSVRecords.Record
    let column: [String: Int]
    var problems: [ImportProblem] = []

    init(record: CSVRecords.Record, column: [String: Int]) {
        self.record = record
        self.column = column
    }

    /// The field under `header`, trimmed; empty when the file has no such column.
    subscript(header: String) -> String {
        guard let index = column[header] else { return "" }
        // An export's neutralised formula cell ('=…) imports back as it was.
        let field = CSVText.restored(record.fields[index])
        guard field.first?.isWhitespace == true || field.last?.isWhitespace == true else { return field }
        return field.trimmingCharacters(in: .whitespaces)
    }

    mutating func problem(_ header: String, _ message: String) {
        problems.append(ImportProblem("line \(record.line), \(header)", message))
    }

    mutating func required(_ header: String) -> String? {
        let value = self[header]
        if value.isEmpty { problem(header, "must not be empty"); return nil }
        return value
    }

    mutating func parsed<T>(_ header: String, required: Bool = false, _ parse: (String) -> InventoryValues.Parsed<T>) -> T? {
        let value = self[header]
        if value.isEmpty {
            if required { problem(header, "must not be empty") }
            return nil
        }
        switch parse(value) {
        case .value(let parsed): return parsed
        case .problem(let message): problem(header, message); return nil
        }
    }

    mutating func date(_ header: String) -> Date? {
        parsed(header, InventoryValues.date)
    }
}
