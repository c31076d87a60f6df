/* test_locale.c — numbers are read and written the same whatever locale the
 * program using the library set (issue 21): under ru_RU.UTF-8, whose decimal
 * point is a comma, the JSON of an analysis (CSV data and .msum summaries)
 * and every table, chart datum and the page of the example report are byte
 * for byte those of the C locale.  Before cnum.h, strtod read "7.5" as 7 and
 * 55 of 70 rows of e2e.csv went to quarantine, and "sd":1,779… came out.
 *
 * ru_RU.UTF-8 is made by the locale_ru_generate fixture (localedef into the
 * build tree, found through LOCPATH); without it these tests fail, saying so. */
#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mentorstat/report.h"
#include "ms_r_reference.h"
#include "ms_suite.h"

#define RU "ru_RU.UTF-8"

/* Switch the whole process to ru_RU.UTF-8, as a server calling
 * setlocale(LC_ALL, "") in that locale does, and prove it took. */
static void enter_ru(void)
{
    const char *path = getenv("LOCPATH");
    ck_assert_msg(setlocale(LC_ALL, RU) != NULL,
                  RU " is not available (LOCPATH=%s): the CTest fixture locale_ru_generate makes "
                     "it with localedef (Debian package locales, in tools/install-deps)",
                  path ? path : "unset");
    ck_assert_str_eq(localeconv()->decimal_point, ",");
}

static char *json_of(const char *codebook, const char *const *files, size_t n_files,
                     const char *by, double *accepted)
{
    pipeline p;
    run_pipeline_on(&p, codebook, files, n_files, by ? &by : NULL, by ? 1 : 0);
    *accepted = (double)p.res->rows.accepted;
    size_t len;
    char *json = results_json(p.res, &len);
    free_pipeline(&p);
    return json;
}

START_TEST(analysis_json_of_csv_data_is_the_same_under_ru_RU)
{
    const char *files[] = {MS_TEST_DATA "/e2e.csv"};
    const char *cb = MS_TEST_DATA "/e2e.codebook.csv";
    double c_accepted, ru_accepted;
    char *c = json_of(cb, files, 1, "form", &c_accepted);
    enter_ru();
    char *ru = json_of(cb, files, 1, "form", &ru_accepted);
    ck_assert_double_eq(ru_accepted, c_accepted);
    ck_assert_str_eq(ru, c);
    ck_assert_ptr_null(strstr(c, "\"sd\":1,")); /* a decimal comma would read so */
    free(c);
    free(ru);
}
END_TEST

START_TEST(analysis_json_of_summaries_is_the_same_under_ru_RU)
{
    const char *files[] = {MS_SOURCE_DIR "/surveys/municipal/school1_mentees_satisfaction_2025.msum",
                           MS_SOURCE_DIR "/surveys/municipal/school2_mentees_satisfaction_2025.msum"};
    const char *cb = MS_SOURCE_DIR "/surveys/example/mentees_satisfaction.codebook.csv";
    double c_accepted, ru_accepted;
    char *c = json_of(cb, files, 2, "form", &c_accepted);
    enter_ru();
    char *ru = json_of(cb, files, 2, "form", &ru_accepted);
    ck_assert_double_eq(ru_accepted, c_accepted);
    ck_assert_str_eq(ru, c);
    free(c);
    free(ru);
}
END_TEST

/* ---------- the example report ---------- */

static char tmp[512];

/* In the parent, under the suite's directory (removed after the suite). */
static void make_tmp(void)
{
    ms_test_template(tmp, sizeof tmp, "ms_locale_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmp));
}

/* The files of the report compared: every table, every chart's data and
 * script, and the page (names relative to the report directory). */
static const char *const compared[] = {"index.html", "summary.html", "slides.html", "kopilka.csv"};

static void build(const char *out)
{
    ms_report_summary sum;
    ms_error err = {0};
    ck_assert_msg(ms_report_build(MS_SOURCE_DIR "/surveys/example/programme.ini", out, &sum,
                                  &err) == MS_OK,
                  "%s", err.message);
}

static void same_file(const char *a_dir, const char *b_dir, const char *name)
{
    char a[4096], b[4096];
    snprintf(a, sizeof a, "%s/%s", a_dir, name);
    snprintf(b, sizeof b, "%s/%s", b_dir, name);
    size_t na, nb;
    char *x = ms_test_slurp(a, &na), *y = ms_test_slurp(b, &nb);
    ck_assert_msg(x && y, "%s: missing in one of the reports", name);
    ck_assert_msg(na == nb && !memcmp(x, y, na), "%s differs under " RU, name);
    free(x);
    free(y);
}

/* Every file of subdirectory sub (tables, charts) but the rendered images. */
static size_t same_dir(const char *a_dir, const char *b_dir, const char *sub)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", a_dir, sub);
    char **names = NULL;
    size_t n = 0;
    FILE *ls = NULL;
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "ls '%s'", path);
    ck_assert_ptr_nonnull(ls = popen(cmd, "r"));
    char line[1024];
    while (fgets(line, sizeof line, ls)) {
        line[strcspn(line, "\n")] = '\0';
        size_t len = strlen(line);
        if (len > 4 && (!strcmp(line + len - 4, ".png") || !strcmp(line + len - 4, ".svg")))
            continue; /* gnuplot's rendering of the compared .gp and .dat */
        names = realloc(names, (n + 1) * sizeof *names);
        ck_assert_ptr_nonnull(names);
        names[n] = malloc(strlen(sub) + len + 2);
        sprintf(names[n++], "%s/%s", sub, line);
    }
    pclose(ls);
    for (size_t i = 0; i < n; i++) {
        same_file(a_dir, b_dir, names[i]);
        free(names[i]);
    }
    free(names);
    return n;
}

START_TEST(example_report_tables_charts_and_page_are_the_same_under_ru_RU)
{
    char c[4096], ru[4096];
    snprintf(c, sizeof c, "%s/c", tmp);
    snprintf(ru, sizeof ru, "%s/ru", tmp);
    build(c);
    enter_ru();
    build(ru);
    for (size_t i = 0; i < sizeof compared / sizeof *compared; i++)
        same_file(c, ru, compared[i]);
    ck_assert_uint_gt(same_dir(c, ru, "tables"), 10);
    ck_assert_uint_gt(same_dir(c, ru, "charts"), 10);
}
END_TEST

static Suite *locale_suite(void)
{
    Suite *s = suite_create("locale");
    TCase *tc = tcase_create("numbers");
    tcase_set_timeout(tc, 120);
    tcase_add_unchecked_fixture(tc, make_tmp, NULL);
    tcase_add_test(tc, analysis_json_of_csv_data_is_the_same_under_ru_RU);
    tcase_add_test(tc, analysis_json_of_summaries_is_the_same_under_ru_RU);
    tcase_add_test(tc, example_report_tables_charts_and_page_are_the_same_under_ru_RU);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return ms_run_suite(locale_suite());
}
