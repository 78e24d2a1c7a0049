import Foundation
import Yams

/// Reads and checks a pipeline file (`pipelines.yaml`), reporting every problem with its line.
public enum PipelineFileLoader {
    /// Reads the file at `path` and loads it (see `load(yaml:path:)`).
    public static func load(path: String) throws(PipelineFileError) -> PipelineFile {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path: path, reason: Self.reason(error))
        }
        guard let yaml = String(data: data, encoding: .utf8) else {
            throw .unreadable(path: path, reason: "the file is not valid UTF-8")
        }
        return try load(yaml: yaml, path: path)
    }

    /// Loads a pipeline file's text. `path` names the file in diagnostics, and relative working
    /// directories are resolved against its directory (itself resolved against the current directory).
    public static func load(yaml: String, path: String) throws(PipelineFileError) -> PipelineFile {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml, YAMLCoreSchema.resolver)
        } catch let error as YamlError {
            throw Self.fileError(error, path: path)
        } catch {
            throw .syntax(file: path, line: nil, message: "\(error)")
        }
        guard let root else {
            throw .invalid([PipelineDiagnostic(file: path, line: 1, message: "the file is empty; it needs a top-level 'pipelines' mapping")])
        }

        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL.path
        var parser = PipelineFileParser(file: path, directory: directory)
        let pipelines = parser.parseFile(root)
        guard parser.diagnostics.isEmpty else {
            // Stable sort: problems on one line keep the order they were found in.
            let sorted = parser.diagnostics.enumerated().sorted { a, b in
                (a.element.line, a.element.column ?? 0, a.offset) < (b.element.line, b.element.column ?? 0, b.offset)
            }
            throw .invalid(sorted.map(\.element))
        }
        var file = PipelineFile(path: path, pipelines: pipelines, sources: parser.sources)
        file.digest = Digests.sha256Hex(yaml.utf8)
        return file
    }

    /// What `kickoff pipelines validate FILE` prints: one `FILE:LINE: message` line per problem,
    /// none when the file is valid.
    public static func validate(path: String) -> [String] {
        do {
            _ = try load(path: path)
            return []
        } catch {
            return error.lines
        }
    }

    /// Yams' errors as ours, with the line when Yams knows it.
    private static func fileError(_ error: YamlError, path: String) -> PipelineFileError {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let message = [context?.text, problem].compactMap { $0 }.joined(separator: ": ")
            return .syntax(file: path, line: mark.line, message: message)
        case .reader(let problem, _, _, _):
            return .syntax(file: path, line: nil, message: problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams stops at the first mapping with a repeated key and marks the key's first
            // occurrence, so this is the one problem of such a file that comes alone.
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            let message = "duplicate key \(keys) in one mapping (first written here); each key may appear only once"
            return .invalid([PipelineDiagnostic(file: path, line: context.mark.line, column: context.mark.column, message: message)])
        default:
            return .syntax(file: path, line: nil, message: "\(error)")
        }
    }

    private static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError {
            return underlying.localizedDescription
        }
        return nsError.localizedDescription
    }
}
