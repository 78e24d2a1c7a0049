import Foundation
public import Logging

/// Kickoff's configuration: each value from its command-line flag if given, else from its environment
/// variable if set and not empty, else the default. Read from a plain dictionary so tests need no
/// real environment.
public struct Settings: Sendable, Hashable {
    public static let defaultRedisURL = "redis://127.0.0.1:6379/0"
    /// How long finished runs and their events stay readable, unless configured.
    public static let defaultRetention: Duration = .seconds(7 * 24 * 3600)
    public static let defaultPipelines = "pipelines.yaml"
    public static let defaultHost = "127.0.0.1"
    public static let defaultPort = 8080
    public static let defaultNamespace = "kickoff"

    /// `redis://[user:password@]host:port/db`; checked by the store (`Settings.redisConfiguration()`) when a command needs Redis.
    public var redisURL: String
    public var redisURLSource: SettingSource
    /// The pipeline file.
    public var pipelines: String
    /// Where `kickoff serve` listens.
    public var host: String
    /// 0 asks the system for a free port.
    public var port: Int
    public var logLevel: Logger.Level
    public var logFormat: LogFormat
    /// The front's base URL for the client commands; nil when neither flag nor variable gives one.
    public var url: String?
    public var apiKey: String?
    public var webhookSecret: String?
    /// The prefix of every Redis key, so several installations can share one database.
    public var namespace: String
    /// `kickoff serve` answers HTTPS when both are set: PEM files of the certificate chain and its key.
    public var tlsCertificate: String?
    public var tlsKey: String?
    /// The client commands trust the certificates in this PEM file (besides the system's) for https://.
    public var caCertificate: String?
    /// How long finished runs, their events and webhook attempts are kept (default 7 days).
    public var runRetention: Duration
    /// How long finished runs' logs are kept (default: the run retention; never longer).
    public var logRetention: Duration
    /// How long webhook dead letters are kept (default: the run retention).
    public var deadLetterRetention: Duration
    /// The schedulers' leader lease and misfire grace.
    public var scheduler: SchedulerSettings
    /// Sentinels and replica acknowledgement; with sentinels, the URL's host and port are not used.
    public var redisFailover: RedisFailoverSettings
    /// How many hash tags runs are spread over (`--partitions`, `KICKOFF_PARTITIONS`; default 1).
    public var partitions: RunPartitions

    public init(environment: [String: String], overrides: SettingsOverrides = SettingsOverrides()) throws(ConfigurationError) {
        let resolver = SettingResolver(environment: environment)
        (redisURL, redisURLSource) = resolver.raw(overrides.redisURL, "--redis-url", EnvironmentVariable.redisURL)
            .map { ($0.value, $0.source) } ?? (Self.defaultRedisURL, .defaultValue)
        pipelines = try resolver.value(overrides.pipelines, "--pipelines", EnvironmentVariable.pipelines, default: Self.defaultPipelines, parse: Self.nonEmpty)
        host = try resolver.value(overrides.host, "--host", EnvironmentVariable.host, default: Self.defaultHost, parse: Self.nonEmpty)
        port = try resolver.value(overrides.port, "--port", EnvironmentVariable.port, default: Self.defaultPort, parse: Self.port)
        logLevel = try resolver.value(overrides.logLevel, "--log-level", EnvironmentVariable.logLevel, default: .info, parse: Self.logLevel)
        logFormat = try resolver.value(overrides.logFormat, "--log-format", EnvironmentVariable.logFormat, default: .text, parse: Self.logFormat)
        url = try resolver.optionalValue(overrides.url, "--url", EnvironmentVariable.url, parse: Self.httpURL)
        apiKey = resolver.raw(overrides.apiKey, "--api-key", EnvironmentVariable.apiKey)?.value
        webhookSecret = resolver.raw(overrides.webhookSecret, "--webhook-secret", EnvironmentVariable.webhookSecret)?.value
        namespace = try resolver.value(overrides.namespace, "--namespace", EnvironmentVariable.namespace, default: Self.defaultNamespace, parse: Self.namespace)
        let certificate = resolver.raw(overrides.tlsCertificate, "--tls-cert", EnvironmentVariable.tlsCertificate)
        let key = resolver.raw(overrides.tlsKey, "--tls-key", EnvironmentVariable.tlsKey)
        if let lone = certificate ?? key, (certificate == nil) != (key == nil) {
            let missing = certificate == nil ? "--tls-cert (\(EnvironmentVariable.tlsCertificate))" : "--tls-key (\(EnvironmentVariable.tlsKey))"
            throw ConfigurationError(source: lone.source, value: lone.value,
                                     reason: "HTTPS needs a certificate and its private key: \(missing) is missing")
        }
        tlsCertificate = certificate?.value
        tlsKey = key?.value
        caCertificate = resolver.raw(overrides.caCertificate, "--ca-cert", EnvironmentVariable.caCertificate)?.value
        runRetention = try resolver.value(overrides.runRetention, "--run-retention", EnvironmentVariable.runRetention,
                                          default: Settings.defaultRetention, parse: Self.retention)
        let logs = try resolver.optionalValue(overrides.logRetention, "--log-retention", EnvironmentVariable.logRetention, parse: Self.retention)
        if let logs, logs > runRetention, let given = resolver.raw(overrides.logRetention, "--log-retention", EnvironmentVariable.logRetention) {
            throw ConfigurationError(source: given.source, value: given.value, reason: "must not be longer than the run retention (\(DurationText.format(runRetention))): logs go with their run")
        }
        logRetention = logs ?? runRetention
        deadLetterRetention = try resolver.value(overrides.deadLetterRetention, "--dead-letter-retention", EnvironmentVariable.deadLetterRetention,
                                                 default: runRetention, parse: Self.retention)
        scheduler = try SchedulerSettings(resolver: resolver, overrides: overrides)
        redisFailover = try RedisFailoverSettings(resolver: resolver, overrides: overrides)
        partitions = try RunPartitions(count: resolver.value(overrides.partitions, "--partitions", EnvironmentVariable.partitions,
                                                             default: 1, parse: Self.partitionCount))
    }

