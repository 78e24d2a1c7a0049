import Foundation

/// URLs as logs and error messages may show them: `scheme://host[:port]/path`. The user info
/// (`user:password@`), the query and the fragment are left out: they are where URLs carry
/// credentials and tokens (`?token=…`, `#access_token=…`).
public enum URLRedaction {
    public static func redacted(_ url: String) -> String {
        guard let components = URLComponents(string: url), let scheme = components.scheme,
              let host = components.percentEncodedHost, !host.isEmpty else {
            return "(a URL that does not parse)"
        }
        var text = scheme + "://" + (host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host)
        if let port = components.port { text += ":\(port)" }
        text += components.percentEncodedPath
        if components.percentEncodedQuery != nil || components.percentEncodedFragment != nil { text += "?…" }
        return text
    }
}
