import Foundation
import SGLabLanguage

extension FileStore {
    /// Whether a file handed to `load` is a script (what `record` writes, what `sglab run`
    /// reads) rather than a saved world: not JSON, and its first command line parses.
    static func isScript(_ data: Data) -> Bool {
        guard let text = String(data: data, encoding: .utf8) else { return false }
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("{") || line.hasPrefix("[") { return false }
            return (try? Parser.parse(line)) != nil
        }
        // Only comments: a script that does nothing, still not a world.
        return text.contains("#")
    }
}
