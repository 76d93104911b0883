import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Something that happened in `inbox/`.
public enum InboxEvent: Sendable, Hashable {
    /// A name appeared that is ready to be claimed: a file closed after writing, a file renamed
    /// in, or something that is not a regular file (directory, FIFO, symlink, …) created there.
    case file(String)
    /// The kernel's event queue overflowed: events were lost, list the directory again.
    case rescan
    /// A name appeared that is not valid UTF-8: no `String` names that file, list the directory
    /// again (the scan gives it a valid name).
    case undecodableName
}

/// Watches `inbox/` with Linux inotify and delivers ``InboxEvent``s without ever dropping one.
///
/// The watch is established in the initialiser, so a file dropped between `init` and the first
/// scan of the directory still produces an event. Reading happens on a dedicated thread blocked
/// in `poll(2)` (never on a cooperative thread) and events go into an unbounded buffer: if the
/// consumer is slow, memory grows rather than events being lost, and the kernel's own queue
/// limit turns into a ``InboxEvent/rescan``.
public final class InboxWatcher: Sendable {
    private enum State {
        case idle
        case running
        case finished
    }

    /// The watched directory.
    public let directory: String
    private let inotify: CInt
    private let wake: (read: CInt, write: CInt)
    private let state = Mutex(State.idle)

    /// The inotify events the watcher asks for.
    static let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_MOVE_SELF | IN_ONLYDIR)

    /// Starts watching `directory`.
    /// - Throws: ``InboxError`` when inotify is unavailable or the directory cannot be watched.
    public init(directory: String) throws {
        self.directory = directory
        let inotify = try Syscall.inotifyInit()
        do {
            _ = try Syscall.inotifyAddWatch(inotify, directory, mask: Self.mask)
            self.wake = try Syscall.pipe()
        } catch {
            Syscall.close(inotify)
            throw error
        }
        self.inotify = inotify
    }

    deinit {
        // Once started, the reading thread owns the descriptors (and keeps `self` alive).
        if state.withLock({ $0 == .idle }) {
            closeDescriptors()
        }
    }

    /// The events, from the moment the watcher was created; call once.
    ///
    /// The sequence ends when the watched directory is deleted or moved away, or when reading
    /// inotify fails; ending iteration (or cancelling the iterating task) stops the thread.
    public func events() -> AsyncStream<InboxEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: InboxEvent.self, bufferingPolicy: .unbounded)
        let started = state.withLock { state -> Bool in
            guard state == .idle else { return false }
            state = .running
            return true
        }
        guard started else {
            preconditionFailure("InboxWatcher.events() may only be called once")
        }
        continuation.onTermination = { [self] _ in
            // Wakes the thread out of poll(); under the lock so the pipe cannot be closed meanwhile.
            state.withLock { state in
                if state == .running {
                    _ = try? Syscall.writeAll(wake.write, [1], path: nil)
                }
            }
        }
        let thread = Thread { [self] in
            readLoop(continuation)
            state.withLock { state in
                state = .finished
                closeDescriptors()
            }
            continuation.finish()
        }
        thread.name = "refusald-inotify"
        thread.start()
        return stream
    }

    private func closeDescriptors() {
        Syscall.close(inotify)
        Syscall.close(wake.read)
        Syscall.close(wake.write)
    }

    private func readLoop(_ continuation: AsyncStream<InboxEvent>.Continuation) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(
            byteCount: 64 * 1024,
            alignment: MemoryLayout<inotify_event>.alignment
        )
        defer { buffer.deallocate() }
        var fds = [
            pollfd(fd: inotify, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            fds[0].revents = 0
            fds[1].revents = 0
            guard (try? Syscall.poll(&fds, timeoutMilliseconds: -1)) != nil, fds[1].revents == 0 else {
                return
            }
            while true {
                let count: Int
                do {
                    count = try Syscall.read(inotify, into: buffer, path: directory)
                } catch let error as InboxError where error.hasErrno(EAGAIN) {
                    break
                } catch {
                    return
                }
                guard count > 0, parse(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), into: continuation) else {
                    return
                }
            }
        }
    }

    /// Turns raw inotify records into events; returns `false` when the watch is gone.
    private func parse(_ bytes: UnsafeRawBufferPointer, into continuation: AsyncStream<InboxEvent>.Continuation) -> Bool
    {
        let headerSize = MemoryLayout<inotify_event>.size
        var offset = 0
        while offset + headerSize <= bytes.count {
            let header = bytes.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
            let nameBytes = bytes[(offset + headerSize)..<min(bytes.count, offset + headerSize + Int(header.len))]
            let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
            offset += headerSize + Int(header.len)

            if header.mask & UInt32(IN_Q_OVERFLOW) != 0 {
                continuation.yield(.rescan)
            } else if header.mask & UInt32(IN_IGNORED | IN_MOVE_SELF) != 0 {
                return false
            } else if !name.isEmpty, InboxFileName.kind(of: name) != .ignored {
                if UTF8Check.validate(ArraySlice(nameBytes.prefix { $0 != 0 })) != .valid {
                    continuation.yield(.undecodableName)
                } else if isComplete(name, mask: header.mask) {
                    continuation.yield(.file(name))
                }
            }
        }
        return true
    }

    /// A regular file that was just created is still being written: wait for its close. Anything
    /// else created in place (directory, FIFO, symlink, device) is complete as it appears.
    private func isComplete(_ name: String, mask: UInt32) -> Bool {
        guard mask & UInt32(IN_CREATE) != 0 else {
            return true
        }
        guard let status = try? Syscall.lstatIfExists(directory + "/" + name) else {
            return false
        }
        return status.st_mode & S_IFMT != S_IFREG
    }
}
