/// Rows of cells laid out in columns for a terminal: each column as wide as its widest cell, two
/// spaces between columns, no trailing spaces.
public struct TextTable: Sendable, Hashable {
    public var rows: [[String]]
    /// Put before every line.
    public var indent: String

    public init(rows: [[String]] = [], indent: String = "") {
        self.rows = rows
        self.indent = indent
    }

    /// The lines, each ending in `\n`.
    public func render() -> String {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in
            rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0
        }
        return rows.map { row in
            let padded = row.enumerated().map { column, cell in
                cell + String(repeating: " ", count: widths[column] - cell.count)
            }
            var line = indent + padded.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            return line + "\n"
        }.joined()
    }
}
