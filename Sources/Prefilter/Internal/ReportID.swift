/// What one Vectorscan expression reports: a rule and which of the rule's clauses it stands for.
///
/// A rule with several literal clauses is a candidate only when every clause occurs in the text. Vectorscan
/// can evaluate that itself (logical combinations), but on the benchmark slice that made the scans about 15 %
/// slower than this: each clause is its own `SINGLEMATCH` expression and the AND is taken in the match
/// callback (it also sidesteps a Vectorscan 5.4 bug where single-match operands missed combinations). The id of
/// an expression of one clause carries everything the callback needs:
/// `rule << 5 | checksWordEnd << 4 | (clauseCount - 1) << 2 | clause`; only an expression that several clauses
/// share (``sharedBit``) needs the database's side table.
struct ReportID: Equatable {
    /// The rule's id (its index in the group).
    let rule: UInt32
    /// Which clause this expression is, from 0.
    let clause: Int
    /// How many clauses the rule has (1 for a regex pattern or a single clause).
    let clauseCount: Int
    /// Whether a match counts only where the text ends after it or goes on with a byte that is not an ASCII letter,
    /// digit or underscore (the literal's trailing word boundary, checked by the scan's callback).
    let checksWordEnd: Bool

    /// Rule ids must stay below this so the encoded id fits Vectorscan's unsigned int.
    static let ruleLimit: UInt32 = 1 << 26
    /// At most this many clauses fit the two bits the encoding gives them.
    static let clauseLimit = 4

    init(rule: UInt32, clause: Int, of clauseCount: Int, checksWordEnd: Bool = false) {
        precondition(rule < Self.ruleLimit && clause >= 0 && clause < clauseCount && clauseCount <= Self.clauseLimit)
        self.rule = rule
        self.clause = clause
        self.clauseCount = clauseCount
        self.checksWordEnd = checksWordEnd
    }

    /// Decodes an id from a scan.
    init(decoding raw: UInt32) {
        self.rule = raw >> 5
        self.checksWordEnd = Self.checksWordEnd(raw)
        self.clauseCount = Int((raw >> 2) & 0b11) + 1
        self.clause = Int(raw & 0b11)
    }

    /// The id given to Vectorscan.
    var raw: UInt32 {
        rule << 5 | (checksWordEnd ? 0b10000 : 0) | UInt32(clauseCount - 1) << 2 | UInt32(clause)
    }

    /// Set in the id of an expression whose literals several clauses share (see ``VectorscanExpressions``): the
    /// id is `1 << 31 | group << 5 | checksWordEnd << 4`, and the database's side table lists the clauses of
    /// `group`. Rule ids stay below 2^26, so no plain id has this bit.
    static let sharedBit: UInt32 = 1 << 31

    /// The id of shared group `group`.
    static func shared(group: Int, checksWordEnd: Bool) -> UInt32 {
        sharedBit | UInt32(group) << 5 | (checksWordEnd ? 0b10000 : 0)
    }

    /// Whether `raw` is a shared group's id, and which group.
    static func sharedGroup(_ raw: UInt32) -> Int? {
        raw & sharedBit == 0 ? nil : Int((raw & ~sharedBit) >> 5)
    }

    /// Whether a match of expression `raw` (plain or shared) counts only where a word ends after it.
    static func checksWordEnd(_ raw: UInt32) -> Bool {
        raw & 0b10000 != 0
    }

    /// The bit of this clause in a rule's found-clauses mask, and the mask once all are found.
    var clauseBit: UInt8 { 1 << UInt8(clause) }
    var completeMask: UInt8 { UInt8((1 << clauseCount) - 1) }
}
