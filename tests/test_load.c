/* Check suite for the response loader: encodings, delimiters, decimal
 * comma, labels, missing codes, consent, quarantine with line and column. */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentorstat/codebook.h"
#include "mentorstat/load.h"
#include "ms_suite.h"
#include "sbuf.h"
#include "util.h"

#define HEADER "name,type,source,label,min,max,reverse,construct,choices,missing\n"

static const char *codebook_text = HEADER
    "id,id,Код,,,,,,,\n"
    "fio,personal,ФИО,,,,,,,\n"
    "form,group,Форма,,,,,,,\n"
    "q1,scale,Оценка 1,,1,10,,,,\n"
    "q2,scale,Оценка 2,,1,10,1,,,99|Затрудняюсь ответить\n"
    "agree,scale,Согласие с утверждением,,1,5,,,1=Нет|5=Да полностью,\n"
    "hours,number,Часы,,,,,,,\n"
    "areas,multi,Области,,,,,,\"1=Методика|2=Работа с родителями|3=Проекты, конкурсы\",\n"
    "ok,consent,Согласие,,,,,,,\n";

typedef struct {
    int records, quarantined;
    double q1_sum, q2_sum, hours_sum, agree_sum;
    int q2_missing;
    size_t last_line, last_col;
    char last_reason[512];
    int areas_counts[4];
} collected;

static ms_status on_record(const ms_record *rec, void *ctx, ms_error *err)
{
    (void)err;
    collected *c = ctx;
    c->records++;
    if (!rec->values[3].missing)
        c->q1_sum += rec->values[3].value;
    if (rec->values[4].missing)
        c->q2_missing++;
    else
        c->q2_sum += rec->values[4].value;
    if (!rec->values[5].missing)
        c->agree_sum += rec->values[5].value;
    if (!rec->values[6].missing)
        c->hours_sum += rec->values[6].value;
    for (size_t i = 0; i < rec->values[7].n_levels; i++)
        c->areas_counts[rec->values[7].levels[i]]++;
    ck_assert(rec->values[1].missing); /* personal values are never handed on */
    return MS_OK;
}

static void on_quarantine(const ms_quarantined *q, void *ctx)
{
    collected *c = ctx;
    c->quarantined++;
    c->last_line = q->reason->line;
    c->last_col = q->reason->column;
    snprintf(c->last_reason, sizeof c->last_reason, "%s", q->reason->message);
}

static ms_codebook *codebook(void)
{
    ms_codebook *cb;
    ms_error err;
    ck_assert_int_eq(ms_codebook_parse(codebook_text, strlen(codebook_text), "cb.csv", &cb, &err), MS_OK);
    return cb;
}

/* Load one in-memory file; returns the status of the read. */
static ms_status load(ms_codebook *cb, const char *data, size_t len, collected *c, ms_tally *t,
                      ms_error *err)
{
    memset(c, 0, sizeof *c);
    ms_load_options o = {.on_record = on_record, .record_ctx = c, .on_quarantine = on_quarantine, .ctx = c};
    ms_loader *ld;
    ck_assert_int_eq(ms_loader_create(cb, &o, &ld, err), MS_OK);
    ms_status st = ms_loader_read_mem(ld, data, len, "data.csv", err);
    *t = ms_loader_total(ld);
    ms_loader_destroy(ld);
    return st;
}

#define DATA_HEADER "Код,ФИО,Форма,Оценка 1,Оценка 2,Согласие с утверждением,Часы,Области,Согласие\n"

START_TEST(reads_utf8_with_labels_missing_codes_and_reverse_keying)
{
    const char *data = DATA_HEADER
        "A1,Иванов Иван,Учитель – ученик,7,3,Да полностью,2.5,\"Методика, Проекты, конкурсы\",да\n"
        "A2,Петров Пётр,Учитель – ученик,8,99,Нет,4,Работа с родителями;Методика,Да\n"
        "A3,Сидоров,Ученик – ученик,9,Затрудняюсь ответить,3,,,yes\n";
    ms_codebook *cb = codebook();
    collected c;
    ms_tally t;
    ms_error err;
    ck_assert_int_eq(load(cb, data, strlen(data), &c, &t, &err), MS_OK);
    ck_assert_int_eq(c.records, 3);
    ck_assert(c.q1_sum == 24);
    ck_assert(c.q2_sum == 8);      /* reverse keyed: 11 - 3 */
    ck_assert_int_eq(c.q2_missing, 2);
    ck_assert(c.agree_sum == 5 + 1 + 3);
    ck_assert(c.hours_sum == 6.5);
    /* "Проекты, конкурсы" is one label although it holds ", " */
    ck_assert_int_eq(c.areas_counts[0], 2);
    ck_assert_int_eq(c.areas_counts[1], 1);
    ck_assert_int_eq(c.areas_counts[2], 1);
    ck_assert(t.read == 3 && t.accepted == 3 && t.quarantined == 0 && t.excluded == 0);
    ms_codebook_destroy(cb);
}
END_TEST

typedef struct {
    int rows, missing;
    double year_level[4];
} year_rows;

static ms_status on_year_record(const ms_record *rec, void *ctx, ms_error *err)
{
    (void)err;
    year_rows *y = ctx;
    if (rec->values[1].missing)
        y->missing++;
    else if (y->rows < 4)
        y->year_level[y->rows] = rec->values[1].value;
    y->rows++;
    return MS_OK;
}

