import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A fresh directory under the system temporary directory (`$TMPDIR`, else `/tmp`) for one test, removed with
/// everything in it once the test lets go of it.
public final class TemporaryDirectory: Sendable {
    /// The directory's absolute path.
    public let path: String

    /// Creates the directory, named `prefix` and six random characters (mode 0700, as `mkdtemp` makes it).
    /// - Throws: `POSIXError` when it cannot be created.
    public init(prefix: String = "refusald-tests") throws {
        var template = Array((FileManager.default.temporaryDirectory.path + "/\(prefix).XXXXXX").utf8CString)
        guard let created = mkdtemp(&template) else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        path = String(cString: created)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The full path of `name` inside the directory.
    public func file(_ name: String) -> String {
        path + "/" + name
    }

    /// Writes (or replaces) the file `name` with `text` as UTF-8.
    /// - Returns: The file's full path.
    @discardableResult
    public func write(_ name: String, _ text: String) throws -> String {
        try write(name, bytes: Array(text.utf8))
    }

    /// Writes (or replaces) the file `name` with `bytes`.
    /// - Returns: The file's full path.
    @discardableResult
    public func write(_ name: String, bytes: [UInt8]) throws -> String {
        let file = file(name)
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return file
    }
}
