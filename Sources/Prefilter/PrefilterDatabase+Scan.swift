import CVectorscan

extension PrefilterDatabase {
    /// The ids of the patterns that may match `text`, ascending, each once.
    ///
    /// A pattern not listed cannot match under PCRE2 (given the same options), so PCRE2 needs to confirm only
    /// these, plus every rejected pattern. The only allocation is the result array.
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
        guard let length = UInt32(exactly: text.count) else {
            throw PrefilterError(
                code: .textTooLarge,
                message: "the text is \(text.count) bytes but one scan takes at most \(UInt32.max); "
                    + "split the text or run the rules in PCRE2 directly"
            )
        }
        var found: [Int32] = []
        // Vectorscan wants a non-null pointer even for an empty text, which may still match an empty pattern.
        var empty: CChar = 0
        let status = withUnsafeMutablePointer(to: &found) { foundPointer in
            withUnsafePointer(to: &empty) { emptyPointer in
                let data = text.baseAddress?.assumingMemoryBound(to: CChar.self) ?? emptyPointer
                return hs_scan(pointer, data, length, 0, scratch.pointer, collectCandidate, foundPointer)
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

/// Vectorscan's match callback: appends the id to the `[Int32]` that `context` points to and continues.
///
/// SINGLEMATCH reports each id at most once per scan, so appending is enough.
private func collectCandidate(
    id: UInt32,
    from: UInt64,
    to: UInt64,
    flags: UInt32,
    context: UnsafeMutableRawPointer?
) -> Int32 {
    context!.assumingMemoryBound(to: [Int32].self).pointee.append(Int32(bitPattern: id))
    return 0
}
