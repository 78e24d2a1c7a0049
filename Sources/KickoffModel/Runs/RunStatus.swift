public enum RunPriority: String, Sendable, Hashable, CaseIterable, Codable {
    // In claim order.
    case high, normal, low
}

public enum RunStatus: String, Sendable, Hashable, CaseIterable, Codable {
    case scheduled, queued, running, succeeded, failed, canceled

    public var isFinal: Bool {
        switch self {
        case .succeeded, .failed, .canceled: true
        case .scheduled, .queued, .running: false
        }
    }
}
