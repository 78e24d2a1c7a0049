public import Foundation
public import RedisClient

/// A private `redis-server` child on a free loopback port, for tests that stop and restart Redis.
/// Its data lives in a temporary directory that goes away with it.
public final class RedisServerProcess: @unchecked Sendable {
    // @unchecked: `process` is only touched by the test that owns the server, one call at a time.
    public let port: Int
    public let directory: URL
    private let extraArguments: [String]
    /// Set for a sentinel: the config file's lines (a sentinel rewrites its file, so it needs one).
    private let sentinelConfiguration: [String]?
    private var process: Process?
    /// Killed by `kill()`, maybe not gone yet.
    private var dying: Process?

    /// - Parameter port: a port chosen by the caller (a cluster node's, `FreePort.findForClusterNode`).
    public init(extraArguments: [String] = [], port: Int? = nil) throws {
        self.port = try port ?? FreePort.find()
        self.directory = FileManager.default.temporaryDirectory.appendingPathComponent("kickoff-test-redis-\(UUID().uuidString)")
        self.extraArguments = extraArguments
        self.sentinelConfiguration = nil
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// A replica of `primary` (`--replicaof`), answering writes with READONLY until promoted.
    public static func replica(of primary: RedisServerProcess) throws -> RedisServerProcess {
        try RedisServerProcess(extraArguments: ["--replicaof", "127.0.0.1", "\(primary.port)"])
    }

    /// A Redis Sentinel (`redis-server sentinel.conf --sentinel`) watching `primary` as `masterName`,
    /// with a quorum of 1 and short timeouts: it calls the primary down after 1 s without answers.
    public init(sentinelFor primary: RedisServerProcess, masterName: String) throws {
        self.port = try FreePort.find()
        self.directory = FileManager.default.temporaryDirectory.appendingPathComponent("kickoff-test-sentinel-\(UUID().uuidString)")
        self.extraArguments = []
        self.sentinelConfiguration = [
            "sentinel monitor \(masterName) 127.0.0.1 \(primary.port) 1",
            "sentinel down-after-milliseconds \(masterName) 1000",
            "sentinel failover-timeout \(masterName) 10000",
            "sentinel parallel-syncs \(masterName) 1",
        ]
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        kill()
        try? FileManager.default.removeItem(at: directory)
    }

    public var url: String { "redis://127.0.0.1:\(port)/0" }

    public var configuration: RedisConfiguration {
        RedisConfiguration(host: "127.0.0.1", port: port, reconnectBackoff: Backoff(initial: .milliseconds(10), maximum: .milliseconds(200)))
    }

    /// Starts the server and returns once it answers PING.
    public func start() async throws {
        try await waitForDeath()  // a restart: the killed server's port must be free
        let process = Process()
        process.executableURL = try Executable.find("redis-server")
        let common = ["--port", "\(port)", "--bind", "127.0.0.1", "--dir", directory.path,
                      "--logfile", directory.appendingPathComponent("redis.log").path]
        if let sentinelConfiguration {
            let file = directory.appendingPathComponent("sentinel.conf")
            try (sentinelConfiguration.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
            process.arguments = [file.path, "--sentinel"] + common
        } else {
            process.arguments = common + ["--save", "", "--appendonly", "no", "--repl-diskless-sync-delay", "0"] + extraArguments
        }
        // Not the test runner's pipes: a server left running would keep `swift test` waiting for EOF.
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        let port = self.port
        try await Eventually.poll("redis-server on port \(port) answers PING") {
            try await onOwnThread {
                let connection = BlockingRedisConnection(configuration: RedisConfiguration(host: "127.0.0.1", port: port))
                // Any answer counts, NOAUTH included: the server is up.
                return (try? connection.pipeline([RedisCommand("PING")])) != nil
            }
        }
    }

    public var isRunning: Bool { process != nil }

    /// Freezes the server (SIGSTOP): connections stay open but nothing is answered, like a stall.
    public func pause() {
        if let process { Foundation.kill(process.processIdentifier, SIGSTOP) }
    }

    public func resume() {
        if let process { Foundation.kill(process.processIdentifier, SIGCONT) }
    }

    /// Kills the server at once (SIGKILL), as a crash would, without waiting for it to be gone: what
    /// tests call when they are done (`defer { server.kill() }`; deinit is only a safety net). A test
    /// that goes on using the server's absence awaits `crash()` instead; `start()` waits by itself.
    /// (It used to wait with `waitUntilExit`, which runs a run loop on the calling thread until the
    /// exit: a cooperative thread held, in a test process that has two.)
    public func kill() {
        guard let process else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        dying = process
        self.process = nil
    }

    /// Kills the server (SIGKILL) and waits until it is gone, polling: no thread is held meanwhile.
    public func crash() async throws {
        kill()
        try await waitForDeath()
    }

    /// Waits until the process `kill()` signalled has exited (its port is free again).
    private func waitForDeath() async throws {
        guard let dying else { return }
        try await Eventually.poll("redis-server on port \(port) exits", deadline: .seconds(60)) { !dying.isRunning }
        self.dying = nil
    }
}

/// Finds an unused loopback TCP port by binding port 0.
public enum FreePort {
    /// A free port whose cluster bus port (10000 above it, so below 55536) is free too.
    public static func findForClusterNode() throws -> Int {
        for _ in 0..<200 {
            let port = try find()
            if port < 55536, isFree(port + 10000) { return port }
        }
        throw TestSupportError("no free port with a free cluster bus port")
    }

    static func isFree(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    public static func find() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestSupportError("socket() failed: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw TestSupportError("bind() failed: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw TestSupportError("getsockname() failed: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

public enum Executable {
    /// The absolute path of a program on PATH.
    public static func find(_ name: String) throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw TestSupportError("\(name) is not on PATH (\(path)); scripts/test installs it")
    }
}

public struct TestSupportError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
