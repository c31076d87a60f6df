/* Check suite for raw form exports read without hand-made columns
 * (issue 14): the year derived from timestamps, the wave given by the file
 * (entry / exit), respondents linked by codes typed in different ways.
 * Data: tests/data/forms/ (make.py); every expected value is from
 * tests/r/forms.R, whose R call is written beside it. */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mentorstat/aggregate.h"
#include "mentorstat/input.h"
#include "mentorstat/load.h"
#include "mentorstat/report.h"
#include "mentorstat/results.h"
#include "ms_suite.h"

#define FORMS MS_TEST_DATA "/forms/"

typedef struct {
    ms_codebook *cb;
    ms_aggregate *agg;
    ms_loader *ld;
    ms_results *res;
} loaded;

static void load(loaded *l, const char *codebook, const char *const *files, size_t n,
                 const int *waves, const char *by)
{
    ms_error err = {0};
    memset(l, 0, sizeof *l);
    ck_assert_int_eq(ms_codebook_load(codebook, &l->cb, &err), MS_OK);
    size_t b[1];
    size_t n_by = 0;
    if (by)
        ck_assert_int_eq(ms_codebook_check_by(l->cb, by, &b[n_by++], &err), MS_OK);
    ck_assert_int_eq(ms_aggregate_create(l->cb, b, n_by, &l->agg, &err), MS_OK);
    ms_read_options o = {.wave_of_file = waves};
    ck_assert_int_eq(ms_aggregate_files(l->agg, files, n, &o, &l->ld, &err), MS_OK);
    ck_assert_int_eq(ms_results_compute(l->agg, NULL, &l->res, &err), MS_OK);
}

static void unload(loaded *l)
{
    ms_results_destroy(l->res);
    ms_aggregate_destroy(l->agg);
    ms_loader_destroy(l->ld);
    ms_codebook_destroy(l->cb);
}

static const ms_paired *paired(const ms_results *res, const char *name)
{
    for (size_t i = 0; i < res->n_paired; i++)
        if (!strcmp(res->paired[i].variable, name))
            return &res->paired[i].p;
    ck_abort_msg("no paired result for %s", name);
    return NULL;
}

static const char *const entry_exit[] = {FORMS "selfassessment_entry.csv",
                                         FORMS "selfassessment_exit.csv"};
static const int entry_then_exit[] = {0, 1};

START_TEST(codes_typed_differently_link_entry_and_exit_files)
{
    loaded l;
    load(&l, FORMS "selfassessment.codebook.csv", entry_exit, 2, entry_then_exit, NULL);
    ms_link_counts lc;
    bool waves;
    ck_assert_int_eq(ms_aggregate_link_counts(l.agg, &lc, &waves), MS_OK);
    ck_assert(waves);
    /* R: nrow(merge(entry, exit, by = "key")); sum(!en$key %in% ex$key); ... */
    ck_assert(lc.both == 10 && lc.only_from == 2 && lc.only_to == 2);
    ck_assert(l.res->rows.read == 25 && l.res->rows.accepted == 25);
    unload(&l);
}
END_TEST

START_TEST(paired_t_on_linked_codes_equals_r)
{
    loaded l;
    load(&l, FORMS "selfassessment.codebook.csv", entry_exit, 2, entry_then_exit, NULL);
    /* R: t.test(m$Целеполагание.exit, m$Целеполагание.entry, paired = TRUE) */
    const ms_paired *p = paired(l.res, "g1");
    ck_assert(p->n == 10 && p->df == 9);
    ck_assert_rel(p->mean_diff, 0.29999999999999999);
    ck_assert_rel(p->t, 1.1523319193960635);
    ck_assert_p(p->p_t, 0.27887299924891712);
    /* R: t.test(m$`Анализ результатов.exit`, m$`Анализ результатов.entry`, paired = TRUE) */
    p = paired(l.res, "g2");
    ck_assert_rel(p->t, 0.89553347118899029);
    ck_assert_p(p->p_t, 0.39382281469156144);
    /* R: t.test(m$`Работа в команде.exit`, m$`Работа в команде.entry`, paired = TRUE) */
    p = paired(l.res, "g3");
    ck_assert(p->mean_diff == 0 && p->t == 0);
    ck_assert_p(p->p_t, 1);
    /* R: t.test(m$score.exit, m$score.entry, paired = TRUE), score = rowMeans of the 3 */
    p = paired(l.res, "competence");
    ck_assert(p->n == 10);
    ck_assert_rel(p->mean_diff, 0.20000000000000004);
    ck_assert_rel(p->t, 1.1523319193960639);
    ck_assert_p(p->p_t, 0.27887299924891695);
    unload(&l);
}
END_TEST

