import Foundation

/// Expands `scan` arguments: files as given, directories searched recursively for `.jsonl`
/// and `.ndjson` files (sorted), and `-` for standard input.
enum InputFiles {
    struct Missing: Error, CustomStringConvertible {
        let path: String
        var description: String { "no such file or directory: \(path)" }
    }

    static func expand(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            if path == "-" {
                files.append(path)
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw Missing(path: path)
            }
            if !isDirectory.boolValue {
                files.append(path)
                continue
            }
            let enumerator = FileManager.default.enumerator(atPath: path)
            var found: [String] = []
            while let relative = enumerator?.nextObject() as? String {
                if relative.hasSuffix(".jsonl") || relative.hasSuffix(".ndjson") {
                    found.append((path as NSString).appendingPathComponent(relative))
                }
            }
            files += found.sorted()
        }
        return files
    }
}
