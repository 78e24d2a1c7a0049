import Glibc

/// "No such file or directory (errno 2)": the text errors carry so that a log line explains itself.
func errnoText(_ code: Int32) -> String {
    // glibc's strerror is thread-safe for known codes (it returns static strings).
    "\(String(cString: strerror(code))) (errno \(code))"
}

/// Quotes a user-supplied string for a message, shortened so a hostile 100 KB value cannot flood a log.
func quoted(_ value: String, limit: Int = 200) -> String {
    let shown = value.count > limit ? value.prefix(limit) + "…" : value
    return shown.debugDescription
}
