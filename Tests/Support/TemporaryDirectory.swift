public import Foundation
import Glibc

/// Runs `body` with a fresh private directory (its real path, so it compares equal to what `pwd`
/// prints), removed afterwards.
public func withTemporaryDirectory<Result>(_ body: (String) async throws -> Result) async throws -> Result {
    var template = Array("/tmp/kickoff-steps-XXXXXX".utf8CString)
    guard let created = mkdtemp(&template), let real = realpath(created, nil) else {
        throw TestSupportError("mkdtemp: \(String(cString: strerror(errno)))")
    }
    let path = String(cString: real)
    free(real)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try await body(path)
}

/// Writes `contents` to `path`, with the given mode.
public func writeFile(_ path: String, _ contents: String, mode: Int = 0o644) throws {
    try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
}

public func readFile(_ path: String) throws -> Data {
    try Data(contentsOf: URL(fileURLWithPath: path))
}

/// The permission bits of a file or directory (not following a symlink).
public func permissions(_ path: String) throws -> mode_t {
    var info = stat()
    guard lstat(path, &info) == 0 else {
        throw TestSupportError("lstat \(path): \(String(cString: strerror(errno)))")
    }
    return info.st_mode & 0o7777
}
