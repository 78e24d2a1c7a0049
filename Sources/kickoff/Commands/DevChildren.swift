import Dispatch
import Foundation
import KickoffWorker
import KickoffStore
import Logging

/// The processes `kickoff dev` starts, stopped in reverse order: workers and front first, Redis last.
struct DevChildren {
    enum Ending: CustomStringConvertible {
        case signal(Int32)
        case childExited(String, Int32)

        var description: String {
            switch self {
            case .signal(let number): "signal \(number)"
            case .childExited(let name, let status): "\(name) exited with status \(status)"
            }
        }
    }

    let logger: Logger
    private var children: [ChildProcess] = []
    private var redisDirectory: URL?
    private let events = AsyncStream<Ending>.makeStream()

    init(logger: Logger) {
        self.logger = logger
    }

    /// A private redis-server on a free loopback port, its data (AOF on) in a temporary directory.
    mutating func startRedis() async throws -> String {
        guard let executable = Self.onPath("redis-server") else {
            throw ValidationErrorText("""
                redis-server is not on PATH. Install it (Debian/Ubuntu: sudo apt-get install redis-server), \
                or point kickoff dev at a running Redis with --redis-url redis://host:port/0.
                """)
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kickoff-dev-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        redisDirectory = directory
        let port = try FreeLoopbackPort.find()
        try start("redis", ["--port", String(port), "--bind", "127.0.0.1", "--dir", directory.path, "--save", "",
                            "--appendonly", "yes", "--logfile", directory.appendingPathComponent("redis.log").path],
                  executable: executable, environment: ProcessInfo.processInfo.environment)
        let url = "redis://127.0.0.1:\(port)/0"
        let store = Store(configuration: try StoreConfiguration(url: url), operations: QueueOperations(keys: StoreKeys()), connections: 1)
        defer { Task { await store.shutdown() } }
        let deadline = ContinuousClock.now + .seconds(10)
        while (try? await store.ping()) == nil {
            guard ContinuousClock.now < deadline else { throw ValidationErrorText("redis-server did not answer on port \(port); see \(directory.path)/redis.log") }
            try await Task.sleep(for: .milliseconds(20))
        }
        return url
    }

    /// Starts `kickoff ARGUMENTS` (or `executable`), sharing this terminal's output.
    mutating func start(_ name: String, _ arguments: [String], executable: String? = nil, environment: [String: String]) throws {
        let continuation = events.continuation
        let child = try ChildProcess(name: name, argv: [try executable ?? Self.currentExecutable()] + arguments, environment: environment) { status in
            continuation.yield(.childExited(name, status))
        }
        children.append(child)
    }

    /// Returns once `host:port` accepts connections; throws when the child `name` (or another) ends
    /// first, or after 30 s.
    func waitUntilListening(name: String, host: String, port: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while !DevPorts.isListening(host: host, port: port) {
            if let ended = children.first(where: { !$0.isRunning }) {
                throw ValidationErrorText("\(ended.name) exited before \(name) listened on \(host):\(port); its log is above.")
            }
            guard ContinuousClock.now < deadline else { throw ValidationErrorText("\(name) did not listen on \(host):\(port) within 30 s") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Returns at SIGINT/SIGTERM, or when a child ends by itself.
    func waitForSignalOrExit() async -> Ending {
        let continuation = events.continuation
        let sources = [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(.signal(number)) }
            source.resume()
            return source
        }
        defer { sources.forEach { $0.cancel() } }
        for await ending in events.stream { return ending }
        return .signal(0)
    }

    /// SIGTERM to each child, newest first, waiting for each (the pool drains its workers).
    mutating func stopAll() async {
        for child in children.reversed() where child.isRunning {
            logger.info("stopping \(child.name)")
            child.signal(SIGTERM)
            await child.waitForExit()
        }
        children = []
        if let redisDirectory { try? FileManager.default.removeItem(at: redisDirectory) }
    }

    static func currentExecutable() throws -> String {
        let path = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        return path
    }

    static func onPath(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

struct ValidationErrorText: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// An unused loopback TCP port, found by binding port 0.
enum FreeLoopbackPort {
    static func find() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ValidationErrorText("socket() failed: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard ok else { throw ValidationErrorText("could not find a free port: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
