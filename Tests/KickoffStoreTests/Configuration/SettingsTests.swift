import KickoffModel
import KickoffStore
import Logging
import RedisClient
import Testing

@Suite struct SettingsTests {
    @Test func defaultsWithAnEmptyEnvironment() throws {
        let settings = try Settings(environment: [:])
        #expect(settings.redisURL == "redis://127.0.0.1:6379/0")
        #expect(settings.redisURLSource == .defaultValue)
        #expect(settings.pipelines == "pipelines.yaml")
        #expect(settings.host == "127.0.0.1")
        #expect(settings.port == 8080)
        #expect(settings.logLevel == .info)
        #expect(settings.logFormat == .text)
        #expect(settings.url == nil)
        #expect(settings.apiKey == nil)
        #expect(settings.webhookSecret == nil)
        #expect(settings.namespace == "kickoff")
        #expect(settings.frontURL == "http://127.0.0.1:8080")
        #expect(settings.runRetention == .seconds(7 * 86_400))
        #expect(settings.logRetention == settings.runRetention && settings.deadLetterRetention == settings.runRetention)
    }

    @Test func retentionsFromTheEnvironmentAndFlags() throws {
        let settings = try Settings(environment: ["KICKOFF_RUN_RETENTION": "30d", "KICKOFF_LOG_RETENTION": "2d", "KICKOFF_DEAD_LETTER_RETENTION": "90d"])
        #expect(settings.runRetention == .seconds(30 * 86_400))
        #expect(settings.logRetention == .seconds(2 * 86_400))
        #expect(settings.deadLetterRetention == .seconds(90 * 86_400))
        let operations = settings.queueOperations
        #expect(operations.retention == .seconds(30 * 86_400) && operations.logRetention == .seconds(2 * 86_400))
        let flagged = try Settings(environment: ["KICKOFF_RUN_RETENTION": "30d"], overrides: SettingsOverrides(runRetention: "12h"))
        #expect(flagged.runRetention == .seconds(12 * 3600) && flagged.logRetention == .seconds(12 * 3600))
    }

    @Test func badRetentionsNameTheirSource() {
        #expect(throws: ConfigurationError.self) { try Settings(environment: ["KICKOFF_RUN_RETENTION": "a week"]) }
        do {
            _ = try Settings(environment: ["KICKOFF_RUN_RETENTION": "1d"], overrides: SettingsOverrides(logRetention: "2d"))
            Issue.record("a log retention longer than the run retention was accepted")
        } catch {
            #expect(error.description.contains("--log-retention") && error.description.contains("must not be longer than the run retention"), "\(error)")
        }
        do {
            _ = try Settings(environment: ["KICKOFF_DEAD_LETTER_RETENTION": "500ms"])
            Issue.record("a sub-second retention was accepted")
        } catch {
            #expect(error.description.contains("KICKOFF_DEAD_LETTER_RETENTION"), "\(error)")
        }
    }

    @Test func readsEveryVariable() throws {
        let settings = try Settings(environment: [
            "KICKOFF_REDIS_URL": "redis://:secret@redis.internal:6380/2",
            "KICKOFF_PIPELINES": "/etc/kickoff/pipelines.yaml",
            "KICKOFF_HOST": "0.0.0.0",
            "KICKOFF_PORT": "9090",
            "KICKOFF_LOG_LEVEL": "DEBUG",
            "KICKOFF_LOG_FORMAT": "json",
            "KICKOFF_URL": "https://kickoff.example.com/",
            "KICKOFF_API_KEY": "key-1",
            "KICKOFF_WEBHOOK_SECRET": "whsec_abc",
            "KICKOFF_NAMESPACE": "staging",
        ])
        #expect(settings.redisURLSource == .environment("KICKOFF_REDIS_URL"))
        #expect(try settings.redisConfiguration().port == 6380)
        #expect(try settings.redisConfiguration().database == 2)
        #expect(settings.pipelines == "/etc/kickoff/pipelines.yaml")
        #expect(settings.host == "0.0.0.0")
        #expect(settings.port == 9090)
        #expect(settings.logLevel == .debug)
        #expect(settings.logFormat == .json)
        #expect(settings.url == "https://kickoff.example.com")
        #expect(settings.frontURL == "https://kickoff.example.com")
        #expect(settings.apiKey == "key-1")
        #expect(settings.webhookSecret == "whsec_abc")
        #expect(settings.namespace == "staging")
    }

