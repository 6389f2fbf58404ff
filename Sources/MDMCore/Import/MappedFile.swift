import Foundation

/// A file mapped read-only, read front to back, its pages given back to the kernel as soon as
/// they are read (`release`), so a reader of a multi-gigabyte file holds a few pages, not the
/// file: resident memory stays flat whatever the file's size. (Foundation's mapped Data keeps
/// every page it touched resident until it is freed, which is the whole file by the end.)
final class MappedFile {
    let path: String
    let count: Int
    private let base: UnsafeMutableRawPointer?
    private var released = 0
    private static let page = Int(sysconf(Int32(_SC_PAGESIZE)))

    init(path: String) throws {
        self.path = path
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw ImportError(file: path, "cannot read the file (permissions?)") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw ImportError(file: path, "cannot read the file (permissions?)") }
        count = Int(status.st_size)
        if count == 0 {
            base = nil
            return
        }
        guard let mapped = mmap(nil, count, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else {
            throw ImportError(file: path, "cannot read the file (mmap failed)")
        }
        madvise(mapped, count, MADV_SEQUENTIAL)
        base = mapped
    }

    deinit {
        if let base { munmap(base, count) }
    }

    var bytes: UnsafeBufferPointer<UInt8> {
        guard let base else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: count)
    }

    /// Gives back the pages wholly before `offset`: the reader is past them.
    func release(upTo offset: Int) {
        guard let base else { return }
        let end = (min(offset, count) / Self.page) * Self.page
        // In steps of 8 MiB: each call is a system call, and pages are small.
        guard end - released >= 8 << 20 || (offset >= count && end > released) else { return }
        madvise(base + released, end - released, MADV_DONTNEED)
        released = end
    }

    /// Reads the whole file again from the start (a second pass).
    func rewind() { released = 0 }
}
