/// Durations written the way the pipeline file reads them (`1h30m`, `500ms`, `0s`).
public enum DurationText {
    public static func format(_ duration: Duration) -> String {
        var rest = duration.milliseconds
        guard rest > 0 else { return "0s" }
        var text = ""
        for (symbol, size) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1)] where rest >= size {
            text += "\(rest / size)\(symbol)"
            rest %= size
        }
        return text
    }
}
