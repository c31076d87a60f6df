/* Check suite for the matching key of typed respondent codes
 * (src/data/respondent_code.h): case, separators and Latin/Cyrillic twins. */
#include <check.h>
#include <string.h>

#include "respondent_code.h"
#include "ms_suite.h"

/* Each call its own buffer: a test compares two keys at once. */
static const char *key(const char *code)
{
    static char bufs[2][256];
    static int turn;
    char *buf = bufs[turn++ % 2];
    snprintf(buf, sizeof bufs[0], "%s", code);
    ms_code_key(buf, strlen(buf));
    return buf;
}

START_TEST(one_person_however_the_code_was_typed)
{
    const char *same[] = {"мс-07", "МС 07", "MC-07", "mc_07", "м.с.07", "Мс–07", "МС—07",
                          " mC 0 7 ", "МС\302\24007" /* a no-break space */};
    for (size_t i = 0; i < sizeof same / sizeof *same; i++)
        ck_assert_str_eq(key(same[i]), "mc07");
}
END_TEST

START_TEST(every_latin_twin_matches_its_cyrillic_letter)
{
    /* upper: A B C E H K M O P T X Y; lower: a c e o p x y */
    ck_assert_str_eq(key("ABCEHKMOPTXY"), key("АВСЕНКМОРТХУ"));
    ck_assert_str_eq(key("acepxyo"), key("асерхуо"));
    ck_assert_str_eq(key("АВСЕНКМОРТХУ"), "abcehkmoptxy");
}
END_TEST

START_TEST(different_codes_stay_different)
{
    ck_assert_str_ne(key("МС-07"), key("МС-08"));
    ck_assert_str_ne(key("ЖД-07"), key("МС-07"));
    ck_assert_str_ne(key("мс07"), key("мс007"));
    ck_assert_str_eq(key("Ж-Д"), "жд"); /* letters without a twin: folded, kept Cyrillic */
    ck_assert_str_eq(key("ЁЛКА"), "ёлka");
}
END_TEST

START_TEST(a_code_of_separators_only_is_empty)
{
    char buf[] = " - _ . — ";
    ck_assert_uint_eq(ms_code_key(buf, strlen(buf)), 0);
    ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(bytes_that_are_not_utf8_are_kept)
{
    char buf[] = "A\xff\xc3-B"; /* a stray byte and a cut sequence */
    size_t n = ms_code_key(buf, strlen(buf));
    ck_assert_uint_eq(n, 4);
    ck_assert_mem_eq(buf, "a\xff\xc3" "b", 4);
    char overlong[] = "1\xe0\x80\xad" "2"; /* an overlong '-' is no dash */
    ck_assert_uint_eq(ms_code_key(overlong, strlen(overlong)), 5);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("respondent_code");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, one_person_however_the_code_was_typed);
    tcase_add_test(tc, every_latin_twin_matches_its_cyrillic_letter);
    tcase_add_test(tc, different_codes_stay_different);
    tcase_add_test(tc, a_code_of_separators_only_is_empty);
    tcase_add_test(tc, bytes_that_are_not_utf8_are_kept);
    suite_add_tcase(s, tc);
    return ms_run_suite(s);
}
