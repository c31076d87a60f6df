/* test_init.c — `mentorstat init`'s drafts: the example's raw exports give the
 * figures of the hand-written codebooks wherever inference can know (not
 * reverse keying: a negatively worded item is flagged instead), and every
 * recognition rule on a small export. */
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mentorstat/aggregate.h"
#include "mentorstat/input.h"
#include "mentorstat/codebook.h"
#include "mentorstat/init.h"
#include "mentorstat/report.h"
#include "mentorstat/results.h"
#include "sbuf.h"
#include "init_int.h"
#include "ms_suite.h"

#define EX MS_SOURCE_DIR "/surveys/example/"

static char tmpdir[256];

static void make_tmpdir(void)
{
    ms_test_template(tmpdir, sizeof tmpdir, "ms_test_init_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

/* A new temporary directory holding one file NAME with TEXT; its path into path. */
static void write_text(const char *name, const char *text, char *path, size_t size)
{
    make_tmpdir();
    snprintf(path, size, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

/* init on one file that must be refused: the status, the reason in *err. */
static ms_status draft_refused(const char *path, ms_error *err)
{
    const char *p[] = {path};
    ms_init_draft *d = NULL;
    ms_init_options o = {tmpdir};
    ms_status st = ms_init_draft_create(p, 1, &o, &d, err);
    ck_assert_ptr_null(d);
    return st;
}

static ms_init_draft *draft(const char *const *paths, size_t n, ms_init_options *o)
{
    ms_init_draft *d = NULL;
    ms_error err = {0};
    o->outdir = tmpdir;
    ck_assert_msg(ms_init_draft_create(paths, n, o, &d, &err) == MS_OK, "%s", err.message);
    return d;
}

/* The results borrow from the aggregate and the codebook: all three kept together. */
typedef struct {
    ms_codebook *cb;
    ms_aggregate *agg;
    ms_results *res;
} analysis;

static analysis analyse(const char *codebook, const char *const *files, size_t n)
{
    analysis a = {0};
    ms_loader *ld = NULL;
    ms_error err = {0};
    ck_assert_msg(ms_codebook_load(codebook, &a.cb, &err) == MS_OK, "%s", err.message);
    ck_assert(ms_aggregate_create(a.cb, NULL, 0, &a.agg, &err) == MS_OK);
    ms_read_options ro = {0};
    ck_assert_msg(ms_aggregate_files(a.agg, files, n, &ro, &ld, &err) == MS_OK, "%s", err.message);
    ck_assert(ms_results_compute(a.agg, NULL, &a.res, &err) == MS_OK);
    ms_loader_destroy(ld);
    return a;
}

static void analysis_free(analysis *a)
{
    ms_results_destroy(a->res);
    ms_aggregate_destroy(a->agg);
    ms_codebook_destroy(a->cb);
}

static const char *source_name(const ms_codebook *cb, const char *source)
{
    for (size_t i = 0; i < cb->n_vars; i++)
        if (!strcmp(cb->vars[i].source, source))
            return cb->vars[i].name;
    return NULL;
}

static const ms_item_result *item(const ms_results *r, const char *name)
{
    for (size_t i = 0; name && i < r->n_items; i++)
        if (!r->items[i].is_construct && !strcmp(r->items[i].name, name))
            return &r->items[i];
    return NULL;
}

static const ms_category_result *category(const ms_results *r, const char *name)
{
    for (size_t i = 0; name && i < r->n_categories; i++)
        if (!strcmp(r->categories[i].name, name))
            return &r->categories[i];
    return NULL;
}

static double level_count(const ms_category_result *c, const char *label)
{
    for (size_t i = 0; i < c->n_levels; i++)
        if (!strcasecmp(c->levels[i], label))
            return c->counts[i];
    return -1;
}

static const char *const stems[] = {"mentors_bank", "mentees_requests", "mentees_satisfaction",
                                    "mentors_satisfaction", "selfassessment"};

/* Every item and category of the hand-written codebook, found in the draft by
 * its source column, has the same n, mean, sd and counts — except reversed items,
 * which the draft must flag. */
static void compare_questionnaire(const ms_init_draft *d, size_t k)
{
    char hand[512], drafted[512], files[4][512];
    const char *fp[4];
    snprintf(hand, sizeof hand, EX "%s.codebook.csv", stems[k]);
    for (int y = 0; y < 4; y++) {
        snprintf(files[y], sizeof files[y], EX "data/%s_%d.csv", stems[k], 2022 + y);
        fp[y] = files[y];
    }
    const ms_init_questionnaire *q = NULL;
    for (size_t i = 0; i < d->n_q; i++)
        if (strstr(d->q[i].files[0].path, stems[k]))
            q = &d->q[i];
    ck_assert_ptr_nonnull(q);
    ck_assert_uint_eq(q->n_files, 4);
    ck_assert_msg(strstr(q->files[3].path, "2025"), "the latest year is data");
    snprintf(drafted, sizeof drafted, "%s/%s.codebook.csv", tmpdir, q->name);
    analysis ha = analyse(hand, fp, 4), da = analyse(drafted, fp, 4);
    const ms_codebook *hcb = ha.cb, *dcb = da.cb;
    const ms_results *hr = ha.res, *dr = da.res;
    ck_assert(hr->rows.read == dr->rows.read && hr->rows.accepted == dr->rows.accepted);
    ck_assert(hr->rows.excluded == dr->rows.excluded);
    for (size_t v = 0; v < hcb->n_vars; v++) {
        const ms_variable *hv = &hcb->vars[v];
        const char *dn = source_name(dcb, hv->source);
        ck_assert_msg(dn, "%s: no drafted variable reads «%s»", stems[k], hv->source);
        long di = ms_codebook_find(dcb, dn);
        ck_assert_msg(dcb->vars[di].type == hv->type, "%s.%s: drafted %s, hand-written %s",
                      stems[k], hv->name, ms_vartype_name(dcb->vars[di].type),
                      ms_vartype_name(hv->type));
        const ms_item_result *hi = item(hr, hv->name), *dit = item(dr, dn);
        if (hi && hv->reverse) {
            for (size_t c = 0; c < q->n_cols; c++)
                if (!strcmp(q->cols[c].name, dn))
                    ck_assert_msg(q->cols[c].negative, "%s.%s is reversed: must be flagged",
                                  stems[k], hv->name);
        } else if (hi) {
            ck_assert_ptr_nonnull(dit);
            ck_assert(hi->n == dit->n && hi->missing == dit->missing);
            ck_assert_rel(dit->desc.mean, hi->desc.mean);
            ck_assert_rel(dit->desc.sd, hi->desc.sd);
        }
        const ms_category_result *hc = category(hr, hv->name), *dc = category(dr, dn);
        if (hc) {
            ck_assert_msg(dc, "%s.%s: no category", stems[k], hv->name);
            ck_assert(hc->n == dc->n && hc->missing == dc->missing);
            for (size_t l = 0; l < hc->n_levels; l++)
                ck_assert_msg(level_count(dc, hc->levels[l]) == hc->counts[l] ||
                                  (hc->counts[l] == 0 && level_count(dc, hc->levels[l]) < 0),
                              "%s.%s level %s", stems[k], hv->name, hc->levels[l]);
        }
    }
    /* constructs without reversed items: the same alpha */
    for (size_t c = 0; c < hr->n_constructs; c++) {
        bool reversed = false;
        const ms_construct *hcon = &hcb->constructs[hr->constructs[c].construct];
        for (size_t i = 0; i < hcon->n_items; i++)
            reversed |= hcb->vars[hcon->items[i]].reverse;
        ck_assert_uint_eq(dr->n_constructs, hr->n_constructs);
        ck_assert_uint_eq(dr->constructs[c].k, hr->constructs[c].k);
        if (!reversed)
            ck_assert_rel(dr->constructs[c].alpha.alpha, hr->constructs[c].alpha.alpha);
    }
    analysis_free(&ha);
    analysis_free(&da);
}

START_TEST(example_exports_give_the_handwritten_figures)
{
    char paths[20][512];
    const char *p[20];
    for (int k = 0; k < 5; k++)
        for (int y = 0; y < 4; y++) {
            snprintf(paths[k * 4 + y], sizeof paths[0], EX "data/%s_%d.csv", stems[k], 2022 + y);
            p[k * 4 + y] = paths[k * 4 + y];
        }
    make_tmpdir();
    ms_init_options o = {0};
    ms_init_draft *d = draft(p, 20, &o);
    ms_error err = {0};
    ck_assert_uint_eq(d->n_q, 5);
    ck_assert_msg(ms_init_draft_write(d, &o, false, &err) == MS_OK, "%s", err.message);
    for (size_t k = 0; k < 5; k++)
        compare_questionnaire(d, k);
    /* the roles: one each, as the example's programme has them */
    const char *want[] = {"mentors_bank", "mentees_requests", "mentees_satisfaction",
                          "mentors_satisfaction", "entry_exit"};
    for (size_t k = 0; k < 5; k++)
        for (size_t i = 0; i < d->n_q; i++)
            if (strstr(d->q[i].files[0].path, stems[k]))
                ck_assert_str_eq(d->q[i].role, want[k]);
    char prog[512], out[512];
    snprintf(prog, sizeof prog, "%s/programme.ini", tmpdir);
    snprintf(out, sizeof out, "%s/report", tmpdir);
    ms_report_summary sum = {0};
    ck_assert_msg(ms_report_build(prog, out, &sum, &err) == MS_OK, "%s", err.message);
    ck_assert(sum.rows.accepted > 0);
    /* a second init does not replace the drafts, and says which file exists */
    ck_assert(ms_init_draft_write(d, &o, false, &err) == MS_ERR_USAGE);
    ck_assert_ptr_nonnull(strstr(err.message, "exists already"));
    ck_assert(ms_init_draft_write(d, &o, true, &err) == MS_OK);
    ms_init_draft_destroy(d);
}
END_TEST

/* Files named export1.csv … still get their roles, from the questions. */
START_TEST(roles_come_from_the_questions_when_names_say_nothing)
{
    char paths[5][512];
    const char *p[5];
    make_tmpdir();
    for (int k = 0; k < 5; k++) {
        char src[512];
        size_t len;
        snprintf(src, sizeof src, EX "data/%s_2025.csv", stems[k]);
        char *data = ms_test_slurp(src, &len);
        ck_assert_ptr_nonnull(data);
        snprintf(paths[k], sizeof paths[k], "%s/export%d.csv", tmpdir, k + 1);
        FILE *f = fopen(paths[k], "wb");
        ck_assert_uint_eq(fwrite(data, 1, len, f), len);
        fclose(f);
        free(data);
        p[k] = paths[k];
    }
    ms_init_options o = {0};
    ms_init_draft *d = draft(p, 5, &o);
    const char *want[] = {"mentors_bank", "mentees_requests", "mentees_satisfaction",
                          "mentors_satisfaction", "entry_exit"};
    ck_assert_uint_eq(d->n_q, 5);
    for (size_t i = 0; i < 5; i++) {
        int k = d->q[i].files[0].path[strlen(d->q[i].files[0].path) - 5] - '1';
        ck_assert_str_eq(d->q[i].role, want[k]);
        ck_assert(!d->q[i].role_check);
    }
    ms_init_draft_destroy(d);
}
END_TEST

/* Entry and exit of two school years: the latest of each wave, the other earlier. */
START_TEST(entry_and_exit_files_of_two_years)
{
    static const char *const names[] = {"вход_2024.csv", "итог_2024.csv", "вход_2025.csv",
                                        "итог_2025.csv"};
    static const char *const stamps[] = {"20.09.2023 10:00:00", "15.04.2024 10:00:00",
                                         "20.09.2024 10:00:00", "15.04.2025 10:00:00"};
    char paths[4][512];
    const char *p[4];
    make_tmpdir();
    for (int i = 0; i < 4; i++) {
        snprintf(paths[i], sizeof paths[i], "%s/%s", tmpdir, names[i]);
        FILE *f = fopen(paths[i], "wb");
        fprintf(f, "Отметка времени,Код участника,Оцените от 1 до 10\n%s,А-1,5\n%s,А-2,7\n",
                stamps[i], stamps[i]);
        fclose(f);
        p[i] = paths[i];
    }
    ms_init_options o = {0};
    ms_init_draft *d = draft(p, 4, &o);
    ck_assert_uint_eq(d->n_q, 1);
    ck_assert(d->q[0].waves_from_files);
    ck_assert_str_eq(d->q[0].role, "entry_exit");
    char *text;
    size_t len;
    ck_assert(ms_init_programme_text(d, &text, &len) == MS_OK);
    ck_assert_ptr_nonnull(strstr(text, "entry = вход_2025.csv\nentry.earlier =\n    вход_2024.csv\n"));
    ck_assert_ptr_nonnull(strstr(text, "exit = итог_2025.csv\nexit.earlier =\n    итог_2024.csv\n"));
    ck_assert_ptr_nonnull(strstr(text, "quotes = no\n"));
    ms_free(text);
    ck_assert(ms_init_codebook_text(&d->q[0], &text, &len) == MS_OK);
    ck_assert_ptr_nonnull(strstr(text, "\nwave,wave,,Этап анкетирования,,,,,1=входное|2=итоговое,"));
    ck_assert_ptr_nonnull(strstr(text, "year,year,Отметка времени,Учебный год,,,,,,,school_year\n"));
    ms_free(text);
    ms_init_draft_destroy(d);
}
END_TEST

/* ---------- rules on small exports ---------- */

static ms_init_draft *draft_text(const char *name, const char *csv)
{
    char path[512];
    write_text(name, csv, path, sizeof path);
    const char *p[] = {path};
    ms_init_options o = {0};
    return draft(p, 1, &o);
}

static const ms_init_column *col(const ms_init_draft *d, size_t i)
{
    ck_assert_uint_gt(d->q[0].n_cols, i);
    return &d->q[0].cols[i];
}

START_TEST(consent_maps_the_answers_seen)
{
    ms_init_draft *d = draft_text(
        "a.csv", "Согласны ли вы на обработку персональных данных?,Оценка\n"
                 "\"Да, согласен(на)\",3\n\"Нет, не согласен(на)\",4\n\"Да, согласен(на)\",5\n");
    ck_assert_int_eq(col(d, 0)->type, MS_TYPE_CONSENT);
    ck_assert_str_eq(col(d, 0)->choices, "1=Да, согласен(на)|0=Нет, не согласен(на)");
    ms_init_draft_destroy(d);
}
END_TEST

START_TEST(ladder_in_words_is_a_scale_in_ladder_order)
{
    ms_init_draft *d = draft_text("a.csv", "Мне нравится работа\nСкорее да\nсовсем нет\n"
                                           "Полностью да\nСкорее да\nЗатрудняюсь ответить\n");
    const ms_init_column *c = col(d, 0);
    ck_assert_int_eq(c->type, MS_TYPE_SCALE);
    ck_assert(c->min == 1 && c->max == 4);
    ck_assert_str_eq(c->choices, "1=совсем нет|2=Скорее нет|3=Скорее да|4=Полностью да");
    ck_assert_str_eq(c->missing, "Затрудняюсь ответить");
    ms_init_draft_destroy(d);
}
END_TEST

START_TEST(range_comes_from_the_question_text)
{
    ms_init_draft *d = draft_text(
        "a.csv", "\"Насколько согласны? (1 — совсем не согласен, 5 — полностью согласен) [Мне "
                 "трудно планировать]\",Оцените от 0 до 10\n2,3\n3,4\n2,5\n");
    ck_assert_int_eq(col(d, 0)->type, MS_TYPE_SCALE);
    ck_assert(col(d, 0)->min == 1 && col(d, 0)->max == 5);
    ck_assert(col(d, 0)->negative && col(d, 0)->check); /* «трудно»: flagged, not reversed */
    ck_assert_str_eq(col(d, 0)->label, "Мне трудно планировать");
    ck_assert(col(d, 1)->min == 0 && col(d, 1)->max == 10);
    ck_assert(!col(d, 1)->check);
    ms_init_draft_destroy(d);
}
END_TEST

START_TEST(multi_keeps_an_option_with_a_comma_whole)
{
    ms_init_draft *d = draft_text("a.csv", "Что удобно?\n\"очно, в группе\"\nонлайн\n"
                                           "\"онлайн, очно, в группе\"\nсмешанный\n"
                                           "\"смешанный, онлайн\"\n\"очно, в группе, смешанный\"\n");
    ck_assert_int_eq(col(d, 0)->type, MS_TYPE_MULTI);
    ck_assert_ptr_nonnull(strstr(col(d, 0)->choices, "=очно, в группе"));
    ck_assert_ptr_null(strstr(col(d, 0)->choices, "=в группе"));
    ms_init_draft_destroy(d);
}
END_TEST

START_TEST(personal_columns_keep_no_value)
{
    ms_init_draft *d = draft_text(
        "a.csv", "Адрес электронной почты,Телефон,\"Фамилия, имя\",Код участника,"
                 "Код наставнической пары,Контакт\n"
                 "a@b.ru,+7 912 345-67-89,Иванова Анна,МС-07,П-1,x@y.ru\n"
                 "c@d.ru,8-912-345-67-80,Петров Пётр,МС-08,П-2,z@y.ru\n");
    ms_vartype want[] = {MS_TYPE_PERSONAL, MS_TYPE_PERSONAL, MS_TYPE_PERSONAL, MS_TYPE_ID,
                         MS_TYPE_PAIR, MS_TYPE_PERSONAL};
    for (size_t i = 0; i < 6; i++) {
        ck_assert_int_eq(col(d, i)->type, want[i]);
        ck_assert_ptr_null(col(d, i)->choices);
    }
    char *text;
    size_t len;
    ck_assert(ms_init_codebook_text(&d->q[0], &text, &len) == MS_OK);
    static const char *const secrets[] = {"a@b.ru", "345-67", "Иванова", "МС-07", "П-1", "x@y"};
    for (size_t i = 0; i < 6; i++)
        ck_assert_msg(!strstr(text, secrets[i]), "%s in the draft", secrets[i]);
    ms_free(text);
    ms_init_draft_destroy(d);
}
END_TEST

START_TEST(bad_columns_are_flagged_not_dropped)
{
    ms_init_draft *d = draft_text("a.csv", "Вопрос,Пусто,Вопрос,Смесь\nда,,1,5\nнет,,2,пять\n"
                                           "да,,3,7\n");
    ck_assert_int_eq(col(d, 0)->type, MS_TYPE_YESNO);
    ck_assert_int_eq(col(d, 1)->type, MS_TYPE_IGNORE); /* empty */
    ck_assert(col(d, 1)->check);
    /* a repeated header: read as the 2nd column so headed, drafted as what it
     * is (1, 2, 3: a row number) */
    ck_assert_ptr_nonnull(strstr(col(d, 2)->reason, "номер строки"));
    ck_assert_ptr_nonnull(strstr(col(d, 2)->reason, "у столбца 1:"));
    ck_assert_int_eq(col(d, 3)->type, MS_TYPE_TEXT); /* numbers and words */
    ck_assert(col(d, 3)->check);
    ms_init_draft_destroy(d);
}
END_TEST

START_TEST(one_row_export_is_drafted)
{
    ms_init_draft *d = draft_text("mentors_bank.csv", "Отметка времени,Стаж\n"
                                                      "05/12/2025 11:50:26 GMT+5,12\n");
    ck_assert_int_eq(col(d, 0)->type, MS_TYPE_YEAR);
    ck_assert_str_eq(col(d, 0)->derive, "school_year");
    ck_assert_str_eq(d->q[0].role, "mentors_bank");
    ms_init_draft_destroy(d);
}
END_TEST

START_TEST(header_only_export_is_refused_with_its_name)
{
    char path[512];
    ms_error err = {0};
    write_text("h.csv", "a,b\n", path, sizeof path);
    ck_assert(draft_refused(path, &err) == MS_ERR_NODATA);
    ck_assert_str_eq(err.file, path);
}
END_TEST

START_TEST(time_stamps_of_every_form_are_a_school_year_the_loader_reads)
{
    /* one grammar (datetime.h): what init drafts as a derivation, the loader reads */
    static const char *const s[] = {"05/12/2025 11:50:26 GMT+5", "2025/05/12 11:50:26 AM GMT+3",
                                    "12.05.2025 11:50:26", "2025-05-12T11:50:26",
                                    "2025-05-12 11:50:26", "2025/05/12 6:05:54 ПП GMT+3",
                                    "2025/05/12 6:05:54 ДП GMT+3"};
    for (size_t i = 0; i < sizeof s / sizeof *s; i++) {
        char csv[256];
        snprintf(csv, sizeof csv, "Отметка времени,Оценка (1-5)\n%s,3\n%s,4\n", s[i], s[i]);
        ms_init_draft *d = draft_text("stamp.csv", csv);
        ck_assert_msg(col(d, 0)->type == MS_TYPE_YEAR, "%s", s[i]);
        ck_assert_str_eq(col(d, 0)->derive, "school_year");
        ck_assert_msg(!col(d, 0)->check, "%s: %s", s[i], col(d, 0)->reason);
        ms_init_draft_destroy(d);
    }
}
END_TEST

/* Inputs that once made fuzz_init fail: the draft's codebook is one the
 * codebook reader takes (NUL bytes in answers, a number too big for an
 * integer, a construct named like a column, a time-stamp column whose
 * header reads like a grid's row: its label was overwritten and leaked,
 * which the ASan build catches). */
START_TEST(fuzz_regressions_draft_a_readable_codebook)
{
    static const char *const files[] = {"init_nul_in_choices.csv", "init_nul_in_cells.csv",
                                        "init_huge_number.csv", "init_construct_name_clash.csv",
                                        "init_year_column_in_a_grid.csv"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char path[512];
        size_t len;
        snprintf(path, sizeof path, MS_TEST_DATA "/fuzz_regressions/%s", files[i]);
        char *data = ms_test_slurp(path, &len);
        ck_assert_ptr_nonnull(data);
        ms_init_export x;
        ms_init_draft *d = NULL;
        ms_init_options o = {"/tmp"};
        ms_error err = {0};
        if (ms_init_read_export_mem(data, len, files[i], &x, &err) == MS_OK) {
            ck_assert(ms_init_draft_from(&x, 1, &o, &d, &err) == MS_OK);
            char *text;
            ck_assert(ms_init_codebook_text(&d->q[0], &text, &len) == MS_OK);
            ms_codebook *cb = NULL;
            ck_assert_msg(ms_codebook_parse(text, len, files[i], &cb, &err) == MS_OK, "%s: %s",
                          files[i], err.message);
            ms_codebook_destroy(cb);
            ms_free(text);
        }
        ms_init_draft_destroy(d);
        ms_init_export_free(&x);
        free(data);
    }
}
END_TEST

/* fuzz_init: a first row the reader could not split (a lone byte of a UTF-8
 * sequence, then a quote) gave an export of no columns, and init wrote a
 * codebook of no variables, which the reader refuses.  Since the tolerant
 * reading of stray quotes (issue 23 item 8) and the CP1251 detection the
 * row is one column, «Р"»: never an export without columns. */
START_TEST(a_first_row_with_a_lone_byte_and_a_quote_is_one_column_not_none)
{
    size_t len;
    char *data = ms_test_slurp(MS_TEST_DATA "/fuzz_regressions/init_header_without_cells.csv", &len);
    ck_assert_ptr_nonnull(data);
    ms_init_export x;
    ms_error err = {0};
    ck_assert_int_eq(ms_init_read_export_mem(data, len, "export.csv", &x, &err), MS_OK);
    ck_assert_uint_eq(x.n_cols, 1);
    ck_assert_str_eq(x.cols[0].header, "Р\"");
    ms_init_export_free(&x);
    free(data);
}
END_TEST

static void write_export(const char *path, const char *stamp)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "Отметка времени,Код участника,Оцените от 1 до 10\n%s,А-1,5\n%s,А-2,7\n", stamp,
            stamp);
    fclose(f);
}

/* Google Forms names (spaces, parentheses), ';', '#', a quote and one too
 * long for a `key = name` line: drafted quoted, and the programme parser
 * reads back exactly the files given, on the key's line and continuations. */
START_TEST(file_names_with_spaces_and_comment_signs_are_listed_quoted)
{
    char long_name[200];
    int head = snprintf(long_name, sizeof long_name, "Ответы итог (1) ");
    memset(long_name + head, 'x', (size_t)(188 - head));
    snprintf(long_name + 188, sizeof long_name - 188, ".csv"); /* 194 bytes quoted */
    const char *const names[] = {"Анкета вход (Ответы) - Ответы на форму ; 2024.csv",
                                 "итог #1 \"2024\".csv", "вход 2025.csv", long_name};
    const char *const stamps[] = {"20.09.2023 10:00:00", "15.04.2024 10:00:00",
                                  "20.09.2024 10:00:00", "15.04.2025 10:00:00"};
    char paths[4][512], ini[512];
    const char *p[4];
    make_tmpdir();
    for (int i = 0; i < 4; i++) {
        snprintf(paths[i], sizeof paths[i], "%s/%s", tmpdir, names[i]);
        write_export(paths[i], stamps[i]);
        p[i] = paths[i];
    }
    ms_init_options o = {0};
    ms_init_draft *d = draft(p, 4, &o);
    ck_assert(d->n_q == 1 && d->q[0].waves_from_files);
    char *text;
    size_t len;
    ck_assert(ms_init_programme_text(d, &text, &len) == MS_OK);
    ck_assert_msg(strstr(text, "entry = \"вход 2025.csv\"\nentry.earlier =\n"
                               "    \"Анкета вход (Ответы) - Ответы на форму ; 2024.csv\"\n"),
                  "%s", text);
    ck_assert_ptr_nonnull(strstr(text, "    \"итог #1 \"\"2024\"\".csv\"\n"));
    ck_assert_ptr_nonnull(strstr(text, "exit =\n    \"Ответы итог")); /* too long for «exit = » */
    for (const char *line = text; *line;) { /* every line fits the parser's buffer */
        const char *nl = strchr(line, '\n');
        ck_assert_uint_le(nl ? (size_t)(nl - line) : strlen(line), MS_INIT_LINE_MAX);
        line = nl ? nl + 1 : line + strlen(line);
    }
    snprintf(ini, sizeof ini, "%s/programme.ini", tmpdir);
    FILE *f = fopen(ini, "wb");
    ck_assert_ptr_nonnull(f);
    fwrite(text, 1, len, f);
    fclose(f);
    ms_free(text);
    ms_programme *prog = NULL;
    ms_error err = {0};
    ck_assert_msg(ms_programme_load(ini, &prog, &err) == MS_OK, "%s:%zu:%zu: %s", err.file,
                  err.line, err.column, err.message);
    const ms_questionnaire *q = &prog->q[0];
    ck_assert(q->n_data == 2 && q->n_earlier == 2);
    ck_assert_str_eq(q->data[0], paths[2]);
    ck_assert_str_eq(q->data[1], paths[3]);
    ck_assert_str_eq(q->earlier[0], paths[0]);
    ck_assert_str_eq(q->earlier[1], paths[1]);
    ms_programme_destroy(prog);
    ms_init_draft_destroy(d);
    for (int i = 0; i < 4; i++)
        unlink(paths[i]);
    unlink(ini);
}
END_TEST

/* What no line of the programme file can hold is refused, naming the file. */
START_TEST(a_file_name_no_programme_line_can_hold_is_refused)
{
    char long_name[200], path[512];
    memset(long_name, 'x', 192);
    snprintf(long_name + 192, sizeof long_name - 192, ".csv"); /* 196 bytes */
    make_tmpdir();
    snprintf(path, sizeof path, "%s/%s", tmpdir, long_name);
    write_export(path, "20.09.2024 10:00:00");
    const char *const cases[][2] = {{"/tmp/Банк\nнаставников.csv", "line break"},
                                    {path, "too long for a line of the programme file (196 "
                                           "bytes, at most 194)"}};
    for (size_t i = 0; i < 2; i++) {
        const char *p[] = {cases[i][0]};
        ms_init_draft *d = NULL;
        ms_error err = {0};
        ms_init_options o = {tmpdir};
        ck_assert(ms_init_draft_create(p, 1, &o, &d, &err) == MS_ERR_USAGE);
        ck_assert_msg(strstr(err.message, cases[i][1]), "%s", err.message);
        ck_assert_str_eq(err.file, cases[i][0]);
        ck_assert_ptr_null(d);
    }
    unlink(path);
}
END_TEST

/* Every allocation of a draft failing in turn: out of memory, never a crash
 * or a draft with a part missing. */
START_TEST(failing_any_allocation_gives_nomem)
{
    static const char csv[] =
        "Отметка времени,Код участника,Форма наставничества,\"Оцените (1 — нет, 5 — да) [А]\","
        "\"Оцените (1 — нет, 5 — да) [Б]\",Что удобно?,Даю согласие на обработку данных,"
        "Как часто?\n"
        "05/12/2025 11:50:26 GMT+5,Н-1,А,3,4,\"a, b\",Да,Скорее да\n"
        "05/13/2025 11:50:26 GMT+5,Н-2,Б,5,Затрудняюсь ответить,a,Нет,Полностью да\n"
        "05/14/2025 11:50:26 GMT+5,Н-3,А,2,1,b,Да,совсем нет\n";
    char path[512];
    write_text("mentees_satisfaction.csv", csv, path, sizeof path);
    const char *p[] = {path};
    ms_init_options o = {tmpdir};
    ms_test_budget b = {-1, 0, false};
    ms_set_allocator(ms_test_failing_realloc, &b);
    long total = -1, nomem = 0;
    for (long n = -1; n < total || total < 0; n++) {
        b = (ms_test_budget){n, 0, false};
        ms_init_draft *d = NULL;
        char *cb = NULL, *prog = NULL;
        size_t len;
        ms_status st = ms_init_draft_create(p, 1, &o, &d, NULL);
        if (st == MS_OK)
            st = ms_init_codebook_text(&d->q[0], &cb, &len);
        if (st == MS_OK)
            st = ms_init_programme_text(d, &prog, &len);
        if (n < 0) {
            ck_assert_int_eq(st, MS_OK);
            total = b.count;
        } else {
            ck_assert_msg(st == MS_ERR_NOMEM || st == MS_OK, "allocation %ld: status %d", n, st);
            nomem += st == MS_ERR_NOMEM;
        }
        ms_free(cb);
        ms_free(prog);
        ms_init_draft_destroy(d);
    }
    ms_set_allocator(NULL, NULL);
    ck_assert_int_gt(total, 50);
    ck_assert_int_gt(nomem, total * 9 / 10);
}
END_TEST

/* ---------- what a new user's real exports tripped (user trial) ---------- */

START_TEST(a_choice_keeps_its_dont_know_answer_as_missing)
{
    /* the codebook must say «Не знаю» is missing, or every such row is quarantined */
    ms_init_draft *d = draft_text("a.csv", "Что понравилось?\nОбщение\nВстречи\nНе знаю\n"
                                           "Общение\nВстречи\nНе знаю\n");
    ck_assert_int_eq(col(d, 0)->type, MS_TYPE_CHOICE);
    ck_assert_str_eq(col(d, 0)->choices, "1=Встречи|2=Общение");
    ck_assert_ptr_nonnull(col(d, 0)->missing);
    ck_assert_str_eq(col(d, 0)->missing, "Не знаю");
    ms_init_draft_destroy(d);
}
END_TEST

START_TEST(a_yandex_matrix_is_one_construct_labelled_by_its_rows)
{
    ms_init_draft *d = draft_text(
        "a.csv", "Оцените утверждения / Я знаю,Оцените утверждения / Я умею,Да / нет?\n"
                 "скорее согласен,полностью согласен,1\nскорее не согласен,скорее согласен,2\n"
                 "полностью согласен,скорее не согласен,1\n");
    ck_assert_int_eq(d->q[0].n_constructs, 1);
    ck_assert_str_eq(d->q[0].construct_labels[0], "Оцените утверждения");
    ck_assert_str_eq(col(d, 0)->label, "Я знаю");
    ck_assert_str_eq(col(d, 1)->label, "Я умею");
    ck_assert_str_eq(col(d, 0)->construct, col(d, 1)->construct);
    ck_assert_ptr_null(col(d, 2)->construct); /* a lone «A / B» is a question */
    ms_init_draft_destroy(d);
}
END_TEST

START_TEST(a_range_in_parentheses_is_read_from_the_question)
{
    ms_init_draft *d = draft_text("a.csv", "Оценка наставника (1-5),Оценка (0–10)\n2,3\n3,4\n4,5\n");
    ck_assert_int_eq(col(d, 0)->type, MS_TYPE_SCALE);
    ck_assert(col(d, 0)->min == 1 && col(d, 0)->max == 5 && !col(d, 0)->check);
    ck_assert(col(d, 1)->min == 0 && col(d, 1)->max == 10 && !col(d, 1)->check);
    ms_init_draft_destroy(d);
}
END_TEST

START_TEST(percentages_typed_with_a_sign_are_numbers)
{
    ms_init_draft *d = draft_text("a.csv", "Доля выполненных заданий\n75%\n50 %\n100%\n60%\n"
                                           "80%\n90%\n");
    ck_assert_int_eq(col(d, 0)->type, MS_TYPE_NUMBER);
    ck_assert_ptr_null(col(d, 0)->choices);
    ms_init_draft_destroy(d);
}
END_TEST

START_TEST(an_excel_save_with_trailing_empty_columns_and_rows)
{
    /* Excel: «;» and CRLF, two headerless empty columns, an empty row as «;;;» */
    ms_init_draft *d = draft_text("a.csv", "Оценка (1-5);Форма;;\r\n3;А;;\r\n;;;\r\n4;Б;;\r\n"
                                           ";;;\r\n");
    ck_assert_uint_eq(d->q[0].files[0].rows, 2);
    for (size_t i = 2; i < 4; i++) {
        ck_assert_int_eq(col(d, i)->type, MS_TYPE_IGNORE);
        ck_assert(!col(d, i)->check);
        ck_assert_ptr_null(strstr(col(d, i)->reason, "повторяет"));
    }
    ms_init_draft_destroy(d);
}
END_TEST

START_TEST(a_close_call_between_two_roles_is_marked)
{
    ms_init_draft *d = draft_text("банк_наставников.csv",
                                  "Насколько вы удовлетворены программой? (1-5)\n3\n4\n5\n");
    ck_assert_ptr_nonnull(strstr(d->q[0].role_reason, "ПРОВЕРЬТЕ"));
    ms_init_draft_destroy(d);
}
END_TEST

START_TEST(a_questionnaire_no_word_names_gets_the_neutral_role_not_the_first_free_one)
{
    /* a course evaluation: nothing of a mentoring programme in its name or questions */
    char path[512];
    make_tmpdir();
    snprintf(path, sizeof path, "%s/intro-logic-2025-23.csv", tmpdir);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("The seminar leader was well prepared,Any other comments\n5,Good\n4,\n3,Slow\n", f);
    fclose(f);
    const char *p[1] = {path};
    ms_init_options o = {0};
    ms_init_draft *d = draft(p, 1, &o);
    ck_assert_uint_eq(d->n_q, 1);
    ck_assert_str_eq(d->q[0].role, "survey");
    ck_assert(!d->q[0].role_check);
    ck_assert_str_eq(d->q[0].name, "intro_logic"); /* named by its file, not by the role */
    ck_assert_ptr_nonnull(strstr(d->q[0].role_reason, "не называют роль"));
    ms_init_draft_destroy(d);
}
END_TEST

START_TEST(years_only_in_the_file_names_are_drafted_per_file)
{
    /* two exports of one course evaluation, no time stamp: 2023 and 2025 by name */
    char paths[2][512];
    const char *p[2];
    static const char *const names[] = {"intro-logic-2025-23.csv", "intro-logic-2023-23.csv"};
    make_tmpdir();
    for (int i = 0; i < 2; i++) {
        snprintf(paths[i], sizeof paths[i], "%s/%s", tmpdir, names[i]);
        FILE *f = fopen(paths[i], "wb");
        ck_assert_ptr_nonnull(f);
        fputs("The seminar leader was well prepared (1-5)\n5\n4\n3\n", f);
        fclose(f);
        p[i] = paths[i];
    }
    ms_init_options o = {tmpdir};
    ms_init_draft *d = draft(p, 2, &o);
    ck_assert_uint_eq(d->n_q, 1);
    const ms_init_questionnaire *q = &d->q[0];
    ck_assert(q->years_from_names);
    ck_assert_int_eq(q->files[0].year, 2023); /* earlier first, the latest last */
    ck_assert_int_eq(q->files[1].year, 2025);
    char *text;
    size_t len;
    ck_assert_int_eq(ms_init_programme_text(d, &text, &len), MS_OK);
    ck_assert_ptr_nonnull(strstr(text, "\nyears = 2025 2023\n"));
    ms_free(text);
    ck_assert_int_eq(ms_init_codebook_text(q, &text, &len), MS_OK);
    ck_assert_ptr_nonnull(strstr(text, "\nyear,year,year,Год,,,,,,,file\n"));
    ms_free(text);
    ms_init_draft_destroy(d);
}
END_TEST

START_TEST(a_year_in_the_name_of_one_file_only_is_not_drafted)
{
    char paths[2][512];
    const char *p[2];
    static const char *const names[] = {"course-2025.csv", "course-old.csv"};
    make_tmpdir();
    for (int i = 0; i < 2; i++) {
        snprintf(paths[i], sizeof paths[i], "%s/%s", tmpdir, names[i]);
        FILE *f = fopen(paths[i], "wb");
        ck_assert_ptr_nonnull(f);
        fputs("Rating (1-5)\n5\n4\n3\n", f);
        fclose(f);
        p[i] = paths[i];
    }
    ms_init_options o = {tmpdir};
    ms_init_draft *d = draft(p, 2, &o);
    ck_assert(!d->q[0].years_from_names);
    ms_init_draft_destroy(d);
}
END_TEST

START_TEST(a_role_taken_by_another_questionnaire_is_said_so)
{
    /* three satisfaction files, two roles: the third's comment must not say
     * that nothing names its role */
    static const char *const names[] = {"mentees_satisfaction.csv", "mentors_satisfaction.csv",
                                        "удовлетворённость_2025.csv"};
    static const char *const heads[] = {"Оценка наставника (1-5)", "Оценка программы (1-5)",
                                        "Ваша оценка (1-5)"};
    char paths[3][512];
    const char *p[3];
    make_tmpdir();
    for (int i = 0; i < 3; i++) {
        snprintf(paths[i], sizeof paths[i], "%s/%s", tmpdir, names[i]);
        FILE *f = fopen(paths[i], "wb");
        ck_assert_ptr_nonnull(f);
        fprintf(f, "%s\n3\n4\n", heads[i]);
        fclose(f);
        p[i] = paths[i];
    }
    ms_init_options o = {0};
    ms_init_draft *d = draft(p, 3, &o);
    ck_assert_uint_eq(d->n_q, 3);
    const ms_init_questionnaire *third = NULL;
    for (size_t i = 0; i < 3; i++)
        if (d->q[i].role_check)
            third = &d->q[i];
    ck_assert_ptr_nonnull(third);
    ck_assert_ptr_null(strstr(third->role_reason, "ни имя файла"));
    ck_assert_ptr_nonnull(strstr(third->role_reason, "уже у другой анкеты"));
    /* the longer comment still reads back: the programme parser refuses lines over 198 bytes */
    char *prog;
    size_t len;
    ck_assert_int_eq(ms_init_programme_text(d, &prog, &len), MS_OK);
    for (const char *l = prog, *nl; *l; l = nl + 1) {
        nl = strchr(l, '\n');
        ck_assert_ptr_nonnull(nl);
        ck_assert_msg(nl - l <= 198, "line of %td bytes: %.60s", nl - l, l);
    }
    ms_free(prog);
    ms_init_draft_destroy(d);
}
END_TEST

START_TEST(a_multi_option_ticked_by_one_person_is_marked_as_maybe_other)
{
    /* Google Forms appends the text typed into «Другое» as one more option */
    ms_init_draft *d = draft_text(
        "a.csv", "Какая помощь нужна?\n\"Методика, Родители\"\nМетодика\n\"Родители, Проекты\"\n"
                 "\"Методика, Проекты\"\n\"Методика, помогла Ольга Петровна\"\nРодители\n"
                 "Проекты\n");
    ck_assert_int_eq(col(d, 0)->type, MS_TYPE_MULTI);
    ck_assert(col(d, 0)->check);
    ck_assert_ptr_nonnull(strstr(col(d, 0)->reason, "«Другое»"));
    ms_init_draft_destroy(d);
}
END_TEST

START_TEST(a_title_row_above_the_header_is_refused_naming_its_place)
{
    /* a colleague's workbook saved as CSV: «Анкета …;;» above the questions;
     * drafted as it was, every row was quarantined for its number of fields */
    char path[512];
    ms_error err = {0};
    write_text("t.csv",
               "Анкета наставляемых 2025;;\nКод участника;Оценка (1-5);Класс\nК-1;3;5А\nК-2;4;6Б\n",
               path, sizeof path);
    ck_assert(draft_refused(path, &err) == MS_ERR_NODATA);
    ck_assert_str_eq(err.file, path);
    ck_assert(err.line == 1 && err.column == 1);
    ck_assert_ptr_nonnull(strstr(err.message, "title above the header"));
    /* one question, one column: no title */
    ms_init_draft *one = draft_text("one.csv", "Оценка (1-5)\n3\n4\n");
    ck_assert_uint_eq(one->q[0].n_cols, 1);
    ms_init_draft_destroy(one);
}
END_TEST

START_TEST(a_time_stamp_column_with_cells_that_are_no_dates_derives_nothing_and_is_marked)
{
    /* 31.02 and 99:99 are no dates for the loader, so none for init either: no
     * derivation the loader would answer by quarantining every such row
     * (20/09/2024 is one, read day first as the column's only slashed date) */
    ms_init_draft *d = draft_text("a.csv", "Отметка времени,Оценка (1-5)\n12.05.2025 11:50:26,3\n"
                                           "31.02.2025 10:00:00,4\n12.05.2025 99:99,2\n"
                                           "20/09/2024 10:00:00,5\n");
    ck_assert_int_eq(col(d, 0)->type, MS_TYPE_IGNORE);
    ck_assert_ptr_null(col(d, 0)->derive);
    ck_assert(col(d, 0)->check);
    ck_assert_ptr_nonnull(strstr(col(d, 0)->reason, "не дата в 2 из 4"));
    ms_init_draft_destroy(d);
}
END_TEST

START_TEST(keywords_are_matched_as_whole_words_only)
{
    ms_init_draft *d = draft_text(
        "w.csv", "Предпочтения по времени,Что нового вы узнали о своём коде?,"
                 "How confident are you in code testing?,What is the name of course?,"
                 "Адрес электронной почты\n"
                 "утро,ничего,4,Logic,a1@example.org\nвечер,тесты,5,Logic,a2@example.org\n"
                 "утро,ничего,4,Algebra,a3@example.org\nутро,ревью,3,Logic,a4@example.org\n"
                 "вечер,ничего,4,Algebra,a5@example.org\nутро,тесты,2,Logic,a6@example.org\n");
    for (size_t i = 0; i < 4; i++) {
        ck_assert_msg(col(d, i)->type != MS_TYPE_PERSONAL && col(d, i)->type != MS_TYPE_ID &&
                          col(d, i)->type != MS_TYPE_IGNORE,
                      "%s: %s", col(d, i)->source, col(d, i)->reason);
    }
    ck_assert_int_eq(col(d, 2)->type, MS_TYPE_SCALE);
    ck_assert_int_eq(col(d, 4)->type, MS_TYPE_PERSONAL);
    ck_assert(!col(d, 4)->check);
    ms_init_draft_destroy(d);
}
END_TEST

START_TEST(a_column_taken_out_by_a_word_in_a_long_question_is_marked)
{
    ms_init_draft *d = draft_text("m.csv", "Please tell us your code name for the club if you have one\n"
                                           "fox\nowl\nfox\nbear\n");
    ck_assert_int_eq(col(d, 0)->type, MS_TYPE_ID);
    ck_assert(col(d, 0)->check);
    ms_init_draft_destroy(d);
}
END_TEST

START_TEST(qualtrics_and_limesurvey_bookkeeping_is_never_a_scale)
{
    ms_init_draft *d = draft_text(
        "q.csv", "StartDate,EndDate,Status,IPAddress,Progress,Duration (in seconds),Finished,"
                 "RecordedDate,ResponseId,LocationLatitude,lastpage,seed,Q1\n"
                 "2021-03-01 10:00:00,2021-03-01 10:05:00,0,10.0.0.1,100,300,1,"
                 "2021-03-01 10:05:00,R_1,55.7,3,123,4\n"
                 "2021-03-02 10:00:00,2021-03-02 10:07:00,0,10.0.0.2,100,420,1,"
                 "2021-03-02 10:07:00,R_2,55.8,3,456,5\n");
    for (size_t i = 0; i < 12; i++)
        ck_assert_msg(col(d, i)->type == MS_TYPE_IGNORE || col(d, i)->type == MS_TYPE_PERSONAL,
                      "%s: %s", col(d, i)->source, col(d, i)->reason);
    ck_assert_int_eq(col(d, 3)->type, MS_TYPE_PERSONAL);
    ck_assert_int_eq(col(d, 9)->type, MS_TYPE_PERSONAL);
    ms_init_draft_destroy(d);
}
END_TEST

/* Issue 23 item 2: options nobody ticked alone, options holding the separator,
 * the free «Другое» text, and rows in any order. */
static const char *const multi_rows[] = {
    "\"Методика, Да, но редко\"", "\"Методика, Проекты, Родители\"", "\"Проекты, Родители\"",
    "\"Да, но редко, Проекты\"", "Методика", "\"Методика, Родители, помогла соседка по парте\"",
    "\"Родители, Проекты\""};

static char *multi_export(const size_t *order)
{
    static char csv[1024];
    size_t n = (size_t)snprintf(csv, sizeof csv, "Какая помощь нужна?\n");
    for (size_t i = 0; i < 7; i++)
        n += (size_t)snprintf(csv + n, sizeof csv - n, "%s\n", multi_rows[order[i]]);
    return csv;
}

START_TEST(multi_options_are_recovered_from_every_cell_in_any_order)
{
    static const size_t orders[][7] = {{0, 1, 2, 3, 4, 5, 6}, {6, 5, 4, 3, 2, 1, 0},
                                       {3, 1, 6, 0, 5, 2, 4}};
    const char *want = "1=Да, но редко|2=Методика|3=Проекты|4=Родители|5=Другое";
    for (size_t k = 0; k < 3; k++) {
        ms_init_draft *d = draft_text("m.csv", multi_export(orders[k]));
        ck_assert_int_eq(col(d, 0)->type, MS_TYPE_MULTI);
        ck_assert_str_eq(col(d, 0)->choices, want);
        ck_assert(col(d, 0)->check); /* the «Другое» text is said */
        ms_init_draft_destroy(d);
    }
}
END_TEST

START_TEST(a_choice_whose_labels_hold_a_comma_stays_a_choice)
{
    ms_init_draft *d = draft_text("c.csv", "Формат?\n\"в группе, очно\"\n\"индивидуально, очно\"\n"
                                           "\"индивидуально, онлайн\"\n\"в группе, очно\"\n"
                                           "\"индивидуально, очно\"\n");
    ck_assert_int_eq(col(d, 0)->type, MS_TYPE_CHOICE);
    ms_init_draft_destroy(d);
}
END_TEST

START_TEST(a_semicolon_joined_answer_is_not_cut_at_its_commas)
{
    ms_init_draft *d = draft_text("s.csv", "Темы\n\"Методика, дидактика;Родители\"\n"
                                           "\"Родители;Проекты\"\nПроекты\n"
                                           "\"Методика, дидактика;Проекты\"\n");
    ck_assert_int_eq(col(d, 0)->type, MS_TYPE_MULTI);
    ck_assert_str_eq(col(d, 0)->choices, "1=Методика, дидактика|2=Проекты|3=Родители");
    ms_init_draft_destroy(d);
}
END_TEST

START_TEST(english_answer_ladders_are_scales_in_ladder_order)
{
    ms_init_draft *d = draft_text(
        "l.csv", "The mentor listened to me,How often did you meet?,How satisfied are you?,"
                 "Rate the sessions,How confident are you now?\n"
                 "Agree,Never,Very satisfied,Poor,Not confident\n"
                 "Strongly agree,Often,Satisfied,Excellent,Very confident\n"
                 "Neither agree nor disagree,Always,Dissatisfied,Good,Fairly confident\n"
                 "Disagree,Sometimes,Very dissatisfied,Fair,Slightly confident\n");
    const char *first[] = {"1=Strongly disagree|2=Disagree", "1=Never|2=Rarely",
                           "1=Very dissatisfied|2=Dissatisfied", "1=Poor|2=Fair",
                           "1=Not confident|2=Slightly confident"};
    for (size_t i = 0; i < 5; i++) {
        ck_assert_msg(col(d, i)->type == MS_TYPE_SCALE, "%s: %s", col(d, i)->source,
                      col(d, i)->reason);
        ck_assert_msg(!strncmp(col(d, i)->choices, first[i], strlen(first[i])), "%s",
                      col(d, i)->choices);
    }
    ms_init_draft_destroy(d);
}
END_TEST

START_TEST(an_unknown_worded_ladder_is_marked)
{
    ms_init_draft *d = draft_text("u.csv", "How likely?\nFairly likely\nSomewhat likely\n"
                                           "Very likely\nFairly likely\nSomewhat likely\n");
    ck_assert(col(d, 0)->check);
    ck_assert_ptr_nonnull(strstr(col(d, 0)->reason, "шкалу словами"));
    ms_init_draft_destroy(d);
}
END_TEST

/* Редко/Иногда/Постоянно (a real Russian export, tests/real: SashaL01's
 * techdebt form) is a frequency ladder init does not know: marked, never
 * silently put in alphabetical order */
START_TEST(a_russian_frequency_ladder_init_does_not_know_is_marked)
{
    ms_init_draft *d = draft_text("f.csv", "Как часто?\nРедко\nРедко\nИногда\nПостоянно\n"
                                           "Редко\nИногда\nПостоянно\n");
    ck_assert_int_eq(col(d, 0)->type, MS_TYPE_CHOICE);
    ck_assert(col(d, 0)->check);
    ck_assert_ptr_nonnull(strstr(col(d, 0)->reason, "шкалу словами"));
    ms_init_draft_destroy(d);
    /* marinanastas' film quiz: «Каждый день … Очень редко» was alphabetical, unmarked */
    d = draft_text("w.csv", "Как часто?\nКаждый день\nПару раз в неделю\nНесколько раз в месяц\n"
                            "Очень редко\nКаждый день\nПару раз в неделю\n");
    ck_assert(col(d, 0)->check);
    ms_init_draft_destroy(d);
}
END_TEST

/* A time stamp under an empty header (a real Google Forms .xlsx) is drafted
 * as the time stamp, named by its position «#1»; a headerless column of
 * answers too, marked for a label; a question Google repeats under one title
 * is drafted as what it is, each with its own name and a label that tells
 * them apart (the k-th codebook row with a source reads the k-th column). */
START_TEST(a_headerless_or_repeated_column_is_drafted_as_what_it_is)
{
    ms_init_draft *d = draft_text("h.csv", ",Оценка,Вопрос,Вопрос,Вопрос,\n"
                                           "2025/05/12 11:50:26 AM GMT+3,3,да,а,б,x\n"
                                           "2025/05/13 11:50:26 AM GMT+3,4,нет,а,б,y\n"
                                           "2025/05/14 11:50:26 AM GMT+3,5,да,б,а,x\n");
    ck_assert_int_eq(col(d, 0)->type, MS_TYPE_YEAR);
    ck_assert_str_eq(col(d, 0)->source, "#1");
    ck_assert_ptr_nonnull(col(d, 0)->derive);
    ck_assert_msg(!col(d, 0)->check, "%s", col(d, 0)->reason);
    ck_assert_ptr_nonnull(strstr(col(d, 0)->reason, "source = #1"));
    ck_assert_int_eq(col(d, 3)->type, MS_TYPE_CHOICE);
    ck_assert_int_eq(col(d, 4)->type, MS_TYPE_CHOICE);
    ck_assert_str_eq(col(d, 4)->source, "Вопрос");
    ck_assert_str_ne(col(d, 3)->name, col(d, 4)->name);
    ck_assert_str_eq(col(d, 4)->label, "Вопрос (3)");
    ck_assert_ptr_nonnull(strstr(col(d, 4)->reason, "у столбца 3:"));
    ck_assert_str_eq(col(d, 5)->source, "#6");
    ck_assert(col(d, 5)->check); /* no question: a person gives the label */
    char *text = NULL;
    size_t len = 0;
    ck_assert(ms_init_codebook_text(&d->q[0], &text, &len) == MS_OK);
    ck_assert_ptr_nonnull(strstr(text, ",#1,"));
    ck_assert_ptr_nonnull(strstr(text, ",#6,"));
    ms_free(text);
    ms_init_draft_destroy(d);
}
END_TEST

/* Few people answering a form's options give nearly as many answers as there
 * are people (SashaL01's techdebt form: four options among six, one of them
 * 3 of 6): a choice, every answer an option; not when the question asks for
 * the person's own words.  A text column whose short answers repeat, with too
 * many to be options, is still marked as a likely choice with «Другое». */
START_TEST(few_people_answering_options_give_a_choice_and_repeating_text_is_marked)
{
    ms_init_draft *d = draft_text(
        "t.csv", "Как часто нужно улучшать систему?,Что бы вы улучшили?\n"
                 "Иногда (раз в год),Больше практики\nНикогда,Время\n"
                 "Регулярно (раз в месяц),Ничего\n"
                 "Только когда появляется критическая ошибка,Ничего\n"
                 "Регулярно (раз в месяц),Ничего\n"
                 "Регулярно (раз в месяц),Еду\n");
    ck_assert_int_eq(col(d, 0)->type, MS_TYPE_CHOICE);
    ck_assert_ptr_nonnull(strstr(col(d, 0)->choices, "=Никогда"));
    ck_assert_ptr_nonnull(strstr(col(d, 0)->choices, "=Только когда появляется критическая ошибка"));
    ck_assert_int_eq(col(d, 1)->type, MS_TYPE_TEXT);
    ms_init_draft_destroy(d);
    ms_sbuf b = {0};
    ms_sbuf_puts(&b, "Ваш ответ\n");
    for (int i = 0; i < 27; i++)
        if (i < 14)
            ms_sbuf_puts(&b, i < 10 ? "Да\n" : "Нет\n");
        else
            ms_sbuf_printf(&b, "Слово%d\n", i);
    d = draft_text("r.csv", ms_sbuf_str(&b));
    ms_sbuf_free(&b);
    ck_assert_int_eq(col(d, 0)->type, MS_TYPE_TEXT);
    ck_assert(col(d, 0)->check);
    ck_assert_ptr_nonnull(strstr(col(d, 0)->reason, "«Другое»"));
    ms_init_draft_destroy(d);
    /* the same answers under a long question that mentions «код»: no participant code */
    d = draft_text("k.csv", "Как часто нужно улучшать код?\nИногда (раз в год)\nНикогда\n"
                            "Регулярно (раз в месяц)\nТолько когда появляется критическая ошибка\n"
                            "Регулярно (раз в месяц)\nРегулярно (раз в месяц)\n");
    ck_assert_int_ne(col(d, 0)->type, MS_TYPE_ID);
    ck_assert(col(d, 0)->check);
    ms_init_draft_destroy(d);
}
END_TEST

/* Short different answers under an open question (ru_forms_task_manager_2026:
 * «Почему вы бы НЕ стали этим пользоваться?») are a person's own words, not
 * «имена? коды?» */
START_TEST(short_answers_to_an_open_question_are_text_not_names)
{
    ms_init_draft *d = draft_text("o.csv", "Почему вы бы не стали этим пользоваться?\n"
                                           "дорого\nнеудобно\nне нужно\nлень\nнет времени\n");
    ck_assert_int_eq(col(d, 0)->type, MS_TYPE_TEXT);
    ck_assert(!col(d, 0)->check);
    ms_init_draft_destroy(d);
    d = draft_text("e.csv", "Any other comments\nno\nT01\nT02\nnothing\nT03\n");
    ck_assert_int_eq(col(d, 0)->type, MS_TYPE_TEXT);
    ms_init_draft_destroy(d);
}
END_TEST

/* A guessed range shared by several scales is one decision: one «!» on the
 * first, the others name it (UPPMAX's NAISS grid: 32 marks for one range) */
START_TEST(a_shared_guessed_range_is_marked_once)
{
    ms_init_draft *d = draft_text("g.csv", "Насколько [А],Насколько [Б],Насколько [В]\n"
                                           "2,3,4\n3,4,2\n4,2,3\n3,3,3\n");
    ck_assert_int_eq(col(d, 0)->type, MS_TYPE_SCALE);
    ck_assert(col(d, 0)->check);
    for (size_t i = 1; i < 3; i++) {
        ck_assert_int_eq(col(d, i)->type, MS_TYPE_SCALE);
        ck_assert_msg(!col(d, i)->check, "%s", col(d, i)->reason);
        ck_assert_ptr_nonnull(strstr(col(d, i)->reason, "тот же, что у"));
        ck_assert_double_eq(col(d, i)->min, col(d, 0)->min);
        ck_assert_double_eq(col(d, i)->max, col(d, 0)->max);
    }
    ms_init_draft_destroy(d);
}
END_TEST

/* «по 5-балльной шкале» states the range (marinanastas' film quiz: it was
 * guessed and marked); a stated range the answers leave is not trusted */
START_TEST(a_range_in_points_is_read_and_one_the_answers_leave_is_guessed)
{
    ms_init_draft *d = draft_text("b.csv", "Оцените по 5-балльной шкале,Оцените от 1 до 10\n"
                                           "2,0\n3,4\n5,9\n4,7\n");
    ck_assert_int_eq(col(d, 0)->type, MS_TYPE_SCALE);
    ck_assert_double_eq(col(d, 0)->min, 1);
    ck_assert_double_eq(col(d, 0)->max, 5);
    ck_assert(!col(d, 0)->check);
    ck_assert_int_eq(col(d, 1)->type, MS_TYPE_SCALE);
    ck_assert_double_eq(col(d, 1)->min, 0); /* 0 was answered: not 1–10 */
    ck_assert(col(d, 1)->check);
    ms_init_draft_destroy(d);
}
END_TEST

START_TEST(a_short_list_of_long_answers_is_a_choice)
{
    char csv[4096];
    const char *a = "Он, безусловно, является экспертом в моей профессиональной сфере и знает о ней "
                    "больше всех, кого я встречал за годы работы в этой организации";
    const char *b = "Он практически не обладает профессиональными знаниями и навыками в сфере моих "
                    "профессиональных обязанностей | и не стремится их получить";
    snprintf(csv, sizeof csv, "Профессиональные качества\n\"%s\"\n\"%s\"\n\"%s\"\nНе знаю\n", a,
             b, a);
    ck_assert_uint_gt(strlen(a), 120);
    ms_init_draft *d = draft_text("long.csv", csv);
    ck_assert_int_eq(col(d, 0)->type, MS_TYPE_CHOICE);
    ck_assert_ptr_null(col(d, 0)->choices); /* '|' cannot be listed: levels as first seen */
    ms_init_draft_destroy(d);
}
END_TEST

START_TEST(scales_of_one_form_share_their_range_and_say_why)
{
    ms_init_draft *d = draft_text("r.csv", "Оценка А,Оценка Б\n0,3\n10,10\n5,7\n");
    ck_assert_int_eq(col(d, 1)->type, MS_TYPE_SCALE);
    ck_assert(col(d, 1)->min == 0 && col(d, 1)->max == 10);
    ck_assert_ptr_nonnull(strstr(col(d, 1)->reason, "в ответах только целые числа 3–10"));
    ck_assert_ptr_nonnull(strstr(col(d, 1)->reason, "как у других вопросов"));
    ms_init_draft_destroy(d);
}
END_TEST

START_TEST(a_choice_with_other_text_lists_the_options_and_other)
{
    char csv[2048];
    size_t n = (size_t)snprintf(csv, sizeof csv, ",Где встречаться?,Класс\n");
    static const char *const a[] = {"В школе", "В кафе", "Онлайн"};
    for (int i = 0; i < 30; i++)
        n += (size_t)snprintf(csv + n, sizeof csv - n, "%d,%s,%d\n", i + 1, a[i % 3], 5 + i % 2);
    n += (size_t)snprintf(csv + n, sizeof csv - n, "31,у меня дома,5\n32,где угодно,6\n33,в парке,5\n");
    ms_init_draft *d = draft_text("o.csv", csv);
    ck_assert_int_eq(col(d, 0)->type, MS_TYPE_IGNORE); /* R's row numbers */
    ck_assert_int_eq(col(d, 1)->type, MS_TYPE_CHOICE);
    ck_assert_str_eq(col(d, 1)->choices, "1=В кафе|2=В школе|3=Онлайн|4=Другое");
    ck_assert(col(d, 1)->check);
    ms_init_draft_destroy(d);
}
END_TEST

/* ru_forms_task_manager_2026.xlsx: a checkbox «Да»/«Нет» that one person
 * answered «Да, Нет» is a multi of two options, not a choice of three. */
START_TEST(a_checkbox_answered_yes_and_no_at_once_is_a_multi)
{
    char csv[1024];
    size_t n = (size_t)snprintf(csv, sizeof csv, "Используете ли вы мессенджеры?\n");
    for (int i = 0; i < 20; i++)
        n += (size_t)snprintf(csv + n, sizeof csv - n, "%s\n", i % 10 ? "Да" : "Нет");
    snprintf(csv + n, sizeof csv - n, "\"Да, Нет\"\n");
    ms_init_draft *d = draft_text("y.csv", csv);
    ck_assert_int_eq(col(d, 0)->type, MS_TYPE_MULTI);
    ck_assert_str_eq(col(d, 0)->choices, "1=Да|2=Нет");
    ms_init_draft_destroy(d);
    /* one answer joining a part nobody gave alone stays a choice's label */
    d = draft_text("c.csv", "Формат?\nочно\nочно\nонлайн\nонлайн\n\"очно, в группе\"\nочно\n"
                            "онлайн\nочно\n");
    ck_assert_int_eq(col(d, 0)->type, MS_TYPE_CHOICE);
    ms_init_draft_destroy(d);
}
END_TEST

/* ds4owd's exit survey: everyone said Yes; the answer nobody gave is No, in
 * the questionnaire's language, not «Нет». */
START_TEST(an_english_yes_no_drafts_the_answer_nobody_gave_in_english)
{
    ms_init_draft *d = draft_text("e.csv", "learning_objectives\nYes\nYes\nYes\n");
    ck_assert_int_eq(col(d, 0)->type, MS_TYPE_YESNO);
    ck_assert_str_eq(col(d, 0)->choices, "1=Yes|0=No");
    ms_init_draft_destroy(d);
    d = draft_text("r.csv", "Был ли опыт?\nНет\nНет\n");
    ck_assert_str_eq(col(d, 0)->choices, "1=Да|0=Нет");
    ms_init_draft_destroy(d);
}
END_TEST

/* «0 ₽» typed and «0₽» shown by an .xlsx currency format: one option, the
 * form's spelling (with the space). */
/* UPPMAX's course survey (24/04/2025 08:50:04): a column some cell of which
 * only day first reads is day first as a whole; a US download stays month
 * first; a column mixing both orders derives nothing. */
START_TEST(day_first_time_stamps_derive_a_day_first_school_year)
{
    ms_init_draft *d = draft_text("uk.csv", "Timestamp,Score (1-5)\n24/04/2025 08:50:04,3\n"
                                            "03/04/2025 09:00:00,4\n");
    ck_assert_int_eq(col(d, 0)->type, MS_TYPE_YEAR);
    ck_assert_str_eq(col(d, 0)->derive, "school_year_dmy");
    ms_init_draft_destroy(d);
    d = draft_text("us.csv", "Timestamp,Score (1-5)\n04/24/2025 08:50:04,3\n03/04/2025 9:00:00,4\n");
    ck_assert_str_eq(col(d, 0)->derive, "school_year");
    ms_init_draft_destroy(d);
    d = draft_text("mix.csv", "Timestamp,Score (1-5)\n04/24/2025 08:50:04,3\n24/04/2025 9:00:00,4\n");
    ck_assert_ptr_null(col(d, 0)->derive);
    ck_assert(col(d, 0)->check);
    ms_init_draft_destroy(d);
}
END_TEST

/* ru_forms_travel_2018.xlsx: «Что ни говори, а россикий юг это родное» was
 * ticked by one person, but stands before «Турция - дешево и сердито»: a form
 * writes the text typed into «Другое» last, so it is an option.  At the end,
 * one person's text holding commas («Артхаус, Порно») is one «Другое». */
START_TEST(a_multi_option_one_person_chose_is_known_by_the_option_after_it)
{
    ms_init_draft *d = draft_text(
        "m.csv", "А на каком пляже?\nБаунти\nБаунти\n\"Баунти, Турция\"\n\"Баунти, ОАЭ\"\n"
                 "ОАЭ\n\"Баунти, Что ни говори, а юг родное, Турция\"\n\"Турция, Артхаус, Порно\"\n");
    ck_assert_int_eq(col(d, 0)->type, MS_TYPE_MULTI);
    ck_assert_str_eq(col(d, 0)->choices,
                     "1=Баунти|2=ОАЭ|3=Турция|4=Что ни говори, а юг родное|5=Другое");
    ck_assert_ptr_nonnull(strstr(col(d, 0)->reason, "свой текст одного человека (1)"));
    ck_assert_ptr_nonnull(strstr(col(d, 0)->reason, "выбраны одним человеком: 1"));
    ms_init_draft_destroy(d);
}
END_TEST

/* ru_forms_cinema_2018.xlsx: a grid's row label quotes a film («…сделать ему
 * предложение…», «Мы признаём, что…») — the question is no open one for it;
 * a long text typed once into «Другое» does not make the options long; two
 * people's own words, neither given twice, are no choice. */
START_TEST(grid_row_labels_and_long_other_texts_leave_a_choice_a_choice)
{
    char csv[2048];
    size_t n = (size_t)snprintf(csv, sizeof csv,
                                "Откуда цитата? [\"Я сделаю ему предложение, от которого он не "
                                "сможет отказаться\"],Какой фильм из предложенных важнее?\n");
    static const char *const film[] = {"Крестный отец", "Касабланка", "Терминатор", "Титаник",
                                       "Аполлон 13", "Клуб Завтрак"};
    for (int i = 0; i < 24; i++)
        n += (size_t)snprintf(csv + n, sizeof csv - n, "%s,%s\n", film[i % 5], film[i % 6]);
    static const char *const own[] = {
        "Гражданин Кейн задал современную роль режиссера и новаторских технических приемов",
        "Не могу сравнивать эти фильмы", "Властелин колец", "Криминальное чтиво"};
    for (int i = 0; i < 4; i++)
        n += (size_t)snprintf(csv + n, sizeof csv - n, "Крестный отец,%s\n", own[i]);
    ms_init_draft *d = draft_text("g.csv", csv);
    ck_assert_int_eq(col(d, 0)->type, MS_TYPE_CHOICE);
    ck_assert_int_eq(col(d, 1)->type, MS_TYPE_CHOICE);
    ck_assert_str_eq(col(d, 1)->choices, "1=Аполлон 13|2=Касабланка|3=Клуб Завтрак|4=Крестный "
                                         "отец|5=Терминатор|6=Титаник|7=Другое");
    ms_init_draft_destroy(d);
    d = draft_text("t.csv", "Что вы хотели бы изучать?,Оценка (1-5)\nИскусство,3\n,4\n"
                            "английский и психологию,5\n");
    ck_assert_int_ne(col(d, 0)->type, MS_TYPE_CHOICE);
    ms_init_draft_destroy(d);
}
END_TEST

/* ru_forms_task_manager_2026.xlsx: «…на организацию задач…» only mentions the
 * word: a choice, marked, and no comparison `by` it; «Ваша организация?» and
 * «Класс» are groups. */
START_TEST(a_long_question_mentioning_an_organisation_is_a_marked_choice)
{
    ms_init_draft *d = draft_text(
        "o.csv", "Сколько времени вы тратите на организацию задач в неделю?,Ваша организация?,Класс\n"
                 "<30 минут,Школа 1,5А\n1-2 часа,Школа 2,6Б\n<30 минут,Школа 1,5А\n1-2 часа,Школа 2,6Б\n");
    ck_assert_int_eq(col(d, 0)->type, MS_TYPE_CHOICE);
    ck_assert(col(d, 0)->check);
    ck_assert_int_eq(col(d, 1)->type, MS_TYPE_GROUP);
    ck_assert_int_eq(col(d, 2)->type, MS_TYPE_GROUP);
    ms_init_draft_destroy(d);
}
END_TEST

START_TEST(answers_differing_only_in_spaces_are_one_option)
{
    ms_init_draft *d = draft_text("m.csv", "Сколько тратите?\n0₽\n0₽\n0 ₽\n0₽\n0 ₽\n"
                                           "До 200 ₽\nДо 200 ₽\n0₽\n");
    ck_assert_int_eq(col(d, 0)->type, MS_TYPE_CHOICE);
    ck_assert_str_eq(col(d, 0)->choices, "1=0 ₽|2=До 200 ₽");
    ms_init_draft_destroy(d);
}
END_TEST

/* ru_forms_flares_2018.xlsx: formula rows and a link under the answers; a
 * date question beside the time stamp. init counts answers as the loader
 * will, and calls the date question what it is. */
START_TEST(rows_that_are_no_answers_are_counted_apart_and_a_date_question_is_named)
{
    ms_init_draft *d = draft_text(
        "f.csv", "Отметка времени,Оценка,Когда Вы закончили школу?,Класс\n"
                 "2018/02/19 9:51:53,4,2017-06-20,5\n2018/02/19 9:52:53,3,,6\n"
                 "2018/02/19 9:53:53,5,,5\n,,,https://docs.google.com/x\n");
    ck_assert_uint_eq(d->q[0].files[0].rows, 3);
    ck_assert_uint_eq(d->q[0].files[0].note_rows, 1);
    ck_assert_uint_eq(d->q[0].files[0].header_rows, 0);
    ck_assert_int_eq(col(d, 0)->type, MS_TYPE_YEAR);
    ck_assert_int_eq(col(d, 2)->type, MS_TYPE_IGNORE);
    ck_assert_ptr_nonnull(strstr(col(d, 2)->reason, "вопрос о дате"));
    ms_init_draft_destroy(d);
}
END_TEST

START_TEST(qualtrics_question_rows_name_the_columns_and_are_no_answers)
{
    ms_init_draft *d = draft_text(
        "qx.csv",
        "StartDate,EndDate,Finished,ResponseId,Q1,Q2,Q3\n"
        "Start Date,End Date,Finished,Response ID,How satisfied are you with your mentor?,"
        "Please enter your e-mail,What did you like?\n"
        "\"{\"\"ImportId\"\":\"\"startDate\"\",\"\"timeZone\"\":\"\"America/Denver\"\"}\",x,"
        "\"{\"\"ImportId\"\":\"\"finished\"\"}\",\"{\"\"ImportId\"\":\"\"_recordId\"\"}\","
        "\"{\"\"ImportId\"\":\"\"QID1\"\"}\",\"{\"\"ImportId\"\":\"\"QID2\"\"}\","
        "\"{\"\"ImportId\"\":\"\"QID3\"\"}\"\n"
        "2021-03-01 10:00:00,2021-03-01 10:05:00,1,R_1,Very satisfied,a1@example.org,the talks\n"
        "2021-03-02 10:00:00,2021-03-02 10:07:00,1,R_2,Satisfied,a2@example.org,advice\n"
        "2021-03-03 10:00:00,2021-03-03 10:09:00,1,R_3,Dissatisfied,a3@example.org,nothing\n");
    ck_assert_uint_eq(d->q[0].files[0].rows, 3);
    ck_assert_str_eq(col(d, 4)->label, "How satisfied are you with your mentor?");
    for (size_t i = 0; i < 4; i++) /* bookkeeping, known by its header, not its text */
        ck_assert_msg(col(d, i)->type == MS_TYPE_IGNORE, "%s: %s", col(d, i)->source,
                      col(d, i)->reason);
    ck_assert_int_eq(col(d, 4)->type, MS_TYPE_SCALE);
    ck_assert_int_eq(col(d, 5)->type, MS_TYPE_PERSONAL);
    ms_init_draft_destroy(d);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("init");
    TCase *tc = tcase_create("init");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, example_exports_give_the_handwritten_figures);
    tcase_add_test(tc, keywords_are_matched_as_whole_words_only);
    tcase_add_test(tc, qualtrics_question_rows_name_the_columns_and_are_no_answers);
    tcase_add_test(tc, a_choice_with_other_text_lists_the_options_and_other);
    tcase_add_test(tc, a_checkbox_answered_yes_and_no_at_once_is_a_multi);
    tcase_add_test(tc, an_english_yes_no_drafts_the_answer_nobody_gave_in_english);
    tcase_add_test(tc, answers_differing_only_in_spaces_are_one_option);
    tcase_add_test(tc, day_first_time_stamps_derive_a_day_first_school_year);
    tcase_add_test(tc, a_multi_option_one_person_chose_is_known_by_the_option_after_it);
    tcase_add_test(tc, grid_row_labels_and_long_other_texts_leave_a_choice_a_choice);
    tcase_add_test(tc, a_long_question_mentioning_an_organisation_is_a_marked_choice);
    tcase_add_test(tc, rows_that_are_no_answers_are_counted_apart_and_a_date_question_is_named);
    tcase_add_test(tc, english_answer_ladders_are_scales_in_ladder_order);
    tcase_add_test(tc, an_unknown_worded_ladder_is_marked);
    tcase_add_test(tc, a_range_in_points_is_read_and_one_the_answers_leave_is_guessed);
    tcase_add_test(tc, a_shared_guessed_range_is_marked_once);
    tcase_add_test(tc, short_answers_to_an_open_question_are_text_not_names);
    tcase_add_test(tc, few_people_answering_options_give_a_choice_and_repeating_text_is_marked);
    tcase_add_test(tc, a_russian_frequency_ladder_init_does_not_know_is_marked);
    tcase_add_test(tc, a_headerless_or_repeated_column_is_drafted_as_what_it_is);
    tcase_add_test(tc, a_short_list_of_long_answers_is_a_choice);
    tcase_add_test(tc, scales_of_one_form_share_their_range_and_say_why);
    tcase_add_test(tc, multi_options_are_recovered_from_every_cell_in_any_order);
    tcase_add_test(tc, a_choice_whose_labels_hold_a_comma_stays_a_choice);
    tcase_add_test(tc, a_semicolon_joined_answer_is_not_cut_at_its_commas);
    tcase_add_test(tc, a_column_taken_out_by_a_word_in_a_long_question_is_marked);
    tcase_add_test(tc, qualtrics_and_limesurvey_bookkeeping_is_never_a_scale);
    tcase_add_test(tc, a_time_stamp_column_with_cells_that_are_no_dates_derives_nothing_and_is_marked);
    tcase_add_test(tc, a_title_row_above_the_header_is_refused_naming_its_place);
    tcase_add_test(tc, a_multi_option_ticked_by_one_person_is_marked_as_maybe_other);
    tcase_add_test(tc, a_role_taken_by_another_questionnaire_is_said_so);
    tcase_add_test(tc, years_only_in_the_file_names_are_drafted_per_file);
    tcase_add_test(tc, a_year_in_the_name_of_one_file_only_is_not_drafted);
    tcase_add_test(tc, a_questionnaire_no_word_names_gets_the_neutral_role_not_the_first_free_one);
    tcase_add_test(tc, a_choice_keeps_its_dont_know_answer_as_missing);
    tcase_add_test(tc, a_yandex_matrix_is_one_construct_labelled_by_its_rows);
    tcase_add_test(tc, a_range_in_parentheses_is_read_from_the_question);
    tcase_add_test(tc, percentages_typed_with_a_sign_are_numbers);
    tcase_add_test(tc, an_excel_save_with_trailing_empty_columns_and_rows);
    tcase_add_test(tc, a_close_call_between_two_roles_is_marked);
    tcase_add_test(tc, roles_come_from_the_questions_when_names_say_nothing);
    tcase_add_test(tc, entry_and_exit_files_of_two_years);
    tcase_add_test(tc, consent_maps_the_answers_seen);
    tcase_add_test(tc, ladder_in_words_is_a_scale_in_ladder_order);
    tcase_add_test(tc, range_comes_from_the_question_text);
    tcase_add_test(tc, multi_keeps_an_option_with_a_comma_whole);
    tcase_add_test(tc, personal_columns_keep_no_value);
    tcase_add_test(tc, bad_columns_are_flagged_not_dropped);
    tcase_add_test(tc, one_row_export_is_drafted);
    tcase_add_test(tc, header_only_export_is_refused_with_its_name);
    tcase_add_test(tc, time_stamps_of_every_form_are_a_school_year_the_loader_reads);
    tcase_add_test(tc, failing_any_allocation_gives_nomem);
    tcase_add_test(tc, file_names_with_spaces_and_comment_signs_are_listed_quoted);
    tcase_add_test(tc, a_file_name_no_programme_line_can_hold_is_refused);
    tcase_add_test(tc, fuzz_regressions_draft_a_readable_codebook);
    tcase_add_test(tc, a_first_row_with_a_lone_byte_and_a_quote_is_one_column_not_none);
    suite_add_tcase(s, tc);
    return ms_run_suite(s);
}
