import Prefilter
import Testing

/// Compiles patterns that must all be accepted, and fails the test otherwise.
func compileAccepting(_ patterns: [PrefilterPattern]) throws -> PrefilterDatabase {
    let (database, rejected) = try PrefilterDatabase.compile(patterns)
    #expect(rejected == [], "every pattern should compile in prefilter mode")
    return try #require(database)
}

/// Scans one text with a fresh scratch.
func scan(_ database: PrefilterDatabase, _ text: String) throws -> [Int32] {
    let scratch = try PrefilterScratch(for: database)
    return try database.candidates(in: text, scratch: scratch)
}
