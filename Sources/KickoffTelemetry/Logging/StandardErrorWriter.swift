import Glibc
import Synchronization

/// Writes whole lines to a file descriptor (stderr by default), one `write(2)` per line, under a lock
/// so that lines from different threads never interleave even when the kernel would split them.
public final class StandardErrorWriter: Sendable {
    public static let shared = StandardErrorWriter(descriptor: STDERR_FILENO)

    private let descriptor: Int32
    private let writing = Mutex(())  // held for each line's writes; no other state

    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    public func write(line: String) {
        let bytes = Array(line.utf8)
        writing.withLock { _ in write(bytes) }
    }

    private func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written == -1 && errno == EINTR {
                    continue
                } else {
                    return  // stderr is unusable (closed, or a full non-blocking pipe): drop the line, never spin
                }
            }
        }
    }
}
