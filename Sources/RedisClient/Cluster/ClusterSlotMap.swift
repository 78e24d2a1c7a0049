/// Which primary serves which slots, as `CLUSTER SLOTS` answered it.
struct ClusterSlotMap: Sendable, Hashable {
    struct Range: Sendable, Hashable {
        var slots: ClosedRange<Int>
        var primary: ClusterNode
    }

    /// Sorted by first slot, not overlapping.
    private(set) var ranges: [Range]

    init(ranges: [Range]) {
        self.ranges = ranges.sorted { $0.slots.lowerBound < $1.slots.lowerBound }
    }

    /// Parses `CLUSTER SLOTS`: `[[first, last, [host, port, id, …], replica…], …]`. A host that is
    /// empty or `?` (the node does not know its own address) means the host that was asked.
    init(clusterSlots reply: RedisReply, asked: ClusterNode) throws(RedisError) {
        guard let entries = reply.array else { throw .unexpectedReply(command: "CLUSTER SLOTS", reply: reply) }
        var ranges: [Range] = []
        for entry in entries {
            guard let fields = entry.array, fields.count >= 3,
                  let first = fields[0].int.map(Int.init), let last = fields[1].int.map(Int.init),
                  0 <= first, first <= last, last < KeySlot.count,
                  let primary = fields[2].array, primary.count >= 2, let port = primary[1].int.map(Int.init) else {
                throw .unexpectedReply(command: "CLUSTER SLOTS", reply: entry)
            }
            let host = primary[0].string ?? ""
            ranges.append(Range(slots: first...last,
                                primary: ClusterNode(host: host.isEmpty || host == "?" ? asked.host : host, port: port)))
        }
        self.init(ranges: ranges)
    }

    /// The primary serving `slot`; nil while no node does (the cluster is being set up, or down).
    func owner(of slot: Int) -> ClusterNode? {
        var low = 0
        var high = ranges.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let range = ranges[middle]
            if slot < range.slots.lowerBound {
                high = middle - 1
            } else if slot > range.slots.upperBound {
                low = middle + 1
            } else {
                return range.primary
            }
        }
        return nil
    }

    /// Every primary, each once, in slot order.
    var primaries: [ClusterNode] {
        var seen: Set<ClusterNode> = []
        return ranges.map(\.primary).filter { seen.insert($0).inserted }
    }
}
