#if canImport(Glibc)
import Glibc
#endif

/// Reads a file descriptor in large chunks and cuts it into lines, streaming: memory stays
/// bounded by the chunk size plus the longest allowed line, whatever the file size.
///
/// A line longer than the limit is skipped up to its newline without being buffered and
/// reported as an over-long line, so one 100 MB line cannot exhaust memory.
struct LineReader {
    /// One line of input.
    struct Line {
        /// 1-based line number.
        var number: Int
        /// Byte range inside the current chunk buffer (without `\n` or a trailing `\r`).
        var range: Range<Int>
        /// Set when the line exceeded the limit: its true length in bytes.
        var overlongBytes: Int?
    }

    let fd: Int32
    let path: String
    let maxLineBytes: Int
    let readSize: Int
    private(set) var bytesRead = 0
    private var lineNumber = 0
    private var pending: [UInt8] = []  // bytes of an unfinished line carried to the next chunk
    private var skipping: Int?  // length so far of an over-long line being skipped
    private var finished = false
    private var scratch: [UInt8] = []

    init(fd: Int32, path: String, maxLineBytes: Int, readSize: Int = 1 << 20) {
        self.fd = fd
        self.path = path
        self.maxLineBytes = maxLineBytes
        self.readSize = readSize
    }

    /// Reads the next batch of complete lines into `buffer` (replacing its contents).
    /// Returns an empty list at end of file.
    mutating func nextLines(into buffer: inout [UInt8], targetBytes: Int) throws(BatchError) -> [Line] {
        var lines: [Line] = []
        buffer.removeAll(keepingCapacity: true)
        buffer.append(contentsOf: pending)
        pending.removeAll(keepingCapacity: true)
        var scanFrom = 0
        var lineStart = 0
        // `lineStart` is how many bytes of complete lines this batch holds; stop reading once it
        // reaches the target, so memory stays bounded by the chunk size, not the file size.
        while !finished && (lines.isEmpty || lineStart < targetBytes) {
            let oldCount = buffer.count
            // Grow geometrically: `reserveCapacity` allocates exactly what it is asked for, so asking for one
            // more read's worth each time copied the whole chunk (and faulted in fresh pages) on every read.
            if buffer.capacity < oldCount + readSize {
                buffer.reserveCapacity(max(2 * buffer.capacity, oldCount + readSize, targetBytes + readSize))
            }
            let count = try readChunk(into: &buffer)
            if count == 0 {
                finished = true
                break
            }
            scanFrom = oldCount
            cutLines(&buffer, from: &scanFrom, lineStart: &lineStart, into: &lines)
            if lines.count > 0 && lineStart >= targetBytes { break }
        }
        if finished {
            if let skipped = skipping {
                lineNumber += 1
                lines.append(
                    Line(
                        number: lineNumber,
                        range: lineStart..<lineStart,
                        overlongBytes: skipped + buffer.count - lineStart
                    )
                )
                skipping = nil
                lineStart = buffer.count
            } else if lineStart < buffer.count {
                lineNumber += 1
                let end = buffer.withUnsafeBufferPointer { trimCR($0, lineStart, buffer.count) }
                lines.append(Line(number: lineNumber, range: lineStart..<end, overlongBytes: nil))
                lineStart = buffer.count
            }
        } else {
            pending.append(contentsOf: buffer[lineStart...])
        }
        skipByteOrderMark(of: &lines, in: buffer)
        return lines
    }

    /// A UTF-8 byte-order mark at the start of the file (as some Windows tools write) is not part of
    /// the first line's JSON; RFC 8259 lets a parser ignore it, and producers expect that.
    private func skipByteOrderMark(of lines: inout [Line], in buffer: [UInt8]) {
        guard let first = lines.first, first.number == 1, first.overlongBytes == nil, first.range.count >= 3,
            buffer[first.range.lowerBound] == 0xEF, buffer[first.range.lowerBound + 1] == 0xBB,
            buffer[first.range.lowerBound + 2] == 0xBF
        else { return }
        lines[0].range = (first.range.lowerBound + 3)..<first.range.upperBound
    }

    private mutating func cutLines(
        _ buffer: inout [UInt8],
        from scanFrom: inout Int,
        lineStart: inout Int,
        into lines: inout [Line]
    ) {
        var index = scanFrom
        let end = buffer.count
        buffer.withUnsafeBufferPointer { bytes in
            while index < end {
                guard let newline = memchrIndex(bytes, from: index, to: end) else {
                    index = end
                    break
                }
                lineNumber += 1
                if let skipped = skipping {
                    lines.append(
                        Line(
                            number: lineNumber,
                            range: lineStart..<lineStart,
                            overlongBytes: skipped + newline - lineStart
                        )
                    )
                    skipping = nil
                } else if newline - lineStart > maxLineBytes {
                    lines.append(
                        Line(number: lineNumber, range: lineStart..<lineStart, overlongBytes: newline - lineStart)
                    )
                } else {
                    lines.append(
                        Line(
                            number: lineNumber,
                            range: lineStart..<trimCR(bytes, lineStart, newline),
                            overlongBytes: nil
                        )
                    )
                }
                lineStart = newline + 1
                index = newline + 1
            }
        }
        scanFrom = index
        // An unfinished line already past the limit (or being skipped): stop buffering it.
        if skipping != nil || buffer.count - lineStart > maxLineBytes {
            skipping = (skipping ?? 0) + buffer.count - lineStart
            buffer.removeSubrange(lineStart...)
            scanFrom = lineStart
        }
    }

    /// The scratch buffer's first size: most dropped files are smaller. Zero-filling a megabyte for each file
    /// took 2.5 % of the daemon's CPU time on 20 KB files.
    static let firstReadSize = 64 << 10

    private mutating func readChunk(into buffer: inout [UInt8]) throws(BatchError) -> Int {
        // Read into a scratch buffer allocated once per file, then copy what arrived: no zero-filling per read.
        // It grows fourfold, up to `readSize`, each time a read fills it.
        if scratch.isEmpty { scratch = [UInt8](repeating: 0, count: min(readSize, Self.firstReadSize)) }
        let size = scratch.count
        var result = 0
        repeat {
            result = scratch.withUnsafeMutableBytes { raw in read(fd, raw.baseAddress!, size) }
        } while result < 0 && errno == EINTR
        if result < 0 {
            throw BatchError(.read, path: path, errno: errno)
        }
        buffer.append(contentsOf: scratch[0..<result])
        bytesRead += result
        if result == size && size < readSize { scratch = [UInt8](repeating: 0, count: min(readSize, 4 * size)) }
        return result
    }

    private func trimCR(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        end > start && buffer[end - 1] == 0x0D ? end - 1 : end
    }

    private func memchrIndex(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        guard from < to, let base = bytes.baseAddress else { return nil }
        guard let found = memchr(base + from, 0x0A, to - from) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }
}
