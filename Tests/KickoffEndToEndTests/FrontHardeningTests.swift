import AsyncHTTPClient
import Foundation
import KickoffModel
import KickoffStore
import KickoffTestSupport
import NIOCore
import NIOHTTP1
import NIOSSL
import RedisClient
import Testing

/// A real `kickoff serve` against slow and oversized clients, and serving HTTPS itself.
@Suite struct FrontHardeningTests {
    static let pipelines = """
    pipelines:
      quick:
        steps:
          only: {run: [python3, step.py, emit], parameters: {n: {type: integer, default: 1}}}
    """

    @Test func aConnectionThatSendsNothingOrHalfAHeadIsClosedAfterTheIdleTimeout() async throws {
        let fixture = try await WorkerFixture(pipelines: Self.pipelines)
        let front = try await fixture.startFront(["--idle-timeout", "1s"])
        let port = front.port
        let (silent, slow) = try await onDedicatedThread {
            let silent = try RawConnection(port: port)
            let slow = try RawConnection(port: port)
            slow.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")  // a slow client's head, never finished
            return (silent.readUntilClosed(), slow.readUntilClosed())
        }
        #expect(silent.closed && silent.text.isEmpty, "\(silent)")
        #expect(slow.closed, "\(slow)")
        #expect(!slow.text.contains(" 200 "), "\(slow)")
    }

    @Test func aRequestWithHugeHeadersIsRefused() async throws {
        let fixture = try await WorkerFixture(pipelines: Self.pipelines)
        let front = try await fixture.startFront()
        let port = front.port
        let (normal, huge) = try await onDedicatedThread {
            let normal = try RawConnection(port: port)
            normal.send(Self.request(headerBytes: 1024))
            let huge = try RawConnection(port: port)
            huge.send(Self.request(headerBytes: 64 * 1024))  // over the 32 KiB limit, under Hummingbird's own 80 KiB
            return (normal.readUntilClosed(), huge.readUntilClosed())
        }
        #expect(normal.text.hasPrefix("HTTP/1.1 200"), "\(normal)")
        #expect(huge.closed, "\(huge)")
        #expect(huge.text.isEmpty || huge.text.hasPrefix("HTTP/1.1 431") || huge.text.hasPrefix("HTTP/1.1 400"), "\(huge.text.prefix(200))")
    }

