/* ms_suite.h — what the Check suites share: running one suite as one CTest
 * test (exit status 0 exactly when every test passed) and reading a file
 * a test wrote. */
#ifndef MS_SUITE_H
#define MS_SUITE_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

static inline int ms_run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
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
