/// How log lines are written to stderr: `text` for people, `json` (one object per line) for collectors.
public enum LogFormat: String, Sendable, Hashable, CaseIterable {
    case text
    case json
}
