import Foundation
import KickoffTestSupport

/// Signatures made by implementations independent of Kickoff's: Python's `hmac` module (GitHub's
/// `X-Hub-Signature-256`) and the Standard Webhooks reference library from PyPI (`standardwebhooks`,
/// installed into .venv-tests/ by scripts/lib/test-venv).
enum HookSigning {
    /// `sha256=<hex>` as GitHub sends it.
    static func github(secret: String, body: Data) async throws -> String {
        try await python(try Executable.find("python3").path, """
            import hashlib, hmac, sys
            print("sha256=" + hmac.new(sys.argv[1].encode(), sys.stdin.buffer.read(), hashlib.sha256).hexdigest())
            """, arguments: [secret], input: body)
    }

    /// The `webhook-signature` value the reference library makes for this message.
    static func standardWebhooks(secret: String, id: String, timestamp: Int64, body: Data) async throws -> String {
        try await python(try await venvPython.value, """
            import datetime, sys
            from standardwebhooks.webhooks import Webhook
            at = datetime.datetime.fromtimestamp(int(sys.argv[3]), tz=datetime.timezone.utc)
            print(Webhook(sys.argv[1]).sign(sys.argv[2], at, sys.stdin.buffer.read().decode()))
            """, arguments: [secret, id, String(timestamp)], input: body)
    }

    /// The virtualenv's interpreter, asked once per test process.
    private static let venvPython = Task<String, any Error> {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scripts/lib/test-venv").standardized
        return try await HookSigning.python("/bin/bash", nil, arguments: [script.path], input: Data())
    }

    /// Runs `program` (with `-c source` when given) and returns its trimmed standard output. On a
    /// thread of its own: starting a process and waiting for it must not hold a cooperative thread.
    private static func python(_ program: String, _ source: String?, arguments: [String], input: Data) async throws -> String {
        try await onOwnThread { try HookSigning.runPython(program, source, arguments: arguments, input: input) }
    }

    private static func runPython(_ program: String, _ source: String?, arguments: [String], input: Data) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = (source.map { ["-c", $0] } ?? []) + arguments
        let output = Pipe(), stdin = Pipe()
        process.standardOutput = output
        process.standardInput = stdin
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestSupportError("\(program) \(arguments) exited \(process.terminationStatus)") }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
