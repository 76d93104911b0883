import Yams

#if canImport(Glibc)
import Glibc
#endif

extension DaemonConfiguration.Overrides {
    /// Reads a YAML configuration file.
    ///
    /// Relative paths in the file (`state_dir`, `policies`) are resolved against the file's own
    /// directory, so a configuration works whatever the daemon's working directory.
    /// - Throws: ``InboxError`` with code `invalidConfiguration` when the file cannot be read, is
    ///   not YAML, or has an unknown, duplicated or invalid key (naming `file:line:column`).
    public init(contentsOfFile path: String) throws {
        let text: String
        do {
            text = try Self.readText(path)
        } catch {
            throw InboxError(
                code: .invalidConfiguration,
                message: "cannot read the configuration file \(path): \(error)",
                path: path,
                cause: error
            )
        }
        let slash = path.lastIndex(of: "/")
        let base = slash.map { String(path[..<$0].isEmpty ? "/" : path[..<$0]) }
        try self.init(yaml: text, source: path, baseDirectory: base)
    }

    /// Parses configuration YAML: one mapping from the keys of ``DaemonConfiguration/Key`` to scalars.
    ///
    /// Duplicate keys are rejected by the YAML parser itself.
    /// - Parameters:
    ///   - yaml: The document.
    ///   - source: The file name used in error messages.
    ///   - baseDirectory: The directory relative paths are resolved against, or `nil` to keep them.
    /// - Throws: ``InboxError`` with code `invalidConfiguration` naming `source:line:column` and the key.
    public init(yaml: String, source: String, baseDirectory: String? = nil) throws {
        self.init()
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw InboxError(
                code: .invalidConfiguration,
                message: "\(source): not valid YAML: \(error)",
                path: source,
                cause: error
            )
        }
        guard let root else {
            return
        }
        guard let mapping = root.mapping else {
            throw InboxError.configuration(
                "\(Self.location(source, root.mark)): the configuration must be a mapping of keys to values"
            )
        }
        for (keyNode, valueNode) in mapping {
            let keyLocation = Self.location(source, keyNode.mark)
            guard let name = keyNode.scalar?.string, let key = DaemonConfiguration.Key(rawValue: name) else {
                let known = DaemonConfiguration.Key.allCases.map(\.rawValue).joined(separator: ", ")
                throw InboxError.configuration(
                    "\(keyLocation): unknown key '\(keyNode.scalar?.string ?? "?")' (known keys: \(known))"
                )
            }
            guard let scalar = valueNode.scalar, valueNode.tag.rawValue != Tag.Name.null.rawValue else {
                throw InboxError.configuration(
                    "\(Self.location(source, valueNode.mark ?? keyNode.mark)): key \(name) needs a single value: "
                        + "expected \(key.expectation)"
                )
            }
            var value = scalar.string
            if key == .stateDirectory || key == .policies, let baseDirectory, !value.hasPrefix("/"), !value.isEmpty {
                value = baseDirectory + "/" + value
            }
            try set(key, to: value, source: Self.location(source, valueNode.mark))
        }
    }

    private static func location(_ source: String, _ mark: Mark?) -> String {
        mark.map { "\(source):\($0.line):\($0.column)" } ?? source
    }

    private static func readText(_ path: String) throws -> String {
        let fd = try Syscall.open(path, O_RDONLY)
        defer { Syscall.close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = try chunk.withUnsafeMutableBytes { try Syscall.read(fd, into: $0, path: path) }
            if count == 0 { break }
            bytes += chunk[0..<count]
            guard bytes.count <= 1 << 20 else {
                throw InboxError.systemCall("read", path: path, errno: EFBIG)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
