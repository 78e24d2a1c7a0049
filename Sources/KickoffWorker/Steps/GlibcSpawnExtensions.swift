import CSystemShims
import Glibc

/// glibc's `posix_spawn_file_actions_addchdir_np` (glibc 2.29) and `…_addclosefrom_np` (2.34), which
/// Swift cannot see (they are declared only under `_GNU_SOURCE`), through the `CSystemShims` C target.
/// Each returns 0 or an error number; ENOSYS when the C library lacks the function.
enum GlibcSpawnExtensions {
    /// Required: without it the child cannot be given its working directory.
    static func addChdir(_ actions: inout posix_spawn_file_actions_t, _ path: String) -> Int32 {
        kickoff_posix_spawn_file_actions_addchdir_np(&actions, path)
    }

    /// Optional hardening: closes every descriptor from `lowest` up in the child, even ones the worker
    /// opened without `O_CLOEXEC`.
    static func addCloseFrom(_ actions: inout posix_spawn_file_actions_t, _ lowest: Int32) -> Int32 {
        kickoff_posix_spawn_file_actions_addclosefrom_np(&actions, lowest)
    }
}