START_TEST(a_year_given_per_file_needs_no_column_and_a_file_without_one_is_missing)
{
    static const char cb_text[] = "name,type,source,label,min,max,reverse,construct,choices,missing,derive\n"
                                  "q1,scale,Q1,,1,5,,,,,\n"
                                  "year,year,,Год,,,,,,,file\n"; /* no column year */
    ms_codebook *cb;
    ms_error err;
    ck_assert_int_eq(ms_codebook_parse(cb_text, strlen(cb_text), "cb.csv", &cb, &err), MS_OK);
    ck_assert_int_eq(cb->vars[1].derive, MS_DERIVE_FILE);
    year_rows y = {0};
    ms_load_options o = {.on_record = on_year_record, .record_ctx = &y};
    ms_loader *ld;
    ck_assert_int_eq(ms_loader_create(cb, &o, &ld, &err), MS_OK);
    ck_assert_int_eq(ms_loader_give_year(ld, 1, 2023, &err), MS_OK);
    ck_assert_int_eq(ms_loader_read_mem(ld, "Q1\n5\n4\n", 8, "a-2023.csv", &err), MS_OK);
    ck_assert_int_eq(ms_loader_give_year(ld, 1, 2025, &err), MS_OK);
    ck_assert_int_eq(ms_loader_read_mem(ld, "Q1\n3\n", 5, "a-2025.csv", &err), MS_OK);
    ck_assert_int_eq(ms_loader_give_year(ld, -1, 0, &err), MS_OK);
    ck_assert_int_eq(ms_loader_read_mem(ld, "Q1\n2\n", 5, "other.csv", &err), MS_OK);
    ck_assert_int_eq(y.rows, 4);
    ck_assert_int_eq(y.missing, 1); /* the file the programme gives no year */
    const ms_levels *lv = ms_loader_levels(ld, 1);
    ck_assert_uint_eq(lv->n, 2);
    ck_assert_str_eq(lv->labels[(size_t)y.year_level[0]], "2023");
    ck_assert_str_eq(lv->labels[(size_t)y.year_level[1]], "2023");
    ck_assert_str_eq(lv->labels[(size_t)y.year_level[2]], "2025");
    /* only a year variable can be given a year */
    ck_assert_int_eq(ms_loader_give_year(ld, 0, 2024, &err), MS_ERR_USAGE);
    ms_loader_destroy(ld);
    ms_codebook_destroy(cb);
}
END_TEST

/* derive = school_year_dmy reads every stamp of the column day first:
 * 03/09/2024 is 3 September (school year 2025), not 9 March (2024). */
START_TEST(a_day_first_time_stamp_column_gives_its_school_years)
{
    static const char cb_text[] = "name,type,source,label,min,max,reverse,construct,choices,missing,derive\n"
                                  "q1,scale,Q1,,1,5,,,,,\n"
                                  "year,year,Timestamp,,,,,,,,school_year_dmy\n";
    static const char data[] = "Q1,Timestamp\n5,24/04/2025 08:50:04\n4,03/09/2024 10:00:00\n"
                               "3,04/24/2025 09:00:00\n";
    ms_codebook *cb;
    ms_error err;
    ck_assert_int_eq(ms_codebook_parse(cb_text, strlen(cb_text), "cb.csv", &cb, &err), MS_OK);
    year_rows y = {0};
    ms_tally t;
    ms_load_options o = {.on_record = on_year_record, .record_ctx = &y};
    ms_loader *ld;
    ck_assert_int_eq(ms_loader_create(cb, &o, &ld, &err), MS_OK);
    ck_assert_int_eq(ms_loader_read_mem(ld, data, strlen(data), "a.csv", &err), MS_OK);
    t = ms_loader_total(ld);
    ck_assert_uint_eq(t.accepted, 2);
    ck_assert_uint_eq(t.quarantined, 1); /* 04/24/2025: no month 24 in this column's order */
    const ms_levels *lv = ms_loader_levels(ld, 1);
    ck_assert_str_eq(lv->labels[(size_t)y.year_level[0]], "2025");
    ck_assert_str_eq(lv->labels[(size_t)y.year_level[1]], "2025");
    ck_assert_uint_eq(lv->n, 1);
    ms_loader_destroy(ld);
    ms_codebook_destroy(cb);
}
END_TEST

START_TEST(reads_windows_1251_with_semicolons_and_decimal_comma)
{
    /* "Код;ФИО;Форма;Оценка 1;Оценка 2;Согласие с утверждением;Часы;Области;Согласие"
       in Windows-1251, CRLF, as Excel saves it in a Russian locale */
    const char *data =
        "\xCA\xEE\xE4;\xD4\xC8\xCE;\xD4\xEE\xF0\xEC\xE0;\xCE\xF6\xE5\xED\xEA\xE0 1;"
        "\xCE\xF6\xE5\xED\xEA\xE0 2;\xD1\xEE\xE3\xEB\xE0\xF1\xE8\xE5 \xF1 "
        "\xF3\xF2\xE2\xE5\xF0\xE6\xE4\xE5\xED\xE8\xE5\xEC;\xD7\xE0\xF1\xFB;"
        "\xCE\xE1\xEB\xE0\xF1\xF2\xE8;\xD1\xEE\xE3\xEB\xE0\xF1\xE8\xE5\r\n"
        "A1;\xC8\xE2\xE0\xED\xEE\xE2;X;7;3;5;2,5;;\xC4\xE0\r\n"
        "A2;\xCF\xE5\xF2\xF0\xEE\xE2;X;8;4;1;1,5;;\xC4\xE0\r\n";
    ms_codebook *cb = codebook();
    collected c;
    ms_tally t;
    ms_error err;
    ck_assert_int_eq(load(cb, data, strlen(data), &c, &t, &err), MS_OK);
    ck_assert_int_eq(c.records, 2);
    ck_assert(c.hours_sum == 4.0);
    ck_assert(c.q1_sum == 15);
    ms_codebook_destroy(cb);
}
END_TEST

