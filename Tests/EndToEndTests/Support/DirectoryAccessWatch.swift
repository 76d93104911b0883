import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Records, through inotify, every open, read, write, creation and removal of anything inside a
/// directory: the proof that a daemon never followed a link out of its state directory.
///
/// Set it up after the directory's contents are in place, and do not touch them (beyond
/// `lstat`/`readlink`, which inotify does not report) until ``events()`` has been read.
final class DirectoryAccessWatch {
    private let fd: CInt
    let directory: URL

    /// Starts watching `directory` (not its subdirectories).
    init(_ directory: URL) throws {
        self.directory = directory
        fd = inotify_init1(CInt(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { throw DaemonTestError("inotify_init1: \(String(cString: strerror(errno)))") }
        let mask = UInt32(
            IN_OPEN | IN_ACCESS | IN_MODIFY | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB
        )
        guard inotify_add_watch(fd, directory.path, mask) >= 0 else {
            close(fd)
            throw DaemonTestError("inotify_add_watch \(directory.path): \(String(cString: strerror(errno)))")
        }
    }

    deinit {
        close(fd)
    }

    /// The events seen so far, as `NAME: open|access|…` (the directory itself has an empty name).
    func events() -> [String] {
        var seen: [String] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { return seen }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let (mask, length) = buffer.withUnsafeBytes { raw in
                    let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    return (event.mask, Int(event.len))
                }
                let nameStart = offset + MemoryLayout<inotify_event>.size
                let nameBytes = buffer[nameStart..<(nameStart + length)].prefix { $0 != 0 }
                seen.append("\(String(decoding: nameBytes, as: UTF8.self)): \(Self.describe(mask))")
                offset = nameStart + length
            }
        }
    }

    private static func describe(_ mask: UInt32) -> String {
        let names: [(Int32, String)] = [
            (IN_OPEN, "open"), (IN_ACCESS, "access"), (IN_MODIFY, "modify"), (IN_CREATE, "create"),
            (IN_DELETE, "delete"), (IN_MOVED_FROM, "moved-from"), (IN_MOVED_TO, "moved-to"), (IN_ATTRIB, "attrib"),
        ]
        return names.filter { mask & UInt32($0.0) != 0 }.map(\.1).joined(separator: "|")
    }
}
