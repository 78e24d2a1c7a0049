/// The values one field of a cron expression selects, sorted.
struct CronField: Sendable, Hashable {
    enum Kind: Sendable {
        case minute, hour, dayOfMonth, month, dayOfWeek

        var name: String {
            switch self {
            case .minute: "minute"
            case .hour: "hour"
            case .dayOfMonth: "day-of-month"
            case .month: "month"
            case .dayOfWeek: "day-of-week"
            }
        }

        /// The values the field may hold; day-of-week also accepts 7 (Sunday).
        var range: ClosedRange<Int> {
            switch self {
            case .minute: 0...59
            case .hour: 0...23
            case .dayOfMonth: 1...31
            case .month: 1...12
            case .dayOfWeek: 0...7
            }
        }

        var names: [String: Int] {
            switch self {
            case .month:
                ["jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12]
            case .dayOfWeek:
                ["sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6]
            case .minute, .hour, .dayOfMonth:
                [:]
            }
        }
    }

    let values: [Int]
    private let set: Set<Int>

    init(values: Set<Int>) {
        set = values
        self.values = values.sorted()
    }

    func contains(_ value: Int) -> Bool { set.contains(value) }

    static func parse(_ field: String, _ kind: Kind, in expression: String) throws(CronParseError) -> CronField {
        func fail(_ reason: String) -> CronParseError {
            CronParseError(text: expression, reason: "\(kind.name) field '\(field)': \(reason)")
        }
        func number(_ text: Substring) throws(CronParseError) -> Int {
            if let value = Int(text) ?? kind.names[text.lowercased()] {
                guard kind.range.contains(value) else {
                    throw fail("\(value) is outside \(kind.range.lowerBound)-\(kind.range.upperBound)")
                }
                return value
            }
            throw fail("'\(text)' is not a number\(kind.names.isEmpty ? "" : " or a name")")
        }
        var selected: Set<Int> = []
        for part in field.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2, let base = pieces.first, !base.isEmpty else { throw fail("'\(part)' is not a value, range or step") }
            var step = 1
            if pieces.count == 2 {
                guard let value = Int(pieces[1]), value > 0 else { throw fail("step '\(pieces[1])' is not a positive number") }
                step = value
            }
            let lower: Int, upper: Int
            if base == "*" {
                lower = kind.range.lowerBound
                upper = kind == .dayOfWeek ? 6 : kind.range.upperBound
            } else if let dash = base.firstIndex(of: "-") {
                lower = try number(base[..<dash])
                upper = try number(base[base.index(after: dash)...])
                guard lower <= upper else { throw fail("range \(base) runs backwards") }
            } else {
                lower = try number(base)
                // `5/15` means from 5 to the end in steps of 15, as in Vixie cron.
                upper = pieces.count == 2 ? kind.range.upperBound : lower
            }
            for value in stride(from: lower, through: upper, by: step) {
                selected.insert(kind == .dayOfWeek && value == 7 ? 0 : value)
            }
        }
        return CronField(values: selected)
    }
}
