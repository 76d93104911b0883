#if canImport(Glibc)
import Glibc
#endif

extension InboxFiles {
    /// Gives each file in `inbox/` whose name is not valid UTF-8 a name that is, so it can be
    /// claimed like any other: the invalid bytes percent-escaped (`bad\xFF.jsonl` →
    /// `bad%FF.jsonl`, or `bad%FF~2.jsonl` when that is taken).
    ///
    /// Handled as a `String`, such a name decodes into one that names no file, so the file would
    /// wait in `inbox/` forever, unreported. Names a producer may still be writing (ignored names,
    /// regular files modified after `cutoff`) are left for a later scan. A file that cannot be
    /// renamed is reported and left where it is: one odd file must not stop the inbox.
    /// - Parameter cutoff: Wall-clock time since the epoch; newer regular files are left alone.
    /// - Returns: The new names, the files that could not be renamed, and whether a file was left
    ///   for a later scan.
    func renameUndecodableInboxNames(
        modifiedBefore cutoff: Duration
    ) throws -> (renamed: [String], failed: [(name: String, error: any Error)], deferred: Bool) {
        var renamed: [String] = []
        var failed: [(name: String, error: any Error)] = []
        var deferred = false
        for (raw, status) in try Syscall.undecodableEntries(in: directory.inbox) {
            let escaped = Self.percentEscapingInvalidUTF8(raw)
            guard InboxFileName.kind(of: escaped) != .ignored else {
                continue
            }
            let modified = Duration.seconds(status.st_mtim.tv_sec) + .nanoseconds(status.st_mtim.tv_nsec)
            if status.st_mode & S_IFMT == S_IFREG, modified > cutoff {
                deferred = true
                continue
            }
            for attempt in 1...10_000 {
                let candidate = InboxFileName.candidate(for: escaped, attempt: attempt)
                do {
                    try Syscall.renameNoReplace(
                        rawName: raw,
                        in: directory.inbox,
                        to: directory.inbox + "/" + candidate
                    )
                    renamed.append(candidate)
                    break
                } catch let error as InboxError where error.hasErrno(EEXIST) {
                    continue
                } catch let error as InboxError where error.hasErrno(ENOENT) {
                    break
                } catch {
                    failed.append((escaped, error))
                    break
                }
            }
        }
        return (renamed, failed, deferred)
    }

    /// `name` as UTF-8 text with every byte that is not part of a valid sequence written `%XX`.
    static func percentEscapingInvalidUTF8(_ name: [UInt8]) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        var rest = name[...]
        while !rest.isEmpty {
            let bad: Int
            switch UTF8Check.validate(rest) {
            case .valid:
                bytes += rest
                return String(decoding: bytes, as: UTF8.self)
            case .invalid(let offset), .truncated(let offset):
                bad = rest.startIndex + offset
            }
            bytes += rest[rest.startIndex..<bad]
            bytes += [UInt8(ascii: "%"), hex[Int(rest[bad] >> 4)], hex[Int(rest[bad] & 0x0F)]]
            rest = rest[(bad + 1)...]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