    /// The front's base URL: `url` if given, else `http://host:port` of a local front.
    public var frontURL: String {
        if let url { return url }
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "http://\(shownHost):\(port)"
    }
}

extension Settings {
    private static let nonEmpty = SettingRule<String>(reason: "must not be empty") { $0.isEmpty ? nil : $0 }

    /// A duration of at least one second (`30d`, `12h`).
    private static let retention = SettingRule<Duration>(reason: "expected a duration of at least 1s, such as 7d or 12h") { text in
        (try? DurationParser.parse(text)).flatMap { $0 >= .seconds(1) ? $0 : nil }
    }

    private static let partitionCount = SettingRule<Int>(reason: "expected a whole number 1…\(RunPartitions.maximum)") { text in
        Int(text).flatMap { (1...RunPartitions.maximum).contains($0) ? $0 : nil }
    }

    private static let port = SettingRule<Int>(reason: "expected a port number 0…65535") { text in
        Int(text).flatMap { (0...65535).contains($0) ? $0 : nil }
    }

    private static let logLevel = SettingRule<Logger.Level>(
        reason: "expected one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))",
        parse: Logger.Level.init(name:)
    )

    private static let logFormat = SettingRule<LogFormat>(
        reason: "expected \(LogFormat.allCases.map(\.rawValue).joined(separator: " or "))"
    ) { LogFormat(rawValue: $0.lowercased()) }

    /// Kept without a trailing slash, so paths can be appended.
    private static let httpURL = SettingRule<String>(reason: "expected an http:// or https:// URL with a host") { text in
        let lowered = text.lowercased()
        let scheme = ["http://", "https://"].first { lowered.hasPrefix($0) }
        guard let scheme, text.count > scheme.count else { return nil }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    /// Letters, digits and `.`, `_`, `-`, `:`; no braces, which Redis Cluster reads as a hash tag.
    private static let namespace = SettingRule<String>(reason: "expected 1 to 64 ASCII letters, digits, '.', '_', '-' or ':'") { text in
        let allowed = text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._-:".unicodeScalars.contains(scalar))
        }
        return !text.isEmpty && text.count <= 64 && allowed ? text : nil
    }

    /// `redis://user:***@host` for messages.
    public static func redactedURL(_ url: String) -> String {
        guard let at = url.lastIndex(of: "@"), let schemeEnd = url.range(of: "://")?.upperBound, schemeEnd < at else {
            return url
        }
        let credentials = url[schemeEnd..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return url }
        return String(url[..<url.index(after: colon)]) + "***" + String(url[at...])
    }
}
