// kickoff_remove_tree: a directory tree removed with as few system calls as Linux allows. In C because
// the names are read with getdents64, reachable only through the variadic syscall(): Swift's way
// (fdopendir) adds a dup, an fstat and an fcntl per directory, on a path every run of a worker takes.
#define _GNU_SOURCE
#include "CSystemShims.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

struct kickoff_dirent64 {
    unsigned long long d_ino;
    long long d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

static int is_dot(const char *name) {
    return name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'));
}

// One pass over the directory open at `fd`, from its start, removing every entry.
static void remove_contents(int fd, int depth);

// Empties the directory open at `fd` and removes it with `removal` (rmdir or unlinkat). Entries are
// unlinked while the directory is read; should that leave any behind (file systems make no promise
// for entries removed during a read), the directory is read again from its start, at most twice.
static int empty_and_remove(int fd, int depth, int (*removal)(const void *), const void *context) {
    for (int pass = 0; pass < 3; pass++) {
        if (pass > 0 && lseek(fd, 0, SEEK_SET) != 0) break;
        remove_contents(fd, depth);
        if (removal(context) == 0) return 0;
        if (errno != ENOTEMPTY && errno != EEXIST) return errno;
    }
    return ENOTEMPTY;
}

struct child_in_parent {
    int parent;
    const char *name;
};

static int remove_child(const void *context) {
    const struct child_in_parent *child = context;
    return unlinkat(child->parent, child->name, AT_REMOVEDIR);
}

static int remove_path(const void *context) {
    return rmdir((const char *)context);
}

static void remove_contents(int fd, int depth) {
    char buffer[4096] __attribute__((aligned(8)));
    for (;;) {
        long count = syscall(SYS_getdents64, fd, buffer, sizeof buffer);
        if (count <= 0) return;
        for (long offset = 0; offset < count;) {
            struct kickoff_dirent64 *entry = (struct kickoff_dirent64 *)(buffer + offset);
            offset += entry->d_reclen;
            if (is_dot(entry->d_name)) continue;
            if (entry->d_type != DT_DIR && unlinkat(fd, entry->d_name, 0) == 0) continue;
            if (entry->d_type != DT_DIR && errno != EISDIR) continue;
            if (depth >= 32) continue;  // deeper trees are left (a 4 KiB buffer per level on the stack)
            int child = openat(fd, entry->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (child < 0) continue;
            struct child_in_parent context = {fd, entry->d_name};
            (void)empty_and_remove(child, depth + 1, remove_child, &context);
            close(child);
        }
    }
}

int kickoff_remove_tree(const char *path) {
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        int error = errno;
        if (error == ENOENT) return 0;
        // A file or a symbolic link in the directory's place: unlinked, never followed.
        if (error == ENOTDIR || error == ELOOP) return unlink(path) == 0 ? 0 : errno;
        return error;
    }
    int result = empty_and_remove(fd, 0, remove_path, path);
    close(fd);
    return result;
}
