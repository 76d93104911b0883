extension ScanCommand {
    /// The note for a run over `inputBytes` that compiles the prefilter first, unasked, because none is cached in
    /// `cacheDirectory` (or the cached file cannot be read): the run is silent for that long otherwise.
    static func buildNote(inputBytes: Int, cacheDirectory: String) -> String {
        let megabytes = inputBytes >> 20
        return "refusald: compiling the prefilter for these policies first (about a minute for the shipped "
            + "policies): for \(megabytes) MB of input that is quicker than screening without it; it is cached in "
            + "\(cacheDirectory) for later runs"
    }

    /// The note for a run that screens without the prefilter because none is cached in `cacheDirectory`.
    static func unfilteredNote(cacheDirectory: String) -> String {
        "refusald: no prefilter for these policies is cached in \(cacheDirectory), so every rule runs in "
            + "PCRE2 (tens of times slower); add --build-prefilter once to compile and cache it "
            + "(about a minute for the shipped policies), or pass --no-prefilter to silence this note"
    }
}