START_TEST(bom_is_skipped)
{
    const char *data = "\xEF\xBB\xBF" DATA_HEADER "A1,И,X,7,3,5,2,,да\n";
    ms_codebook *cb = codebook();
    collected c;
    ms_tally t;
    ms_error err;
    ck_assert_int_eq(load(cb, data, strlen(data), &c, &t, &err), MS_OK);
    ck_assert_int_eq(c.records, 1);
    ms_codebook_destroy(cb);
}
END_TEST

START_TEST(out_of_range_is_quarantined_with_line_and_column)
{
    const char *data = DATA_HEADER
        "A1,И,X,7,3,5,2,,да\n"
        "\n"
        "A2,И,X,11,3,5,2,,да\n"
        "A3,И,X,7,3,5,2,,да\n";
    ms_codebook *cb = codebook();
    collected c;
    ms_tally t;
    ms_error err;
    ck_assert_int_eq(load(cb, data, strlen(data), &c, &t, &err), MS_OK);
    ck_assert_int_eq(c.records, 2);
    ck_assert_int_eq(c.quarantined, 1);
    ck_assert_uint_eq(c.last_line, 4); /* the blank line still counts */
    ck_assert_uint_eq(c.last_col, 4);
    ck_assert_str_eq(c.last_reason, "q1: outside 1..10 (11)");
    ck_assert(t.read == 3 && t.accepted == 2 && t.quarantined == 1);
    ms_codebook_destroy(cb);
}
END_TEST

START_TEST(unreadable_number_and_wrong_field_count_are_quarantined)
{
    const char *data = DATA_HEADER
        "A1,И,X,семь,3,5,2,,да\n"
        "A2,И,X,7,3,5,NaN,,да\n"
        "A3,И,X,7,3\n"
        "A4,\"multi\nline\",X,7,3,5,1e0,,да\n";
    ms_codebook *cb = codebook();
    collected c;
    ms_tally t;
    ms_error err;
    ck_assert_int_eq(load(cb, data, strlen(data), &c, &t, &err), MS_OK);
    ck_assert_int_eq(c.quarantined, 3);
    ck_assert_int_eq(c.records, 1);
    ck_assert_uint_eq(c.last_line, 4);
    ck_assert_uint_eq(c.last_col, 6);
    ck_assert_str_eq(c.last_reason, "expected 9 fields, found 5");
    ck_assert(t.read == 4 && t.read == t.accepted + t.quarantined + t.excluded);
    ms_codebook_destroy(cb);
}
END_TEST

START_TEST(rows_without_consent_are_excluded_not_quarantined)
{
    const char *data = DATA_HEADER
        "A1,И,X,7,3,5,2,,нет\n"
        "A2,И,X,77,3,5,2,,\n"
        "A3,И,X,7,3,5,2,,Да\n";
    ms_codebook *cb = codebook();
    collected c;
    ms_tally t;
    ms_error err;
    ck_assert_int_eq(load(cb, data, strlen(data), &c, &t, &err), MS_OK);
    ck_assert(t.read == 3 && t.accepted == 1 && t.excluded == 2 && t.quarantined == 0);
    ms_codebook_destroy(cb);
}
END_TEST

START_TEST(missing_codebook_column_is_an_error_naming_it)
{
    const char *data = "Код,ФИО,Форма,Оценка 1,Часы,Области,Согласие\nA1,И,X,7,2,,да\n";
    ms_codebook *cb = codebook();
    collected c;
    ms_tally t;
    ms_error err;
    ck_assert_int_eq(load(cb, data, strlen(data), &c, &t, &err), MS_ERR_DATA);
    ck_assert(strstr(err.message, "Оценка 2") && strstr(err.message, "q2"));
    ck_assert_uint_eq(err.line, 1);
    ms_codebook_destroy(cb);
}
END_TEST

START_TEST(utf16_is_refused_with_advice)
{
    const char data[] = "\xFF\xFE\x1A\x04\x3E\x04";
    ms_codebook *cb = codebook();
    collected c;
    ms_tally t;
    ms_error err;
    ck_assert_int_eq(load(cb, data, sizeof data - 1, &c, &t, &err), MS_ERR_ENCODING);
    ck_assert(strstr(err.message, "UTF-16") && strstr(err.message, "CSV UTF-8"));
    ms_codebook_destroy(cb);
}
END_TEST

static ms_status on_sums(const ms_record *rec, void *ctx, ms_error *err)
{
    (void)err;
    double *sum = ctx;
    for (size_t v = 0; v < 3; v++)
        sum[v] += rec->values[v].missing ? 0 : rec->values[v].value;
    return MS_OK;
}

/* The three sums of a three-number codebook over data, or the error. */
static ms_status load_sums(const char *cbt, const char *data, double sum[3], ms_error *err)
{
    ms_codebook *cb;
    ck_assert_int_eq(ms_codebook_parse(cbt, strlen(cbt), "cb.csv", &cb, err), MS_OK);
    ms_load_options o = {.on_record = on_sums, .record_ctx = sum};
    ms_loader *ld;
    ck_assert_int_eq(ms_loader_create(cb, &o, &ld, err), MS_OK);
    sum[0] = sum[1] = sum[2] = 0;
    ms_status st = ms_loader_read_mem(ld, data, strlen(data), "d.csv", err);
    ms_loader_destroy(ld);
    ms_codebook_destroy(cb);
    return st;
}

/* Google Forms repeats a question's title: the k-th codebook row with that
 * source reads the k-th column so headed, whatever their order in the
 * codebook; a column with no header is named by its position «#1». */
START_TEST(the_kth_row_of_a_repeated_source_reads_the_kth_column_and_a_position_names_one)
{
    const char *cbt = HEADER "second,number,Вопрос,,,,,,,\n"
                             "stamp,number,#1,,,,,,,\n"
                             "third,number,вопрос ,,,,,,,\n";
    double sum[3];
    ms_error err;
    ck_assert_int_eq(load_sums(cbt, ",Вопрос,Вопрос\n7,1,20\n8,3,40\n", sum, &err), MS_OK);
    ck_assert(sum[0] == 4 && sum[1] == 15 && sum[2] == 60);
}
END_TEST

