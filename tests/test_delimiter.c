/* Check suite for the delimiter guess: it follows the field counts of the
 * header and the first rows together, so commas in question texts, decimal
 * commas and ';'-joined checkbox answers do not fool it. */
#include <check.h>
#include <string.h>

#include "delimiter.h"
#include "ms_suite.h"

static char guess(const char *s) { return ms_guess_delimiter(s, strlen(s), true); }

START_TEST(a_semicolon_file_whose_header_holds_more_commas_is_read_with_semicolons)
{
    /* Excel's Russian save: 3 fields, 2 ';' and 3 ',' in the header */
    ck_assert_int_eq(guess("Код;Оцените, насколько, удобно;Часы, примерно\r\n"
                           "A1;7;2,5\r\nA2;8;4\r\nA3;6;1,5\r\n"), ';');
    /* the header alone: ';' splits it as well as ',' does, and wins */
    ck_assert_int_eq(guess("Код;Оцените, насколько, удобно;Часы, примерно\r\n"), ';');
}
END_TEST

START_TEST(a_comma_file_with_semicolons_in_its_answers_is_read_with_commas)
{
    /* Google Forms joins checkbox answers with ';' inside a quoted cell */
    ck_assert_int_eq(guess("Отметка времени,Что понравилось,Оценка\n"
                           "2025-05-12,\"Беседы;Советы\",7\n2025-05-13,Беседы,8\n"), ',');
    ck_assert_int_eq(guess("a,b;c\n1,2;3\n4,5\n"), ','); /* ';' gives 2, 2, 1: not consistent */
}
END_TEST

START_TEST(tabs_quotes_across_lines_and_cut_samples)
{
    ck_assert_int_eq(guess("a\tb, c\td\n1\t2\t3\n"), '\t');
    /* a quoted field spanning lines is one record */
    ck_assert_int_eq(guess("a;b;c\n1;\"two\nlines, here\";3\n4;5;6\n"), ';');
    /* a sample cut inside its last record leaves that record out */
    const char *cut = "a;b;c\n1;2;3\n4;5";
    ck_assert_int_eq(ms_guess_delimiter(cut, strlen(cut), false), ';');
}
END_TEST

START_TEST(without_a_consistent_delimiter_the_header_count_most_rows_share_wins)
{
    /* one ragged row: ';' still gives most rows the header's count */
    ck_assert_int_eq(guess("a;b;c\n1;2;3\n4;5\n6;7;8\n"), ';');
    ck_assert_int_eq(guess("one column\nx\ny\n"), ',');
    ck_assert_int_eq(guess(""), ',');
}
END_TEST

int main(void)
{
    Suite *s = suite_create("delimiter");
    TCase *tc = tcase_create("guess");
    tcase_add_test(tc, a_semicolon_file_whose_header_holds_more_commas_is_read_with_semicolons);
    tcase_add_test(tc, a_comma_file_with_semicolons_in_its_answers_is_read_with_commas);
    tcase_add_test(tc, tabs_quotes_across_lines_and_cut_samples);
    tcase_add_test(tc, without_a_consistent_delimiter_the_header_count_most_rows_share_wins);
    suite_add_tcase(s, tc);
    return ms_run_suite(s);
}
