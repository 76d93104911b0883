/// The naming rules of the drop folder, in one place.
///
/// Producers write to a dotfile or a `.tmp`/`.part` name and rename when done, so those names are
/// never touched. Only `.jsonl` and `.ndjson` files are screened; any other name is quarantined.
enum InboxFileName {
    /// What the daemon does with a name that appears in `inbox/`.
    enum Kind: Equatable {
        /// A file still being written (dotfile, `.tmp`, `.part`): left alone until renamed.
        case ignored
        /// A JSONL file: claimed and screened.
        case screenable
        /// Any other name: claimed and quarantined as an unsupported file type.
        case unsupported
    }

    /// The extensions of files that are screened.
    static let screenableExtensions = [".jsonl", ".ndjson"]

    /// The suffix of every verdict file in `outbox/`.
    static let verdictSuffix = ".verdicts.jsonl"

    /// How the daemon treats `name`.
    static func kind(of name: String) -> Kind {
        if name.isEmpty || name.hasPrefix(".") || name.hasSuffix(".tmp") || name.hasSuffix(".part") {
            return .ignored
        }
        return screenableExtension(of: name) == nil ? .unsupported : .screenable
    }

    /// `.jsonl` or `.ndjson` when `name` ends with one (and has something before it).
    static func screenableExtension(of name: String) -> String? {
        screenableExtensions.first { name.hasSuffix($0) && name.count > $0.count }
    }

    /// The name without its screenable extension: `batch-7.jsonl` → `batch-7`.
    static func stem(of name: String) -> String {
        guard let ext = screenableExtension(of: name) else {
            return name
        }
        return String(name.dropLast(ext.count))
    }

    /// The verdict file of an input: `batch-7.jsonl` → `batch-7.verdicts.jsonl`.
    static func verdictName(for name: String) -> String {
        stem(of: name) + verdictSuffix
    }

    /// Where the screening function writes before the commit: a dotfile, so consumers of
    /// `outbox/` that skip dotfiles never see a half-written verdict file.
    static func temporaryVerdictName(for name: String) -> String {
        "." + verdictName(for: name) + ".tmp"
    }

    /// The name of the reason file written beside a quarantined file.
    static func reasonName(for name: String) -> String {
        name + ".reason"
    }

    /// The `attempt`-th candidate name under which a dropped file is claimed: the name itself,
    /// then `batch-7~2.jsonl`, `batch-7~3.jsonl`, … when an earlier file of the same name still
    /// has its input or verdicts in the state directory (so nothing is ever overwritten).
    ///
    /// A stem longer than ``maxStemBytes`` is shortened (at a character boundary): the names
    /// derived from a 255-byte input name (`.NAME.verdicts.jsonl.tmp`, `NAME.reason`) would not
    /// fit in a directory entry, and the file could be neither screened nor quarantined.
    static func candidate(for name: String, attempt: Int) -> String {
        let stem = stem(of: name)
        let kept = shortened(stem)
        guard attempt > 1 || kept.utf8.count < stem.utf8.count else {
            return name
        }
        let ext = screenableExtension(of: name) ?? ""
        return kept + (attempt > 1 ? "~\(attempt)" : "") + ext
    }

    /// The longest stem kept in a claimed name, in bytes: with `~N`, an extension and the
    /// longest name derived from it (`.STEM~N.ndjson.reason.tmp`), it stays within NAME_MAX (255).
    static let maxStemBytes = 200

    private static func shortened(_ stem: String) -> String {
        guard stem.utf8.count > maxStemBytes else {
            return stem
        }
        var kept = ""
        for scalar in stem.unicodeScalars {
            guard kept.utf8.count + UTF8.width(scalar) <= maxStemBytes else { break }
            kept.unicodeScalars.append(scalar)
        }
        return kept
    }

    /// Whether `name` is one of the daemon's own temporary files (left behind by a crash).
    static func isTemporary(_ name: String) -> Bool {
        name.hasPrefix(".") && name.hasSuffix(".tmp")
    }
}
