/// Whether a one-off run (`refusald scan`) that finds no cached prefilter should compile it itself, or screen
/// without it and say so.
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

    /// The note for a run over `inputBytes` that compiles the prefilter first, unasked, because none is cached in
    /// `cacheDirectory` (or the cached file cannot be read): the run is silent for that long otherwise.
    public static func buildNote(inputBytes: Int, cacheDirectory: String) -> String {
        let megabytes = inputBytes >> 20
        return "refusald: compiling the prefilter for these policies first (about a minute for the shipped "
            + "policies): for \(megabytes) MB of input that is quicker than screening without it; it is cached in "
            + "\(cacheDirectory) for later runs"
    }

    /// The note for a run over `inputBytes` that screens without the prefilter because none is cached in
    /// `cacheDirectory`, or `nil` when the input is too small to notice the difference.
    public static func note(inputBytes: Int, cacheDirectory: String) -> String? {
        guard inputBytes >= noteBytes else { return nil }
        return "refusald: no prefilter for these policies is cached in \(cacheDirectory), so every rule runs in "
            + "PCRE2 (tens of times slower); add --build-prefilter once to compile and cache it "
            + "(about a minute for the shipped policies), or pass --no-prefilter to silence this note"
    }
}
