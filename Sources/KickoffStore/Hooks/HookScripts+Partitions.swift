import KickoffModel
import RedisClient

/// The inbound hooks' scripts with partitions (N > 1), where a delivery's id is on the namespace's
/// slot and each of its runs on its partition's: one script cannot touch both on a cluster, so a
/// delivery is accepted in two steps (`HookStore+Partitions`), as a schedule's tick is fired.
extension HookScripts {
    static let acceptPending = LuaPrelude.script("hook_accept_pending", deliveryLua + #"""
    -- hook_accept_pending: hook_accept with partitions: when the delivery id was seen within the
    -- window, it only records the duplicate and returns the runs made then (as hook_accept);
    -- otherwise it remembers the id with its runs and keeps each run in the pending hash, to be
    -- enqueued in its partition next (hook_enqueue: by the front before it answers; by the
    -- maintainer, or a redelivery, when the front died in between). Two copies of a delivery at
    -- once are two calls of this script, one after the other: one set of runs.
    -- KEYS[1] delivery id key   KEYS[2] deliveries stream   KEYS[3] counts hash   KEYS[4] pending hash
    -- ARGV[1] window in ms   ARGV[2] delivery id   ARGV[3] event ('' for none)
    -- ARGV[4] outcome when new: created | filtered   ARGV[5] deliveries kept
    -- ARGV[6..] per run: run id, the run as the pending hash keeps it (PendingRun)
    -- Returns {ARGV[4], run ids JSON, now (ms)}, or {'duplicate', run ids JSON, first outcome}.
    local duplicate = hook_duplicate(KEYS[1], KEYS[2], KEYS[3], ARGV[2], ARGV[3], ARGV[5])
    if duplicate then return duplicate end
    local ids = {}
    for at = 6, #ARGV, 2 do
      redis.call('HSET', KEYS[4], ARGV[at], ARGV[at + 1])
      table.insert(ids, '"' .. ARGV[at] .. '"')
    end
    local runs = '[' .. table.concat(ids, ',') .. ']'
    hook_remember(KEYS[1], KEYS[2], KEYS[3], ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], runs)
    return {ARGV[4], runs, tostring(now_ms())}
    """#)

    static let enqueue = LuaPrelude.script("hook_enqueue", #"""
    -- hook_enqueue: one run hook_accept_pending kept, stored and queued in its partition as
    -- hook_accept stores a delivery's runs with one partition (store_run: in line, or waiting for a
    -- concurrency slot). Refused when the run exists: it was enqueued before (by the front, a
    -- redelivery or the maintainer finishing the same entry), so an entry is never enqueued twice.
    -- KEYS[1] run hash   KEYS[2] (unused: the queue list)   KEYS[3] delayed zset   KEYS[4] runs index
    -- KEYS[5] pipeline index   KEYS[6] (unused: the signal list)
    -- ARGV[1] the partition's key prefix   ARGV[2] run id   ARGV[3..] field, value pairs of the run record
    -- Returns {status, created_at}, or an EXISTS error.
    local status, created = store_run(KEYS, ARGV[1], ARGV[2], 0, {unpack(ARGV, 3)})
    if not status then return redis.error_reply('EXISTS run ' .. ARGV[2] .. ' already exists') end
    return {status, created}
    """#)
}

extension QueueOperations {
    /// The enqueue of a hook delivery's run kept pending (`HookScripts.enqueue`), in its partition.
    func hookEnqueue(_ run: PendingRun) -> ScriptCall {
        let keys = self.keys.forRun(run.id)
        return ScriptCall(script: HookScripts.enqueue,
                          keys: [keys.run(run.id), keys.queue(.normal), keys.delayed, keys.runsIndex, keys.pipelineIndex(run.pipeline), keys.signal],
                          arguments: [keys.prefix, run.id] + run.fields)
    }
}
