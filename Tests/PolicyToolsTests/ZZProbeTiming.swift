import Foundation
import Policy
import PolicyTools
import Testing

@Test(.enabled(if: ProcessInfo.processInfo.environment["PF_TIMING"] != nil))
func zzPrefilterTiming() throws {
    let set = try PolicyLoader().load(directory: "/work/main/Policies")
    for rule in set.allRules {
        var one = set
        one.categories = [CategoryPolicy(category: "x", description: "x", file: "x", rules: [], tests: [])]
        var r = rule
        r.kind = .refusePrompt
        one.categories[0].rules = [r]
        one.refusals.markers = []
        one.refusals.allow = []
        if let h = FileHandle(forWritingAtPath: "/tmp/exp/timing2.txt") { h.seekToEndOfFile(); h.write("START \(rule.id)\n".data(using: .utf8)!); h.closeFile() }
        let start = Date()
        _ = try? CompiledPolicySet(one, options: .init(prefilter: true))
        let elapsed = Date().timeIntervalSince(start)
        let line = "TIMING \(String(format: "%.2f", elapsed)) \(rule.id)\n"; if let h = FileHandle(forWritingAtPath: "/tmp/exp/timing2.txt") { h.seekToEndOfFile(); h.write(line.data(using: .utf8)!); h.closeFile() }
    }
}
