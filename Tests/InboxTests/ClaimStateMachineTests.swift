import TestSupport
import Testing

@testable import Inbox

@Suite("Claim state machine")
struct ClaimStateMachineTests {
    typealias Action = ClaimStateMachine.Action

    private func machine(concurrency: Int = 2) -> ClaimStateMachine {
        ClaimStateMachine(configuration: .init(concurrency: concurrency, retryBase: .seconds(1), retryCap: .seconds(8)))
    }

    @Test("a discovered file goes claim → screen → commit → done, freeing its slot")
    func happyPath() {
        var machine = machine()
        #expect(machine.discovered("a.jsonl") == [.claim("a.jsonl")])
        #expect(machine.slotsInUse == 1)
        #expect(machine.claimSucceeded("a.jsonl", as: "a.jsonl") == [.screen("a.jsonl")])
        #expect(machine.inFlight["a.jsonl"] == .screening)
        #expect(machine.screened("a.jsonl") == [.commit("a.jsonl")])
        #expect(machine.inFlight["a.jsonl"] == .committing)
        #expect(machine.committed("a.jsonl") == [])
        #expect(machine.slotsInUse == 0)
    }

    @Test("the same inbox name is never claimed twice while it is pending or being claimed")
    func noDoubleClaim() {
        var machine = machine(concurrency: 1)
        #expect(machine.discovered("a.jsonl") == [.claim("a.jsonl")])
        #expect(machine.discovered("a.jsonl") == [])
        #expect(machine.discovered("b.jsonl") == [])
        #expect(machine.discovered("b.jsonl") == [])
        #expect(machine.queuedCount == 1)
        // The claim of a.jsonl fails (the file vanished): b.jsonl takes the slot, once.
        #expect(machine.claimFailed("a.jsonl") == [.claim("b.jsonl")])
        #expect(machine.queuedCount == 0)
    }

    @Test("a new file with the name of one already claimed is a new file")
    func sameNameAfterClaim() {
        var machine = machine()
        _ = machine.discovered("a.jsonl")
        _ = machine.claimSucceeded("a.jsonl", as: "a.jsonl")
        #expect(machine.discovered("a.jsonl") == [.claim("a.jsonl")])
        #expect(machine.claimSucceeded("a.jsonl", as: "a~2.jsonl") == [.screen("a~2.jsonl")])
        #expect(Set(machine.inFlight.keys) == ["a.jsonl", "a~2.jsonl"])
    }

    @Test("dotfiles, .tmp and .part names are ignored")
    func ignoredNames() {
        var machine = machine()
        for name in [".hidden.jsonl", "a.jsonl.tmp", "b.jsonl.part", ""] {
            #expect(machine.discovered(name) == [])
        }
        #expect(machine.queuedCount == 0)
        // Unsupported names are claimed: the classifier quarantines them.
        #expect(machine.discovered("notes.txt") == [.claim("notes.txt")])
    }

    @Test("never more than `concurrency` files in flight; queued files start in discovery order")
    func concurrencyLimit() {
        var machine = machine(concurrency: 2)
        var actions: [Action] = []
        for index in 1...5 {
            actions += machine.discovered("f\(index).jsonl")
        }
        #expect(actions == [.claim("f1.jsonl"), .claim("f2.jsonl")])
        #expect(machine.queuedCount == 3)
        _ = machine.claimSucceeded("f1.jsonl", as: "f1.jsonl")
        _ = machine.claimSucceeded("f2.jsonl", as: "f2.jsonl")
        #expect(machine.slotsInUse == 2)
        _ = machine.screened("f1.jsonl")
        #expect(machine.committed("f1.jsonl") == [.claim("f3.jsonl")])
        _ = machine.rejected("f2.jsonl", reason: "binary")
        #expect(machine.quarantined("f2.jsonl") == [.claim("f4.jsonl")])
        #expect(machine.slotsInUse == 2)
    }

    @Test("files recovered from work/ are screened without a claim, before queued inbox files")
    func recoveryFirst() {
        var machine = machine(concurrency: 1)
        #expect(machine.recovered("old.jsonl") == [.screen("old.jsonl")])
        #expect(machine.recovered("old.jsonl") == [])
        #expect(machine.recovered("older.jsonl") == [])
        #expect(machine.discovered("new.jsonl") == [])
        _ = machine.screened("old.jsonl")
        #expect(machine.committed("old.jsonl") == [.screen("older.jsonl")])
        _ = machine.rejected("older.jsonl", reason: "directory, not a file")
        #expect(machine.quarantined("older.jsonl") == [.claim("new.jsonl")])
    }

