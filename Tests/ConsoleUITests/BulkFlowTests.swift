import Foundation
import Testing
@testable import ConsoleUI
@testable import MDMCore

/// Bulk actions in the console, on the demo tenant: marking, the bulk menu and its greyed
/// groups, one confirmation by count, the results, a whole-filter mark, `:bulk`.
@Suite("Bulk actions in the console")
struct BulkFlowTests {
    func session() throws -> (ConsoleSession, TenantStore) {
        let session = try TestConsole.session()
        return (session, session.runner.store)
    }

    @Test("Space marks three devices (a mark column, 3 marked in the header); m opens the bulk menu with each action's count")
    func markThreeAndOpen() throws {
        let (session, _) = try session()
        session.press(.character(" "), .character(" "), .character(" "))
        #expect(session.lines[1].contains("3 marked"))
        #expect(session.lines[3].hasPrefix(" *") && session.lines[4].hasPrefix(" *") && session.lines[5].hasPrefix(" *"))
        #expect(!session.lines[6].hasPrefix(" *"), "the selection moved on to the fourth, unmarked")
        session.press(.character("m"))
        #expect(session.text.contains("… More: 3 marked"))
        #expect(session.text.contains("Retire: ") && session.text.contains("Sync: "))
        #expect(session.text.contains("of 3"))
        session.press(.character("u"))  // not a key of the menu: nothing happens
        session.press(.escape, .character("u"))
        #expect(!session.lines[1].contains("marked"))
    }

    @Test("A greyed group opens to its devices; retire asks for the number, a wrong one sends nothing, the right one runs and shows the results")
    func confirmByCountAndResults() throws {
        let (session, store) = try session()
        session.type("/android")
        session.press(.enter, .character("*"))
        let marked = try #require(session.lines[1].split(separator: "·").first { $0.contains("marked") })
        session.press(.character("m"))
        #expect(session.text.contains("… More:"))
        let preview = try BulkPreview.compute(store, action: .retire, selection: .matching(DeviceQuery(search: "android"), except: []),
                                              operatorUPN: UIFixture.admin)
        #expect(marked.contains(String(preview.total)))
        #expect(session.text.contains("\(preview.takeable) of \(preview.total)"))
        let firstGroup = try #require(preview.groups.first)
        #expect(session.text.contains("1. \(firstGroup.rule.rawValue): \(firstGroup.count)"))
        session.press(.character("1"))
        #expect(session.text.contains(firstGroup.devices[0].name.prefix(30)))
        session.press(.enter)
        #expect(session.text.contains("Type the number of devices, \(preview.takeable), to confirm"))
        #expect(session.text.contains("R12"))
        session.type("1")
        session.press(.enter)
        #expect(session.text.contains("That is not \(preview.takeable); nothing was sent."))
        #expect(try BulkRuns(store: store).runs().isEmpty)
        session.press(.backspace)
        session.type(String(preview.takeable))
        session.press(.enter)
        #expect(session.text.contains("\(preview.takeable) taken, \(preview.greyed) greyed, 0 denied, 0 failed."))
        let run = try #require(try BulkRuns(store: store).runs().first)
        #expect(run.counts[.taken] == preview.takeable)
        session.press(.character("f"))
        #expect(session.text.contains("Showing taken"))
        session.press(.escape)
        #expect(!session.lines[1].contains("marked"), "marks are cleared once the run is done")
        session.send(.key(.character(":")))
        session.type("bulk")
        session.press(.enter)
        #expect(session.text.contains("Bulk runs"))
        #expect(session.text.contains("retire  \(preview.takeable)/\(preview.total) taken  done"))
    }

    @Test("Esc during a run turns the stop switch on (the run ends after the device in progress) and says so")
    func stopWithEsc() throws {
        let (session, _) = try session()
        var state = session.state
        state.overlay = .bulkRun(BulkRunView(action: .sync, progress: BulkProgress(total: 300, current: "Ana's iPhone")))
        let (next, effects) = Update.update(state, .key(.escape))
        #expect(effects == [.stopBulk])
        guard case .bulkRun(let view)? = next.overlay else { Issue.record("the run view stays"); return }
        #expect(view.stopping)
        #expect(ConsoleView.render(next).text.contains("Stopping after the device in progress"))
        // Ctrl-C does the same during a run, rather than quitting the console.
        #expect(Update.update(state, .key(.control("c"))).1 == [.stopBulk])
        session.send(.key(.escape))
        session.runner.perform(.stopBulk).map { _ in Issue.record("stopping answers nothing") }
        #expect(session.runner.bulkStop.isOn)
    }
}
