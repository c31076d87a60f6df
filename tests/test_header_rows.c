/* test_header_rows.c — header rows inside the data (src/header_rows.h):
 * a repeated header and Qualtrics' two extra rows told from answers, and
 * the loader leaving them out, counted, with read = accepted + quarantined
 * + excluded. */
#include <check.h>
#include <string.h>

#include "header_rows.h"
#include "mentorstat/codebook.h"
#include "mentorstat/load.h"
#include "ms_suite.h"

static ms_row row_of(ms_field *f, const char *const *cells, size_t n)
{
    for (size_t i = 0; i < n; i++)
        f[i] = (ms_field){cells[i], strlen(cells[i])};
    return (ms_row){f, n, 7, NULL, 0, NULL, 0, 0, NULL};
}

START_TEST(a_repeated_header_is_told_from_an_answer)
{
    char *header[] = {"Отметка времени", "Оценка (1-5)", "Комментарий"};
    static const char *const again[] = {" отметка времени", "Оценка (1-5)", ""};
    static const char *const answer[] = {"01.09.2025 10:00", "5", "Оценка (1-5)"};
    static const char *const one_cell[] = {"", "", "Комментарий"};
    ms_field f[3];
    ms_row r = row_of(f, again, 3);
    ck_assert_int_eq(ms_header_row_kind(&r, header, 3), MS_HEADER_REPEAT);
    r = row_of(f, answer, 3);
    ck_assert_int_eq(ms_header_row_kind(&r, header, 3), MS_HEADER_NONE);
    /* one cell equal to its header is an answer ("Q2 - Topics" under "Q2 - Topics")
     * where no column is a form's time stamp (else a note: the next test) */
    char *unstamped[] = {"Дата", "Оценка (1-5)", "Комментарий"};
    r = row_of(f, one_cell, 3);
    ck_assert_int_eq(ms_header_row_kind(&r, unstamped, 3), MS_HEADER_NONE);
}
END_TEST

START_TEST(one_cell_without_the_forms_time_stamp_is_a_note)
{
    /* ru_forms_flares_2018.xlsx: a link to a spreadsheet below the answers */
    char *header[] = {"Отметка времени", "Как Вас зовут?", "Сколько Вам лет?", "Оценка"};
    static const char *const link[] = {"", "", "https://docs.google.com/x", ""};
    static const char *const stamped[] = {"2018/02/19 9:51:53", "", "", ""};
    static const char *const two[] = {"", "P01", "18-25", ""};
    ms_field f[4];
    ms_row r = row_of(f, link, 4);
    ck_assert_int_eq(ms_header_row_kind(&r, header, 4), MS_HEADER_NOTE);
    r = row_of(f, link, 3); /* the stamp column present, the row shorter: still empty */
    ck_assert_int_eq(ms_header_row_kind(&r, header, 4), MS_HEADER_NOTE);
    /* an answer with its stamp only, or two cells without it, is an answer */
    r = row_of(f, stamped, 4);
    ck_assert_int_eq(ms_header_row_kind(&r, header, 4), MS_HEADER_NONE);
    r = row_of(f, two, 4);
    ck_assert_int_eq(ms_header_row_kind(&r, header, 4), MS_HEADER_NONE);
    /* without a time stamp column nothing tells a note from a short answer */
    char *no_stamp[] = {"Имя", "Возраст", "Ссылка", "Оценка"};
    r = row_of(f, link, 4);
    ck_assert_int_eq(ms_header_row_kind(&r, no_stamp, 4), MS_HEADER_NONE);
    ck_assert_str_eq(ms_header_kind_words(MS_HEADER_NOTE, false),
                     "a note or a tally among the answers: no time stamp, and a third of the "
                     "columns or fewer filled, or a formula");
    /* ru_forms_cinema_2018.xlsx: a caption typed into the stamp column beside
     * =COUNTIF(…) under the answers; without the formula, three cells of four
     * are an answer typed in by hand */
    static const char *const calc[] = {"Больше 18 ", "37", "Кол-во ответов", "35"};
    r = row_of(f, calc, 4);
    ck_assert_int_eq(ms_header_row_kind(&r, header, 4), MS_HEADER_NONE);
    r.formulas = 1;
    ck_assert_int_eq(ms_header_row_kind(&r, header, 4), MS_HEADER_NOTE);
    static const char *const computed[] = {"2018/02/19 9:51:53", "P01", "18-25", "7"};
    r = row_of(f, computed, 4); /* an answer with a computed column: stamped, kept */
    r.formulas = 1;
    ck_assert_int_eq(ms_header_row_kind(&r, header, 4), MS_HEADER_NONE);
}
END_TEST

