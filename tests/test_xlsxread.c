/* Check suite for the .xlsx reader and the dispatch in front of it: every
 * kind of cell comes out as the text the loader reads, placed by its
 * reference; dates by the workbook's styles and date system; a missing
 * sheet lists the sheets; damaged workbooks fail naming the file and part;
 * places read file:sheet!C14.  The workbooks are written by tests/xlsx/
 * gen_xlsx (libxlsxwriter, and libzip for what it never writes). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rows.h"
#include "xlsxread.h"
#include "ms_suite.h"

enum { MAX_ROWS = 8, MAX_FIELDS = 32 };

/* Every row handed over, its fields copied. */
typedef struct {
    size_t n_rows;
    size_t line[MAX_ROWS], n_fields[MAX_ROWS], broken_field[MAX_ROWS];
    char field[MAX_ROWS][MAX_FIELDS][64];
    char sheet[64];
} rows_seen;

static ms_status keep_row(const ms_row *row, void *ctx, ms_error *err)
{
    (void)err;
    rows_seen *s = ctx;
    ck_assert_uint_lt(s->n_rows, MAX_ROWS);
    size_t r = s->n_rows++;
    s->line[r] = row->line;
    s->n_fields[r] = row->n_fields;
    s->broken_field[r] = row->broken ? row->broken_field : 0;
    snprintf(s->sheet, sizeof s->sheet, "%s", row->sheet ? row->sheet : "");
    for (size_t i = 0; i < row->n_fields && i < MAX_FIELDS; i++) {
        ck_assert_int_eq(row->fields[i].ptr[row->fields[i].len], '\0');
        snprintf(s->field[r][i], sizeof s->field[r][i], "%.*s", (int)row->fields[i].len,
                 row->fields[i].ptr);
    }
    return MS_OK;
}