START_TEST(naming_the_exit_file_as_entry_turns_every_difference_round)
{
    static const char *const swapped[] = {FORMS "selfassessment_exit.csv",
                                          FORMS "selfassessment_entry.csv"};
    loaded l;
    load(&l, FORMS "selfassessment.codebook.csv", swapped, 2, entry_then_exit, NULL);
    ck_assert_rel(paired(l.res, "g1")->t, -1.1523319193960635);
    unload(&l);
}
END_TEST

/* A copy of the entry file with a wave column that says "выход" on every row. */
static void write_entry_with_wave_column(const char *path)
{
    char *text = ms_test_slurp(FORMS "selfassessment_entry.csv", NULL);
    ck_assert_ptr_nonnull(text);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    bool header = true;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"), header = false)
        fprintf(f, "%s,%s\n", line, header ? "Этап" : "выход");
    fclose(f);
    free(text);
}

START_TEST(the_files_designation_wins_over_its_own_wave_column)
{
    char path[96];
    ms_test_template(path, sizeof path, "ms_forms_entry_XXXXXX");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    write_entry_with_wave_column(path);
    const char *files[] = {path, entry_exit[1]};
    loaded l;
    load(&l, FORMS "selfassessment.codebook.csv", files, 2, entry_then_exit, NULL);
    /* as R's t.test(exit, entry, paired = TRUE) above: the column is not read */
    ck_assert_rel(paired(l.res, "g1")->t, 1.1523319193960635);
    unload(&l);
    unlink(path);
}
END_TEST

START_TEST(years_come_from_timestamps_and_a_bad_date_is_quarantined)
{
    static const char *const years[] = {FORMS "satisfaction_2024.csv",
                                        FORMS "satisfaction_2025.csv"};
    loaded l;
    load(&l, FORMS "satisfaction.codebook.csv", years, 2, NULL, "year");
    /* R: sum(is.na(sat$year)); sum(sat$year == 2024); sum(sat$year == 2025) */
    ck_assert(l.res->rows.read == 42 && l.res->rows.quarantined == 1);
    const ms_comparison *c = NULL;
    for (size_t i = 0; i < l.res->n_comparisons; i++)
        if (!strcmp(l.res->comparisons[i].variable, "s1") &&
            !strcmp(l.res->comparisons[i].test, "welch_t"))
            c = &l.res->comparisons[i];
    ck_assert_ptr_nonnull(c);
    ck_assert_uint_eq(c->n_groups, 2);
    ck_assert_str_eq(c->groups[0].level, "2024");
    ck_assert_str_eq(c->groups[1].level, "2025");
    ck_assert(c->groups[0].n == 20 && c->groups[1].n == 21);
    /* R: t.test(s1[sat$year == 2024], s1[sat$year == 2025]) (Welch) */
    ck_assert_rel(c->groups[0].mean, 6.2000000000000002);
    ck_assert_rel(c->groups[1].mean, 7.1904761904761907);
    ck_assert_rel(c->t.statistic, -1.9114475618057309);
    ck_assert_rel(c->t.df, 37.943767664414018);
    ck_assert_p(c->t.p, 0.063522036859864017);
    unload(&l);
}
END_TEST