START_TEST(qualtrics_import_id_rows_in_both_forms)
{
    char *header[] = {"StartDate", "Q1"};
    static const char *const now[] = {"{\"ImportId\":\"startDate\"}", "{\"ImportId\":\"QID1\"}"};
    static const char *const old[] = {"{'ImportId': 'startDate'}", ""};
    static const char *const text[] = {"{\"ImportId\" is what Qualtrics writes", "5"};
    ms_field f[2];
    ms_row r = row_of(f, now, 2);
    ck_assert_int_eq(ms_header_row_kind(&r, header, 2), MS_HEADER_IMPORT_ID);
    r = row_of(f, old, 2);
    ck_assert_int_eq(ms_header_row_kind(&r, header, 2), MS_HEADER_IMPORT_ID);
    r = row_of(f, text, 2);
    ck_assert_int_eq(ms_header_row_kind(&r, header, 2), MS_HEADER_NONE);
}
END_TEST

START_TEST(a_held_row_is_a_deep_copy)
{
    char a[] = "first", b[] = "второй";
    ms_field f[2] = {{a, 5}, {b, strlen(b)}};
    ms_row r = {f, 2, 3, NULL, 0, "Лист1", 0, 0, NULL};
    ms_held_row h = {0};
    ck_assert_int_eq(ms_held_row_set(&h, &r), MS_OK);
    a[0] = 'X', b[0] = 'Y';
    ck_assert(h.held);
    ck_assert_uint_eq(h.row.n_fields, 2);
    ck_assert_uint_eq(h.row.line, 3);
    ck_assert_str_eq(h.row.fields[0].ptr, "first");
    ck_assert_str_eq(h.row.fields[1].ptr, "второй");
    ck_assert_str_eq(h.row.sheet, "Лист1");
    ms_held_row_clear(&h);
    ck_assert(!h.held && !h.fields);
    ms_held_row_clear(&h); /* twice: nothing */
}
END_TEST

typedef struct {
    int rows;
    double sum;
} seen;

static ms_status on_record(const ms_record *rec, void *ctx, ms_error *err)
{
    (void)err;
    seen *s = ctx;
    s->rows++;
    s->sum += rec->values[0].value;
    return MS_OK;
}

static void load_text(const char *text, ms_file_report *out, seen *s)
{
    ms_codebook *cb;
    ms_error err;
    static const char cbt2[] = "name,type,source,min,max\nq1,scale,Q1,1,5\n";
    ck_assert_int_eq(ms_codebook_parse(cbt2, strlen(cbt2), "cb.csv", &cb, &err), MS_OK);
    ms_load_options o = {.on_record = on_record, .record_ctx = s};
    ms_loader *ld;
    ck_assert_int_eq(ms_loader_create(cb, &o, &ld, &err), MS_OK);
    ck_assert_int_eq(ms_loader_read_mem(ld, text, strlen(text), "a.csv", &err), MS_OK);
    *out = *ms_loader_file(ld, 0);
    out->path = NULL, out->unused_columns = NULL, out->n_unused = 0;
    ms_loader_destroy(ld);
    ms_codebook_destroy(cb);
}