/* More columns so headed than codebook rows is ambiguous: refused at the
 * column, saying how to name each; a row with no column left is an error. */
START_TEST(a_repeated_header_with_fewer_codebook_rows_is_refused_at_its_column)
{
    double sum[3];
    ms_error err;
    const char *one = HEADER "a,number,Вопрос,,,,,,,\n";
    ck_assert_int_eq(load_sums(one, "x,Вопрос,Вопрос\n1,2,3\n", sum, &err), MS_ERR_DATA);
    ck_assert_uint_eq(err.line, 1);
    ck_assert_uint_eq(err.column, 3);
    ck_assert_ptr_nonnull(strstr(err.message, "two columns are headed \"Вопрос\" (columns 2 and 3)"));
    ck_assert_ptr_nonnull(strstr(err.message, "k-th row"));
    const char *three = HEADER "a,number,Вопрос,,,,,,,\nb,number,Вопрос,,,,,,,\n"
                               "c,number,Вопрос,,,,,,,\n";
    ck_assert_int_eq(load_sums(three, "Вопрос,Вопрос\n1,2\n", sum, &err), MS_ERR_DATA);
    ck_assert_ptr_nonnull(strstr(err.message, "codebook variable c (cb.csv:4)"));
}
END_TEST

/* A position the file does not have is an error at file:line:col naming the
 * codebook row, never a silently empty variable. */
START_TEST(a_position_the_file_does_not_have_is_an_error_with_file_line_col)
{
    double sum[3];
    ms_error err;
    const char *cbt = HEADER "a,number,A,,,,,,,\nb,number,#9,,,,,,,\n";
    ck_assert_int_eq(load_sums(cbt, "A,B\n1,2\n", sum, &err), MS_ERR_DATA);
    ck_assert_str_eq(err.file, "d.csv");
    ck_assert_uint_eq(err.line, 1);
    ck_assert_uint_eq(err.column, 9);
    ck_assert_ptr_nonnull(strstr(err.message, "no column #9 for codebook variable b (cb.csv:3)"));
    ck_assert_ptr_nonnull(strstr(err.message, "has 2 columns"));
    const char *zero = HEADER "a,number,#0,,,,,,,\n";
    ck_assert_int_eq(load_sums(zero, "A,B\n1,2\n", sum, &err), MS_ERR_DATA);
    ck_assert_ptr_nonnull(strstr(err.message, "no column #0"));
}
END_TEST

START_TEST(headers_match_trimmed_and_case_insensitive_and_unused_are_listed)
{
    const char *data = " код ,ФИО,форма,ОЦЕНКА 1,Оценка 2 ,Согласие с утверждением,Часы,Области,Согласие,Лишнее\n"
                       "A1,И,X,7,3,5,2,,да,x\n";
    ms_codebook *cb = codebook();
    collected c;
    memset(&c, 0, sizeof c);
    ms_load_options o = {.on_record = on_record, .record_ctx = &c};
    ms_loader *ld;
    ms_error err;
    ck_assert_int_eq(ms_loader_create(cb, &o, &ld, &err), MS_OK);
    ck_assert_int_eq(ms_loader_read_mem(ld, data, strlen(data), "d.csv", &err), MS_OK);
    ck_assert_int_eq(c.records, 1);
    const ms_file_report *fr = ms_loader_file(ld, 0);
    ck_assert_uint_eq(fr->n_unused, 1);
    ck_assert_str_eq(fr->unused_columns[0], "Лишнее");
    ms_loader_destroy(ld);
    ms_codebook_destroy(cb);
}
END_TEST

START_TEST(several_files_are_tallied_each_and_in_total)
{
    const char *a = DATA_HEADER "A1,И,X,7,3,5,2,,да\nA2,И,X,70,3,5,2,,да\n";
    const char *b = DATA_HEADER "B1,И,X,7,3,5,2,,нет\n";
    ms_codebook *cb = codebook();
    ms_load_options o = {0};
    ms_loader *ld;
    ms_error err;
    ck_assert_int_eq(ms_loader_create(cb, &o, &ld, &err), MS_OK);
    ck_assert_int_eq(ms_loader_read_mem(ld, a, strlen(a), "a.csv", &err), MS_OK);
    ck_assert_int_eq(ms_loader_read_mem(ld, b, strlen(b), "b.csv", &err), MS_OK);
    ck_assert_uint_eq(ms_loader_n_files(ld), 2);
    ck_assert(ms_loader_file(ld, 0)->tally.quarantined == 1);
    ck_assert(ms_loader_file(ld, 1)->tally.excluded == 1);
    ms_tally t = ms_loader_total(ld);
    ck_assert(t.read == 3 && t.accepted == 1 && t.quarantined == 1 && t.excluded == 1);
    ms_loader_destroy(ld);
    ms_codebook_destroy(cb);
}
END_TEST

START_TEST(unterminated_quote_at_end_is_reported_with_its_line)
{
    const char *data = DATA_HEADER "A1,И,X,7,3,5,2,,да\nA2,\"И,X,7,3,5,2,,да\n";
    ms_codebook *cb = codebook();
    collected c;
    ms_tally t;
    ms_error err;
    ms_status st = load(cb, data, strlen(data), &c, &t, &err);
    ck_assert_int_eq(c.records, 1);
    ck_assert_int_eq(st, MS_OK);
    ck_assert_int_eq(c.quarantined, 1);
    ck_assert_uint_eq(c.last_line, 3);
    ck_assert(strstr(c.last_reason, "quoted field is not closed") != NULL);
    ck_assert(t.read == t.accepted + t.quarantined + t.excluded);
    ms_codebook_destroy(cb);
}
END_TEST

