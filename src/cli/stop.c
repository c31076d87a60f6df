/*
 * stop.c — a program stopped by SIGINT, SIGTERM or SIGHUP leaves no
 * temporaries and no half-replaced output.
 *
 * The library writes every output under a mkstemp/mkdtemp name beside its
 * target (OUTDIR.tmp-XXXXXX, OUTDIR.old-XXXXXX while the old report is moved
 * aside, FILE.msum.tmp-XXXXXX, match's DIR.tmp-XXXXXX and DIR.old-XXXXXX,
 * init's NAME.tmpXXXXXX) and renames it into place when complete; it
 * installs no handler and keeps no state (rule 1).  The program does:
 * before a command writes, it notes which such names exist already
 * (another run's: left alone), and the handler removes those made since,
 * puts a moved-aside old report (or match output) back, and dies of the
 * same signal (128+n in a shell).
 *
 * A --quarantine file, written as rows are read, is removed too while it is
 * not yet whole.
 *
 * The handler uses only async-signal-safe calls (open, getdents64, unlinkat,
 * renameat, fstatat, lstat, unlink, nanosleep): the library may be stopped inside malloc or
 * stdio.  It runs with the three signals blocked and never returns, so the
 * library never goes on with its temporaries gone.  A gnuplot or pandoc that
 * a SIGTERM to us leaves running may still add a file to a temporary
 * directory, so the removal is retried for up to 5 s until nothing is left.
 * Temporaries are made on the main thread after the loader's parse thread
 * has ended, so no other thread of ours writes while the handler runs.
 */
#define _GNU_SOURCE /* getdents64 */
#include "stop.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { MAX_WATCHES = 8, MAX_DEPTH = 16, RETRIES = 50 /* × 0.1 s */ };

typedef struct {
    char dir[4096];
    char base[256];      /* "" with any_base */
    char marker[16];
    bool any_base, restore;
    char known[2048];    /* names there before, each ended by '\0' */
    size_t known_len;
} watch;

static watch watches[MAX_WATCHES];
static volatile sig_atomic_t n_watches;
static struct {
    char path[4096];
    dev_t dev;
    ino_t ino;
} partial;
static volatile sig_atomic_t has_partial;
static const int stop_signals[] = {SIGINT, SIGTERM, SIGHUP};

/* BASE MARKER and six letters or digits (what mkstemp puts for XXXXXX). */
static bool matches(const watch *w, const char *name)
{
    size_t n = strlen(name), m = strlen(w->marker);
    if (n < m + 6)
        return false;
    size_t stem = n - m - 6;
    for (size_t i = n - 6; i < n; i++)
        if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' && name[i] <= 'Z') ||
              (name[i] >= '0' && name[i] <= '9')))
            return false;
    if (memcmp(name + stem, w->marker, m) != 0)
        return false;
    return w->any_base ? stem > 0 : stem == strlen(w->base) && memcmp(name, w->base, stem) == 0;
}

static bool known(const watch *w, const char *name)
{
    for (size_t i = 0; i < w->known_len; i += strlen(w->known + i) + 1)
        if (strcmp(w->known + i, name) == 0)
            return true;
    return false;
}

static bool dots(const char *s) { return s[0] == '.' && (!s[1] || (s[1] == '.' && !s[2])); }

/* rm -r NAME in dfd without following links (the handler's, so by hand). */
static void remove_at(int dfd, const char *name, int depth)
{
    if (unlinkat(dfd, name, 0) == 0 || (errno != EISDIR && errno != EPERM) || depth > MAX_DEPTH)
        return;
    int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0) {
        _Alignas(struct dirent64) char buf[1024];
        ssize_t n;
        while ((n = getdents64(fd, buf, sizeof buf)) > 0)
            for (ssize_t off = 0; off < n;) {
                const struct dirent64 *e = (const struct dirent64 *)(buf + off);
                off += e->d_reclen;
                if (!dots(e->d_name))
                    remove_at(fd, e->d_name, depth + 1);
            }
        close(fd);
    }
    unlinkat(dfd, name, AT_REMOVEDIR);
}

