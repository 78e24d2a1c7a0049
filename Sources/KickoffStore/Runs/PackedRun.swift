public import KickoffModel

/// A finished run packed into one string (`{ns}:done:<id>`) by the script that finishes it
/// (`PackedRunLua`): its record's fields, its folded events (`RunEventHistory`) and, when they are
/// kept as long as the run, its logs. A record hash with a value longer than 64 bytes (a step's
/// state, the parameters) is a Redis hashtable: a dict entry and two strings per field, more than
/// the data itself; one string costs its bytes.
///
/// `p`, then the record's `name \u{1F} value` pairs joined by `\u{1E}` (all fields but `id`, which
/// the key gives), `\u{1D}`, the folded events, and optionally `\u{1D}` and the logs' `step \u{1F}
/// text` pairs joined by `\u{1E}`. Those three bytes never occur in JSON text, ids or names; the
/// script leaves a run whose values hold one in the old layout.
///
/// The worker that finished the run then stores it deflated (`compressed`, about 2.3 times
/// smaller): `z`, the few fields the scripts read of a finished run (`status`, `finished_at`,
/// `pipeline`, `finished_token`, `webhooks`) as pairs, `\u{1D}`, and the raw deflate of the `p` value.
public struct PackedRun: Sendable, Hashable {
    /// The record's fields, `id` included, as `RunRecord(fields:)` takes them.
    public var fields: [String: String]
    /// The folded events (`RunEventHistory`).
    public var history: String
    /// The logs (step → text); nil when they are kept in `{ns}:logs:<id>` (a log retention of their own).
    public var logs: [String: String]?

    public init(fields: [String: String], history: String, logs: [String: String]?) {
        self.fields = fields
        self.history = history
        self.logs = logs
    }

    static let part: UInt8 = 0x1D, pair: UInt8 = 0x1E, nameEnd: UInt8 = 0x1F

    /// The fields a `z` value keeps readable for the scripts (purge, a repeated finish or heartbeat).
    static let headerFields = ["status", "finished_at", "pipeline", "finished_token", "webhooks"]

    /// Decodes a packed value, plain (`p`) or deflated (`z`); nil when it is not one.
    public init?(bytes: [UInt8], runID: String) {
        guard let run = Self.decoded(bytes, runID: runID) else { return nil }
        self = run
    }

    private static func decoded(_ bytes: [UInt8], runID: String) -> PackedRun? {
        if bytes.first == UInt8(ascii: "z") {
            guard let end = bytes.firstIndex(of: part), let plain = Deflate.decompress(bytes[(end + 1)...]),
                  plain.first == UInt8(ascii: "p") else { return nil }
            return decoded(plain, runID: runID)
        }
        guard bytes.first == UInt8(ascii: "p") else { return nil }
        let parts = bytes[1...].split(separator: part, maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, var fields = pairs(parts[0]) else { return nil }
        fields["id"] = runID
        var logs: [String: String]?
        if parts.count == 3 {
            guard let stored = pairs(parts[2]) else { return nil }
            logs = stored
        }
        return PackedRun(fields: fields, history: String(decoding: parts[1], as: UTF8.self), logs: logs)
    }

    /// Decodes a packed value given as text (a plain one).
    public init?(_ value: String, runID: String) {
        self.init(bytes: Array(value.utf8), runID: runID)
    }

    /// The deflated form (`z`) of a plain packed value; nil when it is not one, or would not be smaller.
    public static func compressed(_ plain: [UInt8]) -> [UInt8]? {
        guard plain.first == UInt8(ascii: "p"), let run = PackedRun(bytes: plain, runID: ""),
              let deflated = Deflate.compress(plain) else { return nil }
        let header = Self.joined(headerFields.compactMap { name in run.fields[name].map { (name, $0) } })
        let value = [UInt8(ascii: "z")] + header + [Self.part] + deflated
        return value.count < plain.count ? value : nil
    }
    /// The value the finish script writes for this run (the inverse of `init(_:runID:)`; pairs in
    /// name order, where the script keeps the hash's order: readers take them in any).
    public var encoded: [UInt8] {
        func sorted(_ pairs: [String: String]) -> [(String, String)] { pairs.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
        var bytes: [UInt8] = [UInt8(ascii: "p")] + Self.joined(sorted(fields.filter { $0.key != "id" })) + [Self.part] + Array(history.utf8)
        if let logs { bytes += [Self.part] + Self.joined(sorted(logs)) }
        return bytes
    }

    private static func joined(_ pairs: [(String, String)]) -> [UInt8] {
        var bytes: [UInt8] = []
        for (index, (name, text)) in pairs.enumerated() {
            if index > 0 { bytes.append(pair) }
            bytes += Array(name.utf8) + [nameEnd] + Array(text.utf8)
        }
        return bytes
    }

    /// The run's events after `after` (a stream id; `0`: all), as `RunEventHistory` reads them.
    public func events(runID: String, after: String = "0") -> [RunEvent]? {
        RunEventHistory.events(history, runID: runID, after: after)
    }

    private static func pairs(_ bytes: ArraySlice<UInt8>) -> [String: String]? {
        var pairs: [String: String] = [:]
        for item in bytes.split(separator: pair, omittingEmptySubsequences: true) {
            guard let end = item.firstIndex(of: nameEnd) else { return nil }
            pairs[String(decoding: item[..<end], as: UTF8.self)] = String(decoding: item[item.index(after: end)...], as: UTF8.self)
        }
        return pairs
    }
}
