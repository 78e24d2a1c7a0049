import Foundation
import Hummingbird
import HummingbirdTesting
@testable import KickoffFront
import KickoffModel
import KickoffStore
import KickoffTestSupport
import Logging
import RedisClient

/// A front on the test Redis in a namespace of its own (the `QueueFixture`'s), with the test
/// pipeline file and two keys: `triggerKey` (trigger + read) and `readKey` (read only).
struct FrontFixture: Sendable {
    let queue: QueueFixture
    let front: Front
    let client: RedisClient
    let runs: RunStore
    let keys: APIKeyStore
    let triggerKey: String
    let readKey: String

    static let pipelinesYAML = """
    pipelines:
      training_pipeline:
        description: Train and evaluate a classifier.
        working_directory: .
        retries: {max_attempts: 3, backoff: 5s}
        steps:
          load_data:
            run: [python3, steps.py, load_data]
            parameters:
              data_url: {type: string, default: "s3://example-bucket/data.csv"}
          train_model:
            run: [python3, steps.py, train_model]
            after: [load_data]
            parameters:
              model_type: {type: string, enum: [random_forest, gradient_boosting], default: random_forest}
              epochs: {type: integer, default: 3}
          evaluate: {run: [python3, steps.py, evaluate], after: [train_model]}
        presets:
          production: {load_data: {data_url: "s3://production-bucket/latest-data.csv"}}
      etl:
        working_directory: .
        steps:
          extract:
            run: [echo, extract]
            parameters:
              source: {type: string}
    sources:
      store:
        provider: token
        secret_env: FIXTURE_STORE_TOKEN
        event: /EventName
        routes:
          - pipeline: etl
            when: {event: "s3:ObjectCreated:*"}
            parameters: {source: /Key}
    """
    /// The `store` source's token (set on the configuration, not read from the test's environment).
    static let storeToken = "fixture-store-token"

    static func pipelines(_ yaml: String = pipelinesYAML) throws -> PipelineFile {
        try PipelineFileLoader.load(yaml: yaml, path: "/tmp/kickoff-front-tests/pipelines.yaml")
    }

    /// `redis` overrides the test Redis (for a private server that tests kill).
    init(rateLimit: RateLimit? = nil, readRateLimit: RateLimit? = nil, loginRateLimit: RateLimit? = .perMinute(RateLimit.defaultLoginAttempts),
         redis: RedisConfiguration? = nil, idempotencyTTL: Duration = .seconds(3600), pipelinesYAML: String = FrontFixture.pipelinesYAML) async throws {
        queue = try await QueueFixture()
        let redisConfiguration = redis ?? queue.configuration
        var logger = Logger(label: "kickoff-front-test")
        logger.logLevel = .warning
        var configuration = FrontConfiguration(store: StoreConfiguration(redis: redisConfiguration), namespace: queue.namespace,
                                               pipelines: try Self.pipelines(pipelinesYAML), rateLimit: rateLimit, readRateLimit: readRateLimit,
                                               loginRateLimit: loginRateLimit, idempotencyTTL: idempotencyTTL, retention: .seconds(3600))
        configuration.sourceSecrets = ["store": Self.storeToken]
        front = Front(configuration: configuration, logger: logger)
        client = RedisClient(configuration: redisConfiguration, connectionCount: 1)
        runs = RunStore(client: client, operations: QueueOperations(keys: StoreKeys(namespace: queue.namespace), retention: .seconds(3600)))
        keys = APIKeyStore(client: client, keys: StoreKeys(namespace: queue.namespace))
        triggerKey = try await keys.create(name: "ci", scopes: [.trigger, .read]).key
        readKey = try await keys.create(name: "dashboard", scopes: [.read]).key
    }

    func test<Value: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        try await front.makeApplication().test(.router, body)
    }

    func bearer(_ key: String) -> HTTPFields {
        [.authorization: "Bearer \(key)"]
    }

    var trigger: HTTPFields { bearer(triggerKey) }
    var read: HTTPFields { bearer(readKey) }
}

extension HTTPFields {
    static func json(_ key: String, extra: [(String, String)] = []) -> HTTPFields {
        var fields: HTTPFields = [.authorization: "Bearer \(key)", .contentType: "application/json"]
        for (name, value) in extra {
            if let name = HTTPFields.Element.Name(name) { fields[name] = value }
        }
        return fields
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    var json: JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    var object: [String: JSONValue] {
        if case .object(let object)? = json { return object }
        return [:]
    }

    func header(_ name: String) -> String? {
        HTTPFields.Element.Name(name).flatMap { headers[$0] }
    }

    /// The `errors[].field` of a problem document.
    var problemFields: [String] {
        guard case .array(let errors)? = object["errors"] else { return [] }
        return errors.compactMap { error in
            if case .object(let fields) = error, case .string(let field)? = fields["field"] { return field }
            return nil
        }
    }

    var runObject: RunObject? {
        try? JSONDecoder().decode(RunObject.self, from: Data(text.utf8))
    }
}

extension JSONValue {
    var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}

extension String {
    var buffer: ByteBuffer { ByteBuffer(string: self) }
}
