import CSystemShims

/// Removes a directory and everything in it with few system calls: each directory opened once, its
/// names read in bulk with `getdents64`, one `unlinkat` per entry, and `rmdir` (`kickoff_remove_tree`;
/// `FileManager.removeItem` stats every entry and directory again, and a worker removes two small
/// trees per run). Symbolic links are removed, never followed; a path that is absent is no error.
enum TreeRemoval {
    static func remove(_ path: String) {
        _ = kickoff_remove_tree(path)
    }
}
