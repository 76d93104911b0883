import Logging
import Testing

@testable import Inbox

#if canImport(Glibc)
import Glibc
import TestSupport
#endif

/// A real AF_UNIX datagram socket, bound by the test, that plays systemd's part.
final class NotifySocket: Sendable {
    let fd: CInt
    let name: String

    /// Binds at `path`, or in the abstract namespace when `path` starts with "@".
    init(path: String) throws {
        fd = socket(AF_UNIX, CInt(SOCK_DGRAM.rawValue), 0)
        name = path
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 } else { bytes.append(0) }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(MemoryLayout.offset(of: \sockaddr_un.sun_path)! + bytes.count)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else { throw InboxError.systemCall("bind", path: path, errno: errno) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        close(fd)
    }

    /// The next datagram, or `nil` after 5 s.
    func receive() -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return count < 0 ? nil : String(decoding: buffer.prefix(count), as: UTF8.self)
    }
}

@Suite("systemd notify protocol")
struct SystemdNotifierTests {
    @Test("states arrive as one datagram on a socket bound to a path")
    func pathSocket() throws {
        let directory = try TemporaryDirectory()
        let socket = try NotifySocket(path: directory.file("notify.sock"))
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.name])
        try notifier.notify(.ready, .status("screened 3 files\nquarantined 1"))
        #expect(socket.receive() == "READY=1\nSTATUS=screened 3 files quarantined 1")
        try notifier.notify(.reloading)
        #expect(socket.receive() == "RELOADING=1")
        try notifier.notify(.stopping)
        #expect(socket.receive() == "STOPPING=1")
    }

    @Test("a leading @ means the abstract namespace")
    func abstractSocket() throws {
        let socket = try NotifySocket(path: "@refusald-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.name]).notify(.watchdog)
        #expect(socket.receive() == "WATCHDOG=1")
    }

    @Test("without NOTIFY_SOCKET nothing is sent and nothing fails")
    func disabled() throws {
        let notifier = SystemdNotifier(environment: [:])
        #expect(!notifier.isEnabled)
        try notifier.notify(.ready)
    }

    @Test("a socket that does not exist is an error naming it")
    func missingSocket() throws {
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": "/nonexistent/notify.sock"])
        let error = #expect(throws: InboxError.self) { try notifier.notify(.ready) }
        #expect(error?.path == "/nonexistent/notify.sock")
        #expect(error?.errno == ENOENT)
    }

    @Test("the watchdog interval is half of WATCHDOG_USEC, only for our pid")
    func watchdogInterval() {
        #expect(
            WatchdogService<ContinuousClock>.interval(environment: ["WATCHDOG_USEC": "20000000"], pid: 7)
                == .seconds(10)
        )
        #expect(
            WatchdogService<ContinuousClock>.interval(
                environment: ["WATCHDOG_USEC": "20000000", "WATCHDOG_PID": "7"],
                pid: 7
            )
                == .seconds(10)
        )
        #expect(
            WatchdogService<ContinuousClock>.interval(
                environment: ["WATCHDOG_USEC": "20000000", "WATCHDOG_PID": "8"],
                pid: 7
            )
                == nil
        )
        #expect(WatchdogService<ContinuousClock>.interval(environment: [:], pid: 7) == nil)
        #expect(WatchdogService<ContinuousClock>.interval(environment: ["WATCHDOG_USEC": "x"], pid: 7) == nil)
    }

    @Test("the watchdog service sends WATCHDOG=1 at every interval of the injected clock")
    func watchdogService() async throws {
        let directory = try TemporaryDirectory()
        let socket = try NotifySocket(path: directory.file("notify.sock"))
        let clock = ManualClock()
        let environment = ["NOTIFY_SOCKET": socket.name, "WATCHDOG_USEC": "2000000"]
        let service = WatchdogService(
            notifier: SystemdNotifier(environment: environment),
            environment: environment,
            clock: clock,
            logger: Logger(label: "test")
        )
        #expect(service.interval == .seconds(1))
        let task = Task { try await service.run() }
        #expect(socket.receive() == "WATCHDOG=1")
        for _ in 0..<3 {
            #expect(await eventually { clock.sleeperCount == 1 })
            clock.advance(by: .milliseconds(999))
            #expect(clock.sleeperCount == 1, "not yet due")
            clock.advance(by: .milliseconds(1))
            #expect(socket.receive() == "WATCHDOG=1")
        }
        task.cancel()
        try await task.value
    }
}
