/// The Prometheus text exposition format (version 0.0.4): for each family, `# HELP` and `# TYPE`
/// before its samples; families and series in a stable order; histograms as cumulative
/// `_bucket{le=…}` series ending in `+Inf`, then `_sum` and `_count`.
public enum PrometheusText {
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    public static func render(_ snapshot: MetricsSnapshot) -> String {
        var out = ""
        for name in snapshot.families.keys.sorted() {
            guard let family = snapshot.families[name] else { continue }
            out += "# HELP \(name) \(escapeHelp(family.help))\n"
            out += "# TYPE \(name) \(family.type.rawValue)\n"
            for labels in family.series.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
                guard let series = family.series[labels] else { continue }
                let pairs = zip(family.labelNames, labels).map { ($0, $1) }
                switch family.type {
                case .counter, .gauge:
                    out += "\(name)\(labelText(pairs)) \(number(series.value))\n"
                case .histogram:
                    var cumulative: UInt64 = 0
                    for (index, bound) in family.buckets.enumerated() {
                        cumulative += index < series.bucketCounts.count ? series.bucketCounts[index] : 0
                        out += "\(name)_bucket\(labelText(pairs + [("le", number(bound))])) \(cumulative)\n"
                    }
                    out += "\(name)_bucket\(labelText(pairs + [("le", "+Inf")])) \(series.count)\n"
                    out += "\(name)_sum\(labelText(pairs)) \(number(series.sum))\n"
                    out += "\(name)_count\(labelText(pairs)) \(series.count)\n"
                }
            }
        }
        return out
    }

    static func labelText(_ pairs: [(String, String)]) -> String {
        guard !pairs.isEmpty else { return "" }
        return "{" + pairs.map { "\($0.0)=\"\(escapeLabel($0.1))\"" }.joined(separator: ",") + "}"
    }

    /// Label values: backslash, double quote and line feed are escaped.
    public static func escapeLabel(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    /// HELP text: backslash and line feed are escaped.
    static func escapeHelp(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    /// Whole numbers without a fraction (`3`, not `3.0`); others as Swift prints them.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
