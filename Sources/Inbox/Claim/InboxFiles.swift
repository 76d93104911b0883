import Batch

#if canImport(Glibc)
import Glibc
#endif

/// The file operations behind each action of the claim state machine, in the order that makes
/// a crash at any instant harmless: an input leaves `work/` only after its verdict file is
/// durable in `outbox/`, so whatever is still in `work/` on start is simply screened again.
struct InboxFiles: Sendable {
    /// The state directory.
    let directory: StateDirectory
    /// The pre-screening checks.
    let classifier: FileClassifier

    /// The screenable names currently in `inbox/` (not the ignored ones), with their status.
    func inboxEntries() throws -> [(name: String, status: stat)] {
        try Syscall.listDirectory(directory.inbox).sorted().compactMap { name in
            guard InboxFileName.kind(of: name) != .ignored,
                let status = try Syscall.lstatIfExists(directory.inbox + "/" + name)
            else {
                return nil
            }
            return (name, status)
        }
    }

    /// The names in `work/`: files claimed by an earlier run that did not finish.
    func workNames() throws -> [String] {
        try Syscall.listDirectory(directory.work).filter { !InboxFileName.isTemporary($0) }.sorted()
    }

    /// Removes the temporary files a crash left in `outbox/` and `quarantine/`.
    /// - Returns: How many were removed.
    @discardableResult
    func removeStaleTemporaries() throws -> Int {
        var removed = 0
        for folder in [directory.outbox, directory.quarantine] {
            for name in try Syscall.listDirectory(folder) where InboxFileName.isTemporary(name) {
                if try Syscall.unlinkIfExists(folder + "/" + name) {
                    removed += 1
                }
            }
        }
        return removed
    }

    // MARK: Claim

    /// Atomically moves `inbox/<name>` into `work/`, under a name that collides with no earlier
    /// file's input, verdicts or quarantine entry (`a.jsonl`, else `a~2.jsonl`, …).
    /// - Returns: The name in `work/`, or `nil` when the file is no longer in `inbox/`.
    func claim(_ name: String) throws -> String? {
        let source = directory.inbox + "/" + name
        for attempt in 1...10_000 {
            let candidate = InboxFileName.candidate(for: name, attempt: attempt)
            if try isTaken(candidate) {
                continue
            }
            do {
                try Syscall.renameNoReplace(source, directory.work + "/" + candidate)
            } catch let error as InboxError where error.hasErrno(EEXIST) {
                continue
            } catch let error as InboxError where error.hasErrno(ENOENT) {
                return nil
            }
            try Syscall.fsyncDirectory(directory.work)
            return candidate
        }
        throw InboxError.systemCall("rename", path: source, errno: EEXIST)
    }

    /// Whether a file claimed as `name` would overwrite anything an earlier file left behind.
    private func isTaken(_ name: String) throws -> Bool {
        let stem = InboxFileName.stem(of: name)
        var paths = InboxFileName.screenableExtensions.map { directory.work + "/" + stem + $0 }
        paths += [
            directory.work + "/" + name,
            directory.verdictPath(for: name),
            directory.done + "/" + name,
            directory.quarantine + "/" + name,
            directory.quarantine + "/" + InboxFileName.reasonName(for: name),
        ]
        for path in paths where try Syscall.lstatIfExists(path) != nil {
            return true
        }
        return false
    }

    // MARK: Screening

    /// Where the screening function writes the verdicts of `workName` before the commit.
    func temporaryVerdictPath(for workName: String) -> String {
        directory.outbox + "/" + InboxFileName.temporaryVerdictName(for: workName)
    }

    /// Runs `screenFile` on `work/<workName>` into the temporary verdict file.
    ///
    /// On any failure (disk full, cancellation) the temporary file is removed, so `outbox/`
    /// never holds a partial verdict file, and the input stays in `work/`.
    func screen(_ workName: String, with screenFile: ScreenFile) async throws -> FileReport {
        let temporary = temporaryVerdictPath(for: workName)
        try Syscall.unlinkIfExists(temporary)
        do {
            let report = try await screenFile(directory.work + "/" + workName, temporary, workName)
            if try Syscall.lstatIfExists(temporary) == nil {
                // An input without items may produce no output at all; its verdict file is empty.
                Syscall.close(try Syscall.open(temporary, O_WRONLY | O_CREAT | O_EXCL, mode: 0o640))
            }
            return report
        } catch {
            _ = try? Syscall.unlinkIfExists(temporary)
            throw error
        }
    }

    /// Makes the verdicts of `workName` durable in `outbox/`, then moves the input to `done/`.
    ///
    /// The input's modification time is set to now first: retention in `done/` counts from the
    /// moment a file was screened, not from when the producer wrote it.
    func commit(_ workName: String) throws {
        let temporary = temporaryVerdictPath(for: workName)
        do {
            try Syscall.fsyncFile(temporary)
            try Syscall.rename(temporary, directory.verdictPath(for: workName))
        } catch {
            _ = try? Syscall.unlinkIfExists(temporary)
            throw error
        }
        try Syscall.fsyncDirectory(directory.outbox)
        let input = directory.work + "/" + workName
        try Syscall.touch(input)
        try Syscall.rename(input, directory.done + "/" + workName)
        try Syscall.fsyncDirectory(directory.done)
        try Syscall.fsyncDirectory(directory.work)
    }

    // MARK: Quarantine

    /// Writes `quarantine/<name>.reason` (one line) and then moves `work/<name>` beside it.
    ///
    /// The reason goes first: after a crash in between, the file is still in `work/`, is
    /// classified again and its reason file replaced.
    func quarantine(_ workName: String, reason: String) throws {
        let reasonPath = directory.quarantine + "/" + InboxFileName.reasonName(for: workName)
        let temporary = directory.quarantine + "/." + InboxFileName.reasonName(for: workName) + ".tmp"
        let fd = try Syscall.open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, mode: 0o640)
        do {
            defer { Syscall.close(fd) }
            try Syscall.writeAll(fd, Array((reason + "\n").utf8), path: temporary)
            try Syscall.fsync(fd, path: temporary)
        } catch {
            _ = try? Syscall.unlinkIfExists(temporary)
            throw error
        }
        try Syscall.rename(temporary, reasonPath)
        try Syscall.rename(directory.work + "/" + workName, directory.quarantine + "/" + workName)
        try Syscall.fsyncDirectory(directory.quarantine)
        try Syscall.fsyncDirectory(directory.work)
    }

    // MARK: Retention

    /// Deletes the screened inputs in `done/` whose screening time is older than `retention`.
    ///
    /// Only regular files are touched, and only in `done/`: every one of them has its verdicts.
    /// - Parameter now: The wall-clock time, in seconds since the epoch.
    /// - Returns: How many files were deleted.
    @discardableResult
    func sweepDone(retention: Duration, now: Int) throws -> Int {
        let cutoff = now - Int(retention.components.seconds)
        var removed = 0
        for name in try Syscall.listDirectory(directory.done) {
            let path = directory.done + "/" + name
            guard let status = try Syscall.lstatIfExists(path), status.st_mode & S_IFMT == S_IFREG,
                status.st_mtim.tv_sec < cutoff
            else {
                continue
            }
            if try Syscall.unlinkIfExists(path) {
                removed += 1
            }
        }
        return removed
    }
}
