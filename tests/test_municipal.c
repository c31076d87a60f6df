/* Check suite for the municipal report: [organisation KEY] sections pool
 * their files into the questionnaires, organisations are compared (table,
 * funnel plot, shrunken best practices) as О1, О2, … or by the name the
 * programme gives, the key is never printed, and an organisation below the
 * minimum group size is hidden together with the next smallest. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mentorstat/report.h"
#include "ms_suite.h"

#define EXAMPLE MS_SOURCE_DIR "/surveys/example"

static char dir[64];

static void write_file(const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

/* Three organisations of the example's years as this year's data, one with
 * a name; a fourth with three answers only (below min_group 5). */
static const char *programme =
    "[programme]\n"
    "organisation = Управление образования\n"
    "year = 2025\n"
    "[questionnaire mentees]\n"
    "role = mentees_satisfaction\n"
    "codebook = " EXAMPLE "/mentees_satisfaction.codebook.csv\n"
    "by = form\n"
    "[organisation secretkeyalpha]\n"
    "mentees = " EXAMPLE "/data/mentees_satisfaction_2025.csv\n"
    "[organisation secretkeybeta]\n"
    "name = Гимназия № 1\n"
    "mentees = " EXAMPLE "/data/mentees_satisfaction_2024.csv\n"
    "[organisation secretkeygamma]\n"
    "mentees = " EXAMPLE "/data/mentees_satisfaction_2023.csv\n"
    "mentees.earlier = " EXAMPLE "/data/mentees_satisfaction_2022.csv\n"
    "[organisation secretkeydelta]\n"
    "mentees = tiny.csv\n";

static void setup(void)
{
    strcpy(dir, "/tmp/ms_test_municipal_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    /* the first four rows of the 2025 file: header and three answers */
    char *all = ms_test_slurp(EXAMPLE "/data/mentees_satisfaction_2025.csv", NULL);
    ck_assert_ptr_nonnull(all);
    char *p = all;
    for (int line = 0; line < 4; line++)
        p = strchr(p, '\n') + 1;
    *p = '\0';
    write_file("tiny.csv", all);
    free(all);
    write_file("programme.ini", programme);
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
}

START_TEST(organisation_files_are_pooled_into_their_questionnaire)
{
    char path[256];
    snprintf(path, sizeof path, "%s/programme.ini", dir);
    ms_programme *p;
    ms_error err;
    ck_assert_int_eq(ms_programme_load(path, &p, &err), MS_OK);
    ck_assert_uint_eq(p->n_orgs, 4);
    ck_assert_uint_eq(p->q[0].n_data, 4);
    ck_assert_uint_eq(p->q[0].n_earlier, 1);
    ck_assert_str_eq(p->orgs[1].name, "Гимназия № 1");
    ck_assert_ptr_null(p->orgs[0].name);
    ck_assert_uint_eq(p->orgs[2].n_files, 2);
    ck_assert(p->orgs[2].files[1].earlier);
    ms_programme_destroy(p);
}
END_TEST

START_TEST(an_organisation_naming_an_unknown_questionnaire_is_refused_with_its_line)
{
    write_file("bad.ini", "[programme]\nyear = 2025\n"
                          "[questionnaire mentees]\nrole = mentees_satisfaction\n"
                          "codebook = x.csv\n"
                          "[organisation a]\nmentors = a.csv\n");
    char path[256];
    snprintf(path, sizeof path, "%s/bad.ini", dir);
    ms_programme *p;
    ms_error err;
    ck_assert_int_eq(ms_programme_load(path, &p, &err), MS_ERR_PROGRAMME);
    ck_assert_uint_eq(err.line, 7);
    ck_assert(strstr(err.message, "no [questionnaire mentors]") != NULL);
}
END_TEST

START_TEST(organisations_are_compared_without_their_keys_and_small_ones_hidden)
{
    char path[256], out[128], cmd[512];
    snprintf(path, sizeof path, "%s/programme.ini", dir);
    snprintf(out, sizeof out, "%s/report", dir);
    ms_report_summary sum;
    ms_error err;
    ck_assert_msg(ms_report_build(path, out, &sum, &err) == MS_OK, "%s", err.message);

    snprintf(path, sizeof path, "%s/index.html", out);
    char *html = ms_test_slurp(path, NULL);
    ck_assert_ptr_nonnull(html);
    ck_assert(strstr(html, "Сравнение организаций") != NULL);
    ck_assert(strstr(html, "Воронкообразная диаграмма") != NULL);
    ck_assert(strstr(html, "Гимназия № 1") != NULL);
    ck_assert(strstr(html, "О1") != NULL && strstr(html, "О3") != NULL);
    free(html);
    snprintf(path, sizeof path, "%s/charts/mentees-funnel.gp", out);
    ck_assert_int_eq(access(path, F_OK), 0);

    /* О4 (3 answers) is hidden, and so is the next smallest organisation */
    snprintf(path, sizeof path, "%s/tables/mentees-organisations.csv", out);
    char *csv = ms_test_slurp(path, NULL);
    ck_assert_ptr_nonnull(csv);
    ck_assert_msg(strstr(csv, "\"О4\";;;;") != NULL, "%s", csv);
    size_t hidden = 0;
    for (const char *s = csv; (s = strstr(s, ";;;;")); s++)
        hidden++;
    ck_assert_uint_eq(hidden, 2);
    const char *named = strstr(csv, "\"Гимназия № 1\";");
    ck_assert(named && named[strlen("\"Гимназия № 1\";")] >= '1' &&
              named[strlen("\"Гимназия № 1\";")] <= '9'); /* shown: it has a count */
    free(csv);

    /* no organisation key in any file written */
    snprintf(cmd, sizeof cmd, "grep -rl secretkey %s", out);
    ck_assert_int_ne(system(cmd), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("municipal");
    TCase *tc = tcase_create("municipal");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, organisation_files_are_pooled_into_their_questionnaire);
    tcase_add_test(tc, an_organisation_naming_an_unknown_questionnaire_is_refused_with_its_line);
    tcase_add_test(tc, organisations_are_compared_without_their_keys_and_small_ones_hidden);
    suite_add_tcase(s, tc);
    return ms_run_suite(s);
}
