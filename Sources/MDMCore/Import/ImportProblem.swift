import Foundation

/// One thing wrong with an import file and where it is: a CSV line and column, or a JSON
/// path such as `value[12].osVersion`.
public struct ImportProblem: Sendable, Equatable, CustomStringConvertible {
    public var location: String
    public var message: String

    public init(_ location: String, _ message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message)" }
}

/// Collects problems while a whole file is checked, keeping the first `limit` to show.
struct ImportProblems {
    static let limit = 20
    private(set) var listed: [ImportProblem] = []
    private(set) var count = 0

    mutating func add(_ location: String, _ message: String) {
        count += 1
        if listed.count < Self.limit { listed.append(ImportProblem(location, message)) }
    }

    var isEmpty: Bool { count == 0 }

    mutating func merge(_ other: ImportProblems) {
        for problem in other.listed where listed.count < Self.limit { listed.append(problem) }
        count += other.count
    }
}

/// Why an import file was refused. Nothing was written: the file is checked whole before
/// the store is touched.
public struct ImportError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var problems: [ImportProblem]
    /// How many problems there were in all (more than `problems` lists past the limit).
    public var total: Int

    public init(file: String, problems: [ImportProblem], total: Int? = nil) {
        self.file = file
        self.problems = problems
        self.total = total ?? problems.count
    }

    init(file: String, _ collected: ImportProblems) {
        self.init(file: file, problems: collected.listed, total: collected.count)
    }

    init(file: String, _ message: String) {
        self.init(file: file, problems: [ImportProblem("", message)])
    }

    public var description: String {
        var lines = problems.map { $0.location.isEmpty ? "\(file): \($0.message)" : "\(file): \($0.location): \($0.message)" }
        if total > problems.count { lines.append("\(file): … and \(total - problems.count) more problems") }
        lines.append("nothing was imported: \(total == 1 ? "1 problem" : "\(total) problems") in \(file); the store is as it was")
        return lines.joined(separator: "\n")
    }
}
