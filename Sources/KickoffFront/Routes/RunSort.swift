import KickoffModel

/// `sort=` of `GET /v1/runs` and of the dashboard's runs list: `-created_at` (the default, newest
/// first, paged with cursors over every run), `created_at`, `outputs.<name>` or `-outputs.<name>`
/// (a top-level field of the run's outputs object; `-` is descending). Every order but the default
/// is bounded: it sorts the `window` most recent runs that match the filters and answers one page
/// (no `next_cursor`), so a sorted request costs at most that many record reads.
enum RunSort: Sendable, Hashable {
    case created(descending: Bool)
    case output(name: String, descending: Bool)

    static let newestFirst = RunSort.created(descending: true)
    /// The most recent runs a non-default order looks at.
    static let window = 500
    static let expected = "expected created_at, -created_at, outputs.<name> or -outputs.<name> (a name of 1 to 64 of A-Z a-z 0-9 _ -)"

    init?(text: String) {
        let descending = text.hasPrefix("-")
        let key = descending ? String(text.dropFirst()) : text
        if key == "created_at" {
            self = .created(descending: descending)
        } else if key.hasPrefix("outputs."), NameRules.isValidName(String(key.dropFirst("outputs.".count))) {
            self = .output(name: String(key.dropFirst("outputs.".count)), descending: descending)
        } else {
            return nil
        }
    }

    var text: String {
        switch self {
        case .created(let descending): (descending ? "-" : "") + "created_at"
        case .output(let name, let descending): (descending ? "-" : "") + "outputs." + name
        }
    }

    /// The same key in the other direction (a column header's link).
    var reversed: RunSort {
        switch self {
        case .created(let descending): .created(descending: !descending)
        case .output(let name, let descending): .output(name: name, descending: !descending)
        }
    }

    var isDescending: Bool {
        switch self {
        case .created(let descending), .output(_, let descending): descending
        }
    }

    /// `records` (newest first) in this order. A run whose outputs lack the field (or hold null)
    /// comes last in either direction; equal values keep newest first.
    func sorted(_ records: [RunRecord]) -> [RunRecord] {
        switch self {
        case .created(let descending):
            return descending ? records : records.reversed()
        case .output(let name, let descending):
            let keyed = records.enumerated().map { (position: $0.offset, record: $0.element, value: Self.output(name, of: $0.element)) }
            return keyed.sorted { left, right in
                switch (left.value, right.value) {
                case (nil, nil): return left.position < right.position
                case (nil, _): return false
                case (_, nil): return true
                case (let a?, let b?):
                    let order = OutputOrder.compare(a, b)
                    if order == 0 { return left.position < right.position }
                    return descending ? order > 0 : order < 0
                }
            }.map(\.record)
        }
    }

    /// The run's `outputs.<name>`, or nil when the outputs are not an object, lack it, or hold null.
    static func output(_ name: String, of record: RunRecord) -> JSONValue? {
        guard case .object(let fields)? = record.outputs, let value = fields[name], value != .null else { return nil }
        return value
    }
}

/// How two output values compare: numbers by value (integers and decimals together), strings by
/// their text, booleans false before true; values of different kinds by kind (numbers, strings,
/// booleans, then arrays and objects by their JSON text).
enum OutputOrder {
    static func compare(_ a: JSONValue, _ b: JSONValue) -> Int {
        let (rankA, rankB) = (rank(a), rank(b))
        if rankA != rankB { return rankA < rankB ? -1 : 1 }
        switch (a, b) {
        case (.string(let x), .string(let y)):
            return x == y ? 0 : (x < y ? -1 : 1)
        case (.bool(let x), .bool(let y)):
            return x == y ? 0 : (!x ? -1 : 1)
        default:
            if let x = number(a), let y = number(b) { return x == y ? 0 : (x < y ? -1 : 1) }
            let (x, y) = (a.jsonString(), b.jsonString())
            return x == y ? 0 : (x < y ? -1 : 1)
        }
    }

    private static func rank(_ value: JSONValue) -> Int {
        switch value {
        case .integer, .number: 0
        case .string: 1
        case .bool: 2
        case .array, .object, .null: 3
        }
    }

    private static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .integer(let integer): Double(integer)
        case .number(let number): number
        default: nil
        }
    }
}