START_TEST(the_loader_leaves_qualtrics_rows_out_and_counts_them)
{
    const char *text = "StartDate,Q1\n"
                       "Start Date,How satisfied?\n"
                       "\"{\"\"ImportId\"\":\"\"startDate\"\"}\",\"{\"\"ImportId\"\":\"\"QID1\"\"}\"\n"
                       "2024-01-01,4\n"
                       "2024-01-02,3\n";
    ms_file_report fr;
    seen s = {0};
    load_text(text, &fr, &s);
    ck_assert_int_eq(s.rows, 2);
    ck_assert(s.sum == 7);
    ck_assert_uint_eq(fr.tally.read, 4);
    ck_assert_uint_eq(fr.tally.accepted, 2);
    ck_assert_uint_eq(fr.tally.excluded, 2);
    ck_assert_uint_eq(fr.tally.read, fr.tally.accepted + fr.tally.quarantined + fr.tally.excluded);
    ck_assert_uint_eq(fr.header_rows[MS_HEADER_QUESTIONS], 1);
    ck_assert_uint_eq(fr.header_line[MS_HEADER_QUESTIONS], 2);
    ck_assert_uint_eq(fr.header_rows[MS_HEADER_IMPORT_ID], 1);
    ck_assert_uint_eq(fr.header_line[MS_HEADER_IMPORT_ID], 3);
}
END_TEST

START_TEST(the_first_answer_held_is_read_in_its_turn)
{
    /* no ImportId row: line 2 is an answer, read before line 3; a file of one
     * answer gets it at the end */
    ms_file_report fr;
    seen s = {0};
    load_text("Q1\n2\n6\n5\n", &fr, &s);
    ck_assert_int_eq(s.rows, 2);
    ck_assert(s.sum == 7);
    ck_assert_uint_eq(fr.tally.quarantined, 1); /* 6 is out of range, line 3 */
    ck_assert_uint_eq(fr.tally.read, 3);
    seen one = {0};
    load_text("Q1\n4\n", &fr, &one);
    ck_assert_int_eq(one.rows, 1);
    ck_assert(one.sum == 4);
}
END_TEST

START_TEST(a_pasted_header_is_left_out_wherever_it_is)
{
    ms_file_report fr;
    seen s = {0};
    load_text("Q1\n4\n5\nQ1\n4\n5\n", &fr, &s);
    ck_assert_int_eq(s.rows, 4);
    ck_assert_uint_eq(fr.header_rows[MS_HEADER_REPEAT], 1);
    ck_assert_uint_eq(fr.header_line[MS_HEADER_REPEAT], 4);
    ck_assert_uint_eq(fr.tally.read, 5);
    ck_assert_uint_eq(fr.tally.excluded, 1);
}
END_TEST

START_TEST(the_loader_leaves_a_note_out_and_counts_it)
{
    ms_file_report fr;
    seen s = {0};
    load_text("Timestamp,Q1,Q2\n2024-01-01,4,a\n2024-01-02,3,b\n,,https://example.org/sheet\n"
              ",5,c\n",
              &fr, &s);
    ck_assert_int_eq(s.rows, 3); /* the last row has no stamp but two answers: kept */
    ck_assert(s.sum == 12);
    ck_assert_uint_eq(fr.header_rows[MS_HEADER_NOTE], 1);
    ck_assert_uint_eq(fr.header_line[MS_HEADER_NOTE], 4);
    ck_assert_uint_eq(fr.tally.read, 4);
    ck_assert_uint_eq(fr.tally.excluded, 1);
    ck_assert_uint_eq(fr.tally.read, fr.tally.accepted + fr.tally.quarantined + fr.tally.excluded);
}
END_TEST

static Suite *header_rows_suite(void)
{
    Suite *s = suite_create("header_rows");
    TCase *tc = tcase_create("header_rows");
    tcase_add_test(tc, a_repeated_header_is_told_from_an_answer);
    tcase_add_test(tc, qualtrics_import_id_rows_in_both_forms);
    tcase_add_test(tc, a_held_row_is_a_deep_copy);
    tcase_add_test(tc, the_loader_leaves_qualtrics_rows_out_and_counts_them);
    tcase_add_test(tc, the_first_answer_held_is_read_in_its_turn);
    tcase_add_test(tc, a_pasted_header_is_left_out_wherever_it_is);
    tcase_add_test(tc, one_cell_without_the_forms_time_stamp_is_a_note);
    tcase_add_test(tc, the_loader_leaves_a_note_out_and_counts_it);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return ms_run_suite(header_rows_suite()); }
