import Foundation
@testable import KickoffModel
import Testing

/// `sources:` in the pipeline file: what it reads, and each problem reported at its line.
@Suite("Hook sources in the pipeline file")
struct HookSourceFileTests {
    static let pipelines = """
        pipelines:
          training_pipeline:
            steps:
              load_data:
                run: [x]
                parameters: {data_url: {type: string, required: true}}
              train_model:
                run: [x]
                parameters: {commit: {type: string}, epochs: {type: integer, default: 1}}
            presets:
              production: {train_model: {epochs: 10}}

        """

    @Test func readsTheIssueExample() throws {
        let file = try PipelineFixtures.load(Self.pipelines + """
            sources:
              github:
                provider: github
                secret_env: GITHUB_WEBHOOK_SECRET
                routes:
                  - pipeline: training_pipeline
                    when: {event: push, "/ref": "refs/heads/main"}
                    parameters: {load_data.data_url: "/repository/clone_url", train_model.commit: "/after"}
                    preset: production
              minio:
                provider: token
                secret_env: MINIO_TOKEN
                event: /EventName
                delivery: /Records/0/s3/object/sequencer
                routes:
                  - pipeline: training_pipeline
                    when: {event: "s3:ObjectCreated:*", headers: {X-Minio-Deployment-Id: [a, b]}}
                    parameters: {data_url: /Key}
            """)
        let github = try #require(file.source(named: "github"))
        #expect(github.provider == .github && github.secretEnv == "GITHUB_WEBHOOK_SECRET")
        #expect(github.deliveryLocation == "X-GitHub-Delivery" && github.eventLocation == "X-GitHub-Event")
        let route = try #require(github.routes.first)
        #expect(route.preset == "production")
        #expect(route.when.map(\.key) == ["event", "/ref"])
        #expect(route.parameters.map(\.path) == ["load_data.data_url", "train_model.commit"])
        let minio = try #require(file.source(named: "minio"))
        #expect(minio.eventLocation == "/EventName")
        #expect(minio.routes[0].when.map(\.key) == ["event", "headers.X-Minio-Deployment-Id"])
        #expect(minio.routes[0].parameters[0].step == nil)
    }

    @Test(arguments: [
        ("provider: gitbucket", "provider: gitbucket", "unknown provider 'gitbucket'"),
        ("secret_env: \"not a name\"", "secret_env", "secret_env must name an environment variable"),
        ("encoding: hex", "encoding: hex", "'encoding' applies only to provider hmac"),
    ])
    func sourceProblems(line: String, marker: String, message: String) {
        let yaml = Self.pipelines + """
            sources:
              s:
                provider: github
                secret_env: S
                routes: [{pipeline: training_pipeline}]
            """
        let edited = line.hasPrefix("provider") ? yaml.replacingOccurrences(of: "provider: github", with: line)
            : line.hasPrefix("secret_env") ? yaml.replacingOccurrences(of: "secret_env: S", with: line)
            : yaml.replacingOccurrences(of: "secret_env: S", with: "secret_env: S\n    \(line)")
        let diagnostics = PipelineFixtures.diagnostics(edited)
        #expect(diagnostics.count == 1, "\(diagnostics)")
        #expect(diagnostics.first?.line == PipelineFixtures.line(of: marker, in: edited), "\(diagnostics)")
        #expect(diagnostics.first?.message.contains(message) == true, "\(diagnostics)")
    }

    @Test(arguments: [
        ("pipeline: trainig_pipeline", "no pipeline 'trainig_pipeline' in this file (did you mean 'training_pipeline'?)"),
        ("pipeline: training_pipeline, preset: prod", "has no preset 'prod'"),
        ("pipeline: training_pipeline, parameters: {load_data.data_uri: /x}", "step 'load_data' has no parameter 'data_uri' (did you mean 'data_url'?)"),
        ("pipeline: training_pipeline, parameters: {load: /x}", "no step of pipeline 'training_pipeline' declares a parameter 'load'"),
        ("pipeline: training_pipeline, parameters: {load_data.data_url: x}", "'x' is not a JSON pointer"),
        ("pipeline: training_pipeline, when: {ref: main}", "'ref' is neither 'event', 'headers' nor a JSON pointer"),
        ("pipeline: training_pipeline, when: {event: {a: 1}}", "a value to match must be a string, number or boolean"),
        ("pipelin: training_pipeline", "unknown key 'pipelin'"),
    ])
    func routeProblems(route: String, message: String) {
        let yaml = Self.pipelines + """
            sources:
              s:
                provider: gitlab
                secret_env: S
                routes:
                  - {\(route)}
            """
        let diagnostics = PipelineFixtures.diagnostics(yaml)
        #expect(!diagnostics.isEmpty)
        #expect(diagnostics.allSatisfy { $0.line == PipelineFixtures.line(of: "  - {", in: yaml) }, "\(diagnostics)")
        #expect(diagnostics.contains { $0.message.contains(message) }, "\(diagnostics)")
        #expect(diagnostics.first?.description.hasPrefix("\(PipelineFixtures.path):") == true)
    }
}
