/* ms_suite.h — what the Check suites share: running one suite as one CTest
 * test (exit status 0 exactly when every test passed) and reading a file
 * a test wrote. */
#ifndef MS_SUITE_H
#define MS_SUITE_H

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "mentorstat/status.h"

/* The suite's own temporary directory: every file and directory a test
 * makes goes under it (ms_test_template), and ms_run_suite removes it after
 * the suite, whether its tests passed or failed (they run in child
 * processes; this runs in the parent), so a run leaves nothing in /tmp. */
static char ms_test_root[64];

/* "ROOT/NAME" into buf, for mkdtemp or mkstemp (NAME ends in XXXXXX). */
static inline char *ms_test_template(char *buf, size_t size, const char *name)
{
    if (!ms_test_root[0] || (size_t)snprintf(buf, size, "%s/%s", ms_test_root, name) >= size)
        ck_abort_msg("no room for a temporary name (%s)", name);
    return buf;
}

/* The same, allocated (free() it). */
static inline char *ms_test_template_dup(const char *name)
{
    size_t n = strlen(ms_test_root) + strlen(name) + 2;
    char *buf = malloc(n);
    ck_assert_ptr_nonnull(buf);
    return ms_test_template(buf, n, name);
}

/* Every suite runs as a program using the library does: after ms_library_init(). */
static inline int ms_run_suite(Suite *s)
{
    ms_library_init();
    snprintf(ms_test_root, sizeof ms_test_root, "/tmp/ms_suite_XXXXXX");
    if (!mkdtemp(ms_test_root)) {
        perror("ms_run_suite: mkdtemp");
        return EXIT_FAILURE;
    }
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", ms_test_root);
    if (system(cmd) != 0) {
        fprintf(stderr, "ms_run_suite: could not remove %s\n", ms_test_root);
        failed = 1;
    }
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* Comparing with R: relative 1e-6 (an expected 0 must come out within
 * 1e-12); p-values relative 1e-6 or absolute 1e-12.  Set MS_TEST_SHOW_DIFF=1
 * (with CK_FORK=no) to print every relative difference. */
#define MS_REL_TOL 1e-6
#define MS_P_ABS_TOL 1e-12

static inline void ms_show_diff(const char *where, const char *expr, double got, double want)
{
    if (getenv("MS_TEST_SHOW_DIFF"))
        fprintf(stderr, "reldiff %.3e  %s %s\n",
                want == 0 ? fabs(got) : fabs(got - want) / fabs(want), where, expr);
}

#define ck_assert_rel(got, want)                                               \
    do {                                                                       \
        double got_ = (got), want_ = (want);                                   \
        ms_show_diff(__func__, #got, got_, want_);                             \
        ck_assert_msg(fabs(got_ - want_) <= MS_REL_TOL * fabs(want_) ||        \
                          (want_ == 0 && fabs(got_) <= 1e-12),                 \
                      "%s = %.17g, R says %.17g", #got, got_, want_);          \
    } while (0)

#define ck_assert_p(got, want)                                                 \
    do {                                                                       \
        double got_ = (got), want_ = (want);                                   \
        ms_show_diff(__func__, #got, got_, want_);                             \
        ck_assert_msg(fabs(got_ - want_) <= MS_REL_TOL * fabs(want_) ||        \
                          fabs(got_ - want_) <= MS_P_ABS_TOL,                  \
                      "%s = %.17g, R says %.17g", #got, got_, want_);          \
    } while (0)

/* An allocator for ms_set_allocator() that fails allocation number
 * fail_at (counting from 0; -1: none) and counts them all; with exhausted,
 * every later one fails too (memory gone for good: libcsv, for one, retries
 * a failed buffer growth with a smaller size, rightly surviving one failure). */
typedef struct {
    long fail_at;
    long count;
    bool exhausted;
} ms_test_budget;

static inline void *ms_test_failing_realloc(void *ptr, size_t size, void *ud)
{
    ms_test_budget *b = ud;
    if (size == 0) {
        free(ptr);
        return NULL;
    }
    long at = b->count++;
    if (at == b->fail_at || (b->exhausted && b->fail_at >= 0 && at > b->fail_at))
        return NULL;
    return realloc(ptr, size);
}

/* The whole file, NUL-terminated (free() it), or NULL when it cannot be
 * opened; *len (if given) gets its size. */
static inline char *ms_test_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    if (len)
        *len = (size_t)n;
    return buf;
}

#endif
