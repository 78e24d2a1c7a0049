// Small, non-variadic C wrappers over Linux/glibc functions that Swift cannot call directly:
// the posix_spawn extensions are declared only under _GNU_SOURCE (which Swift's Glibc module is not
// compiled with) and prctl is variadic. Each returns 0 on success or an error number (never sets a
// result through errno), like the posix_spawn family.
#ifndef KICKOFF_CSYSTEMSHIMS_H
#define KICKOFF_CSYSTEMSHIMS_H

#include <spawn.h>

/// posix_spawn_file_actions_addchdir_np (glibc 2.29): the child changes to `path` before exec.
/// ENOSYS when the C library lacks it.
int kickoff_posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *actions, const char *path);

/// posix_spawn_file_actions_addclosefrom_np (glibc 2.34): the child closes every descriptor >= `from`.
/// ENOSYS when the C library lacks it.
int kickoff_posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from);

/// prctl(PR_SET_CHILD_SUBREAPER, on): orphaned descendants are reparented to this process rather
/// than to PID 1, so its wait loop reaps them.
int kickoff_set_child_subreaper(int on);

/// prctl(PR_SET_PDEATHSIG, sig): this process gets `sig` when the *thread* that created it exits
/// (0 clears it). Note the thread: a parent that spawns from short-lived threads must not rely on it.
int kickoff_set_parent_death_signal(int sig);

/// prctl(PR_SET_DUMPABLE, on): with 0, other processes of the same user (steps included) can no longer
/// read this process's /proc/PID/environ or memory, nor ptrace it; no core dumps. Reset by execve.
int kickoff_set_dumpable(int on);

/// Raises this process's soft RLIMIT_NOFILE to its hard limit (to 1048576, Linux's default nr_open,
/// when the hard limit is unlimited) and reports the limits then in force. 0 or an error number.
int kickoff_raise_open_file_limit(unsigned long long *soft, unsigned long long *hard);

/// pipe2(fds, O_CLOEXEC, plus O_NONBLOCK when `nonblocking`): both ends closed on exec. 0 or an error number.
int kickoff_pipe_cloexec(int fds[2], int nonblocking);

/// Removes the directory at `path` and everything in it (symbolic links removed, never followed); a
/// file or link at `path` is unlinked. 0 (also when `path` is absent) or the error of the last step.
int kickoff_remove_tree(const char *path);

#endif