START_TEST(the_report_counts_linked_and_once_only_and_compares_the_years)
{
    char out[96];
    ms_test_template(out, sizeof out, "ms_forms_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(out));
    ms_error err = {0};
    ms_report_summary sum;
    ck_assert_int_eq(ms_report_build(FORMS "programme.ini", out, &sum, &err), MS_OK);
    ck_assert(sum.rows.quarantined == 1);
    char path[512];
    snprintf(path, sizeof path, "%s/index.html", out);
    char *html = ms_test_slurp(path, NULL);
    ck_assert_ptr_nonnull(html);
    ck_assert_ptr_nonnull(strstr(html, "по коду участника): 10; ответили только на входе: 2, "
                                       "только на выходе: 2."));
    ck_assert_ptr_nonnull(strstr(html, "Профессиональные компетенции"));
    ck_assert_ptr_null(strstr(html, "«competence»"));
    ck_assert_ptr_null(strstr(html, "«satisfaction»"));
    free(html);
    snprintf(path, sizeof path, "%s/tables/years.csv", out);
    char *years = ms_test_slurp(path, NULL);
    ck_assert_ptr_nonnull(years);
    ck_assert_ptr_nonnull(strstr(years, "\"2024\";20;"));
    ck_assert_ptr_nonnull(strstr(years, "\"2025\";21;"));
    free(years);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", out);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

/* ---------- the loader, row by row ---------- */

typedef struct {
    char ids[8][16];
    char years[8][8];
    int n, quarantined;
    char q_id[32], q_reason[256];
} rows_seen;

static ms_status on_row(const ms_record *rec, void *ctx, ms_error *err)
{
    (void)err;
    rows_seen *s = ctx;
    ck_assert_int_lt(s->n, 8);
    snprintf(s->ids[s->n], sizeof s->ids[0], "%s", rec->values[0].text);
    snprintf(s->years[s->n], sizeof s->years[0], "%s",
             rec->levels[1].labels[(size_t)rec->values[1].value]);
    s->n++;
    return MS_OK;
}

static void on_bad(const ms_quarantined *q, void *ctx)
{
    rows_seen *s = ctx;
    s->quarantined++;
    snprintf(s->q_id, sizeof s->q_id, "%.*s", (int)q->lengths[0], q->fields[0]);
    ms_error_format(q->reason, s->q_reason, sizeof s->q_reason);
}

START_TEST(the_loader_hands_on_code_keys_and_calendar_years_and_quarantines_as_typed)
{
    const char *cbtext = "name,type,source,min,max,derive\n"
                         "id,id,Код,,,\n"
                         "year,year,Время,,,calendar_year\n"
                         "q,scale,Оценка,1,5,\n";
    const char *data = "Код,Время,Оценка\n"
                       "МС-07,20.09.2024 10:00,5\n"
                       "mc 07,2025-05-12T11:50:26,4\n"
                       "MC_07,05/12/2025 11:50:26 PM GMT+5,3\n"
                       "Мс–08,45658,2\n"
                       "MC-09,2025-05-12,7\n"
                       "MC-10,13/45/2025 10:00:00,1\n";
    ms_codebook *cb;
    ms_error err = {0};
    ck_assert_int_eq(ms_codebook_parse(cbtext, strlen(cbtext), "cb.csv", &cb, &err), MS_OK);
    rows_seen s = {0};
    ms_load_options o = {.on_record = on_row, .record_ctx = &s, .on_quarantine = on_bad,
                         .ctx = &s};
    ms_loader *ld;
    ck_assert_int_eq(ms_loader_create(cb, &o, &ld, &err), MS_OK);
    ck_assert_int_eq(ms_loader_read_mem(ld, data, strlen(data), "form.csv", &err), MS_OK);
    ck_assert_int_eq(s.n, 4);
    ck_assert_str_eq(s.ids[0], "mc07");
    ck_assert_str_eq(s.ids[1], "mc07");
    ck_assert_str_eq(s.ids[2], "mc07");
    ck_assert_str_eq(s.ids[3], "mc08");
    ck_assert_str_eq(s.years[0], "2024"); /* calendar year, not the school year 2025 */
    ck_assert_str_eq(s.years[1], "2025");
    ck_assert_str_eq(s.years[3], "2025"); /* serial 45658 is 1 January 2025 */
    ck_assert_int_eq(s.quarantined, 2);
    ck_assert_str_eq(s.q_id, "MC-10"); /* the row as typed, not its key */
    ck_assert_str_eq(s.q_reason, "form.csv:7:2: year: not a date (13/45/2025 10:00:00)");
    ms_loader_destroy(ld);
    ms_codebook_destroy(cb);
}
END_TEST

START_TEST(a_level_is_given_only_to_a_categorical_variable_that_has_it)
{
    const char *cbtext = "name,type,choices\nid,id,\nwave,wave,1=вход|2=выход\nq,number,\n";
    ms_codebook *cb;
    ms_error err = {0};
    ck_assert_int_eq(ms_codebook_parse(cbtext, strlen(cbtext), "cb.csv", &cb, &err), MS_OK);
    ms_load_options o = {0};
    ms_loader *ld;
    ck_assert_int_eq(ms_loader_create(cb, &o, &ld, &err), MS_OK);
    ck_assert_int_eq(ms_loader_give_level(ld, 1, 1, &err), MS_OK);
    ck_assert_int_eq(ms_loader_give_level(ld, 1, 2, &err), MS_ERR_USAGE);
    ck_assert_int_eq(ms_loader_give_level(ld, 2, 0, &err), MS_ERR_USAGE);
    ck_assert_int_eq(ms_loader_give_level(ld, -1, 0, &err), MS_OK);
    ms_loader_destroy(ld);
    ms_codebook_destroy(cb);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("forms");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, codes_typed_differently_link_entry_and_exit_files);
    tcase_add_test(tc, paired_t_on_linked_codes_equals_r);
    tcase_add_test(tc, naming_the_exit_file_as_entry_turns_every_difference_round);
    tcase_add_test(tc, the_files_designation_wins_over_its_own_wave_column);
    tcase_add_test(tc, years_come_from_timestamps_and_a_bad_date_is_quarantined);
    tcase_add_test(tc, the_loader_hands_on_code_keys_and_calendar_years_and_quarantines_as_typed);
    tcase_add_test(tc, a_level_is_given_only_to_a_categorical_variable_that_has_it);
    tcase_add_test(tc, the_report_counts_linked_and_once_only_and_compares_the_years);
    suite_add_tcase(s, tc);
    return ms_run_suite(s);
}
