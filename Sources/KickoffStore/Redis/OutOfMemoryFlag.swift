/// Redis 7's script flags line that lets a script run when Redis is at `maxmemory` under `noeviction`.
/// Without it a script's first write that may grow memory fails with `-OOM`; with it the script's
/// writes go through (a little over the limit). Kept for the few small writes a full Redis must still
/// take: cancel, a dashboard login's session.
enum OutOfMemoryFlag {
    static let shebang = "#!lua flags=allow-oom\n"
}
