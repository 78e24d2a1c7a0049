/// A `MOVED` or `ASK` error reply. MOVED: the slot is served elsewhere now (the map is stale).
/// ASK: the slot is migrating and this key already left; the next command alone goes to the
/// target, preceded by `ASKING`, and the map does not change.
struct ClusterRedirect: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case moved
        case ask
    }

    var kind: Kind
    var slot: Int
    var node: ClusterNode

    init(kind: Kind, slot: Int, node: ClusterNode) {
        self.kind = kind
        self.slot = slot
        self.node = node
    }

    /// `MOVED 1466 127.0.0.1:7101`; an empty host (`MOVED 1466 :7101`) means the host that was asked.
    init?(_ reply: RedisReply, asked: ClusterNode) {
        guard case .error(let message) = reply else { return nil }
        let words = message.split(separator: " ")
        guard words.count == 3, let slot = Int(words[1]), (0..<KeySlot.count).contains(slot),
              let colon = words[2].lastIndex(of: ":"), let port = Int(words[2][words[2].index(after: colon)...]) else { return nil }
        switch words[0] {
        case "MOVED": kind = .moved
        case "ASK": kind = .ask
        default: return nil
        }
        var host = String(words[2][..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.slot = slot
        self.node = ClusterNode(host: host.isEmpty ? asked.host : host, port: port)
    }

    static let asking = RedisCommand("ASKING")
}
