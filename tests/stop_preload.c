/* stop_preload.c — LD_PRELOAD for tests/stop_check.py: stops the program at
 * an exact moment no timing can hit, such as between the two renames that
 * put a new report in place of the old one.
 * MS_STOP_AFTER="FUNC PATTERN SIGNAL": right after the first successful
 * FUNC (rename, mkdtemp or mkstemp) whose (new) path matches the fnmatch
 * PATTERN, the calling thread raises SIGNAL (a number). */
#define _GNU_SOURCE /* RTLD_NEXT */
#include <dlfcn.h>
#include <fnmatch.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void maybe_stop(const char *func, const char *path)
{
    static int done;
    const char *spec = getenv("MS_STOP_AFTER");
    char f[32], pattern[1024];
    int sig;
    if (done || !spec || sscanf(spec, "%31s %1023s %d", f, pattern, &sig) != 3)
        return;
    if (strcmp(f, func) == 0 && fnmatch(pattern, path, 0) == 0) {
        done = 1;
        raise(sig);
    }
}

/* The next definition of name (libc's); memcpy: ISO C has no cast from an
 * object pointer to a function pointer. */
#define NEXT(fn, name)                                                                             \
    do {                                                                                           \
        void *sym = dlsym(RTLD_NEXT, name);                                                        \
        memcpy(&fn, &sym, sizeof fn);                                                              \
    } while (0)

int rename(const char *from, const char *to)
{
    int (*next)(const char *, const char *);
    NEXT(next, "rename");
    int rc = next(from, to);
    if (rc == 0)
        maybe_stop("rename", to);
    return rc;
}

char *mkdtemp(char *tmpl)
{
    char *(*next)(char *);
    NEXT(next, "mkdtemp");
    char *p = next(tmpl);
    if (p)
        maybe_stop("mkdtemp", p);
    return p;
}

int mkstemp(char *tmpl)
{
    int (*next)(char *);
    NEXT(next, "mkstemp");
    int fd = next(tmpl);
    if (fd >= 0)
        maybe_stop("mkstemp", tmpl);
    return fd;
}

int mkstemp64(char *tmpl)
{
    int (*next)(char *);
    NEXT(next, "mkstemp64");
    int fd = next(tmpl);
    if (fd >= 0)
        maybe_stop("mkstemp", tmpl);
    return fd;
}
