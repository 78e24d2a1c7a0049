/// Redis's memory as `INFO memory` reports it, and whether Redis refuses writes for want of it.
public struct RedisMemory: Sendable, Hashable {
    /// `used_memory`, bytes.
    public var used: Int64
    /// `mem_not_counted_for_evict`: replication and AOF buffers, which Redis leaves out of the limit.
    public var notCounted: Int64
    /// `maxmemory`, bytes; 0 means no limit.
    public var maximum: Int64
    /// `maxmemory_policy` (`noeviction`, `allkeys-lru`, …).
    public var policy: String

    public init(used: Int64, notCounted: Int64, maximum: Int64, policy: String) {
        self.used = used
        self.notCounted = notCounted
        self.maximum = maximum
        self.policy = policy
    }

    /// True when Redis answers writes that may grow memory with `-OOM`: over `maxmemory` (counted as
    /// Redis counts it) with a policy that may not evict (`noeviction`, Kickoff's advice).
    public var isFull: Bool {
        maximum > 0 && policy == "noeviction" && used - notCounted > maximum
    }

    /// Parses the text of `INFO memory` (`name:value` lines); nil when a needed field is missing.
    public init?(info text: String) {
        var fields: [Substring: Substring] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon]] = line[line.index(after: colon)...]
        }
        guard let used = fields["used_memory"].flatMap({ Int64($0) }),
              let maximum = fields["maxmemory"].flatMap({ Int64($0) }),
              let policy = fields["maxmemory_policy"] else { return nil }
        self.init(used: used, notCounted: fields["mem_not_counted_for_evict"].flatMap { Int64($0) } ?? 0,
                  maximum: maximum, policy: String(policy))
    }
}
