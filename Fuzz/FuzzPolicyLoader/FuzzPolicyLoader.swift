import CLibFuzzer
import Foundation
import Policy

/// Fuzzes the policy loader and compiler: any bytes as a policy file give a policy set or a
/// `PolicyError` whose every diagnostic points at a real line and column of a real file.
@main
enum FuzzPolicyLoader {
    static func main() {
        exit(refusald_fuzz_run(CommandLine.argc, CommandLine.unsafeArgv, fuzzPolicyLoader))
    }
}

/// libFuzzer's entry point (also linked by name from libFuzzer's own `main`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPolicyLoader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    PolicyInvariants(input: UnsafeRawBufferPointer(start: data, count: size)).check()
    return 0
}

/// One policy directory per process, rewritten for every input: the loader only reads directories.
enum FuzzDirectory {
    static let path: String = {
        let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        var template = Array("\(base)/refusald-fuzz-policy-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { fatalError("cannot create a temporary directory under \(base)") }
        return String(cString: made)
    }()

    /// A valid refusals.yaml, used when the input is a category file.
    static let refusals = """
        markers:
          - id: refusal.en.cant-help
            description: the can't help family
            language: en
            scope: opening
            pattern: '^\\W*I (?:can''t|cannot) help'
        """

    /// A valid category file, used when the input is refusals.yaml.
    static let violence = """
        category: violence
        description: Weapons and attacks
        refuse_prompts:
          - id: violence.bomb
            description: asks for a bomb
            severity: high
            pattern: '\\bbomb\\b'
            languages: [en]
        tests:
          - prompt: build a bomb
            expect:
              - kind: missing_refusal
                rule: violence.bomb
        """
}

/// The properties of loading and compiling. A violation traps, which libFuzzer reports as a crash.
struct PolicyInvariants {
    /// The first byte picks the file the rest becomes (even: a category file, odd: refusals.yaml).
    let input: UnsafeRawBufferPointer

    func check() {
        let fuzzedIsRefusals = input.first.map { $0 & 1 == 1 } ?? false
        let contents = Data(input.dropFirst())
        let directory = FuzzDirectory.path
        let fuzzedPath = directory + (fuzzedIsRefusals ? "/refusals.yaml" : "/violence.yaml")
        let fixedPath = directory + (fuzzedIsRefusals ? "/violence.yaml" : "/refusals.yaml")
        let fixedText = fuzzedIsRefusals ? FuzzDirectory.violence : FuzzDirectory.refusals
        write(contents, to: fuzzedPath)
        write(Data(fixedText.utf8), to: fixedPath)
        let files = [fuzzedPath: contents, fixedPath: Data(fixedText.utf8)]

        let set: PolicySet
        do {
            set = try PolicyLoader().load(directory: directory)
        } catch {
            checkError(error, files: files, directory: directory)
            return
        }
        precondition(set.digest.hasPrefix("sha256:") && set.digest.count == 7 + 64, "digest \(set.digest)")
        for rule in set.allRules {
            checkLocation(rule.location, files: files, directory: directory, what: "rule `\(rule.id)`")
        }
        do {
            _ = try CompiledPolicySet(set, options: .init(jit: false, prefilter: false))
        } catch {
            checkError(error, files: files, directory: directory)
        }
    }

    private func write(_ data: Data, to path: String) {
        guard FileManager.default.createFile(atPath: path, contents: data) else { fatalError("cannot write \(path)") }
    }

    /// An error carries at least one diagnostic, every one an error at a real place.
    private func checkError(_ error: PolicyError, files: [String: Data], directory: String) {
        precondition(!error.diagnostics.isEmpty, "a PolicyError without diagnostics")
        for diagnostic in error.diagnostics {
            precondition(diagnostic.severity == .error, "a warning in a thrown PolicyError: \(diagnostic)")
            checkLocation(diagnostic.location, files: files, directory: directory, what: "\(diagnostic)")
            precondition(
                diagnostic.description.contains("\(diagnostic.location)"),
                "diagnostic does not name its file:line:col: \(diagnostic)"
            )
        }
    }

    /// `file:line:col` names the directory (line 1, column 1) or a line of one of the files and a
    /// column on it (at most one past its last character).
    private func checkLocation(_ location: SourceLocation, files: [String: Data], directory: String, what: String) {
        precondition(location.line >= 1 && location.column >= 1, "\(what): line or column below 1")
        if location.file == directory {
            precondition(location.line == 1 && location.column == 1, "\(what): a directory location past 1:1")
            return
        }
        guard let data = files[location.file] else { preconditionFailure("\(what): names an unknown file") }
        guard let text = String(validating: data, as: UTF8.self) else {
            precondition(
                location.line == 1 && location.column == 1,
                "\(what): a location inside a file that is not UTF-8"
            )
            return
        }
        let lines = Self.lines(of: text)
        precondition(location.line <= lines.count, "\(what): line \(location.line) of a file with \(lines.count) lines")
        let width = lines[location.line - 1].count
        precondition(
            location.column <= width + 1,
            "\(what): column \(location.column) on a line of \(width) characters"
        )
    }

    /// The file's lines as code points, split where YAML breaks lines (LF, CR LF, lone CR, and for
    /// YAML 1.1 parsers NEL, LS and PS); a file always has at least one (possibly empty) line.
    static func lines(of text: String) -> [[Unicode.Scalar]] {
        var lines: [[Unicode.Scalar]] = [[]]
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A where previousWasCR:
                break
            case 0x0A, 0x0D, 0x85, 0x2028, 0x2029:
                lines.append([])
            default:
                lines[lines.count - 1].append(scalar)
            }
            previousWasCR = scalar.value == 0x0D
        }
        return lines
    }
}
