import ArgumentParser
import Foundation
import KickoffModel
import NIOSSL

/// The options of the commands that talk to a front over HTTP (`trigger`, `runs`, `pipelines list --remote`).
/// Each defaults to nil, so that `Settings` falls back to `KICKOFF_URL` / `KICKOFF_API_KEY`.
struct ClientOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The front's base URL (default: $KICKOFF_URL, else http://127.0.0.1:8080).", valueName: "url"))
    var url: String?

    @Option(help: ArgumentHelp("API key sent as 'Authorization: Bearer' (default: $KICKOFF_API_KEY). The variable keeps it out of ps.",
                               valueName: "key"))
    var apiKey: String?

    @Option(help: ArgumentHelp("Also trust the certificates in this PEM file for an https:// front (default: $KICKOFF_CA_CERT).",
                               valueName: "file"))
    var caCert: String?

    /// Runs `body` with a client for the configured front. A `ClientError` (a problem document, an
    /// unreachable front) is printed as a few readable lines on stderr and exits 1, never as a trace.
    func withAPIClient<Result: Sendable>(_ body: (KickoffAPIClient) async throws -> Result) async throws -> Result {
        let settings = try Settings(environment: ProcessInfo.processInfo.environment,
                                    overrides: SettingsOverrides(url: url, apiKey: apiKey, caCertificate: caCert))
        let client = KickoffAPIClient(baseURL: settings.frontURL, apiKey: settings.apiKey,
                                      trusting: try Self.certificates(settings.caCertificate))
        do {
            let result = try await body(client)
            await client.shutdown()
            return result
        } catch let error as ClientError {
            await client.shutdown()
            StandardError.write(lines: error.lines)
            throw ExitCode.failure
        } catch {
            await client.shutdown()
            throw error
        }
    }

    private static func certificates(_ path: String?) throws -> [NIOSSLCertificate] {
        guard let path else { return [] }
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMFile(path)
        } catch {
            throw ValidationError("--ca-cert / \(EnvironmentVariable.caCertificate) \(path): not a readable PEM certificate file (\(error))")
        }
        guard !certificates.isEmpty else {
            throw ValidationError("--ca-cert / \(EnvironmentVariable.caCertificate) \(path): the file holds no certificate")
        }
        return certificates
    }
}
