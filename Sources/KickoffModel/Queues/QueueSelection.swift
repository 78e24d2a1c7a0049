/// The queues a worker serves, each with a weight (`--queues gpu:3,default:1`): of every
/// `sum of weights` claims, a queue is looked at first in `weight` of them; the others follow,
/// heaviest first, so an idle worker still takes any queue's run.
public struct QueueSelection: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var name: String
        public var weight: Int

        public init(name: String, weight: Int = 1) {
            self.name = name
            self.weight = weight
        }
    }

    public var entries: [Entry]

    public init(_ entries: [Entry]) {
        self.entries = entries
    }

    /// The queues of the file's pipelines, in file order, each weight 1.
    public init(pipelines: PipelineFile) {
        var seen: Set<String> = []
        entries = pipelines.pipelines.map(\.queue).filter { seen.insert($0).inserted }.map { Entry(name: $0) }
    }

    public var names: [String] { entries.map(\.name) }

    /// The order to look at the queues in for claim number `turn`.
    public func order(turn: Int) -> [String] {
        let total = entries.reduce(0) { $0 + $1.weight }
        guard total > 0, entries.count > 1 else { return names }
        var position = turn % total
        var first = entries[0].name
        for entry in entries {
            if position < entry.weight { first = entry.name; break }
            position -= entry.weight
        }
        let rest = entries.filter { $0.name != first }.sorted { $0.weight > $1.weight }.map(\.name)
        return [first] + rest
    }

    /// Reads `gpu:3,default:1` (weights default to 1); every problem in one message.
    public static func parse(_ text: String) -> Result<QueueSelection, QueueSelectionError> {
        var entries: [Entry] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let name = pieces[0]
            guard NameRules.isValidName(name) else { return .failure(.badName(name)) }
            var weight = 1
            if pieces.count == 2 {
                guard let given = Int(pieces[1]), (1...1000).contains(given) else { return .failure(.badWeight(name: name, weight: pieces[1])) }
                weight = given
            }
            guard !entries.contains(where: { $0.name == name }) else { return .failure(.repeated(name)) }
            entries.append(Entry(name: name, weight: weight))
        }
        return .success(QueueSelection(entries))
    }
}

public enum QueueSelectionError: Error, Sendable, Hashable, CustomStringConvertible {
    case badName(String)
    case badWeight(name: String, weight: String)
    case repeated(String)

    public var description: String {
        switch self {
        case .badName(let name): "'\(name)' is not a queue name: use 1 to 64 of A-Z a-z 0-9 _ - (list them as gpu,default or gpu:3,default:1)"
        case .badWeight(let name, let weight): "queue \(name): the weight '\(weight)' must be a whole number from 1 to 1000"
        case .repeated(let name): "queue \(name) is listed twice"
        }
    }
}