START_TEST(a_line_of_delimiters_only_is_a_blank_line_not_a_respondent)
{
    /* Excel saves an empty row as ";;;;" and a Google Sheet as ",,,,": read
     * as respondents they were excluded "for no consent" or accepted empty */
    const char *data = DATA_HEADER
        "A1,И,X,7,3,5,2,,Да\r\n"
        ",,,,,,,,\r\n"
        " , ,,,,,,,\r\n"
        "A3,И,X,7,3,5,2,,Да\r\n"
        ",,,,,,,,\r\n";
    ms_codebook *cb = codebook();
    collected c;
    ms_tally t;
    ms_error err;
    ck_assert_int_eq(load(cb, data, strlen(data), &c, &t, &err), MS_OK);
    ck_assert_int_eq(t.read, 2);
    ck_assert(t.accepted == 2 && t.excluded == 0 && t.quarantined == 0);
    ck_assert_int_eq(c.records, 2);
    ms_codebook_destroy(cb);
}
END_TEST

START_TEST(a_number_typed_with_a_percent_sign_is_read_as_that_number)
{
    /* Excel writes a percentage cell into a CSV save as "75%" */
    const char *data = DATA_HEADER
        "A1,И,X,7,3,5,75%,,Да\n"
        "A2,И,X,7,3,5,\"12,5 %\",,Да\n"
        "A3,И,X,7,3,5,%,,Да\n";
    ms_codebook *cb = codebook();
    collected c;
    ms_tally t;
    ms_error err;
    ck_assert_int_eq(load(cb, data, strlen(data), &c, &t, &err), MS_OK);
    ck_assert(t.read == 3 && t.accepted == 2 && t.quarantined == 1);
    ck_assert_double_eq_tol(c.hours_sum, 87.5, 1e-12);
    ms_codebook_destroy(cb);
}
END_TEST

/* Issue 23 item 2: a listed option with free text counts the option and
 * «Другое»; without choices a ';'-joined answer is not cut at its commas. */
typedef struct {
    int counts[2][8];
    int records, quarantined;
    const ms_codebook *cb;
} multi_seen;

static ms_status on_multi_record(const ms_record *rec, void *ctx, ms_error *err)
{
    (void)err;
    multi_seen *m = ctx;
    m->records++;
    for (size_t v = 0; v < 2; v++)
        for (size_t i = 0; i < rec->values[v].n_levels; i++)
            m->counts[v][rec->values[v].levels[i]]++;
    return MS_OK;
}

/* Variable 0 a choice (its value is the level), variable 1 a multi. */
static ms_status on_choice_multi_record(const ms_record *rec, void *ctx, ms_error *err)
{
    (void)err;
    multi_seen *m = ctx;
    m->records++;
    if (!rec->values[0].missing)
        m->counts[0][(size_t)rec->values[0].value]++;
    for (size_t i = 0; i < rec->values[1].n_levels; i++)
        m->counts[1][rec->values[1].levels[i]]++;
    return MS_OK;
}

static void on_multi_quarantine(const ms_quarantined *q, void *ctx)
{
    (void)q;
    ((multi_seen *)ctx)->quarantined++;
}

START_TEST(multi_free_text_counts_as_other_and_semicolons_keep_commas)
{
    const char *cbt = HEADER "help,multi,Помощь,,,,,,1=Методика|2=Родители|3=Другое,\n"
                             "topics,multi,Темы,,,,,,,\n";
    const char *data = "Помощь,Темы\n"
                       "\"Методика, помогла соседка по парте\",\"Методика, дидактика;Родители\"\n"
                       "Родители,\"Родители, дети\"\n"
                       "\"Методика, Родители\",\"Методика, дидактика\"\n";
    ms_codebook *cb;
    ms_error err;
    ck_assert_int_eq(ms_codebook_parse(cbt, strlen(cbt), "cb.csv", &cb, &err), MS_OK);
    multi_seen m = {.cb = cb};
    ms_load_options o = {.on_record = on_multi_record, .record_ctx = &m,
                         .on_quarantine = on_multi_quarantine, .ctx = &m};
    ms_loader *ld;
    ck_assert_int_eq(ms_loader_create(cb, &o, &ld, &err), MS_OK);
    ck_assert_int_eq(ms_loader_read_mem(ld, data, strlen(data), "data.csv", &err), MS_OK);
    ms_loader_destroy(ld);
    ck_assert_int_eq(m.records, 3);
    ck_assert_int_eq(m.quarantined, 0);
    ck_assert_int_eq(m.counts[0][0], 2); /* Методика */
    ck_assert_int_eq(m.counts[0][1], 2); /* Родители */
    ck_assert_int_eq(m.counts[0][2], 1); /* Другое: «помогла соседка по парте» */
    /* topics, levels as first seen: row 1 is cut at ';' only («Методика,
     * дидактика», «Родители»); rows 2 and 3 have no ';' and are cut at ", " */
    ck_assert_int_eq(m.counts[1][0], 1); /* «Методика, дидактика» */
    ck_assert_int_eq(m.counts[1][1], 2); /* «Родители» */
    ck_assert_int_eq(m.counts[1][2], 1); /* «дети» */
    ms_codebook_destroy(cb);
}
END_TEST

/* An answer stored twice, as the text «0 ₽» and as the number 0 an .xlsx
 * shows «0₽» (ru_forms_task_manager_2026.xlsx), is one level; case and spaces
 * never make another answer, in a choice or in a multi's parts. */
