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

    /// Decodes a packed value; nil when it is not one.
    public init?(_ value: String, runID: String) {
        let bytes = Array(value.utf8)
        guard bytes.first == UInt8(ascii: "p") else { return nil }
        let parts = bytes[1...].split(separator: Self.part, maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, var fields = Self.pairs(parts[0]) else { return nil }
        fields["id"] = runID
        self.fields = fields
        history = String(decoding: parts[1], as: UTF8.self)
        if parts.count == 3 {
            guard let logs = Self.pairs(parts[2]) else { return nil }
            self.logs = logs
        } else {
            logs = nil
        }
    }

    /// The value the finish script writes for this run (the inverse of `init(_:runID:)`; pairs in
    /// name order, where the script keeps the hash's order: readers take them in any).
    public var encoded: String {
        func joined(_ pairs: [String: String]) -> [UInt8] {
            var bytes: [UInt8] = []
            for (index, (name, text)) in pairs.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { bytes.append(Self.pair) }
                bytes += Array(name.utf8) + [Self.nameEnd] + Array(text.utf8)
            }
            return bytes
        }
        var bytes: [UInt8] = [UInt8(ascii: "p")] + joined(fields.filter { $0.key != "id" }) + [Self.part] + Array(history.utf8)
        if let logs { bytes += [Self.part] + joined(logs) }
        return String(decoding: bytes, as: UTF8.self)
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
