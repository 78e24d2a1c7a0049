import Foundation
import KickoffTestSupport

/// The `kickoff` executable built alongside the tests (`swift build --build-tests` builds it).
enum KickoffBinary {
    static func path(filePath: String = #filePath) throws -> String {
        // Next to the test bundle (.build/<triple>/debug/), else the package's .build/debug/.
        let bundleDirectory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let packageRoot = URL(fileURLWithPath: filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [
            bundleDirectory.appendingPathComponent("kickoff").path,
            packageRoot.appendingPathComponent(".build/debug/kickoff").path,
        ]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw TestSupportError("no kickoff executable at \(candidates); build it with `swift build --build-tests`")
        }
        return found
    }
}
