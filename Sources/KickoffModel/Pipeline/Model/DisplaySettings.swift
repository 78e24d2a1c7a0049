/// `display:` — what the dashboard shows of a pipeline's runs beyond their state: `outputs`, the
/// names of the run's output fields worth a column of their own in the runs list (sortable) and a
/// place at the top of the comparison of runs. Each name is a top-level key of the run's outputs
/// object (`accuracy` for `{"accuracy": 0.93}`).
public struct DisplaySettings: Sendable, Hashable {
    /// In file order, without repeats; each a valid name (`[A-Za-z0-9_-]{1,64}`), so that it reads
    /// unchanged in `sort=outputs.<name>`.
    public var outputs: [String]

    public init(outputs: [String] = []) {
        self.outputs = outputs
    }

    /// The most output columns a pipeline may ask for: a runs table stays readable.
    public static let maximumOutputs = 10
}
