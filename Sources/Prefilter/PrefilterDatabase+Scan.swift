import CVectorscan

extension PrefilterDatabase {
    /// The ids of the patterns that may match `text`, ascending, each once.
    ///
    /// A pattern not listed cannot match under PCRE2 (given the same options), so PCRE2 needs to confirm only
    /// these, plus every rejected pattern. A literal-requirement pattern is listed once every one of its
    /// clauses was found.
    /// - Parameters:
    ///   - text: The text as UTF-8. It must be valid UTF-8: Vectorscan's results on invalid UTF-8 are
    ///     undefined, so validate raw input first (a `String`'s bytes always are valid).
    ///   - scratch: This thread's scratch, allocated or prepared for this database.
    /// - Throws: ``PrefilterError/Code/textTooLarge`` past 4 GiB; ``PrefilterError/Code/scanFailed`` when the
    ///   scratch was not prepared for this database or Vectorscan fails.
    public func candidates(
        in text: UnsafeRawBufferPointer,
        scratch: PrefilterScratch
    ) throws(PrefilterError) -> [Int32] {
        var found: [Int32] = []
        guard let length = UInt32(exactly: text.count) else {
            throw PrefilterError(
                code: .textTooLarge,
                message: "the text is \(text.count) bytes but one scan takes at most \(UInt32.max); "
                    + "split the text or run the rules in PCRE2 directly"
            )
        }
        // The clause masks live in the scratch between scans; moved out here so the callback owns them uniquely.
        let status = sharedStarts.withUnsafeBufferPointer { sharedStarts in
            sharedReports.withUnsafeBufferPointer { sharedReports in
                var state = ScanState(
                    text: text,
                    masks: scratch.clauseMasks,
                    sharedStarts: sharedStarts,
                    sharedReports: sharedReports
                )
                scratch.clauseMasks = []
                defer {
                    state.masks.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
                    scratch.clauseMasks = state.masks
                    found = state.found
                }
                // Vectorscan wants a non-null pointer even for an empty text, which may still match an empty
                // pattern.
                var empty: CChar = 0
                return withUnsafeMutablePointer(to: &state) { statePointer in
                    withUnsafePointer(to: &empty) { emptyPointer in
                        let data = text.baseAddress?.assumingMemoryBound(to: CChar.self) ?? emptyPointer
                        return hs_scan(pointer, data, length, 0, scratch.pointer, collectCandidate, statePointer)
                    }
                }
            }
        }
        guard status == HS_SUCCESS else {
            throw PrefilterError(
                code: .scanFailed,
                message: "the prefilter scan failed (\(VectorscanStatus.explain(status))); make sure the scratch "
                    + "was allocated or prepared for this database and is used by one task at a time",
                vectorscanStatus: status
            )
        }
        found.sort()
        return found
    }

    /// The ids of the patterns that may match `text`, ascending, each once.
    /// - Parameters:
    ///   - text: The text; scanned as its UTF-8 bytes.
    ///   - scratch: This thread's scratch, allocated or prepared for this database.
    /// - Throws: As the `UnsafeRawBufferPointer` overload.
    public func candidates(in text: String, scratch: PrefilterScratch) throws(PrefilterError) -> [Int32] {
        var text = text
        let result = text.withUTF8 { bytes in
            Result { () throws(PrefilterError) in
                try candidates(in: UnsafeRawBufferPointer(bytes), scratch: scratch)
            }
        }
        return try result.get()
    }
}

/// What one scan has found so far.
private struct ScanState {
    /// The text being scanned.
    let text: UnsafeRawBufferPointer
    /// The candidate rules.
    var found: [Int32] = []
    /// For each rule id, the clauses found so far (a bit each); all zero between scans.
    var masks: [UInt8]
    /// The database's shared literal groups (see ``PrefilterDatabase/sharedStarts``).
    let sharedStarts: UnsafeBufferPointer<Int>
    let sharedReports: UnsafeBufferPointer<UInt32>
}

/// Vectorscan's match callback: records the clause that matched, or every clause of a shared literal group, and
/// makes a rule a candidate once all of the rule's clauses were seen; always continues.
///
/// An expression that checks a word end reports every match, and the match counts only when the byte after it is
/// not an ASCII letter, digit or underscore; every other expression is SINGLEMATCH. Either way a clause may be
/// reported more than once (by both kinds of expression, or by a group and on its own), so every report goes
/// through the rule's clause mask, and a rule becomes a candidate exactly once: when its mask first becomes
/// complete.
private func collectCandidate(
    id: UInt32,
    from: UInt64,
    to: UInt64,
    flags: UInt32,
    context: UnsafeMutableRawPointer?
) -> Int32 {
    let state = context!.assumingMemoryBound(to: ScanState.self)
    let text = state.pointee.text
    if ReportID.checksWordEnd(id), to < UInt64(text.count), PrefilterPattern.isASCIIWordByte(text[Int(to)]) {
        return 0
    }
    guard let group = ReportID.sharedGroup(id) else {
        record(ReportID(decoding: id), in: state)
        return 0
    }
    let starts = state.pointee.sharedStarts
    for index in starts[group]..<starts[group + 1] {
        record(ReportID(decoding: state.pointee.sharedReports[index]), in: state)
    }
    return 0
}

/// Marks `report`'s clause found, and its rule a candidate when that completes the rule's clauses.
@inline(__always)
private func record(_ report: ReportID, in state: UnsafeMutablePointer<ScanState>) {
    let rule = Int(report.rule)
    if rule >= state.pointee.masks.count {
        state.pointee.masks.append(contentsOf: repeatElement(0, count: rule + 1 - state.pointee.masks.count))
    }
    let before = state.pointee.masks[rule]
    let after = before | report.clauseBit
    state.pointee.masks[rule] = after
    if after == report.completeMask && before != after {
        state.pointee.found.append(Int32(bitPattern: report.rule))
    }
}