    @Test("a failure schedules a retry with exponential backoff, capped; the retry goes first")
    func retryWithBackoff() {
        var machine = machine(concurrency: 1)
        _ = machine.recovered("a.jsonl")
        _ = machine.discovered("b.jsonl")
        #expect(machine.failed("a.jsonl") == [.scheduleRetry("a.jsonl", after: .seconds(1)), .claim("b.jsonl")])
        #expect(machine.waitingForRetry == ["a.jsonl"])
        #expect(machine.recovered("a.jsonl") == [], "a file waiting for its retry is not started again")
        _ = machine.claimSucceeded("b.jsonl", as: "b.jsonl")
        #expect(machine.retryDue("a.jsonl") == [], "no free slot yet")
        _ = machine.screened("b.jsonl")
        #expect(machine.committed("b.jsonl") == [.screen("a.jsonl")])
        #expect(machine.failed("a.jsonl") == [.scheduleRetry("a.jsonl", after: .seconds(2))])
        _ = machine.retryDue("a.jsonl")
        #expect(machine.failed("a.jsonl") == [.scheduleRetry("a.jsonl", after: .seconds(4))])
        _ = machine.retryDue("a.jsonl")
        #expect(machine.failed("a.jsonl") == [.scheduleRetry("a.jsonl", after: .seconds(8))])
        _ = machine.retryDue("a.jsonl")
        #expect(machine.failed("a.jsonl") == [.scheduleRetry("a.jsonl", after: .seconds(8))], "capped")
        #expect(machine.retryDue("a.jsonl") == [.screen("a.jsonl")])
        _ = machine.screened("a.jsonl")
        _ = machine.committed("a.jsonl")
        _ = machine.recovered("a.jsonl")
        #expect(machine.failed("a.jsonl") == [.scheduleRetry("a.jsonl", after: .seconds(1))], "success resets backoff")
    }

    @Test("a commit failure is retried like a screening failure")
    func commitFailure() {
        var machine = machine()
        _ = machine.recovered("a.jsonl")
        _ = machine.screened("a.jsonl")
        #expect(machine.failed("a.jsonl") == [.scheduleRetry("a.jsonl", after: .seconds(1))])
        #expect(machine.slotsInUse == 0)
    }

    @Test("events out of order or for unknown files change nothing")
    func unexpectedEvents() {
        var machine = machine()
        #expect(machine.claimSucceeded("x.jsonl", as: "x.jsonl") == [])
        #expect(machine.claimFailed("x.jsonl") == [])
        #expect(machine.screened("x.jsonl") == [])
        #expect(machine.committed("x.jsonl") == [])
        #expect(machine.failed("x.jsonl") == [])
        #expect(machine.retryDue("x.jsonl") == [])
        _ = machine.recovered("a.jsonl")
        #expect(machine.committed("a.jsonl") == [], "cannot commit before screening finished")
        #expect(machine.quarantined("a.jsonl") == [])
        #expect(machine.inFlight["a.jsonl"] == .screening)
        #expect(machine.slotsInUse == 1)
    }

    @Test("a file that vanished from work/ frees its slot")
    func vanished() {
        var machine = machine(concurrency: 1)
        _ = machine.recovered("a.jsonl")
        _ = machine.discovered("b.jsonl")
        #expect(machine.vanished("a.jsonl") == [.claim("b.jsonl")])
    }

    @Test("shutdown with nothing in flight stops at once and claims nothing more")
    func idleShutdown() {
        var machine = machine()
        #expect(machine.shutdownRequested() == [.stop])
        #expect(machine.isStopped)
        #expect(machine.discovered("a.jsonl") == [])
        #expect(machine.recovered("b.jsonl") == [])
        #expect(machine.shutdownRequested() == [])
    }