START_TEST(answers_differing_only_in_spaces_are_one_level)
{
    const char *cbt = HEADER "money,choice,Сколько,,,,,,1=0 ₽|2=До 200 ₽ в месяц,\n"
                             "apps,multi,Чем,,,,,,1=Да|2=Нет,\n";
    const char *data = "Сколько,Чем\n0 ₽,Да\n0₽,\"Да,Нет\"\nдо 200₽ в месяц,нет\n"
                       "0\xC2\xA0₽,\"Да, Нет\"\n";
    ms_codebook *cb;
    ms_error err;
    ck_assert_int_eq(ms_codebook_parse(cbt, strlen(cbt), "cb.csv", &cb, &err), MS_OK);
    multi_seen m = {.cb = cb};
    ms_load_options o = {.on_record = on_choice_multi_record, .record_ctx = &m,
                         .on_quarantine = on_multi_quarantine, .ctx = &m};
    ms_loader *ld;
    ck_assert_int_eq(ms_loader_create(cb, &o, &ld, &err), MS_OK);
    ck_assert_int_eq(ms_loader_read_mem(ld, data, strlen(data), "data.csv", &err), MS_OK);
    ms_loader_destroy(ld);
    ck_assert_int_eq(m.records, 4);
    ck_assert_int_eq(m.quarantined, 0);
    ck_assert_int_eq(m.counts[0][0], 3); /* «0 ₽», «0₽», «0 ₽» with a no-break space */
    ck_assert_int_eq(m.counts[0][1], 1);
    ck_assert_int_eq(m.counts[1][0], 3); /* Да */
    ck_assert_int_eq(m.counts[1][1], 3); /* Нет, нет, Нет */
    ms_codebook_destroy(cb);
}
END_TEST

/* The levels of a yes/no question are its own answers: an English form's
 * Yes/No are published as yes/no (ds4owd's exit survey), not «да»/«нет». */
START_TEST(yes_no_levels_are_the_questionnaires_own_words)
{
    const char *cbt = HEADER "en,yesno,Met,,,,,,1=Yes|0=No,\n"
                             "ru,yesno,Был,,,,,,1=Да|0=Нет,\n"
                             "agree,yesno,Согласие,,,,,,1=Согласен|0=Не согласен,\n"
                             "bare,yesno,Просто,,,,,,,\n";
    ms_codebook *cb;
    ms_error err;
    ck_assert_int_eq(ms_codebook_parse(cbt, strlen(cbt), "cb.csv", &cb, &err), MS_OK);
    static const char *const want[][2] = {
        {"no", "yes"}, {"нет", "да"}, {"Не согласен", "Согласен"}, {"нет", "да"}};
    for (size_t v = 0; v < 4; v++) {
        ms_levels lv = {0};
        ck_assert_int_eq(ms_levels_init_yesno(&lv, &cb->vars[v]), MS_OK);
        ck_assert_uint_eq(lv.n, 2);
        ck_assert_str_eq(lv.labels[0], want[v][0]);
        ck_assert_str_eq(lv.labels[1], want[v][1]);
        ck_assert(lv.numbers[0] == 0 && lv.numbers[1] == 1 && lv.fixed);
        ms_levels_clear(&lv);
    }
    ms_levels lv = {0};
    ck_assert_int_eq(ms_levels_init_yesno(&lv, NULL), MS_OK);
    ck_assert_str_eq(lv.labels[1], "да");
    ms_levels_clear(&lv);
    ms_codebook_destroy(cb);
}
END_TEST

/* A choice with «Другое» takes what is typed instead of a listed answer; a
 * multi's label may be followed by "/ "; «Затрудняюсь ответить» ticked beside
 * options is missing, not «Другое». */
START_TEST(choice_other_slash_joined_multi_and_missing_parts)
{
    const char *cbt = HEADER "where,choice,Где,,,,,,1=В школе|2=Онлайн|3=Другое,\n"
                             "adv,multi,Плюсы,,,,,,1=Быстро|2=Удобно/ без очереди|3=Другое,"
                             "Затрудняюсь ответить\n";
    const char *data = "Где,Плюсы\n"
                       "В школе,Быстро/ Удобно/ без очереди\n"
                       "у меня дома,Удобно/ без очереди/ Затрудняюсь ответить\n"
                       "Онлайн,Затрудняюсь ответить\n";
    ms_codebook *cb;
    ms_error err;
    ck_assert_int_eq(ms_codebook_parse(cbt, strlen(cbt), "cb.csv", &cb, &err), MS_OK);
    multi_seen m = {.cb = cb};
    ms_load_options o = {.on_record = on_choice_multi_record, .record_ctx = &m,
                         .on_quarantine = on_multi_quarantine, .ctx = &m};
    ms_loader *ld;
    ck_assert_int_eq(ms_loader_create(cb, &o, &ld, &err), MS_OK);
    ck_assert_int_eq(ms_loader_read_mem(ld, data, strlen(data), "data.csv", &err), MS_OK);
    ms_loader_destroy(ld);
    ck_assert_int_eq(m.records, 3);
    ck_assert_int_eq(m.quarantined, 0);
    ck_assert_int_eq(m.counts[0][0], 1); /* В школе */
    ck_assert_int_eq(m.counts[0][1], 1); /* Онлайн */
    ck_assert_int_eq(m.counts[0][2], 1); /* Другое: «у меня дома» */
    ck_assert_int_eq(m.counts[1][0], 1); /* Быстро */
    ck_assert_int_eq(m.counts[1][1], 2); /* Удобно/ без очереди */
    ck_assert_int_eq(m.counts[1][2], 0); /* no «Другое»: the don't-know is missing */
    ms_codebook_destroy(cb);
}
END_TEST

/* Answers with decimals are read without strtod when their digits allow an
 * exact division; the value must be strtod's, bit for bit, either way. */
