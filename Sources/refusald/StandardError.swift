#if canImport(Glibc)
import Glibc
#endif

/// Writing to standard error and asking whether it is a terminal.
enum StandardError {
    /// Writes `text` and a newline to standard error.
    static func print(_ text: String) {
        write(text + "\n")
    }

    /// Writes `text` as is to standard error.
    static func write(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(STDERR_FILENO, raw.baseAddress! + offset, raw.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    /// Whether standard error is a terminal (then progress is shown).
    static var isTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}
