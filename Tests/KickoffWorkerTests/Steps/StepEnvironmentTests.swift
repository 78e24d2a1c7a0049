import KickoffModel
@testable import KickoffWorker
import Testing


@Suite struct StepEnvironmentTests {
    @Test func layersWinInOrderAndNothingElseComesFromTheParent() {
        let environment = StepEnvironment.build(
            pipelineEnv: ["A": "pipeline", "B": "pipeline", "KICKOFF_STEP": "forged"],
            stepEnv: ["B": "step", "C": "step"],
            inheritNames: ["HOME", "C", "NOT_IN_PARENT"],
            from: ["HOME": "/home/worker", "C": "parent", "PATH": "/usr/bin", "SECRET": "s3cr3t"],
            kickoff: ["KICKOFF_STEP": "train", "KICKOFF_RUN_ID": "run-1"]
        )
        #expect(
            environment == [
                "A": "pipeline",
                "B": "step",
                "C": "parent",
                "HOME": "/home/worker",
                "KICKOFF_STEP": "train",
                "KICKOFF_RUN_ID": "run-1",
            ])
    }

    @Test func kickoffOwnSettingsAreNeverInheritedEvenWhenNamed() {
        let environment = StepEnvironment.build(
            pipelineEnv: [:], stepEnv: [:],
            inheritNames: ["PATH", "KICKOFF_REDIS_URL", "KICKOFF_API_KEY", "KICKOFF_WEBHOOK_SECRET"],
            from: ["PATH": "/usr/bin", "KICKOFF_REDIS_URL": "redis://u:pw@h:6379/0", "KICKOFF_API_KEY": "kk_secret",
                   "KICKOFF_WEBHOOK_SECRET": "whsec_c2VjcmV0"],
            kickoff: ["KICKOFF_STEP": "train"]
        )
        #expect(environment == ["PATH": "/usr/bin", "KICKOFF_STEP": "train"])
    }

    @Test func kickoffVariablesFollowTheStepProtocol() {
        let variables = StepEnvironment.kickoffVariables(
            runID: "0194-run", step: "train", attempt: 2,
            parameters: ["epochs": .integer(3), "model": .string("rf")],
            inputs: ["load": .object(["rows": .integer(10)])],
            outputPath: "/runs/0194-run/attempt-2/outputs/train.json",
            artifactDir: "/runs/0194-run/attempt-2/artifacts"
        )
        #expect(
            variables == [
                "KICKOFF_RUN_ID": "0194-run",
                "KICKOFF_STEP": "train",
                "KICKOFF_ATTEMPT": "2",
                "KICKOFF_PARAMETERS": #"{"epochs":3,"model":"rf"}"#,
                "KICKOFF_INPUTS": #"{"load":{"rows":10}}"#,
                "KICKOFF_OUTPUT": "/runs/0194-run/attempt-2/outputs/train.json",
                "KICKOFF_ARTIFACT_DIR": "/runs/0194-run/attempt-2/artifacts",
            ])
    }
}
