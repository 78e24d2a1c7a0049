import Glibc

/// An open file descriptor for reading, closed when the value goes away.
struct ReadOnlyFile: ~Copyable {
    let path: String
    private let descriptor: Int32

    /// nil when the file does not exist.
    init?(path: String) throws(RunDirectoryError) {
        var descriptor: Int32
        repeat {
            descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)
        } while descriptor == -1 && errno == EINTR
        if descriptor == -1 {
            if errno == ENOENT { return nil }
            throw .readFailed(path: path, reason: errnoText(errno))
        }
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    func size() throws(RunDirectoryError) -> Int {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw .readFailed(path: path, reason: errnoText(errno))
        }
        return Int(info.st_size)
    }

    /// Up to `count` bytes from `offset`; fewer at the end of the file.
    func read(from offset: Int, count: Int) throws(RunDirectoryError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let result = bytes.withUnsafeMutableBytes { buffer in
                pread(descriptor, buffer.baseAddress?.advanced(by: filled), count - filled, off_t(offset + filled))
            }
            if result == -1 {
                guard errno == EINTR else { throw .readFailed(path: path, reason: errnoText(errno)) }
                continue
            }
            if result == 0 { break }
            filled += result
        }
        bytes.removeLast(count - filled)
        return bytes
    }
}