START_TEST(decimal_answers_read_exactly_as_strtod_reads_them)
{
    uint64_t seed = 27;
    for (int k = 0; k < 200000; k++) {
        char text[40], c_text[40];
        size_t n = 0;
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        unsigned r = (unsigned)(seed >> 33);
        if (r % 4 == 0)
            text[n++] = '-';
        size_t digits = 1 + r / 4 % 18, dot = r / 128 % (digits + 2); /* past the end: none */
        for (size_t i = 0; i < digits; i++) {
            if (i == dot)
                text[n++] = r % 3 ? '.' : ','; /* a decimal comma reads as a point */
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            text[n++] = (char)('0' + (seed >> 33) % 10);
        }
        text[n] = '\0';
        memcpy(c_text, text, n + 1);
        char *comma = strchr(c_text, ',');
        if (comma)
            *comma = '.';
        double got, want = strtod(c_text, NULL);
        ck_assert_msg(ms_parse_number((ms_field){text, n}, &got), "%s not read", text);
        ck_assert_msg(memcmp(&got, &want, sizeof got) == 0, "%s: %.17g, strtod %.17g", text, got,
                      want);
    }
}
END_TEST

/* A digest of every record (line, each value) and every quarantine reason. */
typedef struct {
    uint64_t h;
    size_t records, quarantined;
    size_t n_vars; /* the values mixed: the first n_vars of each record */
} digest;

static void mix(digest *d, const void *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        d->h = (d->h ^ ((const unsigned char *)p)[i]) * 1099511628211ULL;
}

static ms_status on_digest_record(const ms_record *rec, void *ctx, ms_error *err)
{
    (void)err;
    digest *d = ctx;
    d->records++;
    mix(d, &rec->line, sizeof rec->line);
    for (size_t v = 0; v < d->n_vars; v++) {
        mix(d, &rec->values[v].missing, sizeof rec->values[v].missing);
        if (!rec->values[v].missing)
            mix(d, &rec->values[v].value, sizeof rec->values[v].value);
    }
    return MS_OK;
}

static void on_digest_quarantine(const ms_quarantined *q, void *ctx)
{
    digest *d = ctx;
    d->quarantined++;
    mix(d, &q->reason->line, sizeof q->reason->line);
    mix(d, &q->reason->column, sizeof q->reason->column);
    mix(d, q->reason->message, strlen(q->reason->message));
}

static ms_tally load_threads(ms_codebook *cb, const char *data, size_t len, unsigned threads,
                             digest *d)
{
    *d = (digest){14695981039346656037ULL, 0, 0, cb->n_vars};
    ms_load_options o = {.on_record = on_digest_record, .record_ctx = d,
                         .on_quarantine = on_digest_quarantine, .ctx = d, .threads = threads};
    ms_loader *ld;
    ms_error err;
    ck_assert_int_eq(ms_loader_create(cb, &o, &ld, &err), MS_OK);
    ck_assert_int_eq(ms_loader_read_mem(ld, data, len, "data.csv", &err), MS_OK);
    ms_tally t = ms_loader_total(ld);
    ms_loader_destroy(ld);
    return t;
}

/* On two threads the reading thread decodes the usual answers and tells
 * blank and header rows (ms_row_prep) for every batch after the header's:
 * 6,000 rows of every kind the prep takes or leaves give the same records,
 * values, reasons and tallies as on one thread; with a form's time stamp
 * column (_i 1), notes among the answers too. */

/* One thread and two load data alike (records, quarantine, every value's
 * digest and the tally), on input with many records and many refusals;
 * the one-thread tally. */
static ms_tally threads_agree(ms_codebook *cb, const char *data)
{
    digest one, two;
    ms_tally t1 = load_threads(cb, data, strlen(data), 1, &one);
    ms_tally t2 = load_threads(cb, data, strlen(data), 2, &two);
    ck_assert_msg(one.records > 2000 && one.quarantined > 1000, "%zu records, %zu quarantined",
                  one.records, one.quarantined);
    ck_assert_uint_eq(one.records, two.records);
    ck_assert_uint_eq(one.quarantined, two.quarantined);
    ck_assert(one.h == two.h);
    ck_assert(t1.read == t2.read && t1.accepted == t2.accepted &&
              t1.quarantined == t2.quarantined && t1.excluded == t2.excluded);
    return t1;
}

START_TEST(rows_prepared_on_the_reading_thread_give_what_one_thread_gives)
{
    static const char *const q1[] = {"7", "11", "0", " 7 ", "07", "7.0", "", "10", "1", "5"};
    const char *stamp = _i ? "01.03.2025 10:00:00," : "";
    ms_sbuf b = {0};
    ms_sbuf_printf(&b, "%s%s", _i ? "Отметка времени," : "", DATA_HEADER);
    for (int i = 0; i < 6000; i++) {
        switch (i % 13) {
        case 6:
            ms_sbuf_puts(&b, _i ? ",,,,,,,,,\n" : ",,,,,,,,\n");
            break;
        case 7:
            ms_sbuf_printf(&b, "%s%s", _i ? "Отметка времени," : "", DATA_HEADER);
            break;
        case 8:
            ms_sbuf_printf(&b, "%sA%d,И,X,5\n", stamp, i);
            break;
        case 9: /* a note: a third of the columns or fewer, no time stamp */
            ms_sbuf_puts(&b, _i ? ",,Итого,,12,,,,,\n" : ",,Итого,,12,,,,\n");
            break;
        default:
            ms_sbuf_printf(&b, "%sA%d,И,X,%s,%s,%d,%d,,%s\n", stamp, i, q1[i % 10],
                           i % 11 == 3 ? "99" : i % 11 == 4 ? "12" : "3", 1 + i % 5,
                           i % 17 == 0 ? 123 : i % 40, i % 19 == 0 ? "нет" : "да");
        }
    }
    const char *data = ms_sbuf_str(&b);
    ck_assert_ptr_nonnull(data);
    ms_codebook *cb = codebook();
    ms_tally t1 = threads_agree(cb, data);
    ck_assert(t1.excluded > (_i ? 800u : 400u)); /* refusals, repeated headers (notes) */
    ms_codebook_destroy(cb);
    ms_sbuf_free(&b);
}
END_TEST

