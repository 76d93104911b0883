import Allocator
import Dispatch
import Foundation
import Inbox
import Logging
import Metrics
import Policy
import ServiceLifecycle
import UnixSignals

/// Reloads policies on SIGHUP and when the policy directory changes (polled once a second,
/// debounced), telling systemd `RELOADING=1` … `READY=1` around each attempt. A set that fails
/// lint, compilation or its embedded tests is never put in force; the old one stays. So does it
/// when the policy directory disappears: screening goes on with the set in force, the problem
/// shows in the log, in `refusald_policy_reload_failing` and in `STATUS=`, and the directory's
/// return is a change like any other, reloaded after the debounce.
public struct PolicyReloadService: Service {
    let live: LivePolicies
    let reloader: PolicyReloader
    let notifier: SystemdNotifier
    let status: StatusObserver?
    let debounce: Duration
    let logger: Logger

    /// Creates the service.
    /// - Parameter status: Composes the `STATUS=` line sent after each reload attempt; without
    ///   it the line only names the policies in force.
    public init(
        live: LivePolicies,
        reloader: PolicyReloader,
        notifier: SystemdNotifier,
        status: StatusObserver? = nil,
        debounce: Duration,
        logger: Logger
    ) {
        self.live = live
        self.reloader = reloader
        self.notifier = notifier
        self.status = status
        self.debounce = debounce
        self.logger = logger
    }

    /// Runs until graceful shutdown, which it announces to systemd with `STOPPING=1`.
    public func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        await withGracefulShutdownHandler {
            await watch(signals)
        } onGracefulShutdown: { [notifier] in
            try? notifier.notify(.stopping, .status("stopping: finishing files in flight"))
        }
    }

    private func watch(_ signals: UnixSignalsSequence) async {
        // Not awaited: the build takes seconds to minutes and must hold up neither SIGHUP nor the
        // directory poller nor graceful shutdown (the service group stops services one after the
        // other, so a wait here would also delay the inbox's stop past the grace period).
        Task { await buildPrefilterInBackground() }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in signals.cancelOnGracefulShutdown() {
                    await reload(reason: "SIGHUP")
                }
            }
            group.addTask {
                var last = fingerprint()
                var changedAt: ContinuousClock.Instant?
                while !Task.isCancelled && !Task.isShuttingDownGracefully {
                    try? await Task.sleep(for: .seconds(1))
                    let now = fingerprint()
                    if now != last {
                        last = now
                        changedAt = .now
                    } else if let since = changedAt, ContinuousClock.now - since >= debounce {
                        changedAt = nil
                        await reload(reason: "policy directory changed")
                    }
                }
            }
            await group.next()
            group.cancelAll()
        }
    }

    /// One reload attempt.
    func reload(reason: String) async {
        try? notifier.notify(.reloading, .status("reloading policies (\(reason))"))
        let old = live.policies.digest
        do throws(PolicyReloader.Refusal) {
            guard reloader.directoryExists else {
                throw PolicyReloader.Refusal(
                    description: "the policy directory \(reloader.directory) does not exist (deleted or moved?); "
                        + "restore it: the daemon reloads it when it reappears (or send SIGHUP)"
                )
            }
            let compiled = try reloader.load()
            live.replace(with: compiled)
            Counter(label: DaemonMetrics.reloads, dimensions: [("result", "ok")]).increment()
            Gauge(label: DaemonMetrics.rulesLoaded).record(compiled.ruleCount)
            status?.policiesInForce(digest: compiled.digest)
            Task { await buildPrefilterInBackground() }
            logger.info(
                "policies reloaded",
                metadata: [
                    "reason": "\(reason)", "old_policy": "\(old)", "policy": "\(compiled.digest)",
                    "rules": "\(compiled.ruleCount)",
                ]
            )
        } catch {
            Counter(label: DaemonMetrics.reloads, dimensions: [("result", "rejected")]).increment()
            status?.policyReloadRejected(error.description)
            logger.error(
                "policy reload rejected; the old policies stay in force",
                metadata: ["reason": "\(reason)", "policy": "\(old)", "error": "\(error.description)"]
            )
        }
        let line = status?.status ?? "policies \(live.policies.digest.prefix(19))"
        try? notifier.notify(.ready, .status(line))
    }

    /// Builds the Vectorscan prefilter for the set in force on a plain thread (it takes seconds
    /// to minutes) while PCRE2 keeps screening; swaps it in if the set is still in force.
    func buildPrefilterInBackground() async {
        let policies = live.policies
        let reloader = self.reloader
        let started = ContinuousClock.now
        let built: Result<CompiledPolicySet, PolicyError>? = await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .utility).async {
                let built = reloader.withPrefilter(policies)
                ProcessAllocator.returnFreedMemory()
                continuation.resume(returning: built)
            }
        }
        switch built {
        case .none:
            return
        case .success(let upgraded):
            let swapped = live.upgrade(to: upgraded)
            logger.info(
                swapped ? "prefilter built and in force" : "prefilter built for a set already replaced",
                metadata: [
                    "policy": "\(upgraded.digest)", "seconds": "\((ContinuousClock.now - started).components.seconds)",
                ]
            )
        case .failure(let error):
            logger.error(
                "prefilter cannot be built; every rule runs in PCRE2",
                metadata: ["error": "\(error.description)"]
            )
        }
    }

    /// Names, sizes and modification times of the policy files: cheap to compare each second.
    /// A missing directory has its own fingerprint, so deleting it and bringing it back (even
    /// empty at first) are both changes.
    private func fingerprint() -> [String] {
        let directory = reloader.directory
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            return ["(cannot list \(directory))"]
        }
        return names.sorted().map { name in
            let attributes = try? FileManager.default.attributesOfItem(atPath: directory + "/" + name)
            let size = attributes?[.size] as? Int ?? -1
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(name)|\(size)|\(modified)"
        }
    }
}
