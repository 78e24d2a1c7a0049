import Glibc

/// Finds the file to execute for `argv[0]`, as the step protocol specifies: containing a `/` it is a
/// path (a relative one taken from the step's working directory); otherwise it is searched in the
/// child's `PATH`, never the worker's.
enum ExecutableLookup {
    /// - Parameter workingDirectory: absolute.
    static func resolve(
        _ program: String,
        workingDirectory: String,
        environment: [String: String]
    ) throws(StepProcessError) -> String {
        if program.contains("/") {
            // Whether it exists and may be executed is left to posix_spawn, whose errno says which.
            return absolutePath(program, base: workingDirectory)
        }
        let searchPath = environment["PATH"].flatMap { $0.isEmpty ? nil : $0 } ?? StepProcessSpec.defaultSearchPath
        // Empty PATH entries (POSIX: "the current directory") are skipped on purpose: a step names its
        // own files with a `/`.
        for directory in searchPath.split(separator: ":") {
            let candidate = absolutePath(String(directory), base: workingDirectory) + "/" + program
            if isExecutableFile(candidate) {
                return candidate
            }
        }
        throw .executableNotFound(program: program, searchedPath: searchPath)
    }

    private static func isExecutableFile(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return false }
        return access(path, X_OK) == 0
    }
}

/// `path` if absolute, else `base/path`.
/// `base` is only evaluated for a relative `path` (it is often the working directory: a `getcwd`).
func absolutePath(_ path: String, base: @autoclosure () -> String) -> String {
    if path.hasPrefix("/") { return path }
    let base = base()
    return (base.hasSuffix("/") ? base : base + "/") + path
}
