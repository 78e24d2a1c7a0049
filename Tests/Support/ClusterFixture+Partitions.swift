import Foundation
import RedisClient

extension ClusterFixture {
    /// A fresh namespace whose first `partitions` partition tags (`{<ns>:<i>}`) are served by that
    /// many different primaries (what `KICKOFF_PARTITIONS` spreads runs over), for tests that show
    /// the runs landing on every primary. (With `kickoff`, `{kickoff:0}`…`{kickoff:2}` are on slots
    /// 10405, 14468 and 2279: the three primaries of an evenly split cluster.)
    public func namespaceOnDistinctPrimaries(partitions: Int) async throws -> String {
        let shards = try await shards()
        for _ in 0..<1000 {
            let candidate = "parts-" + UUID().uuidString.prefix(8).lowercased()
            let owners = Set((0..<partitions).compactMap { index in
                shards.first { $0.slots.contains(KeySlot.of("{\(candidate):\(index)}")) }?.primary
            })
            if owners.count == partitions { return candidate }
        }
        throw TestSupportError("no namespace found whose \(partitions) partitions as many primaries serve")
    }
}