/* On two threads a level cell's text is numbered on the reading thread and
 * what the caller's thread made of a number is kept for later rows (load.c,
 * level_texts): 6,000 rows whose group, year and choice cells take more texts
 * than are numbered (24 groups, some blank, a missing code, padded, one
 * longer than is kept, some quoted), years written three ways and some not years,
 * choices by label, by value, in another case and unknown (rejected), with
 * header rows and blank lines, give the same records, level numbers (the
 * order levels were met), reasons and tallies as one thread. */
START_TEST(level_cells_numbered_on_the_reading_thread_give_what_one_thread_gives)
{
    static const char *const cb_text = HEADER
        "form,group,Форма,,,,,,,Нет ответа\n"
        "year,year,Год,,,,,,,\n"
        "role,choice,Роль,,,,,,1=Наставник|2=Наставляемый,\n"
        "q1,scale,Оценка,,1,10,,,,\n";
    static const char *const years[] = {"2024", " 2023", "2025.0", "20x4", "2022", ""};
    static const char *const roles[] = {"Наставник", "наставляемый", "2", "Ментор", "", "1"};
    ms_sbuf b = {0};
    ms_sbuf_puts(&b, "Форма,Год,Роль,Оценка\n");
    uint64_t seed = 7;
    for (int i = 0; i < 6000; i++) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        unsigned r = (unsigned)(seed >> 33), g = r % 24 < 12 ? r % 24 : r % (1 + i / 250);
        if (i % 97 == 50) {
            ms_sbuf_puts(&b, i % 2 ? ",,,\n" : "Форма,Год,Роль,Оценка\n");
            continue;
        }
        if (g % 24 == 20)
            ms_sbuf_puts(&b, "Нет ответа");
        else if (g % 24 == 21)
            ms_sbuf_puts(&b, "  Форма 3 ");
        else if (g % 24 == 22)
            ms_sbuf_puts(&b, "Форма с очень длинным названием которое не уместится");
        else if (g % 24 != 23 && r % 7 == 0) /* quoted: read by libcsv, not split in place */
            ms_sbuf_printf(&b, "\"Форма, %u\"", g % 24);
        else if (g % 24 != 23)
            ms_sbuf_printf(&b, "Форма %u", g % 24);
        ms_sbuf_printf(&b, ",%s,%s,%u\n", years[r / 24 % 6], roles[r / 144 % 6], 1 + r % 10);
    }
    const char *data = ms_sbuf_str(&b);
    ck_assert_ptr_nonnull(data);
    ms_codebook *cb;
    ms_error err;
    ck_assert_int_eq(ms_codebook_parse(cb_text, strlen(cb_text), "cb.csv", &cb, &err), MS_OK);
    threads_agree(cb, data);
    ms_codebook_destroy(cb);
    ms_sbuf_free(&b);
}
END_TEST


int main(void)
{
    Suite *s = suite_create("load");
    TCase *tc = tcase_create("load");
    tcase_add_test(tc, reads_utf8_with_labels_missing_codes_and_reverse_keying);
    tcase_add_test(tc, multi_free_text_counts_as_other_and_semicolons_keep_commas);
    tcase_add_test(tc, choice_other_slash_joined_multi_and_missing_parts);
    tcase_add_test(tc, answers_differing_only_in_spaces_are_one_level);
    tcase_add_test(tc, a_day_first_time_stamp_column_gives_its_school_years);
    tcase_add_test(tc, yes_no_levels_are_the_questionnaires_own_words);
    tcase_add_test(tc, reads_windows_1251_with_semicolons_and_decimal_comma);
    tcase_add_test(tc, a_year_given_per_file_needs_no_column_and_a_file_without_one_is_missing);
    tcase_add_test(tc, bom_is_skipped);
    tcase_add_test(tc, out_of_range_is_quarantined_with_line_and_column);
    tcase_add_test(tc, unreadable_number_and_wrong_field_count_are_quarantined);
    tcase_add_test(tc, rows_without_consent_are_excluded_not_quarantined);
    tcase_add_test(tc, missing_codebook_column_is_an_error_naming_it);
    tcase_add_test(tc, utf16_is_refused_with_advice);
    tcase_add_test(tc, headers_match_trimmed_and_case_insensitive_and_unused_are_listed);
    tcase_add_test(tc, the_kth_row_of_a_repeated_source_reads_the_kth_column_and_a_position_names_one);
    tcase_add_test(tc, a_repeated_header_with_fewer_codebook_rows_is_refused_at_its_column);
    tcase_add_test(tc, a_position_the_file_does_not_have_is_an_error_with_file_line_col);
    tcase_add_test(tc, several_files_are_tallied_each_and_in_total);
    tcase_add_test(tc, unterminated_quote_at_end_is_reported_with_its_line);
    tcase_add_test(tc, a_line_of_delimiters_only_is_a_blank_line_not_a_respondent);
    tcase_add_test(tc, a_number_typed_with_a_percent_sign_is_read_as_that_number);
    tcase_add_test(tc, decimal_answers_read_exactly_as_strtod_reads_them);
    tcase_add_loop_test(tc, rows_prepared_on_the_reading_thread_give_what_one_thread_gives, 0, 2);
    tcase_add_test(tc, level_cells_numbered_on_the_reading_thread_give_what_one_thread_gives);
    suite_add_tcase(s, tc);
    return ms_run_suite(s);
}
