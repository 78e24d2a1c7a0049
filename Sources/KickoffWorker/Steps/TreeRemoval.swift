import Glibc

/// Removes a directory and everything in it with few system calls: the directory opened once, its
/// names read in bulk, one `unlinkat` per file, and `rmdir`. (`FileManager.removeItem` stats every
/// entry and the directory again; a worker removes two small trees per run.) Symbolic links are
/// removed, never followed; a path that is absent is no error.
enum TreeRemoval {
    static func remove(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            // Not a directory (a file, a symbolic link): unlinked. Absent: nothing to do.
            if errno == ENOTDIR || errno == ELOOP { unlink(path) }
            return
        }
        removeContents(of: descriptor)
        close(descriptor)
        rmdir(path)
    }

    /// Empties the directory open at `descriptor` (which stays open).
    private static func removeContents(of descriptor: Int32) {
        for name in names(in: descriptor) where unlinkat(descriptor, name, 0) != 0 && errno == EISDIR {
            let child = openat(descriptor, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard child >= 0 else { continue }
            removeContents(of: child)
            close(child)
            unlinkat(descriptor, name, AT_REMOVEDIR)
        }
    }

    /// Every name in the directory but `.` and `..`, read before anything is removed.
    private static func names(in descriptor: Int32) -> [String] {
        // fdopendir takes over the descriptor it is given (closedir closes it): a duplicate.
        let duplicate = fcntl(descriptor, F_DUPFD_CLOEXEC, 0)
        guard duplicate >= 0 else { return [] }
        guard let directory = fdopendir(duplicate) else {
            close(duplicate)
            return []
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