    @Test func flagsWinOverTheEnvironment() throws {
        let environment = ["KICKOFF_PORT": "9090", "KICKOFF_REDIS_URL": "redis://a:1/0", "KICKOFF_NAMESPACE": "env"]
        let overrides = SettingsOverrides(redisURL: "redis://b:2/0", port: "7070", namespace: "flag")
        let settings = try Settings(environment: environment, overrides: overrides)
        #expect(settings.port == 7070)
        #expect(settings.redisURL == "redis://b:2/0")
        #expect(settings.redisURLSource == .flag("--redis-url"))
        #expect(settings.namespace == "flag")
    }

    @Test func anEmptyVariableCountsAsUnset() throws {
        let settings = try Settings(environment: ["KICKOFF_PORT": "", "KICKOFF_API_KEY": "", "KICKOFF_LOG_LEVEL": ""])
        #expect(settings.port == 8080)
        #expect(settings.apiKey == nil)
        #expect(settings.logLevel == .info)
    }

    @Test func acceptsWarnForWarning() throws {
        #expect(try Settings(environment: ["KICKOFF_LOG_LEVEL": "warn"]).logLevel == .warning)
    }

    @Test(arguments: [
        ("KICKOFF_PORT", "http", "expected a port number 0…65535"),
        ("KICKOFF_PORT", "70000", "expected a port number 0…65535"),
        ("KICKOFF_LOG_LEVEL", "loud", "expected one of trace, debug, info, notice, warning, error, critical"),
        ("KICKOFF_LOG_FORMAT", "xml", "expected text or json"),
        ("KICKOFF_URL", "kickoff.local", "expected an http:// or https:// URL with a host"),
        ("KICKOFF_NAMESPACE", "{tag}", "expected 1 to 64 ASCII letters, digits, '.', '_', '-' or ':'"),
        ("KICKOFF_NAMESPACE", "has space", "expected 1 to 64 ASCII letters, digits, '.', '_', '-' or ':'"),
    ])
    func anInvalidVariableIsNamedInTheError(variable: String, value: String, reason: String) {
        #expect(throws: ConfigurationError(source: .environment(variable), value: value, reason: reason)) {
            try Settings(environment: [variable: value])
        }
    }

    @Test func anInvalidFlagIsNamedInTheError() throws {
        let error = #expect(throws: ConfigurationError.self) {
            try Settings(environment: ["KICKOFF_PORT": "1"], overrides: SettingsOverrides(port: "x"))
        }
        #expect(error?.description == #"invalid --port "x": expected a port number 0…65535"#)
    }

    @Test func aBadRedisURLFailsOnlyWhenUsedAndHidesThePassword() throws {
        let settings = try Settings(environment: ["KICKOFF_REDIS_URL": "http://user:hunter2@host:1/0"])
        let error = #expect(throws: ConfigurationError.self) { try settings.redisConfiguration() }
        #expect(error?.source == .environment("KICKOFF_REDIS_URL"))
        #expect(error?.value == "http://user:***@host:1/0")
        #expect(error?.description.contains("hunter2") == false)
    }

    @Test func tlsFilesComeInPairsFlagsWinningOverVariables() throws {
        let settings = try Settings(environment: ["KICKOFF_TLS_CERT": "/env/cert.pem", "KICKOFF_TLS_KEY": "/env/key.pem", "KICKOFF_CA_CERT": "/ca.pem"],
                                    overrides: SettingsOverrides(tlsCertificate: "/flag/cert.pem"))
        #expect(settings.tlsCertificate == "/flag/cert.pem")
        #expect(settings.tlsKey == "/env/key.pem")
        #expect(settings.caCertificate == "/ca.pem")

        let lone = #expect(throws: ConfigurationError.self) { try Settings(environment: ["KICKOFF_TLS_CERT": "/env/cert.pem"]) }
        #expect(lone?.source == .environment("KICKOFF_TLS_CERT"))
        #expect(lone?.description.contains("--tls-key (KICKOFF_TLS_KEY) is missing") == true, "\(String(describing: lone))")
    }
}