    @Test func serveAnswersHTTPSWithItsCertificateAndTheClientCommandsTrustACACert() async throws {
        let fixture = try await WorkerFixture(pipelines: Self.pipelines)
        let (certificate, key) = try await Self.selfSignedCertificate(in: fixture.directory)
        let port = try FreePort.find()
        let base = "https://127.0.0.1:\(port)"
        // The files come from the environment here; --tls-cert and --tls-key are the same settings.
        let serve = try KickoffProcess(["serve", "--redis-url", fixture.redisURL, "--namespace", fixture.queue.namespace,
                                        "--pipelines", fixture.pipelinesFile.path, "--port", String(port)],
                                       environment: [EnvironmentVariable.tlsCertificate: certificate, EnvironmentVariable.tlsKey: key],
                                       logDirectory: fixture.directory)
        defer { serve.signal(SIGKILL) }
        let apiKey = try await Self.createKey(fixture)

        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(certificate))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(tlsConfiguration: tls))
        do {
            try await Eventually.poll("kickoff serve answers https://…/healthz") {
                (try? await client.execute(HTTPClientRequest(url: base + "/healthz"), timeout: .seconds(5)).status.code) == 200
            }
            try fixture.startWorker("tls")
            var trigger = HTTPClientRequest(url: base + "/v1/pipelines/quick/runs")
            trigger.method = .POST
            trigger.headers.add(name: "Authorization", value: "Bearer \(apiKey)")
            trigger.headers.add(name: "Content-Type", value: "application/json")
            trigger.body = .bytes(ByteBuffer(string: #"{"parameters":{"n":5}}"#))
            let answer = try await client.execute(trigger, timeout: .seconds(30))
            let body = try await answer.body.collect(upTo: 1 << 20)
            #expect(answer.status.code == 202, "\(String(buffer: body))")
            let id = try #require((try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any])?["id"] as? String)
            #expect(try await fixture.waitUntilFinished(id).status == .succeeded, "\(fixture.workerLogs())")

            // The client commands over HTTPS: trusting the certificate they work, without it they refuse.
            let environment = [EnvironmentVariable.apiKey: apiKey, EnvironmentVariable.url: base]
            let trusted = try await KickoffProcess.run(["runs", "show", id, "--ca-cert", certificate], environment: environment)
            #expect(trusted.status == 0, "\(trusted.output)")
            #expect(trusted.output.contains("succeeded"), "\(trusted.output)")
            let untrusted = try await KickoffProcess.run(["runs", "show", id], environment: environment)
            #expect(untrusted.status != 0, "\(untrusted.output)")
            // Said as the certificate problem it is, naming the option; not "is `kickoff serve` running?".
            #expect(untrusted.output.hasPrefix("kickoff: the front at \(base) has a certificate this client does not trust"), "\(untrusted.output)")
            #expect(untrusted.output.contains("--ca-cert FILE or KICKOFF_CA_CERT=FILE"), "\(untrusted.output)")
            #expect(!untrusted.output.contains("kickoff serve") && !untrusted.output.contains("BoringSSL"), "\(untrusted.output)")
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    @Test func overItsOwnTLSTheFrontSendsHSTSAndASecureSessionCookie() async throws {
        let fixture = try await WorkerFixture(pipelines: Self.pipelines)
        let (certificate, key) = try await Self.selfSignedCertificate(in: fixture.directory)
        let port = try FreePort.find()
        let base = "https://127.0.0.1:\(port)"
        let serve = try KickoffProcess(["serve", "--redis-url", fixture.redisURL, "--namespace", fixture.queue.namespace,
                                        "--pipelines", fixture.pipelinesFile.path, "--port", String(port),
                                        "--tls-cert", certificate, "--tls-key", key],
                                       logDirectory: fixture.directory)
        defer { serve.signal(SIGKILL) }
        let apiKey = try await Self.createKey(fixture)

        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(certificate))
        // No redirects followed: the login's own 303 carries the cookie.
        let client = HTTPClient(eventLoopGroupProvider: .singleton,
                                configuration: HTTPClient.Configuration(tlsConfiguration: tls, redirectConfiguration: .disallow))
        do {
            try await Eventually.poll("kickoff serve answers https://…/healthz") {
                (try? await client.execute(HTTPClientRequest(url: base + "/healthz"), timeout: .seconds(5)).status.code) == 200
            }
            // Every answer, the API's (an error too) and the dashboard's, tells the browser to keep to HTTPS.
            var login = HTTPClientRequest(url: base + "/ui/login")
            login.method = .POST
            login.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            login.body = .bytes(ByteBuffer(string: "key=" + (apiKey.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? apiKey)))
            let signedIn = try await client.execute(login, timeout: .seconds(30))
            _ = try await signedIn.body.collect(upTo: 1 << 20)
            #expect(signedIn.status == .seeOther)
            for path in ["/healthz", "/v1/pipelines", "/ui/login"] {
                let answer = try await client.execute(HTTPClientRequest(url: base + path), timeout: .seconds(30))
                _ = try await answer.body.collect(upTo: 1 << 20)
                #expect(answer.headers.first(name: "Strict-Transport-Security") == "max-age=31536000", "\(path): \(answer.headers)")
            }
            #expect(signedIn.headers.first(name: "Strict-Transport-Security") == "max-age=31536000", "\(signedIn.headers)")
            // No X-Forwarded-Proto here: the front knows it speaks TLS itself.
            let cookie = try #require(signedIn.headers.first(name: "Set-Cookie"))
            #expect(cookie.hasPrefix("kickoff_session="))
            let attributes = cookie.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            #expect(attributes.contains("secure"), "\(cookie)")
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    @Test func serveRefusesToStartWithAKeyThatIsNotThere() async throws {
        let fixture = try await WorkerFixture(pipelines: Self.pipelines)
        let (certificate, _) = try await Self.selfSignedCertificate(in: fixture.directory)
        let missing = fixture.directory.appendingPathComponent("no-such-key.pem").path
        let (status, output) = try await KickoffProcess.run(
            ["serve", "--redis-url", fixture.redisURL, "--pipelines", fixture.pipelinesFile.path, "--port", String(try FreePort.find()),
             "--tls-cert", certificate, "--tls-key", missing])
        #expect(status != 0)
        #expect(output.contains("\(missing) is not a PEM private key"), "\(output)")
        let (lone, loneOutput) = try await KickoffProcess.run(["serve", "--pipelines", fixture.pipelinesFile.path, "--tls-cert", certificate])
        #expect(lone != 0)
        #expect(loneOutput.contains("--tls-key (KICKOFF_TLS_KEY) is missing"), "\(loneOutput)")
    }

    static func request(headerBytes: Int) -> String {
        "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-Padding: \(String(repeating: "a", count: headerBytes))\r\n\r\n"
    }

    /// A throwaway certificate for 127.0.0.1 and localhost, made with openssl (scripts/test installs it).
    static func selfSignedCertificate(in directory: URL) async throws -> (certificate: String, key: String) {
        let certificate = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let openssl = try Executable.find("openssl")
        let status = try await onDedicatedThread {
            let process = Process()
            process.executableURL = openssl
            process.arguments = ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                                 "-keyout", key, "-out", certificate, "-days", "1", "-subj", "/CN=localhost",
                                 "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"]
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
        guard status == 0 else { throw TestSupportError("openssl req failed (\(status))") }
        return (certificate, key)
    }

    static func createKey(_ fixture: WorkerFixture) async throws -> String {
        let client = RedisClient(configuration: fixture.queue.configuration, connectionCount: 1)
        let key = try await APIKeyStore(client: client, keys: fixture.queue.keys).create(name: "tls-test", scopes: Set(APIKeyScope.allCases)).key
        await client.shutdown()
        return key
    }
}
