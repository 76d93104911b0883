/// Whether a one-off batch run (`refusald scan`) that finds no cached prefilter should compile it itself, or screen
/// without it and say so (the command words the notes).
///
/// Without a cached prefilter a run has two ways on. It can compile the databases: about 70 s for the
/// shipped policies on one core of the reference machine. Or it can run every rule in
/// PCRE2, at about 1 MB/s per core with the same policies. Both costs grow with the size of the policy set, so the
/// point where compiling pays off is an input size, and it grows with the number of workers (the compile uses one
/// core, screening uses them all). Measured with the shipped policies (release build, one core): compile 73 s;
/// 134 MB screened without the prefilter in 148 s, with it in 2 s. Break-even is near 66 MB per worker; the
/// compiled databases are cached for later runs too, so the threshold sits a little below.
public enum PrefilterBuildThreshold {
    /// Input bytes per worker from which compiling the prefilter first is quicker than screening without it.
    public static let bytesPerWorker = 64 << 20

    /// Inputs from this size on get a note when they are screened without the prefilter: from here on the
    /// difference is seconds.
    public static let noteBytes = 1 << 20

    /// Whether a run over `inputBytes` with `workers` worker threads should compile the prefilter when it is not
    /// cached.
    public static func shouldBuild(inputBytes: Int, workers: Int) -> Bool {
        inputBytes >= bytesPerWorker * max(1, workers)
    }

    /// Whether a run over `inputBytes` that screens without the prefilter, because none is cached, should say so:
    /// below this size the difference is not noticed.
    public static func shouldNote(inputBytes: Int) -> Bool {
        inputBytes >= noteBytes
    }
}
