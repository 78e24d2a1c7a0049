/* The spawn ceiling scripts/bench compares a drain with: COUNT times posix_spawn of /bin/true and
 * waitpid for it, nothing else. scripts/bench compiles it with cc and runs one loop per core. */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

extern char **environ;

int main(int argc, char **argv) {
    long count = argc > 1 ? atol(argv[1]) : 1000;
    char *arguments[] = {"/bin/true", NULL};
    for (long i = 0; i < count; i++) {
        pid_t pid;
        int status;
        if (posix_spawn(&pid, "/bin/true", NULL, NULL, arguments, environ) != 0) { perror("posix_spawn"); return 1; }
        if (waitpid(pid, &status, 0) < 0) { perror("waitpid"); return 1; }
    }
    return 0;
}
