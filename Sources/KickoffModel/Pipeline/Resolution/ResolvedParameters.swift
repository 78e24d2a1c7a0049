/// Each step's final parameter values: step name → parameter name → value. Every step of the
/// pipeline is present, with an empty object when it declares no parameter. This is what a run
/// stores as its `parameters` and what each step receives in `KICKOFF_PARAMETERS`.
public typealias ResolvedParameters = [String: [String: JSONValue]]
