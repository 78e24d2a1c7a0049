/// A strict reader of the Prometheus text format for tests: it parses every line and refuses what
/// a scraper would refuse or what hides a mistake — a sample before its family's `# HELP` and
/// `# TYPE`, a family declared twice, a sample of an undeclared family, the same series twice,
/// a malformed label set or value.
public struct PrometheusExposition: Sendable {
    public struct Sample: Sendable, Hashable {
        public var name: String
        public var labels: [String: String]
        public var value: Double
    }

    /// Family name → type (`counter`, `gauge`, `histogram`).
    public private(set) var types: [String: String] = [:]
    public private(set) var samples: [Sample] = []

    public init(_ text: String) throws {
        var helped: Set<String> = []
        var seen: Set<String> = []
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw)
            func fail(_ why: String) -> TestSupportError { TestSupportError("line \(number + 1): \(why): \(line)") }
            if line.isEmpty { continue }
            if line.hasPrefix("# HELP ") {
                let name = String(line.dropFirst(7).prefix { $0 != " " })
                guard helped.insert(name).inserted else { throw fail("second HELP for \(name)") }
                continue
            }
            if line.hasPrefix("# TYPE ") {
                let parts = line.dropFirst(7).split(separator: " ")
                guard parts.count == 2, ["counter", "gauge", "histogram", "summary", "untyped"].contains(String(parts[1])) else { throw fail("bad TYPE") }
                let name = String(parts[0])
                guard helped.contains(name) else { throw fail("TYPE before HELP") }
                guard types[name] == nil else { throw fail("second TYPE for \(name)") }
                types[name] = String(parts[1])
                continue
            }
            if line.hasPrefix("#") { continue }
            let sample = try Self.parseSample(line, fail: fail)
            guard let family = family(of: sample.name) else { throw fail("sample of a family without HELP/TYPE before it") }
            if types[family] == "histogram", sample.name.hasSuffix("_bucket"), sample.labels["le"] == nil { throw fail("bucket without le") }
            let key = sample.name + "{" + sample.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",") + "}"
            guard seen.insert(key).inserted else { throw fail("duplicate series \(key)") }
            samples.append(sample)
        }
    }

    /// The family a sample belongs to (a histogram's `_bucket`, `_sum`, `_count` included).
    public func family(of sampleName: String) -> String? {
        if types[sampleName] != nil { return sampleName }
        for suffix in ["_bucket", "_sum", "_count"] where sampleName.hasSuffix(suffix) {
            let base = String(sampleName.dropLast(suffix.count))
            if types[base] == "histogram" { return base }
        }
        return nil
    }

    /// The value of the one sample with this name and exactly these labels; nil if there is none.
    public func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }

    private static func parseSample(_ line: String, fail: (String) -> TestSupportError) throws -> Sample {
        var index = line.startIndex
        while index < line.endIndex, line[index] != "{", line[index] != " " { index = line.index(after: index) }
        let name = String(line[..<index])
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" }) else { throw fail("bad metric name") }
        var labels: [String: String] = [:]
        if index < line.endIndex, line[index] == "{" {
            index = line.index(after: index)
            while true {
                guard index < line.endIndex else { throw fail("unterminated labels") }
                if line[index] == "}" { index = line.index(after: index); break }
                var labelEnd = index
                while labelEnd < line.endIndex, line[labelEnd] != "=" { labelEnd = line.index(after: labelEnd) }
                let label = String(line[index..<labelEnd])
                guard !label.isEmpty, labelEnd < line.endIndex, line.index(after: labelEnd) < line.endIndex,
                      line[line.index(after: labelEnd)] == "\"" else { throw fail("bad label") }
                index = line.index(labelEnd, offsetBy: 2)
                var value = ""
                while true {
                    guard index < line.endIndex else { throw fail("unterminated label value") }
                    let character = line[index]
                    if character == "\"" { index = line.index(after: index); break }
                    if character == "\\" {
                        index = line.index(after: index)
                        guard index < line.endIndex else { throw fail("dangling escape") }
                        switch line[index] {
                        case "\\": value.append("\\")
                        case "\"": value.append("\"")
                        case "n": value.append("\n")
                        default: throw fail("unknown escape")
                        }
                    } else {
                        value.append(character)
                    }
                    index = line.index(after: index)
                }
                guard labels.updateValue(value, forKey: label) == nil else { throw fail("label \(label) twice") }
                if index < line.endIndex, line[index] == "," { index = line.index(after: index) }
            }
        }
        guard index < line.endIndex, line[index] == " " else { throw fail("no value") }
        let valueText = line[line.index(after: index)...]
        let value: Double
        switch valueText {
        case "+Inf": value = .infinity
        case "-Inf": value = -.infinity
        case "NaN": value = .nan
        default:
            guard let parsed = Double(valueText) else { throw fail("bad value") }
            value = parsed
        }
        return Sample(name: name, labels: labels, value: value)
    }
}
