import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A real `AF_UNIX` datagram socket bound to a path, playing systemd's side of `$NOTIFY_SOCKET`:
/// a reader thread collects every datagram the daemon sends.
final class DaemonNotifySocket: Sendable {
    /// One datagram and when it arrived.
    struct Message: Sendable {
        let text: String
        let received: ContinuousClock.Instant
        /// Its `KEY=value` assignments, one per line.
        var assignments: [String] { text.split(separator: "\n").map(String.init) }
    }

    /// The socket's path (the value for `NOTIFY_SOCKET`).
    let path: String
    private let fd: Int32
    private let received = Mutex<[Message]>([])
    private let stopped = Mutex(false)
    private let finished = DispatchSemaphore(value: 0)

    /// Binds the socket at `path` and starts reading.
    init(path: String) throws {
        self.path = path
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw DaemonTestError("socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8) + [0]
        guard bytes.count <= MemoryLayout.size(ofValue: address.sun_path) else {
            Glibc.close(fd)
            throw DaemonTestError("socket path too long for sockaddr_un: \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0 else {
            let error = String(cString: strerror(errno))
            Glibc.close(fd)
            throw DaemonTestError("bind \(path): \(error)")
        }
        // Wake up now and then to notice close().
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        self.fd = fd
        let thread = Thread { [self] in readLoop() }
        thread.name = "notify-socket"
        thread.start()
    }

    private func readLoop() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !stopped.withLock({ $0 }) {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                let message = Message(text: String(decoding: buffer[0..<count], as: UTF8.self), received: .now)
                received.withLock { $0.append(message) }
            }
        }
        finished.signal()
    }

    /// Every datagram received so far, in order.
    var messages: [Message] { received.withLock { $0 } }

    /// Waits until a datagram at index `from` or later has the assignment `assignment`
    /// (`READY=1`; with `prefix`, any line starting with it, such as `STATUS=`); returns its index.
    func waitFor(
        _ assignment: String,
        prefix: Bool = false,
        from: Int = 0,
        timeout: Duration = .seconds(10)
    ) async -> Int? {
        func find() -> Int? {
            let all = messages
            guard from < all.count else { return nil }
            return all[from...].firstIndex { message in
                message.assignments.contains { prefix ? $0.hasPrefix(assignment) : $0 == assignment }
            }
        }
        await DaemonProcess.poll(timeout: timeout) { find() != nil }
        return find()
    }

    /// Stops reading, closes and removes the socket.
    func close() {
        let wasStopped = stopped.withLock { value in
            defer { value = true }
            return value
        }
        guard !wasStopped else { return }
        finished.wait()
        Glibc.close(fd)
        unlink(path)
    }

    deinit {
        close()
    }
}
