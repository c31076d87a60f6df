/* ms_suite.h — running one Check suite as one CTest test: the exit status
 * is 0 exactly when every test of the suite passed. */
#ifndef MS_SUITE_H
#define MS_SUITE_H

#include <check.h>
#include <stdlib.h>

static inline int ms_run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
