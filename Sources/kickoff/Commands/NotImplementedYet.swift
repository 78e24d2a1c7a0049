import ArgumentParser
import Foundation

/// What the commands that are not built yet do: say so on stderr and exit 2.
func notImplementedYet(_ command: String) -> ExitCode {
    FileHandle.standardError.write(Data("kickoff \(command): not implemented yet\n".utf8))
    return ExitCode(2)
}
