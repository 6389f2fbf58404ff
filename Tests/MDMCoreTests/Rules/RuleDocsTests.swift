import Foundation
import Testing

/// docs/RULES.md is the rules' home for readers: every rule id the sources cite is
/// described there and named by a test, so the code, the page and the tests cannot drift.
@Suite("Rules documentation")
struct RuleDocsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../..").standardized

    /// Every file's text under a folder of the package, by extension.
    static func texts(under folder: String, ext: String) throws -> [(String, String)] {
        let base = root.appendingPathComponent(folder)
        let files = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        return try files.filter { $0.pathExtension == ext }.map { ($0.path, try String(contentsOf: $0, encoding: .utf8)) }
    }

    /// R1…R36 as cited in text (R58 in a serial number is no rule).
    static func ruleIds(in text: String) -> Set<String> {
        let pattern = try! NSRegularExpression(pattern: #"\bR([1-9]|[12][0-9]|3[0-6])\b"#)
        let range = NSRange(text.startIndex..., in: text)
        return Set(pattern.matches(in: text, range: range).compactMap { Range($0.range, in: text).map { String(text[$0]) } })
    }

    @Test("Every rule id cited in Sources has its section in docs/RULES.md and a test that names it")
    func everyRuleDocumentedAndTested() throws {
        let cited = try Self.texts(under: "Sources", ext: "swift").reduce(into: Set<String>()) { $0.formUnion(Self.ruleIds(in: $1.1)) }
        #expect(cited.count >= 36, "the sources cite the rules (\(cited.count) found)")
        let doc = try String(contentsOf: Self.root.appendingPathComponent("docs/RULES.md"), encoding: .utf8)
        let documented = Set(doc.components(separatedBy: "\n").filter { $0.hasPrefix("### R") }.map { String($0.dropFirst(4)) })
        #expect(cited.subtracting(documented).isEmpty, "cited but not in docs/RULES.md: \(cited.subtracting(documented).sorted())")
        let names = try Self.texts(under: "Tests", ext: "swift").flatMap { _, text in
            text.components(separatedBy: "@Test(\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        }
        let tested = names.reduce(into: Set<String>()) { $0.formUnion(Self.ruleIds(in: $1)) }
        #expect(cited.subtracting(tested).isEmpty, "no test names: \(cited.subtracting(tested).sorted())")
    }

    @Test("The project points at its own rules page, never at a folder outside it")
    func noOutsidePointers() throws {
        let files = try Self.texts(under: "Sources", ext: "swift") + Self.texts(under: "Tests", ext: "swift")
            + Self.texts(under: "docs", ext: "md")
            + [("README.md", try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)),
               ("ARCHITECTURE.md", try String(contentsOf: Self.root.appendingPathComponent("ARCHITECTURE.md"), encoding: .utf8))]
        // Spelled in pieces, so this file does not name them itself.
        let names = ["DOMAIN" + ".md", ".." + "/shared"]
        let outside = files.filter { file in names.contains { file.1.contains($0) } }.map(\.0)
        #expect(outside == [])
    }
}
