extension StepProcessSpec {
    /// Rejects what `posix_spawn` cannot express faithfully: C strings end at a NUL byte, and an
    /// environment name with `=` would read as a different variable in the child.
    func validate() throws(StepProcessError) {
        guard let program = argv.first, !program.isEmpty else {
            throw .invalidSpec(program: self.program, reason: "argv is empty or argv[0] is an empty string")
        }
        if let index = argv.firstIndex(where: { $0.utf8.contains(0) }) {
            throw .invalidSpec(program: program, reason: "argv[\(index)] contains a NUL byte")
        }
        for (name, value) in environment {
            if name.isEmpty || name.utf8.contains(UInt8(ascii: "=")) || name.utf8.contains(0) {
                throw .invalidSpec(program: program, reason: "invalid environment variable name \(quoted(name))")
            }
            if value.utf8.contains(0) {
                throw .invalidSpec(program: program, reason: "environment variable \(quoted(name)) contains a NUL byte")
            }
        }
        if workingDirectory.isEmpty || workingDirectory.utf8.contains(0) {
            throw .workingDirectoryUnavailable(path: workingDirectory, reason: "empty or contains a NUL byte")
        }
        if logPath.isEmpty || logPath.utf8.contains(0) {
            throw .logUnavailable(path: logPath, reason: "empty or contains a NUL byte")
        }
    }
}
