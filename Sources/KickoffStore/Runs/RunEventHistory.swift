public import KickoffModel

/// A finished run's events, folded into one string (`{ns}:history:<id>`) by the script that
/// finishes it: a Redis stream costs a whole listpack node (about 4.8 KB) per run, its folded form
/// about a tenth. The stream itself is kept only a few seconds more (for readers blocked on it when
/// the final event came); readers take the history when it exists, else the stream (runs finished
/// before the history existed, and live runs).
///
/// One line per event, oldest first, `\n` between lines (JSON text never holds a raw newline):
/// `<id> <type> <data>`. `<id>` is the stream id with its milliseconds as the difference to the
/// previous line's (the first line's absolute), and `-<seq>` only when the sequence is not 0. `<type>`
/// is one letter for the usual types (`codes`), else the type itself. In `<data>` the first
/// `"run_id":"<id>"` is replaced by byte 1 and the first `"type":"<type>"` by byte 2 (raw control
/// bytes never occur in JSON text, so the markers cannot be mistaken). Decoding gives back the ids
/// and data the stream held, byte for byte.
public enum RunEventHistory {
    /// One letter per usual event type (the same table in `luaSource`).
    static let codes: [(code: String, type: String)] = [
        ("a", "run.queued"), ("b", "run.running"), ("c", "run.succeeded"), ("d", "run.failed"), ("e", "run.canceled"),
        ("f", "step.started"), ("g", "step.succeeded"), ("h", "step.failed"), ("i", "step.skipped"), ("j", "step.canceled"),
        ("k", "run.resumed"), ("l", "run.scheduled"), ("m", "step.timed_out"),
    ]

    /// The events of a folded history, oldest first; nil when the text is not one.
    public static func decode(_ text: String, runID: String) -> [RunEvent]? {
        let types = Dictionary(uniqueKeysWithValues: codes.map { ($0.code, $0.type) })
        var events: [RunEvent] = []
        var milliseconds: UInt64 = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { return nil }
            let id = parts[0].split(separator: "-", maxSplits: 1)
            guard let delta = id.first.flatMap({ UInt64($0) }) else { return nil }
            milliseconds = events.isEmpty ? delta : milliseconds + delta
            let sequence = id.count > 1 ? String(id[1]) : "0"
            let type = types[String(parts[1])] ?? String(parts[1])
            let data = String(parts[2])
                .replacingFirst("\u{1}", with: #""run_id":""# + runID + #"""#)
                .replacingFirst("\u{2}", with: #""type":""# + type + #"""#)
            events.append(RunEvent(id: "\(milliseconds)-\(sequence)", type: type, data: data))
        }
        return events
    }

    /// The events after `after` (a stream id; `0`: all).
    public static func events(_ text: String, runID: String, after: String) -> [RunEvent]? {
        decode(text, runID: runID).map { $0.filter { InitialRunEvent.isAfter($0.id, after) } }
    }

    /// `fold_events(prefix, id)`: the history of a run that just ended (nil when its stream is
    /// empty), and its stream let go after `EVENT_STREAM_GRACE_MS`; `finish` packs it with the record
    /// (`PackedRunLua`), or stores it as `{ns}:history:<id>`. Part of the queue scripts' prelude.
    static let luaSource = #"""
    local EVENT_CODES = {}
    for _, pair in ipairs({\#(codes.map { "{'\($0.type)', '\($0.code)'}" }.joined(separator: ", "))}) do
      EVENT_CODES[pair[1]] = pair[2]
    end
    -- Readers blocked on the stream when the final event came are served when the script ends; a
    -- reader that looked for the history just before it was written still finds the stream.
    local EVENT_STREAM_GRACE_MS = 5000

    local function replace_first(text, plain, marker)
      local from, to = string.find(text, plain, 1, true)
      if not from then return text end
      return string.sub(text, 1, from - 1) .. marker .. string.sub(text, to + 1)
    end

    -- A finished run's events, folded (RunEventHistory); the stream expires soon. Returns the text,
    -- nil when the stream is empty. A run ends once (every final path needs it running).
    local function fold_events(prefix, id)
      local stream = prefix .. 'events:' .. id
      local entries = redis.call('XRANGE', stream, '-', '+')
      if #entries == 0 then return nil end
      local lines, previous = {}, nil
      for _, entry in ipairs(entries) do
        local kind, data = '', '{}'
        local fields = entry[2]
        for i = 1, #fields, 2 do
          if fields[i] == 'type' then kind = fields[i + 1] elseif fields[i] == 'data' then data = fields[i + 1] end
        end
        local ms, seq = string.match(entry[1], '^(%d+)-(%d+)$')
        ms = tonumber(ms)
        local idpart = string.format('%d', ms - (previous or 0))
        previous = ms
        if seq ~= '0' then idpart = idpart .. '-' .. seq end
        data = replace_first(data, '"run_id":"' .. id .. '"', '\1')
        data = replace_first(data, '"type":"' .. kind .. '"', '\2')
        lines[#lines + 1] = idpart .. ' ' .. (EVENT_CODES[kind] or kind) .. ' ' .. data
      end
      redis.call('PEXPIRE', stream, EVENT_STREAM_GRACE_MS)
      return table.concat(lines, '\n')
    end
    """#
}

extension String {
    /// The string with the first occurrence of `marker` replaced.
    fileprivate func replacingFirst(_ marker: Character, with replacement: String) -> String {
        guard let index = firstIndex(of: marker) else { return self }
        return String(self[..<index]) + replacement + String(self[self.index(after: index)...])
    }
}
