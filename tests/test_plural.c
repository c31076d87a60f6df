/* Russian plural forms after a count (src/base/plural.h): the last two digits
 * choose, 11–14 take the "many" form, fractions the "few" form. */
#include <check.h>

#include "plural.h"
#include "ms_suite.h"

static const char *org(double n)
{
    return ms_plural_ru(n, "организация", "организации", "организаций");
}

START_TEST(one_few_many_by_the_last_digit)
{
    ck_assert_str_eq(org(1), "организация");
    ck_assert_str_eq(org(2), "организации");
    ck_assert_str_eq(org(4), "организации");
    ck_assert_str_eq(org(5), "организаций");
    ck_assert_str_eq(org(0), "организаций");
    ck_assert_str_eq(org(21), "организация");
    ck_assert_str_eq(org(22), "организации");
    ck_assert_str_eq(org(25), "организаций");
    ck_assert_str_eq(org(101), "организация");
    ck_assert_str_eq(org(300), "организаций");
    ck_assert_str_eq(org(1001), "организация");
}
END_TEST

START_TEST(eleven_to_fourteen_take_the_many_form)
{
    for (int n = 11; n <= 14; n++) {
        ck_assert_str_eq(org(n), "организаций");
        ck_assert_str_eq(org(100 + n), "организаций");
    }
    ck_assert_str_eq(org(111), "организаций");
}
END_TEST

START_TEST(fractions_take_the_few_form_and_english_has_two)
{
    ck_assert_str_eq(org(2.5), "организации");
    ck_assert_str_eq(ms_plural(false, 1, "", "", "", "pair", "pairs"), "pair");
    ck_assert_str_eq(ms_plural(false, 21, "", "", "", "pair", "pairs"), "pairs");
    ck_assert_str_eq(ms_plural(true, 21, "паре", "парах", "парах", "", ""), "паре");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("plural");
    TCase *tc = tcase_create("plural");
    tcase_add_test(tc, one_few_many_by_the_last_digit);
    tcase_add_test(tc, eleven_to_fourteen_take_the_many_form);
    tcase_add_test(tc, fractions_take_the_few_form_and_english_has_two);
    suite_add_tcase(s, tc);
    return ms_run_suite(s);
}