/* One pass over a watched directory: true when something is still there. */
static bool clean(const watch *w)
{
    int fd = open(w->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return false;
    bool left = false;
    _Alignas(struct dirent64) char buf[4096];
    ssize_t n;
    struct stat sb;
    while ((n = getdents64(fd, buf, sizeof buf)) > 0)
        for (ssize_t off = 0; off < n;) {
            const struct dirent64 *e = (const struct dirent64 *)(buf + off);
            off += e->d_reclen;
            if (!matches(w, e->d_name) || known(w, e->d_name))
                continue;
            if (w->restore && fstatat(fd, w->base, &sb, AT_SYMLINK_NOFOLLOW) != 0 &&
                errno == ENOENT && renameat(fd, e->d_name, fd, w->base) == 0)
                continue;
            remove_at(fd, e->d_name, 0);
            left |= fstatat(fd, e->d_name, &sb, AT_SYMLINK_NOFOLLOW) == 0;
        }
    close(fd);
    return left;
}

static void on_signal(int sig)
{
    struct stat sb;
    if (has_partial && lstat(partial.path, &sb) == 0 && S_ISREG(sb.st_mode) &&
        sb.st_dev == partial.dev && sb.st_ino == partial.ino)
        unlink(partial.path);
    for (int pass = 0; pass < RETRIES; pass++) {
        bool left = false;
        for (int i = 0; i < n_watches; i++)
            left |= clean(&watches[i]);
        if (!left)
            break;
        nanosleep(&(struct timespec){0, 100000000}, NULL);
    }
    struct sigaction dfl = {.sa_handler = SIG_DFL};
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, NULL);
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, sig);
    pthread_sigmask(SIG_UNBLOCK, &s, NULL);
    raise(sig);
    _exit(128 + sig); /* not reached: the signal's default action ends us */
}

static bool installed;

/* Handlers for the signals not ignored when we started (nohup's SIGHUP). */
static void install(void)
{
    installed = true;
    struct sigaction sa = {.sa_handler = on_signal}, old;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof stop_signals / sizeof *stop_signals; i++)
        sigaddset(&sa.sa_mask, stop_signals[i]);
    for (size_t i = 0; i < sizeof stop_signals / sizeof *stop_signals; i++)
        if (sigaction(stop_signals[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(stop_signals[i], &sa, NULL);
}

bool ms_stop_watch(const char *dir, const char *base, const char *marker, bool restore)
{
    /* A local copy of the count: the volatile signed one made gcc -O2 see a
       negative index into watches[] (-Warray-bounds). */
    int k = n_watches;
    if (k < 0 || k >= MAX_WATCHES || strlen(dir) >= sizeof watches[0].dir ||
        (base && strlen(base) >= sizeof watches[0].base) ||
        strlen(marker) >= sizeof watches[0].marker)
        return false;
    watch *w = &watches[k];
    memset(w, 0, sizeof *w);
    strcpy(w->dir, dir);
    strcpy(w->base, base ? base : "");
    strcpy(w->marker, marker);
    w->any_base = !base;
    w->restore = restore && base && *base;
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));) {
        size_t len = strlen(e->d_name) + 1;
        if (!matches(w, e->d_name))
            continue;
        if (w->known_len + len > sizeof w->known) { /* cannot tell new from old */
            closedir(d);
            return false;
        }
        memcpy(w->known + w->known_len, e->d_name, len);
        w->known_len += len;
    }
    if (d)
        closedir(d);
    if (!installed)
        install();
    n_watches = k + 1; /* last: the handler sees a watch only when it is whole */
    return true;
}

bool ms_stop_watch_beside(const char *path, const char *marker, bool restore)
{
    char dir[4096];
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    if (n >= sizeof dir)
        return false;
    memcpy(dir, path, n);
    dir[n] = '\0';
    char *slash = strrchr(dir, '/');
    if (!slash)
        return ms_stop_watch(".", dir, marker, restore);
    *slash = '\0';
    return ms_stop_watch(slash == dir ? "/" : dir, slash + 1, marker, restore);
}

void ms_stop_partial(const char *path, int fd)
{
    struct stat sb;
    has_partial = 0; /* first: the handler never sees a half-written path */
    if (!path || fd < 0 || strlen(path) >= sizeof partial.path || fstat(fd, &sb) != 0 ||
        !S_ISREG(sb.st_mode))
        return;
    strcpy(partial.path, path);
    partial.dev = sb.st_dev;
    partial.ino = sb.st_ino;
    if (!installed)
        install();
    has_partial = 1;
}
