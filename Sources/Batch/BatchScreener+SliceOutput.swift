import Screening

extension BatchScreener {
    /// What one slice of a chunk produced: its verdicts encoded, and their counts.
    struct SliceOutput {
        var encoded: [UInt8] = []
        var report: FileReport
    }

    /// Encodes and counts the verdicts of a batch of `count` lines in line order: each line's error verdict if
    /// it has one, else the next item's outcome (a clean item's verdict straight from the item).
    ///
    /// A clean item's verdict is written from its id and meta, read in place: handing the encoder the whole item
    /// read from the array copied it (five retains and releases) on the way in.
    static func encode(
        _ count: Int,
        items: [ScreeningItem],
        lines: [Int],
        outcomes: [ScreeningOutcome],
        errors: [Int: Verdict],
        cleanParts: VerdictEncoder.CleanParts,
        into slice: inout SliceOutput
    ) {
        var next = 0
        for offset in 0..<count {
            if !errors.isEmpty, let error = errors[offset] {
                VerdictEncoder.append(error, to: &slice.encoded)
                slice.report.count(error)
                continue
            }
            switch outcomes[next] {
            case .clean:
                VerdictEncoder.appendClean(
                    idJSON: items[next].idJSON,
                    meta: items[next].meta,
                    line: lines[next],
                    parts: cleanParts,
                    to: &slice.encoded
                )
                slice.report.countCleanPass()
            case .screened(let verdict):
                VerdictEncoder.append(verdict, to: &slice.encoded)
                slice.report.count(verdict)
            }
            next += 1
        }
    }
}
