/* test_sbuf.c — the one growing string buffer (src/base/sbuf.h): appends, the
 * first failure freeing the text and making the buffer inert, the size cap,
 * and the CSV cell writer's quoting and formula guard. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "sbuf.h"
#include "ms_suite.h"

START_TEST(appends_grow_past_the_first_block_and_stay_terminated)
{
    ms_sbuf b = {0};
    for (int i = 0; i < 1000; i++)
        ms_sbuf_printf(&b, "%03d,", i);
    ms_sbuf_puts(&b, "end");
    ck_assert(!b.failed);
    ck_assert_uint_eq(b.len, 4003);
    ck_assert_int_eq(strncmp(b.s, "000,001,", 8), 0);
    ck_assert_str_eq(b.s + 3996, "999,end");
    ms_sbuf_free(&b);
    ck_assert(b.s == NULL && b.len == 0 && b.cap == 0 && !b.failed);
}
END_TEST

START_TEST(out_of_memory_frees_the_text_and_later_appends_do_nothing)
{
    ms_test_budget budget = {1, 0}; /* the first allocation succeeds, the second fails */
    ms_sbuf b = {0};
    ms_set_allocator(ms_test_failing_realloc, &budget);
    ms_sbuf_puts(&b, "short");
    ck_assert(!b.failed);
    char big[1024];
    memset(big, 'x', sizeof big);
    ms_sbuf_putn(&b, big, sizeof big); /* needs a second block: refused */
    ck_assert(b.failed);
    ck_assert(b.s == NULL && b.len == 0 && b.cap == 0);
    ms_sbuf_puts(&b, "after");
    ms_sbuf_printf(&b, "%d", 42);
    ck_assert(b.failed && b.s == NULL && b.len == 0);
    ms_set_allocator(NULL, NULL);
    ck_assert_int_eq(budget.count, 2); /* nothing was tried after the failure */
    ms_sbuf_free(&b);
}
END_TEST

START_TEST(text_past_the_size_cap_fails_without_allocating)
{
    ms_sbuf b = {0};
    ms_sbuf_puts(&b, "abc");
    /* the length alone is refused: the source is never read */
    ms_sbuf_putn(&b, "", MS_SBUF_MAX);
    ck_assert(b.failed && b.s == NULL && b.len == 0);
    ms_sbuf_free(&b);
}
END_TEST

START_TEST(csv_cells_are_quoted_with_quotes_doubled)
{
    ms_sbuf b = {0};
    ms_sbuf_csv_cell(&b, "a \"b\", c", strlen("a \"b\", c"));
    ms_sbuf_putn(&b, ",", 1);
    ms_sbuf_csv_cell(&b, "", 0);
    ms_sbuf_putn(&b, ",", 1);
    ms_sbuf_csv_cell(&b, "a\0b", 3); /* a cell with a NUL byte keeps its length */
    ck_assert(!b.failed);
    ck_assert_uint_eq(b.len, 21);
    ck_assert_int_eq(memcmp(b.s, "\"a \"\"b\"\", c\",\"\",\"a\0b\"", 21), 0);
    ms_sbuf_free(&b);
}
END_TEST

START_TEST(csv_cells_a_spreadsheet_would_run_get_an_apostrophe)
{
    static const char *const formulas[] = {"=1+1", "+7 912", "-3", "@SUM(A1)", "\tx", "\rx"};
    for (size_t i = 0; i < sizeof formulas / sizeof *formulas; i++) {
        ms_sbuf b = {0};
        ms_sbuf_csv_cell(&b, formulas[i], strlen(formulas[i]));
        ck_assert_msg(b.s[0] == '"' && b.s[1] == '\'', "no guard for %s", formulas[i]);
        ck_assert_int_eq(strncmp(b.s + 2, formulas[i], strlen(formulas[i])), 0); /* then the text */
        ck_assert_str_eq(b.s + 2 + strlen(formulas[i]), "\"");
        ms_sbuf_free(&b);
    }
    ms_sbuf b = {0};
    ms_sbuf_csv_cell(&b, "1=1", 3); /* only a leading sign counts */
    ck_assert_str_eq(b.s, "\"1=1\"");
    ms_sbuf_free(&b);
}
END_TEST

START_TEST(quoted_text_doubles_quotes_and_adds_no_guard)
{
    ms_sbuf b = {0};
    ms_sbuf_quoted(&b, "=Ответы \"1\".csv", strlen("=Ответы \"1\".csv"));
    ck_assert_str_eq(b.s, "\"=Ответы \"\"1\"\".csv\""); /* read back as written */
    ms_sbuf_free(&b);
}
END_TEST

static Suite *sbuf_suite(void)
{
    Suite *s = suite_create("sbuf");
    TCase *tc = tcase_create("sbuf");
    tcase_add_test(tc, appends_grow_past_the_first_block_and_stay_terminated);
    tcase_add_test(tc, out_of_memory_frees_the_text_and_later_appends_do_nothing);
    tcase_add_test(tc, text_past_the_size_cap_fails_without_allocating);
    tcase_add_test(tc, csv_cells_are_quoted_with_quotes_doubled);
    tcase_add_test(tc, csv_cells_a_spreadsheet_would_run_get_an_apostrophe);
    tcase_add_test(tc, quoted_text_doubles_quotes_and_adds_no_guard);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return ms_run_suite(sbuf_suite()); }
