// Compiled with _GNU_SOURCE (see Package.swift), so glibc declares its extensions.
#include "CSystemShims.h"

#include <errno.h>
#include <sys/prctl.h>

int kickoff_posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *actions, const char *path) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 29))
    return posix_spawn_file_actions_addchdir_np(actions, path);
#else
    (void)actions;
    (void)path;
    return ENOSYS;
#endif
}

int kickoff_posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    return posix_spawn_file_actions_addclosefrom_np(actions, from);
#else
    (void)actions;
    (void)from;
    return ENOSYS;
#endif
}

int kickoff_set_child_subreaper(int on) {
    return prctl(PR_SET_CHILD_SUBREAPER, (unsigned long)(on != 0), 0UL, 0UL, 0UL) == 0 ? 0 : errno;
}

int kickoff_set_parent_death_signal(int sig) {
    return prctl(PR_SET_PDEATHSIG, (unsigned long)sig, 0UL, 0UL, 0UL) == 0 ? 0 : errno;
}

int kickoff_set_dumpable(int on) {
    return prctl(PR_SET_DUMPABLE, (unsigned long)(on != 0), 0UL, 0UL, 0UL) == 0 ? 0 : errno;
}
