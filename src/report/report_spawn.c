/*
 * report_spawn.c — gnuplot and pandoc run in the directory they work in.
 *
 * No user-derived path reaches a child's command line: the child is started
 * in its directory (the report's, or its charts/), so its arguments are our
 * own fixed names.  A report directory named `-o…` cannot become an option,
 * and one holding a newline or a quote cannot break or inject into the
 * gnuplot command that used to `cd` there.  The chdir happens in the child
 * (posix_spawn's file actions), so the library never changes the process's
 * directory, which the server's worker threads share.
 */
#define _GNU_SOURCE /* posix_spawn_file_actions_addchdir_np (glibc 2.29) */
#include "report_int.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

extern char **environ;

int ms_report_spawn(const char *dir, const char *log, bool append, char *const argv[], int *status)
{
    posix_spawn_file_actions_t fa;
    int rc = posix_spawn_file_actions_init(&fa);
    if (rc != 0)
        return rc;
    pid_t pid;
    /* the log is opened before the chdir: its path is the caller's */
    if ((rc = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0)) == 0 &&
        (rc = posix_spawn_file_actions_addopen(&fa, 1, log,
                                               O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC),
                                               0644)) == 0 &&
        (rc = posix_spawn_file_actions_adddup2(&fa, 1, 2)) == 0 &&
        (rc = posix_spawn_file_actions_addchdir_np(&fa, dir)) == 0 &&
        (rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ)) == 0)
        while (waitpid(pid, status, 0) < 0)
            if (errno != EINTR) {
                rc = errno;
                break;
            }
    posix_spawn_file_actions_destroy(&fa);
    return rc;
}
