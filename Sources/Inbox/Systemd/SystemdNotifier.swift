#if canImport(Glibc)
import Glibc
#endif

/// The systemd notification protocol (`sd_notify(3)`): one `AF_UNIX` datagram to `$NOTIFY_SOCKET`.
///
/// A no-op when `NOTIFY_SOCKET` is unset, so the daemon behaves the same outside systemd.
public struct SystemdNotifier: Sendable {
    /// One assignment of a notification.
    public enum State: Sendable, Hashable {
        /// `READY=1`: start-up finished (after the first scan of the inbox) or a reload finished.
        case ready
        /// `RELOADING=1`: the policies are being reloaded; send ``ready`` when done.
        case reloading
        /// `STOPPING=1`: graceful shutdown has begun.
        case stopping
        /// `STATUS=…`: one line shown by `systemctl status`.
        case status(String)
        /// `WATCHDOG=1`: the service is alive.
        case watchdog

        /// The `KEY=value` text sent for this state.
        public var assignment: String {
            switch self {
            case .ready: "READY=1"
            case .reloading: "RELOADING=1"
            case .stopping: "STOPPING=1"
            case .status(let text): "STATUS=" + text.replacing("\n", with: " ")
            case .watchdog: "WATCHDOG=1"
            }
        }
    }

    /// The socket address from `$NOTIFY_SOCKET`, or `nil` when notifications are disabled.
    public let socketPath: String?

    /// Creates a notifier for the socket named in `environment["NOTIFY_SOCKET"]`.
    /// - Parameter environment: The process environment (injected so tests need not set it).
    public init(environment: [String: String]) {
        let path = environment["NOTIFY_SOCKET"] ?? ""
        self.socketPath = path.isEmpty ? nil : path
    }

    /// Whether `$NOTIFY_SOCKET` was set.
    public var isEnabled: Bool { socketPath != nil }

    /// Sends the given states in one datagram (`READY=1\nSTATUS=…`).
    /// - Throws: ``InboxError`` when the socket address is invalid or the datagram cannot be sent.
    public func notify(_ states: State...) throws {
        try notify(states)
    }

    /// Sends the given states in one datagram.
    /// - Throws: ``InboxError`` when the socket address is invalid or the datagram cannot be sent.
    public func notify(_ states: [State]) throws {
        guard let socketPath, !states.isEmpty else {
            return
        }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        // A leading "@" names a socket in the abstract namespace: a NUL byte, no terminator.
        var pathBytes = Array(socketPath.utf8)
        let isAbstract = pathBytes.first == UInt8(ascii: "@")
        if isAbstract {
            pathBytes[0] = 0
        } else {
            pathBytes.append(0)
        }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard pathBytes.count <= capacity, isAbstract || socketPath.hasPrefix("/") else {
            throw InboxError.systemCall("sendto", path: socketPath, errno: EINVAL)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: pathBytes) }
        let length = socklen_t(MemoryLayout.offset(of: \sockaddr_un.sun_path)! + pathBytes.count)

        let fd = try Syscall.socket(domain: AF_UNIX, type: CInt(SOCK_DGRAM.rawValue))
        defer { Syscall.close(fd) }
        let message = states.map(\.assignment).joined(separator: "\n")
        try Syscall.sendto(fd, Array(message.utf8), address: address, length: length, path: socketPath)
    }
}
