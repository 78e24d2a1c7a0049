import KickoffTestSupport
import Foundation
@testable import KickoffWorker
import Testing


@Suite struct StepArgvTests {
    /// Every argument arrives verbatim as one argument, and nothing in them is ever executed.
    @Test func hostileArgumentsArriveVerbatimAndRunNothing() async throws {
        try await withTemporaryDirectory { dir in
            let victim = dir + "/victim"
            try FileManager.default.createDirectory(atPath: victim, withIntermediateDirectories: false)
            let pwned = "/tmp/pwned-\(UUID().uuidString)"
            let hostile = [
                "; rm -rf /",
                "; rm -rf \(victim)",
                "$(touch \(pwned)-dollar)",
                "`touch \(pwned)-backtick`",
                "x\n; touch \(pwned)-newline\n",
                "&& touch \(pwned)-and | cat > \(pwned)-pipe",
                "'\"\\ * ? ~ $HOME %s %n {{parameter}}",
                "",
                "naïve ☃ 👩‍💻",
                String(repeating: "A", count: 100 * 1024),
            ]
            // printf reuses its format for every argument: each is printed as-is, then a NUL.
            let (result, _) = try await runStep(["/usr/bin/printf", "%s\\0"] + hostile, in: dir)
            #expect(result.outcome == .exited(0))

            var received = try readFile(dir + "/step.log").split(separator: 0, omittingEmptySubsequences: false)
            #expect(received.last?.isEmpty == true)  // after the final NUL
            received.removeLast()
            #expect(received.map { String(decoding: $0, as: UTF8.self) } == hostile)

            for suffix in ["-dollar", "-backtick", "-newline", "-and", "-pipe"] {
                #expect(!FileManager.default.fileExists(atPath: pwned + suffix))
            }
            #expect(FileManager.default.fileExists(atPath: victim))
        }
    }
}