START_TEST(excel_date_serials_become_date_time_text)
{
    char buf[32];
    struct { double serial; bool d1904; const char *text; } cases[] = {
        {45789, false, "2025-05-12 00:00:00"},
        {45789.49335648148, false, "2025-05-12 11:50:26"},
        {45658, false, "2025-01-01 00:00:00"},
        {1, false, "1900-01-01 00:00:00"},
        {59, false, "1900-02-28 00:00:00"},
        {60, false, "1900-02-29 00:00:00"}, /* Excel's own false leap day */
        {61, false, "1900-03-01 00:00:00"},
        {0.75, false, "1899-12-31 18:00:00"}, /* a time alone */
        {2958465.99999, false, "9999-12-31 23:59:59"},
        {0, true, "1904-01-01 00:00:00"},
        {44327.5, true, "2025-05-12 12:00:00"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        ck_assert(ms_xlsx_serial_text(cases[i].serial, cases[i].d1904, buf, sizeof buf));
        ck_assert_str_eq(buf, cases[i].text);
    }
    ck_assert(!ms_xlsx_serial_text(-1, false, buf, sizeof buf));
    ck_assert(!ms_xlsx_serial_text(2958466, false, buf, sizeof buf));
}
END_TEST

START_TEST(date_formats_are_told_from_number_formats)
{
    const char *dates[] = {"dd.mm.yyyy", "d/m/yy h:mm", "[h]:mm:ss", "[$-419]d\\ mmmm\\ yyyy",
                           "yyyy-mm-dd\"T\"hh:mm", "mmm-yy", "[Red][h]"};
    const char *numbers[] = {"General", "0.00", "[Red]0.00", "0.00 \"d\"", "\\d0", "0%",
                             "# ##0\\ \"руб.\"", "0.00E+00", "@", "_(* #,##0_)"};
    for (size_t i = 0; i < sizeof dates / sizeof *dates; i++)
        ck_assert_msg(ms_xlsx_format_is_date(dates[i]), "%s", dates[i]);
    for (size_t i = 0; i < sizeof numbers / sizeof *numbers; i++)
        ck_assert_msg(!ms_xlsx_format_is_date(numbers[i]), "%s", numbers[i]);
}
END_TEST

START_TEST(currency_formats_give_the_text_around_the_number)
{
    /* ru_forms_task_manager_2026.xlsx: the answer «0 ₽» stored by Sheets as 0 in
     * #,##0"₽" reads «0₽», the same answer as the text «0 ₽» beside it */
    static const struct {
        const char *code, *pre, *post;
    } money[] = {
        {"#,##0\"₽\"", "", "₽"},
        {"# ##0\\ \"руб.\"", "", " руб."},
        {"[$$-409]#,##0.00", "$", ""},
        {"#,##0.00\\ [$€-407];[Red]-#,##0.00\\ [$€-407]", "", " €"},
        {"\\₽0", "₽", ""},
    };
    char pre[24], post[24];
    for (size_t i = 0; i < sizeof money / sizeof *money; i++) {
        ck_assert_msg(ms_xlsx_format_currency(money[i].code, pre, sizeof pre, post, sizeof post),
                      "%s", money[i].code);
        ck_assert_str_eq(pre, money[i].pre);
        ck_assert_str_eq(post, money[i].post);
    }
    /* a unit that is no currency, a date, a plain number: the number alone */
    const char *plain[] = {"0.00 \"d\"", "0\" чел.\"", "General", "0%", "dd.mm.yyyy",
                           "[$-419]d\\ mmmm\\ yyyy"};
    for (size_t i = 0; i < sizeof plain / sizeof *plain; i++) {
        ck_assert_msg(!ms_xlsx_format_currency(plain[i], pre, sizeof pre, post, sizeof post),
                      "%s", plain[i]);
        ck_assert_str_eq(pre, "");
        ck_assert_str_eq(post, "");
    }
}
END_TEST

START_TEST(places_in_a_sheet_read_file_sheet_cell)
{
    ms_error e;
    char buf[256];
    ms_error_set(&e, MS_ERR_DATA, "a.xlsx", 14, 3, "q1: not a number (x)");
    snprintf(e.sheet, sizeof e.sheet, "Лист1");
    ms_error_format(&e, buf, sizeof buf);
    ck_assert_str_eq(buf, "a.xlsx:Лист1!C14: q1: not a number (x)");
    e.column = 27;
    ms_error_format(&e, buf, sizeof buf);
    ck_assert_str_eq(buf, "a.xlsx:Лист1!AA14: q1: not a number (x)");
    e.column = 0;
    ms_error_format(&e, buf, sizeof buf);
    ck_assert_str_eq(buf, "a.xlsx:Лист1!14: q1: not a number (x)");
    ms_error_set(&e, MS_ERR_DATA, "a.csv", 14, 3, "q1: not a number (x)"); /* clears the sheet */
    ms_error_format(&e, buf, sizeof buf);
    ck_assert_str_eq(buf, "a.csv:14:3: q1: not a number (x)");
}
END_TEST

#ifdef MS_XLSX_FIXTURES
static const char *fixture(const char *name)
{
    static char path[1024];
    snprintf(path, sizeof path, "%s/%s", MS_XLSX_FIXTURES, name);
    return path;
}

static ms_status read_fixture(const char *name, const char *sheet, rows_seen *s, ms_error *err)
{
    memset(s, 0, sizeof *s);
    ms_rows_options opt = {{NULL, 0, 0, NULL}, sheet};
    return ms_rows_read_file(fixture(name), &opt, keep_row, s, NULL, NULL, err);
}

static void expect_row(const rows_seen *s, size_t r, size_t line, const char *const *want,
                       size_t n)
{
    ck_assert_uint_eq(s->line[r], line);
    ck_assert_uint_eq(s->n_fields[r], n);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(strcmp(s->field[r][i], want[i]) == 0, "row %zu field %zu: \"%s\", want \"%s\"",
                      line, i + 1, s->field[r][i], want[i]);
}

START_TEST(every_kind_of_cell_libxlsxwriter_writes_reads_as_its_text)
{
    rows_seen s;
    ms_error err;
    ck_assert_int_eq(read_fixture("types.xlsx", NULL, &s, &err), MS_OK);
    ck_assert_str_eq(s.sheet, "Лист1");
    ck_assert_uint_eq(s.n_rows, 4); /* row 4 is empty, row 6 only a formatted blank */
    const char *head[] = {"Код", "Форма", "Оценка", "Доля", "Отметка времени", "Дата", "Флаг",
                          "Текст", "Сумма"};
    const char *r2[] = {"A01", "Учитель – учитель", "7", "0.1", "2025-05-12 11:50:26",
                        "2025-05-12 00:00:00", "TRUE", "да, конечно", "1234.5"};
    const char *r3[] = {"A02", "Учитель – учитель", "", "0.3333333333333333", "", "", "FALSE", "", ""};
    const char *r5[] = {"A03", "", "-2.5e-07", "", "", "", "", "", "1e+21"};
    expect_row(&s, 0, 1, head, 9);
    expect_row(&s, 1, 2, r2, 9);
    expect_row(&s, 2, 3, r3, 9);
    expect_row(&s, 3, 5, r5, 9);
}
END_TEST

START_TEST(a_named_sheet_is_read_hidden_ones_only_by_name_and_a_missing_one_lists_the_sheets)
{
    rows_seen s;
    ms_error err;
    ck_assert_int_eq(read_fixture("types.xlsx", "Данные", &s, &err), MS_OK);
    ck_assert_str_eq(s.sheet, "Данные");
    const char *head[] = {"x", "y"}, *r2[] = {"1", "2"};
    ck_assert_uint_eq(s.n_rows, 2);
    expect_row(&s, 0, 1, head, 2);
    expect_row(&s, 1, 2, r2, 2);
    ck_assert_int_eq(read_fixture("types.xlsx", "данные", &s, &err), MS_OK); /* case aside */
    ck_assert_str_eq(s.sheet, "Данные");
    ck_assert_int_eq(read_fixture("hidden_first.xlsx", NULL, &s, &err), MS_OK);
    ck_assert_str_eq(s.sheet, "Ответы"); /* the first visible sheet */
    ck_assert_int_eq(read_fixture("hidden_first.xlsx", "Служебный", &s, &err), MS_OK);
    ck_assert_str_eq(s.field[0][0], "справочник");
    ck_assert_int_eq(read_fixture("types.xlsx", "Лист3", &s, &err), MS_ERR_USAGE);
    ck_assert_uint_eq(s.n_rows, 0);
    ck_assert_str_eq(err.message,
                     "no sheet \"Лист3\" in the workbook (its sheets: \"Лист1\", \"Данные\")");
    ck_assert(strstr(err.file, "types.xlsx") != NULL);
}
END_TEST

START_TEST(inline_and_rich_strings_1904_dates_and_cells_without_references)
{
    rows_seen s;
    ms_error err;
    /* the same parts deflated, stored, and where _rels/.rels says (not under xl/) */
    const char *file[] = {"by_hand.xlsx", "by_hand_stored.xlsx", "by_hand_moved.xlsx"};
    ck_assert_int_eq(read_fixture(file[_i], NULL, &s, &err), MS_OK);
    ck_assert_str_eq(s.sheet, "Ответы");
    ck_assert_uint_eq(s.n_rows, 5);
    const char *head[] = {"Код", "Ответ", "Дата", "Доля"};
    const char *r3[] = {" B&1 ", "Полностью согласен", "1904-01-01 12:00:00", "0.25"};
    expect_row(&s, 0, 1, head, 4);
    expect_row(&s, 1, 3, r3, 4);
    /* row 4 has no r attribute; AA4 makes it 27 fields wide */
    ck_assert_uint_eq(s.line[2], 4);
    ck_assert_uint_eq(s.n_fields[2], 27);
    ck_assert_str_eq(s.field[2][0], "B&1");
    ck_assert_str_eq(s.field[2][1], "строка\rвторая");
    ck_assert_str_eq(s.field[2][2], "#N/A");
    ck_assert_str_eq(s.field[2][26], "3");
    /* row 5 names shared string 7 of 2: the row is broken at A5, B5 still read */
    ck_assert_uint_eq(s.line[3], 5);
    ck_assert_uint_eq(s.broken_field[3], 1);
    ck_assert_str_eq(s.field[3][1], "TRUE");
    /* row 7 holds formulas only (=SUM, =MAX under the answers): broken at C7, so the
     * loader quarantines it; row 4's formula beside a plain cell is an answer */
    ck_assert_uint_eq(s.line[4], 7);
    ck_assert_uint_eq(s.broken_field[4], 3);
    ck_assert_uint_eq(s.broken_field[2], 0);
}
END_TEST

START_TEST(a_workbook_is_known_by_its_bytes_not_its_name)
{
    char *data;
    size_t len;
    ck_assert_ptr_nonnull(data = ms_test_slurp(fixture("types.xlsx"), &len));
    char path[96];
    ms_test_template(path, sizeof path, "ms_xlsx_named_csvXXXXXX");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
    close(fd);
    rows_seen s = {0}, m = {0};
    ms_error err;
    ck_assert_int_eq(ms_rows_read_file(path, NULL, keep_row, &s, NULL, NULL, &err), MS_OK);
    ck_assert_int_eq(ms_rows_read_mem(data, len, "answers.csv", NULL, keep_row, &m, NULL, &err),
                     MS_OK);
    ck_assert_uint_eq(s.n_rows, 4);
    ck_assert_uint_eq(m.n_rows, 4);
    ck_assert_str_eq(s.field[1][4], "2025-05-12 11:50:26");
    ck_assert_str_eq(m.field[1][4], "2025-05-12 11:50:26");
    unlink(path);
    free(data);
}
END_TEST

START_TEST(damaged_workbooks_fail_naming_the_file_and_what_is_wrong)
{
    struct { const char *file, *says; } cases[] = {
        {"not_a_zip.xlsx", "not a readable .xlsx workbook (Not a zip archive)"},
        {"truncated.xlsx", "not a readable .xlsx workbook ("},
        {"not_a_workbook.xlsx", "not a readable .xlsx workbook: the archive has no xl/workbook.xml"},
        {"no_sheet_part.xlsx", "the archive has no xl/worksheets/sheet1.xml"},
        {"bad_xml.xlsx", "damaged .xlsx workbook: xl/worksheets/sheet1.xml, line 2: "},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        rows_seen s;
        ms_error err;
        ck_assert_int_eq(read_fixture(cases[i].file, NULL, &s, &err), MS_ERR_PARSE);
        ck_assert_msg(strstr(err.message, cases[i].says) != NULL, "%s: %s", cases[i].file,
                      err.message);
        ck_assert_msg(strstr(err.file, cases[i].file) != NULL, "%s", err.file);
    }
    rows_seen s;
    ms_error err;
    read_fixture("bad_xml.xlsx", NULL, &s, &err);
    ck_assert_uint_eq(s.n_rows, 1); /* the header came before the damage */
}
END_TEST

START_TEST(every_failed_allocation_is_out_of_memory)
{
    rows_seen clean;
    ms_error err;
    ck_assert_int_eq(read_fixture("types.xlsx", NULL, &clean, &err), MS_OK);
    long at = 0;
    for (;; at++) {
        ms_test_budget b = {at, 0, false};
        rows_seen s;
        ms_set_allocator(ms_test_failing_realloc, &b);
        ms_status st = read_fixture("types.xlsx", NULL, &s, &err);
        ms_set_allocator(NULL, NULL);
        if (b.count <= at) {
            ck_assert_int_eq(st, MS_OK);
            break;
        }
        ck_assert_int_eq(st, MS_ERR_NOMEM);
        ck_assert_str_eq(err.message, "out of memory");
    }
    ck_assert_int_gt(at, 10);
}
END_TEST

/* Issue 22: references like A0 and A-1, a column twice, a cell of another
 * row silently overwrote cells; now each such row is quarantined (broken)
 * at its place, and the cell overwrites nothing. */
START_TEST(odd_cell_references_quarantine_their_row_at_its_place)
{
    rows_seen s;
    ms_error err;
    ck_assert_int_eq(read_fixture("odd_refs.xlsx", NULL, &s, &err), MS_OK);
    ck_assert_uint_eq(s.n_rows, 7);
    size_t line[] = {1, 2, 3, 4, 5, 6, 7}, at[] = {0, 2, 2, 2, 0, 2, 1};
    for (size_t r = 0; r < 7; r++) {
        ck_assert_uint_eq(s.line[r], line[r]);
        ck_assert_msg(s.broken_field[r] == at[r], "row %zu broken at %zu", line[r],
                      s.broken_field[r]);
    }
    ck_assert_str_eq(s.field[1][1], "");  /* A0's 9 went nowhere */
    ck_assert_str_eq(s.field[3][1], "5");  /* B4 again: 9 did not overwrite 5 */
    ck_assert_str_eq(s.field[4][1], "7");
    ck_assert_str_eq(s.field[5][1], "");   /* B7 in row 6 */
}
END_TEST

START_TEST(a_dtd_in_any_part_is_refused)
{
    const char *file[] = {"dtd_sheet.xlsx", "dtd_styles.xlsx"};
    const char *part[] = {"xl/worksheets/sheet1.xml", "xl/styles.xml"};
    for (size_t i = 0; i < 2; i++) {
        rows_seen s;
        ms_error err;
        ck_assert_int_eq(read_fixture(file[i], NULL, &s, &err), MS_ERR_PARSE);
        ck_assert_msg(strstr(err.message, part[i]) && strstr(err.message, "declares a DTD"), "%s",
                      err.message);
        ck_assert_uint_eq(s.n_rows, 0);
    }
}
END_TEST

/* 16 MB of shared strings in a 45 KB file: read under the default limits,
 * refused under a lower one, as a sheet of more cells than allowed. */
START_TEST(workbooks_beyond_the_limits_are_refused_naming_the_limit)
{
    rows_seen s;
    ms_error err;
    ck_assert_int_eq(read_fixture("bomb_strings.xlsx", NULL, &s, &err), MS_OK);
    setenv("MENTORSTAT_XLSX_MAX_MB", "8", 1);
    ck_assert_int_eq(read_fixture("bomb_strings.xlsx", NULL, &s, &err), MS_ERR_PARSE);
    ck_assert_msg(strstr(err.message, "unpacks to more than 2 MB of shared strings and styles "
                                      "(xl/sharedStrings.xml)") &&
                      strstr(err.message, "MENTORSTAT_XLSX_MAX_MB"),
                  "%s", err.message);
    unsetenv("MENTORSTAT_XLSX_MAX_MB");
    setenv("MENTORSTAT_XLSX_MAX_CELLS", "5", 1);
    ck_assert_int_eq(read_fixture("odd_refs.xlsx", NULL, &s, &err), MS_ERR_PARSE);
    ck_assert_msg(strstr(err.message, "more than 5 cells"), "%s", err.message);
    unsetenv("MENTORSTAT_XLSX_MAX_CELLS");
}
END_TEST

/* Issue 22: _xD800_ (a lone surrogate) became invalid UTF-8 in tables.xlsx
 * and analyze --json.  A pair of escapes is one character; a lone
 * surrogate or _x0000_ is U+FFFD and quarantines its row at the cell. */
START_TEST(escaped_surrogates_give_valid_utf8_and_a_lone_one_quarantines_its_row)
{
    rows_seen s;
    ms_error err;
    ck_assert_int_eq(read_fixture("surrogates.xlsx", NULL, &s, &err), MS_OK);
    ck_assert_uint_eq(s.n_rows, 4);
    ck_assert_str_eq(s.field[1][0], "x\xf0\x9f\x98\x80y");
    ck_assert_uint_eq(s.broken_field[1], 0);
    ck_assert_str_eq(s.field[2][0], "a\xef\xbf\xbd" "b");
    ck_assert_uint_eq(s.broken_field[2], 1);
    ck_assert_str_eq(s.field[3][0], "c\xef\xbf\xbd" "d\xef\xbf\xbd");
    ck_assert_uint_eq(s.broken_field[3], 1);
}
END_TEST

/* 30000 date formats and 30000 styles: read in linear time (a styles part
 * of that shape took minutes); the last style is still a date. */
START_TEST(many_styles_still_tell_dates)
{
    rows_seen s;
    ms_error err;
    ck_assert_int_eq(read_fixture("many_styles.xlsx", NULL, &s, &err), MS_OK);
    ck_assert_uint_eq(s.n_rows, 1);
    ck_assert_str_eq(s.field[0][1], "2025-05-12 12:00:00");
}
END_TEST
#endif

int main(void)
{
    Suite *s = suite_create("xlsxread");
    TCase *tc = tcase_create("xlsx");
    tcase_add_test(tc, excel_date_serials_become_date_time_text);
    tcase_add_test(tc, date_formats_are_told_from_number_formats);
    tcase_add_test(tc, places_in_a_sheet_read_file_sheet_cell);
    tcase_add_test(tc, currency_formats_give_the_text_around_the_number);
#ifdef MS_XLSX_FIXTURES
    tcase_add_test(tc, every_kind_of_cell_libxlsxwriter_writes_reads_as_its_text);
    tcase_add_test(tc, a_named_sheet_is_read_hidden_ones_only_by_name_and_a_missing_one_lists_the_sheets);
    tcase_add_loop_test(tc, inline_and_rich_strings_1904_dates_and_cells_without_references, 0, 3);
    tcase_add_test(tc, a_workbook_is_known_by_its_bytes_not_its_name);
    tcase_add_test(tc, damaged_workbooks_fail_naming_the_file_and_what_is_wrong);
    tcase_add_test(tc, every_failed_allocation_is_out_of_memory);
    tcase_add_test(tc, odd_cell_references_quarantine_their_row_at_its_place);
    tcase_add_test(tc, a_dtd_in_any_part_is_refused);
    tcase_add_test(tc, workbooks_beyond_the_limits_are_refused_naming_the_limit);
    tcase_add_test(tc, many_styles_still_tell_dates);
    tcase_add_test(tc, escaped_surrogates_give_valid_utf8_and_a_lone_one_quarantines_its_row);
#endif
    suite_add_tcase(s, tc);
    return ms_run_suite(s);
}
