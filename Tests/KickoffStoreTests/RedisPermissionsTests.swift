import Foundation
import KickoffStore
import KickoffTestSupport
import RedisClient
import Testing

/// The commands a Kickoff ACL user needs, derived from the sources: every `redis.call`/`redis.pcall`
/// in a Lua script and every `RedisCommand("…")` the Swift code sends. The README's ACL line is
/// `RedisPermissions.aclRule()`, so it cannot drift from what the code sends.
@Suite struct RedisPermissionsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized

    static func sentCommands() throws -> Set<String> {
        let sources = root.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        let lua = try Regex(#"redis\.p?call\(\s*'([A-Za-z]+)'"#)
        let swift = try Regex(#"RedisCommand\("([A-Za-z]+)""#)
        var commands: Set<String> = []
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for regex in [lua, swift] {
                for match in text.matches(of: regex) {
                    if let name = match.output[1].substring { commands.insert(name.lowercased()) }
                }
            }
        }
        return commands
    }

    @Test func theListHoldsEveryCommandTheSourcesSendAndNoOther() throws {
        let sent = try Self.sentCommands()
        let listed = Set(RedisPermissions.commands + RedisPermissions.failoverCommands + RedisPermissions.clusterCommands
                         + RedisPermissions.optionalCommands)
        #expect(sent.subtracting(listed).sorted() == [], "sent but not in RedisPermissions")
        #expect(listed.subtracting(sent).sorted() == [], "in RedisPermissions but never sent")
        #expect(sent.count > 30, "the scan found the sources: \(sent.sorted())")
    }

    /// The start-up probe asks Redis about every command with arguments of a valid shape (Redis 7.0
    /// crashes on a short one): the default user may run all, and the server is still there after.
    @Test func theProbeFindsNothingMissingForAnAllPowerfulUserAndLeavesRedisUp() async throws {
        let queue = try await QueueFixture()
        let store = Store(configuration: StoreConfiguration(redis: queue.configuration), operations: queue.operations, connections: 1)
        defer { Task { await store.shutdown() } }
        #expect(await store.missingPermissions(failover: true, cluster: true) == [])
        #expect(await store.permissionProblem() == nil)
        #expect(try await queue.send(RedisCommand("PING")) == .status("PONG"))
    }

    @Test func theReadmeShowsTheRule() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let flattened = readme.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flattened.contains(RedisPermissions.aclRule()), "README → Security must show: \(RedisPermissions.aclRule())")
    }
}
