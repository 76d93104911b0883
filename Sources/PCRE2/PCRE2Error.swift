import CPCRE2

/// An error from compiling or running a PCRE2 pattern.
///
/// Compile errors carry PCRE2's own message and the byte offset inside the pattern where PCRE2
/// stopped, so callers (the policy loader, `policy lint`) can point at the exact character.
public struct PCRE2Error: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of failure this is.
    public enum Code: Sendable, Equatable {
        /// The pattern does not compile; `offset` is the byte offset in the pattern.
        case compile(offset: Int)
        /// A match hit the match limit (catastrophic backtracking or a huge subject).
        case matchLimit
        /// The JIT stack (or, without JIT, the depth/heap limit) was exhausted.
        case stackLimit
        /// Any other negative return code from `pcre2_match`.
        case match(code: Int32)
        /// PCRE2 could not allocate memory.
        case outOfMemory
        /// Compiled patterns could not be serialized or decoded (`pcre2_serialize_*` returned `code`).
        case serialization(code: Int32)
    }

    /// The failure kind.
    public let code: Code
    /// PCRE2's message (for compile errors) or our explanation.
    public let message: String

    /// Whether this error means a resource limit was hit (reported as a `rule_error` finding).
    public var isLimit: Bool {
        switch code {
        case .matchLimit, .stackLimit: return true
        default: return false
        }
    }

    /// A human-readable description, e.g. `at offset 3 in the pattern: missing closing parenthesis`.
    public var description: String {
        switch code {
        case .compile(let offset): return "at offset \(offset) in the pattern: \(message)"
        default: return message
        }
    }

    init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// Builds an error from a PCRE2 error code, fetching PCRE2's own message text.
    static func fromPCRE2(_ errorCode: Int32, code: Code) -> PCRE2Error {
        PCRE2Error(code: code, message: pcre2Message(errorCode))
    }

    /// Maps a negative `pcre2_match` result to an error.
    static func fromMatchResult(_ rc: Int32) -> PCRE2Error {
        switch rc {
        case PCRE2_ERROR_MATCHLIMIT:
            return PCRE2Error(
                code: .matchLimit,
                message: "match limit exceeded (the pattern backtracks catastrophically on this text)"
            )
        case PCRE2_ERROR_JIT_STACKLIMIT, PCRE2_ERROR_DEPTHLIMIT, PCRE2_ERROR_HEAPLIMIT:
            return PCRE2Error(code: .stackLimit, message: "match stack limit exceeded (\(pcre2Message(rc)))")
        case PCRE2_ERROR_NOMEMORY:
            return PCRE2Error(code: .outOfMemory, message: "PCRE2 ran out of memory while matching")
        default:
            return PCRE2Error(code: .match(code: rc), message: "PCRE2 match failed: \(pcre2Message(rc))")
        }
    }
}

/// PCRE2's text for an error code.
func pcre2Message(_ errorCode: Int32) -> String {
    var buffer = [UInt8](repeating: 0, count: 256)
    let length = buffer.withUnsafeMutableBufferPointer { pointer in
        pcre2_get_error_message_8(errorCode, pointer.baseAddress, pointer.count)
    }
    guard length > 0 else { return "PCRE2 error \(errorCode)" }
    return String(decoding: buffer[0..<Int(length)], as: UTF8.self)
}
