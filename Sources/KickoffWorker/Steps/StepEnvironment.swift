public import KickoffModel

/// The clean environment of a step: nothing reaches it from the worker unless named.
public enum StepEnvironment {
    /// Layered, later layers winning: the pipeline's `env`, the step's `env`, the `inherit_env` names
    /// that `parent` has, and the `KICKOFF_*` variables last so that no configuration can fake them.
    ///
    /// No `KICKOFF_*` variable of `parent` is ever inherited, even if `inheritNames` lists it: those are
    /// the worker's own settings (Redis password, API key, webhook secret). The pipeline loader already
    /// refuses such names; this holds for pipelines built in code too.
    public static func build(
        pipelineEnv: [String: String],
        stepEnv: [String: String],
        inheritNames: [String],
        from parent: [String: String],
        kickoff: [String: String]
    ) -> [String: String] {
        var environment = pipelineEnv
        environment.merge(stepEnv) { _, step in step }
        for name in inheritNames where !NameRules.isKickoffOwnName(name) {
            if let value = parent[name] {
                environment[name] = value
            }
        }
        environment.merge(kickoff) { _, kickoff in kickoff }
        return environment
    }

    /// The `KICKOFF_*` variables of the step protocol.
    public static func kickoffVariables(
        runID: String,
        step: String,
        attempt: Int,
        parameters: [String: JSONValue],
        inputs: [String: JSONValue],
        outputPath: String,
        artifactDir: String
    ) -> [String: String] {
        [
            "KICKOFF_RUN_ID": runID,
            "KICKOFF_STEP": step,
            "KICKOFF_ATTEMPT": String(attempt),
            "KICKOFF_PARAMETERS": JSONValue.object(parameters).jsonString(),
            "KICKOFF_INPUTS": JSONValue.object(inputs).jsonString(),
            "KICKOFF_OUTPUT": outputPath,
            "KICKOFF_ARTIFACT_DIR": artifactDir,
        ]
    }
}
