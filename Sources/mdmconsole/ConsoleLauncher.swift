import Foundation
import MDMCore

/// Opens the console. Until the terminal UI lands, prints the tenant at a glance.
enum ConsoleLauncher {
    static func launch(_ global: GlobalOptions) throws {
        try reporting {
            let store = try global.openStore()
            let upn = global.resolvedOperator
            print("\(try store.tenantName())  ·  \(upn) (\(try store.role(of: upn).displayName))  ·  clock \(DateText.short(try store.now()))")
            print("\(try store.deviceCount()) devices, \(try store.actions(state: .pending).count) actions pending.")
            print("Try: mdmconsole devices | device NAME | run ACTION NAME | actions | audit | simulate advance 8h (--help for each)")
        }
    }
}
