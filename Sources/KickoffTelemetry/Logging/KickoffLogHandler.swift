public import KickoffModel
public import Logging

/// The log handler of every Kickoff process: one line per record on stderr, as JSON or as text.
public struct KickoffLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    private let label: String
    private let format: LogFormat
    private let writer: StandardErrorWriter

    public init(
        label: String, format: LogFormat, level: Logger.Level,
        metadataProvider: Logger.MetadataProvider? = nil, writer: StandardErrorWriter = .shared
    ) {
        self.label = label
        self.format = format
        self.logLevel = level
        self.metadataProvider = metadataProvider
        self.writer = writer
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        // Later sources win: the handler's metadata, then the provider's, then the call's, then the error.
        var merged = metadata
        if let provided = metadataProvider?.get(), !provided.isEmpty {
            merged.merge(provided) { _, new in new }
        }
        if let explicit = event.metadata, !explicit.isEmpty {
            merged.merge(explicit) { _, new in new }
        }
        if let error = event.error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        let timestamp = LogTimestamp.now()
        let line = switch format {
        case .json:
            JSONLogLine.encode(timestamp: timestamp, level: event.level, label: label, message: event.message.description, metadata: merged)
        case .text:
            TextLogLine.encode(timestamp: timestamp, level: event.level, label: label, message: event.message.description, metadata: merged)
        }
        writer.write(line: line)
    }
}
