import Foundation

/// Everything the client commands print goes through here, unbuffered, so that progress lines,
/// the live line's redraws and the final JSON come out in order (mixing `print`'s buffered stdout
/// with direct writes would not).
enum StandardOutput {
    static func write(_ text: String) {
        // A reader that went away (`kickoff runs list | head -1`) ends the output, not the process
        // with a crash report (`write(_:)` traps on EPIPE; this variant throws).
        try? FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
    }

    /// Whether stdout is a terminal: then a live progress line is redrawn in place.
    static var isTerminal: Bool {
        isatty(STDOUT_FILENO) == 1
    }
}
