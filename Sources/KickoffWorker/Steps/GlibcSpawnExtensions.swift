import Glibc

/// glibc's `posix_spawn_file_actions_addchdir_np` (glibc 2.29) and `…_addclosefrom_np` (2.34) are
/// declared only under `_GNU_SOURCE`, which Swift's Glibc module is not compiled with, so Swift cannot
/// see them. They are looked up by name at run time instead. (A tiny C target compiled with
/// `_GNU_SOURCE` would make this file unnecessary; that needs a change to Package.swift.)
enum GlibcSpawnExtensions {
    typealias AddChdir = @convention(c) (
        UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?
    ) -> Int32
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32

    /// Required: without it the child cannot be given its working directory.
    static var addChdir: AddChdir? { lookup("posix_spawn_file_actions_addchdir_np", as: AddChdir.self) }
    /// Optional hardening: closes every descriptor above stderr in the child, even ones the worker
    /// opened without `O_CLOEXEC`.
    static var addCloseFrom: AddCloseFrom? { lookup("posix_spawn_file_actions_addclosefrom_np", as: AddCloseFrom.self) }

    private static func lookup<Function>(_ name: String, as type: Function.Type) -> Function? {
        // dlopen(nil) is the program itself; dlsym on it searches libc too. Cheap next to a spawn.
        guard let program = dlopen(nil, RTLD_LAZY) else { return nil }
        defer { dlclose(program) }
        guard let symbol = dlsym(program, name) else { return nil }
        return unsafeBitCast(symbol, to: type)
    }
}
