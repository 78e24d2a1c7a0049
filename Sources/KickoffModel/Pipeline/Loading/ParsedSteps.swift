/// What the loader learnt from a pipeline's `steps`, including about the steps it could not build,
/// so that later checks (`outputs`, presets) do not pile more errors onto a step already reported.
struct ParsedSteps {
    /// The steps that could be read (broken parts left out), in topological order (file order when
    /// there is a cycle).
    var ordered: [Step] = []
    /// Every validly named step in the file, read or not.
    var allNames: Set<String> = []
    /// Step name → every validly named parameter it declares, built or not.
    var declaredParameters: [String: Set<String>] = [:]
}
