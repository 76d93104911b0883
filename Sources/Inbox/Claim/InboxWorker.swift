import Batch

/// What the tasks of the inbox report back to its run loop.
enum InboxMessage: Sendable {
    case watch(InboxEvent)
    case watchEnded
    case screened(String, FileReport, elapsed: Duration)
    case rejected(String, reason: String)
    case vanished(String)
    case committed(String, FileReport, elapsed: Duration)
    case quarantined(String, reason: String)
    case failed(String, any Error)
    case abandoned(String)
    case retryDue(String)
    case rescanDue
    case shutdown
    case graceExpired
}

/// The work done for one file in a child task: each method performs one state-machine action
/// and returns the message that reports its outcome.
struct InboxWorker<C: Clock>: Sendable where C.Duration == Duration {
    let files: InboxFiles
    let screenFile: ScreenFile
    let observer: (any FileOutcomeObserver)?
    let clock: C

    /// Classifies `work/<name>` and, when it can be screened, screens it into the temporary verdict file.
    func screen(_ name: String) async -> InboxMessage {
        let start = clock.now
        let classification: FileClassifier.Classification
        do {
            classification = try files.classifier.classify(path: files.directory.work + "/" + name, name: name)
        } catch {
            return await failed(name, error)
        }
        switch classification {
        case .vanished:
            return .vanished(name)
        case .quarantine(let reason):
            return .rejected(name, reason: reason)
        case .screenable:
            do {
                let report = try await files.screen(name, with: screenFile)
                return .screened(name, report, elapsed: start.duration(to: clock.now))
            } catch {
                if Task.isCancelled || error is CancellationError {
                    return .abandoned(name)
                }
                let wrapped = InboxError(
                    code: .screeningFailed,
                    message: "screening \(name) failed; it stays in work/ and will be tried again",
                    path: files.directory.work + "/" + name,
                    cause: error
                )
                return await failed(name, wrapped)
            }
        }
    }

    /// Commits the verdicts of `name` and moves the input to `done/`.
    func commit(_ name: String, report: FileReport, screeningTime: Duration) async -> InboxMessage {
        let start = clock.now
        do {
            try files.commit(name)
        } catch {
            return await failed(name, error)
        }
        await observer?.fileScreened(name: name, report: report)
        return .committed(name, report, elapsed: screeningTime + start.duration(to: clock.now))
    }

    /// Moves `work/<name>` to `quarantine/` with its reason file.
    func quarantine(_ name: String, reason: String) async -> InboxMessage {
        do {
            try files.quarantine(name, reason: reason)
        } catch {
            return await failed(name, error)
        }
        await observer?.fileQuarantined(name: name, reason: reason)
        return .quarantined(name, reason: reason)
    }

    private func failed(_ name: String, _ error: any Error) async -> InboxMessage {
        await observer?.fileFailed(name: name, error: error)
        return .failed(name, error)
    }
}
