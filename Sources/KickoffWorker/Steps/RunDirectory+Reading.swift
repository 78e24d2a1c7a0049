public import Foundation

extension RunDirectory {
    /// The step's output file as written, or nil when the step wrote none.
    /// - Parameter maxBytes: a bigger file is an error rather than a memory spike in the worker.
    public func readOutput(step: String, maxBytes: Int = 1 << 20) throws(RunDirectoryError) -> Data? {
        let path = try outputPath(step: step)
        guard let file = try ReadOnlyFile(path: path) else { return nil }
        // Asking for one byte more than may be returned catches a file that is (or has grown) too large.
        let bytes = try file.read(from: 0, count: min(try file.size(), maxBytes) + 1)
        guard bytes.count <= maxBytes else {
            throw .outputTooLarge(path: path, limit: maxBytes)
        }
        return Data(bytes)
    }

    /// The end of the step's log: at most the last `capBytes` bytes, after a one-line marker when the
    /// start was cut off. Invalid UTF-8 becomes U+FFFD; a character cut in half by the cap is dropped.
    /// A step that wrote nothing, or never started, has an empty log.
    public func readLog(step: String, capBytes: Int) throws(RunDirectoryError) -> (text: String, truncated: Bool) {
        let path = try logPath(step: step)
        guard let file = try ReadOnlyFile(path: path) else { return ("", false) }
        let size = try file.size()
        let cap = max(0, capBytes)
        guard size > cap else {
            return (String(decoding: try file.read(from: 0, count: size), as: UTF8.self), false)
        }
        var tail = try file.read(from: size - cap, count: cap)
        let continuationBytes = tail.prefix(3).prefix { $0 & 0b1100_0000 == 0b1000_0000 }.count
        tail.removeFirst(continuationBytes)
        let marker = "[log truncated: the first \(size - cap) of \(size) bytes are not shown]\n"
        return (marker + String(decoding: tail, as: UTF8.self), true)
    }
}
