/* Check suite for the appendix's note on repeated codes in questionnaires
 * with an id and no wave (a Google Form sent twice): the report says how
 * many answers repeat a (code, pair) already seen, counts them all (the
 * figures are those of every row), never calls a mentor answering once for
 * each of two pairs a repeat, scopes codes by organisation, and prints no
 * code.  Data: copies of the example's mentors' satisfaction of 2025. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mentorstat/report.h"
#include "ms_suite.h"

#define EXAMPLE MS_SOURCE_DIR "/surveys/example"
#define MENTORS EXAMPLE "/data/mentors_satisfaction_2025.csv"
/* the first answer of MENTORS: mentor М-2025-033 of pair П-2025-09 */
#define FIRST_ID "М-2025-033"
#define FIRST_PAIR "П-2025-09"
#define ANY_RULE "один и тот же код участника"
#define SENTENCE ANY_RULE " с тем же кодом пары встречается"

static char dir[64];

static void setup(void)
{
    ms_test_template(dir, sizeof dir, "ms_test_repeats_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf %s %s-internal", dir, dir);
    ck_assert_int_eq(system(cmd), 0);
}

static void write_file(const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

/* MENTORS written as NAME with its first answer once more at the end; with
 * `other_pair`, that copy names another pair (the mentor's second pair). */
static void write_with_first_again_of(const char *src, const char *name, const char *other_pair)
{
    char *all = ms_test_slurp(src, NULL);
    ck_assert_ptr_nonnull(all);
    char *first = strchr(all, '\n') + 1, *end = strchr(first, '\n') + 1;
    size_t n = strlen(all), k = (size_t)(end - first);
    char *out = malloc(n + k + 64);
    ck_assert_ptr_nonnull(out);
    memcpy(out, all, n);
    memcpy(out + n, first, k);
    out[n + k] = '\0';
    if (other_pair) {
        char *pair = strstr(out + n, FIRST_PAIR);
        ck_assert_ptr_nonnull(pair);
        memmove(pair + strlen(other_pair), pair + strlen(FIRST_PAIR),
                strlen(pair + strlen(FIRST_PAIR)) + 1);
        memcpy(pair, other_pair, strlen(other_pair));
    }
    write_file(name, out);
    free(out);
    free(all);
}

static void write_with_first_again(const char *name, const char *other_pair)
{
    write_with_first_again_of(MENTORS, name, other_pair);
}

#define MENTORS_Q                                                                           \
    "[questionnaire mentors]\nrole = mentors_satisfaction\ncodebook = " EXAMPLE                \
    "/mentors_satisfaction.codebook.csv\nby = form\n"

/* The page of the report of a programme with questionnaire `q` followed by
 * `data` (its data or organisations); with items, the n of the first item of
 * mentors-items.csv in *items. */
static char *report_q(const char *q, const char *language, const char *data, long *items)
{
    char text[2048], path[320], out[320];
    snprintf(text, sizeof text, "[programme]\nyear = 2025\nlanguage = %s\n%s%s", language, q,
             data);
    write_file("programme.ini", text);
    snprintf(path, sizeof path, "%s/programme.ini", dir);
    snprintf(out, sizeof out, "%s/report", dir);
    ms_report_summary sum;
    ms_error err;
    ck_assert_msg(ms_report_build(path, out, &sum, &err) == MS_OK, "%s", err.message);
    snprintf(path, sizeof path, "%s/report/index.html", dir);
    char *html = ms_test_slurp(path, NULL);
    ck_assert_ptr_nonnull(html);
    if (!items)
        return html;
    snprintf(path, sizeof path, "%s/report/tables/mentors-items.csv", dir);
    char *csv = ms_test_slurp(path, NULL);
    ck_assert_ptr_nonnull(csv);
    const char *row = strchr(csv, '\n');
    ck_assert_ptr_nonnull(row);
    const char *field = strchr(row, strchr(row, ';') ? ';' : ',');
    ck_assert_ptr_nonnull(field);
    *items = strtol(field + 1, NULL, 10);
    free(csv);
    return html;
}

static char *report(const char *language, const char *data, long *items)
{
    return report_q(MENTORS_Q, language, data, items);
}

START_TEST(a_form_sent_twice_is_said_once_in_the_appendix_and_both_rows_are_counted)
{
    long n_orig, n_dup;
    char *orig = report("ru", "data = " MENTORS "\n", &n_orig);
    ck_assert_ptr_null(strstr(orig, ANY_RULE));
    write_with_first_again("twice.csv", NULL);
    char *dup = report("ru", "data = twice.csv\n", &n_dup);
    ck_assert_msg(strstr(dup, SENTENCE " в 1 анкете больше одного раза (учтены все; "
                              "проверьте, не отправлена ли форма повторно)"),
                  "no note of one repeat");
    ck_assert_int_gt(n_orig, 10);
    ck_assert_int_eq(n_dup, n_orig + 1); /* the repeat is counted, as before */
    ck_assert_ptr_null(strstr(dup, FIRST_ID));
    ck_assert_ptr_null(strstr(dup, FIRST_PAIR));
    free(orig), free(dup);
}
END_TEST

START_TEST(english_reports_say_it_in_english)
{
    long n;
    write_with_first_again("twice.csv", NULL);
    char *dup = report("en", "data = twice.csv\n", &n);
    ck_assert_msg(strstr(dup, ": 1 questionnaire repeats a participant code with the same pair "
                              "code already seen (all are counted"),
                  "no English note");
    free(dup);
}
END_TEST

START_TEST(a_mentor_answering_for_a_second_pair_is_not_a_repeat)
{
    long n_orig, n_two;
    char *orig = report("ru", "data = " MENTORS "\n", &n_orig);
    write_with_first_again("two_pairs.csv", "П-2025-99");
    char *two = report("ru", "data = two_pairs.csv\n", &n_two);
    ck_assert_ptr_null(strstr(two, ANY_RULE));
    ck_assert_int_eq(n_two, n_orig + 1);
    free(orig), free(two);
}
END_TEST

/* Two schools number their mentors and pairs alike (the same file twice):
 * nothing is a repeat; a form sent twice in one of them is one repeat. */
START_TEST(codes_of_two_organisations_are_not_repeats_of_each_other)
{
    long n;
    char *two = report("ru",
                       "[organisation a]\nmentors = " MENTORS "\n"
                       "[organisation b]\nmentors = " MENTORS "\n",
                       &n);
    ck_assert_ptr_null(strstr(two, ANY_RULE));
    write_with_first_again("twice.csv", NULL);
    char *one = report("ru",
                       "[organisation a]\nmentors = twice.csv\n"
                       "[organisation b]\nmentors = " MENTORS "\n",
                       &n);
    ck_assert_msg(strstr(one, SENTENCE " в 1 анкете больше"), "no note of one repeat");
    free(two), free(one);
}
END_TEST

/* A bank has codes and no pair variable: any repeated code is a repeat. */
START_TEST(a_bank_sent_twice_says_the_code_rule)
{
    write_with_first_again_of(EXAMPLE "/data/mentors_bank_2025.csv", "bank.csv", NULL);
    char *page = report_q("[questionnaire bank]\nrole = mentors_bank\ncodebook = " EXAMPLE
                          "/mentors_bank.codebook.csv\nby = form\n",
                          "ru", "data = bank.csv\n", NULL);
    ck_assert_msg(strstr(page, ANY_RULE " встречается в 1 анкете больше одного раза (учтены все"),
                  "no note of one repeated code");
    free(page);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("report_repeats");
    TCase *tc = tcase_create("report_repeats");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, a_form_sent_twice_is_said_once_in_the_appendix_and_both_rows_are_counted);
    tcase_add_test(tc, english_reports_say_it_in_english);
    tcase_add_test(tc, a_mentor_answering_for_a_second_pair_is_not_a_repeat);
    tcase_add_test(tc, codes_of_two_organisations_are_not_repeats_of_each_other);
    tcase_add_test(tc, a_bank_sent_twice_says_the_code_rule);
    suite_add_tcase(s, tc);
    return ms_run_suite(s);
}
