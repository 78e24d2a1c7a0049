import Foundation
import Glibc

/// The root of the artifact store (`--artifact-store`, default `<data dir>/artifacts`): one
/// `RunArtifacts` directory per run. The workers of a machine share it; a shared volume makes a
/// run's artifacts reach the workers of other machines too.
public struct ArtifactStore: Sendable, Hashable {
    public let root: String

    public init(root: String) {
        self.root = absolutePath(root, base: FileManager.default.currentDirectoryPath)
    }

    public func run(_ id: String) throws(RunDirectoryError) -> RunArtifacts {
        try RunArtifacts(store: root, runID: id)
    }

    /// The ids of the runs that have a place in the store.
    public func runIDs() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter(SafeName.isValid)
    }

    /// The bytes the store's files take (their sizes; a hard link counted once per name).
    public func bytes() -> Int64 {
        var total: Int64 = 0
        guard let walker = FileManager.default.enumerator(atPath: root) else { return 0 }
        while let relative = walker.nextObject() as? String {
            var info = stat()
            if lstat(root + "/" + relative, &info) == 0, info.st_mode & S_IFMT == S_IFREG { total += Int64(info.st_size) }
        }
        return total
    }

    /// `mkdir -p`, new components owner-only.
    static func makeDirectories(_ path: String) throws(RunDirectoryError) {
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { return }
        var prefix = ""
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o700) != 0, errno != EEXIST {
                throw .createFailed(path: prefix, reason: errnoText(errno))
            }
        }
    }

    /// Recreates the tree under `source` at `target`: directories made, regular files hard-linked (or
    /// copied when linking fails, e.g. across file systems), symbolic links recreated as they are.
    static func linkTree(from source: String, to target: String) throws(RunDirectoryError) {
        guard let walker = FileManager.default.enumerator(atPath: source) else { return }
        while let relative = walker.nextObject() as? String {
            let from = source + "/" + relative, to = target + "/" + relative
            var info = stat()
            guard lstat(from, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                if mkdir(to, 0o700) != 0, errno != EEXIST { throw .createFailed(path: to, reason: errnoText(errno)) }
            case S_IFREG:
                if link(from, to) == 0 || errno == EEXIST { continue }
                do {
                    try FileManager.default.copyItem(atPath: from, toPath: to)
                } catch {
                    throw .createFailed(path: to, reason: "\(error)")
                }
            case S_IFLNK:
                if let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: from) {
                    try? FileManager.default.createSymbolicLink(atPath: to, withDestinationPath: destination)
                }
            default:
                continue
            }
        }
    }
}
