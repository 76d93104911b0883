/// The files under `/static/`: a fixed table looked up by exact name, so no path ever reaches the disk
/// and `..` tricks have nothing to traverse.
enum StaticAssets {
    struct Asset {
        var contentType: String
        var body: String
    }

    static let files: [String: Asset] = [
        "review.js": Asset(contentType: "text/javascript; charset=utf-8", body: ReviewScript.source),
        "review.css": Asset(contentType: "text/css; charset=utf-8", body: ReviewStylesheet.source),
    ]

    static func asset(named name: String) -> Asset? {
        files[name]
    }
}