    @Test("shutdown lets in-flight files finish, drops the queue, then stops")
    func drainingShutdown() {
        var machine = machine(concurrency: 2)
        _ = machine.discovered("a.jsonl")
        _ = machine.discovered("b.jsonl")
        _ = machine.discovered("c.jsonl")
        _ = machine.claimSucceeded("a.jsonl", as: "a.jsonl")
        _ = machine.claimSucceeded("b.jsonl", as: "b.jsonl")
        _ = machine.recovered("d.jsonl")
        #expect(machine.shutdownRequested() == [.startGracePeriod])
        #expect(machine.queuedCount == 0, "c.jsonl stays in inbox/ for the next start")
        #expect(machine.discovered("e.jsonl") == [])
        #expect(machine.screened("a.jsonl") == [.commit("a.jsonl")], "in-flight files still commit")
        #expect(machine.committed("a.jsonl") == [], "nothing new starts while draining")
        #expect(machine.failed("b.jsonl") == [.stop], "no retry while draining; the file stays in work/")
        #expect(machine.isStopped)
        #expect(machine.graceExpired() == [])
    }

    @Test("when the grace period ends, in-flight files are abandoned in work/ and the machine stops")
    func graceExpiry() {
        var machine = machine(concurrency: 3)
        _ = machine.recovered("slow.jsonl")
        _ = machine.recovered("slower.jsonl")
        _ = machine.discovered("n.jsonl")
        _ = machine.claimSucceeded("n.jsonl", as: "n.jsonl")
        #expect(machine.shutdownRequested() == [.startGracePeriod])
        #expect(machine.graceExpired() == [.abandon(["n.jsonl", "slow.jsonl", "slower.jsonl"])])
        #expect(machine.isStopped)
        #expect(machine.abandoned("slow.jsonl") == [])
        #expect(machine.screened("n.jsonl") == [], "nothing is committed after the grace period")
    }

    @Test("files waiting for a retry are not restarted once shutdown began")
    func retryDuringShutdown() {
        var machine = machine(concurrency: 2)
        _ = machine.recovered("a.jsonl")
        _ = machine.recovered("b.jsonl")
        _ = machine.failed("a.jsonl")
        #expect(machine.shutdownRequested() == [.startGracePeriod])
        #expect(machine.retryDue("a.jsonl") == [])
        _ = machine.screened("b.jsonl")
        #expect(machine.committed("b.jsonl") == [.stop])
    }

    @Test("abandoned lists exactly the files in work/ that were in flight")
    func abandonList() {
        var machine = machine(concurrency: 3)
        _ = machine.recovered("b.jsonl")
        _ = machine.recovered("a.jsonl")
        _ = machine.discovered("c.jsonl")
        _ = machine.claimSucceeded("c.jsonl", as: "c.jsonl")
        _ = machine.screened("c.jsonl")
        _ = machine.shutdownRequested()
        #expect(machine.graceExpired() == [.abandon(["a.jsonl", "b.jsonl", "c.jsonl"])])
    }

    @Test(
        "retry delays double from the base up to the cap",
        arguments: [
            (1, 1), (2, 2), (3, 4), (4, 8), (5, 8), (60, 8),
        ]
    )
    func retryDelays(failures: Int, seconds: Int) {
        #expect(machine().retryDelay(afterFailures: failures) == .seconds(seconds))
    }

    @Test("a long random sequence of events keeps every invariant")
    func randomisedInvariants() {
        var generator = SeededGenerator(seed: 42)
        var machine = machine(concurrency: 3)
        for step in 0..<5_000 {
            let name = "f\(generator.next() % 8).jsonl"
            let claimingBefore = machine.claiming
            let actions: [Action]
            switch generator.next() % 9 {
            case 0, 1: actions = machine.discovered(name)
            case 2: actions = machine.claiming.first.map { machine.claimSucceeded($0, as: "w\(step).jsonl") } ?? []
            case 3: actions = machine.claiming.first.map { machine.claimFailed($0) } ?? []
            case 4: actions = machine.inFlight.first.map { machine.screened($0.key) } ?? []
            case 5: actions = machine.inFlight.first.map { machine.committed($0.key) } ?? []
            case 6: actions = machine.inFlight.first.map { machine.failed($0.key) } ?? []
            case 7: actions = machine.waitingForRetry.first.map { machine.retryDue($0) } ?? []
            default: actions = machine.recovered("r\(step % 5).jsonl")
            }
            #expect(machine.slotsInUse <= 3)
            #expect(Set(machine.inFlight.keys).isDisjoint(with: machine.waitingForRetry))
            for case .claim(let claimed) in actions {
                #expect(!claimingBefore.contains(claimed), "a name is claimed only once at a time")
            }
            for case .screen(let screened) in actions {
                #expect(machine.inFlight[screened] == .screening)
            }
        }
    }
}
