import Foundation

/// Messages for people, on stderr, each line prefixed as the command's own.
enum StandardError {
    static func write(lines: [String]) {
        try? FileHandle.standardError.write(contentsOf: Data(lines.map { $0 + "\n" }.joined().utf8))
    }
}
