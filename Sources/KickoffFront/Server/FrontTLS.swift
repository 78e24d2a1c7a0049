import Foundation
import NIOSSL

/// The certificate and key `kickoff serve` answers HTTPS with (`--tls-cert`, `--tls-key`): for a
/// front that faces its clients without a TLS-terminating proxy.
public struct FrontTLS: Sendable, Hashable {
    /// PEM: the server certificate first, then any intermediates.
    public var certificatePath: String
    /// PEM: the certificate's private key.
    public var privateKeyPath: String

    public init(certificatePath: String, privateKeyPath: String) {
        self.certificatePath = certificatePath
        self.privateKeyPath = privateKeyPath
    }

    /// Reads both files and checks that they make a usable server context (the key matches the
    /// certificate) now, at start, rather than failing every handshake later. TLS 1.2 at least.
    func serverConfiguration() throws(FrontTLSError) -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificatePath)
        } catch {
            throw .unreadable(path: certificatePath, what: "a PEM certificate chain", reason: Self.reason(error, path: certificatePath))
        }
        guard !chain.isEmpty else {
            throw .unreadable(path: certificatePath, what: "a PEM certificate chain", reason: "the file holds no certificate")
        }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: privateKeyPath, format: .pem)
        } catch {
            throw .unreadable(path: privateKeyPath, what: "a PEM private key", reason: Self.reason(error, path: privateKeyPath))
        }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        do {
            _ = try NIOSSLContext(configuration: configuration)
        } catch {
            throw .unusable(reason: "\(error) (does the key belong to the certificate?)")
        }
        return configuration
    }

    private static func reason(_ error: any Error, path: String) -> String {
        FileManager.default.isReadableFile(atPath: path) ? "\(error)" : "no readable file there"
    }
}

public enum FrontTLSError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(path: String, what: String, reason: String)
    case unusable(reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let what, let reason): "TLS: \(path) is not \(what): \(reason)"
        case .unusable(let reason): "TLS: the certificate and key do not make a server context: \(reason)"
        }
    }
}
