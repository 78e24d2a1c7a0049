/// How runs are spread over partitions (`KICKOFF_PARTITIONS`, `--partitions`): with `count` N > 1,
/// each run lives in one of N hash tags (`{<ns>:0}` … `{<ns>:N-1}`), so that Redis Cluster spreads
/// the runs over its primaries while each state change of a run stays one script on one slot.
/// With N = 1 (the default) there is one partition, the namespace's own tag: today's layout.
///
/// Which partition holds a run:
/// - A run id names it: a run made for partition p (`RunID.make(partition:)`) has p as its last
///   byte (the id's last two hex digits), whatever N was. An id whose last byte is ≥ N (made before
///   partitions, or with a larger N) maps to `byte % N`; such a run is found only if the layout it
///   was made in is the one read now (README "Changing the number of partitions").
/// - A run of a pipeline with concurrency or debounce rules goes to the partition of its pipeline's
///   name, so that runs sharing a slot or a debounce key share a partition.
/// - Otherwise a run with an idempotency key goes to the partition of that key, so the key's record
///   and its run are found together; any other run goes to any partition (`spread`).
public struct RunPartitions: Sendable, Hashable {
    /// The most partitions: a run id holds its partition in one byte.
    public static let maximum = 256

    public let count: Int

    /// `count` is clamped to 1…`maximum` (settings refuse values outside it before this).
    public init(count: Int = 1) {
        self.count = min(max(1, count), Self.maximum)
    }

    /// True for the layout of one partition, the namespace's own tag (nothing is partitioned).
    public var isSingle: Bool { count == 1 }

    public var all: Range<Int> { 0..<count }

    /// The partition holding the run with this id (0 for anything that is not a run id).
    public func partition(ofRunID id: String) -> Int {
        guard count > 1, let byte = Self.lastByte(of: id) else { return 0 }
        return Int(byte) % count
    }

    /// The partition of a key that groups runs (a pipeline's name, an idempotency key's digest):
    /// the same key always gives the same partition for the same N.
    public func partition(forKey key: String) -> Int {
        guard count > 1 else { return 0 }
        return Int(Self.fnv1a(key) % UInt64(count))
    }

    /// The partition for a new run: its pipeline's when the pipeline has concurrency or debounce
    /// rules (`groupedByPipeline`), else its idempotency key's (`idempotencyKey`: a stable digest of
    /// it), else `spread` (any number, such as a counter or a random draw) modulo N.
    public func partition(forPipeline pipeline: String, groupedByPipeline: Bool, idempotencyKey: String?, spread: UInt64) -> Int {
        guard count > 1 else { return 0 }
        if groupedByPipeline { return partition(forKey: "pipeline:" + pipeline) }
        if let idempotencyKey { return partition(forKey: "idempotency:" + idempotencyKey) }
        return Int(spread % UInt64(count))
    }

    /// The value of the id's last two hex digits; nil when it does not end in two.
    static func lastByte(of id: String) -> UInt8? {
        let utf8 = Array(id.utf8.suffix(2))
        guard utf8.count == 2, let high = hexValue(utf8[0]), let low = hexValue(utf8[1]) else { return nil }
        return high << 4 | low
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// FNV-1a, 64 bits: stable across processes and releases (Swift's `Hasher` is seeded per process).
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }
}

extension NewRun {
    /// This run with an id in the partition it belongs to (see `RunPartitions`): itself when its id
    /// is there already, as with one partition. `idempotencyKey`: a stable digest of the trigger's
    /// `Idempotency-Key` (and its API key's name), if any. Placing a placed run changes nothing.
    public func placed(in partitions: RunPartitions, idempotencyKey: String? = nil) -> NewRun {
        guard !partitions.isSingle else { return self }
        let current = RunPartitions.lastByte(of: id)
        let wanted = partitions.partition(forPipeline: pipeline, groupedByPipeline: !concurrency.isEmpty || debounce != nil,
                                          idempotencyKey: idempotencyKey, spread: UInt64(current ?? 0))
        guard current.map(Int.init) != wanted else { return self }
        var placed = self
        placed.id = RunID.make(partition: wanted)
        return placed
    }
}

