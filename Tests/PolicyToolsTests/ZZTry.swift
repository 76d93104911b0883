import Foundation
import PCRE2
import PolicyTools
import Testing

@Test(.enabled(if: ProcessInfo.processInfo.environment["ZZ"] != nil))
func zzTry() throws {
    let patterns = [
        #"(x+x+)+y"#, #"(\d+)*\."#, #"^(([a-z])+.)+[A-Z]([a-z])+$"#,
        #"^([a-zA-Z0-9])(([\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$"#,
        #"\bkill\b.*\bpeople\b.*\bnow\b"#, #".*.*=.*"#, #"(?:\w+\s*)+\?"#, #"\b(\w+)\s+\1\b"#, #"(?:a|a)*b"#,
        #"(?:\bhow\b.{0,40})+bomb"#, #"\w+\s+\w+\s+\w+\s+bomb"#, #"[^.!?]*\bkill\b[^.!?]*\bhow\b"#,
        #"(?:[^.!?]{0,80}\s){0,20}kill"#, #"(.*?,){11}P"#,
    ]
    for source in patterns {
        let start = Date()
        let result = BacktrackingProbe().check(try Pattern(source))
        let line = "ZZ \(String(format: "%.2f", Date().timeIntervalSince(start)))s \(source) -> \(result.map { "\($0.input)" } ?? "ok")\n"
        FileHandle.standardError.write(line.data(using: .utf8)!)
    }
}
