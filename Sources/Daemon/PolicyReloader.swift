import Foundation
import Logging
import Metrics
import Policy
import PolicyTools

/// Loads, compiles and checks a policy directory before it may be put in force: lint errors,
/// compile errors or a failing embedded test keep the old set.
public struct PolicyReloader: Sendable {
    /// Why a candidate policy set was refused.
    public struct Refusal: Error, CustomStringConvertible {
        /// What failed, with file:line:col where known.
        public let description: String
    }

    /// The policy directory.
    public let directory: String
    /// Where compiled prefilter databases are cached (`<state>/cache`).
    public let cache: PrefilterCache?
    /// Whether to build the Vectorscan prefilter.
    public let prefilter: Bool

    /// Creates a reloader.
    public init(directory: String, cache: PrefilterCache?, prefilter: Bool = true) {
        self.directory = directory
        self.cache = cache
        self.prefilter = prefilter
    }

    /// Whether the policy directory is there (a directory, or a link to one).
    public var directoryExists: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Builds a checked set, or says why not.
    public func load() throws(Refusal) -> CompiledPolicySet {
        // The prefilter part of lint compiles every rule in Vectorscan (slow); the daemon builds
        // the prefilter itself, in the background, after the set is in force.
        let errors = PolicyLinter(options: .init(prefilter: false)).lint(directory: directory).filter {
            $0.severity == .error
        }
        if !errors.isEmpty {
            throw Refusal(description: errors.map(\.description).joined(separator: "\n"))
        }
        let compiled: CompiledPolicySet
        do {
            compiled = try CompiledPolicySet.load(
                directory: directory,
                options: .init(prefilter: prefilter, cache: cache, cachedPrefilterOnly: true)
            )
        } catch {
            throw Refusal(description: error.description)
        }
        let failures = PolicyTestRunner(policies: compiled).run().filter { !$0.passed }
        if !failures.isEmpty {
            throw Refusal(description: "\(failures.count) embedded test(s) fail:\n" + TestReport.render(failures))
        }
        return compiled
    }

    /// `policies` with its prefilter built (and cached), or `nil` when it is not wanted or
    /// cannot be built (then PCRE2 keeps running every rule: slower, same verdicts).
    public func withPrefilter(_ policies: CompiledPolicySet) -> Result<CompiledPolicySet, PolicyError>? {
        guard prefilter, !policies.usesPrefilter else { return nil }
        do {
            return .success(try policies.addingPrefilter(cache: cache))
        } catch {
            return .failure(error)
        }
    }
}
