import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// File names as the kernel sees them: bytes. Foundation's `URL` and `String` APIs may repair
/// invalid UTF-8 or compare canonically equivalent names as equal; these helpers do neither.
enum RawFileNames {
    /// The bytes of `name` exactly as stored in the string (no normalisation).
    static func bytes(_ name: String) -> [UInt8] {
        Array(name.utf8)
    }

    /// `directory/name` as a NUL-terminated C path.
    static func path(_ directory: URL, _ name: [UInt8]) -> [CChar] {
        (Array(directory.path.utf8) + [UInt8(ascii: "/")] + name + [0]).map { CChar(bitPattern: $0) }
    }

    /// Drops `contents` into `inbox` as producers should: written under a dotfile `.tmp` name,
    /// then renamed to the byte name `name`.
    static func drop(_ name: [UInt8], _ contents: Data, into inbox: URL, mode: mode_t = 0o644) throws {
        let temporary = path(inbox, Array(".drop-\(UUID().uuidString).tmp".utf8))
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw DaemonTestError("open temporary: \(String(cString: strerror(errno)))") }
        let written = contents.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == contents.count else { throw DaemonTestError("short write into the inbox") }
        if mode & 0o777 != 0o644 {
            chmod(temporary, mode)  // open's mode is masked by the umask
        }
        guard rename(temporary, path(inbox, name)) == 0 else {
            throw DaemonTestError("rename into the inbox: \(String(cString: strerror(errno)))")
        }
    }

    /// Creates the symbolic link `directory/name` → `target`.
    static func symlink(_ name: [UInt8], in directory: URL, to target: String) throws {
        guard Glibc.symlink(target, path(directory, name)) == 0 else {
            throw DaemonTestError("symlink \(target): \(String(cString: strerror(errno)))")
        }
    }

    /// The contents of the file `directory/name`.
    static func read(_ name: [UInt8], in directory: URL) throws -> Data {
        let fd = open(path(directory, name), O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { throw DaemonTestError("open \(describe(name)): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { return data }
            data.append(contentsOf: buffer[..<count])
        }
    }

    /// The names in `directory` as bytes (without `.` and `..`), sorted.
    static func names(in directory: URL) -> [[UInt8]] {
        guard let handle = opendir(directory.path) else { return [] }
        defer { closedir(handle) }
        var names: [[UInt8]] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: &entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if name != [UInt8(ascii: ".")] && name != [UInt8(ascii: "."), UInt8(ascii: ".")] {
                names.append(name)
            }
        }
        return names.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// A readable rendering of a byte name: invalid UTF-8 bytes as `\xFF`.
    static func describe(_ name: [UInt8]) -> String {
        var out = ""
        var index = 0
        while index < name.count {
            var decoder = UTF8()
            var iterator = name[index...].makeIterator()
            if case .scalarValue(let scalar) = decoder.decode(&iterator) {
                out.unicodeScalars.append(scalar)
                index += UTF8.width(scalar)
            } else {
                out += String(format: "\\x%02X", name[index])
                index += 1
            }
        }
        return out.debugDescription
    }
}
