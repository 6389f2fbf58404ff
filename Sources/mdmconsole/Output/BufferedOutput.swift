import Foundation
import MDMCore

/// Standard output in 64 KiB writes: a CSV of a million rows is one syscall per 64 KiB,
/// not one per row.
final class BufferedOutput {
    private var buffer: [UInt8] = []

    func write(_ text: String) {
        // Escapes what a terminal would act on, as `print` does (see SafePrint.swift).
        buffer.append(contentsOf: TerminalText.visibleKeepingLayout(text).utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    func flush() {
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}

extension BufferedOutput {
    /// One JSON object on a line of its own (JSON Lines): streamed results stay one value per line.
    func json<T: Encodable>(_ value: T) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        write(String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self) + "\n")
    }
}

extension BufferedOutput {
    /// A JSON array from a hand-written writer, handed over in chunks of whole elements (so no
    /// character is split between two writes), as `produce` yields the elements.
    func writeJSONList<Writer: JSONListWriter>(_: Writer.Type, _ produce: ((Writer.Element) -> Void) throws -> Void) rethrows {
        var writer = Writer()
        try produce { element in
            writer.append(element)
            if writer.bytes.count >= 1 << 16 { write(String(decoding: writer.take(), as: UTF8.self)) }
        }
        writer.finish()
        write(String(decoding: writer.take(), as: UTF8.self))
        flush()
    }
}
