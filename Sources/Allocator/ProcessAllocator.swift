import CMimalloc
import Glibc

/// The allocator behind `malloc` in this process: mimalloc, linked ahead of libc so that ELF symbol interposition
/// sends every library's `malloc`/`free` to it (glibc documents this way of replacing its allocator).
///
/// Screening allocates and frees a few small buffers per item (decoded texts, verdicts) in batches of thousands,
/// and with two workers one thread frees what another allocated. On the benchmark corpus glibc's allocator took
/// most of libc's 8.7 % of a one-thread scan (its per-size thread cache holds seven blocks, so a batch's frees went
/// the slow way); with mimalloc (free lists per page and per thread) libc and mimalloc together take 5-6 %, and the
/// whole scan about 4 % fewer CPU samples on one thread, 5 % on two.
public enum ProcessAllocator {
    /// Whether `malloc` in this process really is mimalloc: a block from `malloc` lies in mimalloc's heap.
    /// `false` would mean the link order let glibc's `malloc` win; everything still works, only slower.
    public static var isMimalloc: Bool {
        guard let block = malloc(64) else { return false }
        defer { free(block) }
        return owns(block)
    }

    /// Whether `pointer` lies in memory mimalloc manages.
    static func owns(_ pointer: UnsafeRawPointer) -> Bool {
        mi_is_in_heap_region(pointer)
    }

    /// The allocator's name and version, e.g. `mimalloc 2.0.9`, or `glibc malloc` when mimalloc is not in use.
    public static var description: String {
        guard isMimalloc else { return "glibc malloc" }
        let version = Int(mi_version())
        return "mimalloc \(version / 100).\(version / 10 % 10).\(version % 10)"
    }

    /// Gives the memory this thread has freed back to the operating system now: the daemon calls it on the thread
    /// that compiled a prefilter, which frees a few hundred megabytes at once.
    ///
    /// mimalloc decommits freed pages only once they have stayed free for its decommit delay, and checks that when
    /// the thread allocates again: a compile thread that then goes idle would keep them resident for good (the
    /// daemon stayed at 150 of its 183 MiB peak). So the delays are set to zero for this one forced collection.
    public static func returnFreedMemory() {
        let delays = [mi_option_decommit_delay, mi_option_segment_decommit_delay]
        let saved = delays.map { mi_option_get($0) }
        for option in delays { mi_option_set(option, 0) }
        mi_collect(true)
        for (option, value) in zip(delays, saved) { mi_option_set(option, value) }
    }
}
