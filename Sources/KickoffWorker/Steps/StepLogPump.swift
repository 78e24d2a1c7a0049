import CSystemShims
import Foundation
import Glibc
import Synchronization

/// Keeps a step's log file from filling the disk while the step writes it. In a worker (which sets
/// `configure(capBytes:)` from its `--log-cap`), the step's stdout and stderr are one pipe, and a
/// thread of the worker copies what comes out of it into the log file. Whenever the file passes twice
/// the cap, it is replaced (renamed over, so a reader never sees it half written) by a marker line and
/// its last `capBytes`: a step writing 1 GiB takes at most about two caps on disk, whatever its speed
/// (the pipe makes a step that writes faster than this wait). Every reader of a step log reads only its
/// end (`RunDirectory.readLog`).
///
/// Without a configured cap (tests that run steps in their own process) there is no pump: the step
/// writes straight into the file.
final class StepLogPump: Sendable {
    /// The cap a worker sets once at start; nil: no pump.
    private static let configuredCap = Mutex<Int?>(nil)

    static func configure(capBytes: Int) {
        configuredCap.withLock { $0 = max(capBytes, 4096) }
    }

    private let path: String
    private let capBytes: Int
    private let readEnd: Int32
    /// Written once by `finish()` to wake the pump's `poll`.
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let thread: Mutex<DedicatedThread?> = Mutex(nil)

    private init(path: String, capBytes: Int, readEnd: Int32, wakeRead: Int32, wakeWrite: Int32) {
        self.path = path
        self.capBytes = capBytes
        self.readEnd = readEnd
        self.wakeRead = wakeRead
        self.wakeWrite = wakeWrite
    }

    /// A pump into `logDescriptor` (the open log at `path`, which it takes over and closes) and the write
    /// end of its pipe, for the step's stdout and stderr (close it once the step is spawned); nil when
    /// no cap is configured.
    static func make(path: String) throws(StepProcessError) -> (pump: StepLogPump, writeEnd: Int32)? {
        guard let cap = configuredCap.withLock({ $0 }) else { return nil }
        var step: [Int32] = [0, 0], wake: [Int32] = [0, 0]
        let stepResult = kickoff_pipe_cloexec(&step, 0)
        guard stepResult == 0 else { throw .logUnavailable(path: path, reason: "pipe2: \(errnoText(stepResult))") }
        let wakeResult = kickoff_pipe_cloexec(&wake, 1)
        guard wakeResult == 0 else {
            close(step[0])
            close(step[1])
            throw .logUnavailable(path: path, reason: "pipe2: \(errnoText(wakeResult))")
        }
        // The write end is dup2'ed onto 1 and 2 in the child, which must not clobber it: at least 3.
        var writeEnd = step[1]
        if writeEnd < 3 {
            let moved = fcntl(writeEnd, F_DUPFD_CLOEXEC, 3)
            close(writeEnd)
            writeEnd = moved
        }
        return (StepLogPump(path: path, capBytes: cap, readEnd: step[0], wakeRead: wake[0], wakeWrite: wake[1]), writeEnd)
    }

    /// Starts copying into `logDescriptor` (the log at `path`, opened for appending; the pump closes it).
    func start(logDescriptor: Int32) {
        let started = ReusedThreads.steps.start { [self] in self.pump(into: logDescriptor) }
        thread.withLock { $0 = started }
    }

    /// After the step's main process has ended: copies what is still in the pipe, then stops and
    /// closes everything. What the step's leftovers write later is not kept.
    func finish() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
        thread.withLock { $0 }?.join()
        close(readEnd)
        close(wakeRead)
        close(wakeWrite)
    }

    private func pump(into descriptor: Int32) {
        var log = LogFile(path: path, descriptor: descriptor, capBytes: capBytes)
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var fds = [pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0), pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
        // Until the pipe ends (every writer gone) or `finish()` says the step has ended.
        following: while true {
            fds[0].revents = 0
            fds[1].revents = 0
            if poll(&fds, 2, -1) < 0 {
                if errno == EINTR { continue }
                break
            }
            if fds[1].revents != 0 { break }
            guard fds[0].revents != 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
            if count > 0 {
                log.append(buffer[..<count])
            } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                break following
            }
        }
        // What is in the pipe now (it holds 64 KiB): a process the step left behind, writing on, must
        // not keep this going.
        _ = fcntl(readEnd, F_SETFL, fcntl(readEnd, F_GETFL) | O_NONBLOCK)
        var drained = 0
        while drained < 1 << 20 {
            let count = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
            if count > 0 {
                log.append(buffer[..<count])
                drained += count
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                break
            }
        }
        log.close()
    }
}

/// The log file as the pump writes it: appended to, and replaced by its end when it passes two caps.
private struct LogFile {
    let path: String
    var descriptor: Int32
    let capBytes: Int
    var size: Int
    /// Bytes of the step's output no longer in the file.
    var cut = 0
    /// The length of the marker line the file starts with (0: none), which is not the step's output.
    var markerBytes = 0

    init(path: String, descriptor: Int32, capBytes: Int) {
        self.path = path
        self.descriptor = descriptor
        self.capBytes = capBytes
        var info = stat()
        size = fstat(descriptor, &info) == 0 ? Int(info.st_size) : 0
    }

    mutating func append(_ bytes: ArraySlice<UInt8>) {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress!.advanced(by: written), bytes.count - written) }
            if result < 0 {
                if errno == EINTR { continue }
                return  // a full disk: the step goes on, its log does not
            }
            written += result
        }
        size += written
        if size > 2 * capBytes { keepEnd() }
    }

    /// Replaces the file with a marker line and its last `capBytes` (minus the marker's length).
    private mutating func keepEnd() {
        let marker = { (cut: Int) in "[log truncated while the step ran: the first \(cut) bytes it wrote are not kept]\n" }
        let keep = capBytes - marker(cut + size).utf8.count
        var tail = [UInt8](repeating: 0, count: keep)
        // The log is open for appending only: its end is read through a descriptor of its own.
        let reader = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)
        guard reader >= 0 else { return }
        let got = tail.withUnsafeMutableBytes { pread(reader, $0.baseAddress, keep, off_t(size - keep)) }
        Glibc.close(reader)
        guard got == keep else { return }
        // A character cut in half at the start is dropped.
        let continuation = tail.prefix(3).prefix { $0 & 0b1100_0000 == 0b1000_0000 }.count
        let newCut = cut + (size - markerBytes) - (keep - continuation)
        let markerLine = Array(marker(newCut).utf8)
        let content = markerLine + tail.dropFirst(continuation)
        let temporary = path + ".kept"
        let replacement = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0o600)
        guard replacement >= 0 else { return }
        let done = content.withUnsafeBytes { write(replacement, $0.baseAddress, $0.count) } == content.count
        guard done, rename(temporary, path) == 0 else {
            Glibc.close(replacement)
            unlink(temporary)
            return
        }
        Glibc.close(descriptor)
        _ = fcntl(replacement, F_SETFL, O_APPEND)
        descriptor = replacement
        size = content.count
        cut = newCut
        markerBytes = markerLine.count
    }

    /// Cut to the cap once more when something was cut already, so that the marker line with the
    /// whole count is what a reader sees first.
    mutating func close() {
        if cut > 0, size > capBytes { keepEnd() }
        Glibc.close(descriptor)
    }
}
