/*
 * datadir.c — where the bundled example programme is, for `mentorstat
 * report` without a programme file.  The places are compiled in by CMake
 * (cmake/version.cmake): the data directory relative to the executable's
 * (so an installation under any --prefix, or a package unpacked anywhere,
 * finds its own copy), the configured CMAKE_INSTALL_FULL_DATADIR, and for
 * the binary of a build tree the source tree — so that a developer's
 * edits to surveys/example are what `./build/mentorstat report` reads.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "mentorstat/report.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXAMPLE_IN_DATADIR "example/programme.ini"

static bool put(char *buf, size_t size, const char *fmt, ...) MS_PRINTF(3, 4);

static bool put(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n >= 0 && (size_t)n < size;
}

static bool readable(const char *path) { return access(path, R_OK) == 0; }

/* The directory of the running executable, symbolic links resolved. */
static bool exe_dir(char dir[PATH_MAX])
{
    if (!realpath("/proc/self/exe", dir))
        return false;
    char *slash = strrchr(dir, '/');
    if (!slash)
        return false;
    *slash = '\0';
    return true;
}

static bool in_build_tree(const char *dir)
{
    char build[PATH_MAX];
    return realpath(MS_BUILD_DIR, build) && strcmp(build, dir) == 0;
}

ms_status ms_example_programme(char *buf, size_t size, ms_error *err)
{
    const char *env = getenv("MENTORSTAT_DATADIR");
    if (env && *env) {
        if (put(buf, size, "%s/" EXAMPLE_IN_DATADIR, env) && readable(buf))
            return MS_OK;
        return ms_error_set(err, MS_ERR_IO, NULL, 0, 0,
                            "the bundled example is not in MENTORSTAT_DATADIR (%s/%s)", env,
                            EXAMPLE_IN_DATADIR);
    }
    char dir[PATH_MAX];
    bool have_dir = exe_dir(dir);
    if (have_dir && in_build_tree(dir) &&
        put(buf, size, "%s/%s", MS_SOURCE_DIR, MS_DEFAULT_PROGRAMME) && readable(buf))
        return MS_OK;
    if (have_dir && put(buf, size, "%s/%s/" EXAMPLE_IN_DATADIR, dir, MS_BIN_TO_DATA) &&
        readable(buf))
        return MS_OK;
    if (put(buf, size, "%s/" EXAMPLE_IN_DATADIR, MS_DATADIR) && readable(buf))
        return MS_OK;
    return ms_error_set(err, MS_ERR_IO, NULL, 0, 0,
                        "the bundled example is not installed (looked for %s/%s/%s beside "
                        "the program and %s/%s); name a programme file or set "
                        "MENTORSTAT_DATADIR",
                        have_dir ? dir : "?", MS_BIN_TO_DATA, EXAMPLE_IN_DATADIR, MS_DATADIR,
                        EXAMPLE_IN_DATADIR);
}
