/* test_text.c — text fields (src/text.h): cutting a long label for the
 * report at a word with "…", never inside a UTF-8 character. */
#include <check.h>
#include <stdbool.h>
#include <string.h>

#include "text.h"
#include "ms_suite.h"

/* Every byte sequence is a whole UTF-8 character (no lone continuation
 * byte, no lead byte without its continuations). */
static bool valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int k = *p < 0x80 ? 0 : (*p & 0xE0) == 0xC0 ? 1 : (*p & 0xF0) == 0xE0 ? 2
                : (*p & 0xF8) == 0xF0 ? 3 : -1;
        if (k < 0)
            return false;
        p++;
        for (int i = 0; i < k; i++, p++)
            if ((*p & 0xC0) != 0x80)
                return false;
    }
    return true;
}

START_TEST(a_label_that_fits_is_copied_whole)
{
    char buf[32];
    ck_assert_str_eq(ms_text_clip(buf, sizeof buf, "Наставник помог"), "Наставник помог");
    ck_assert_str_eq(ms_text_clip(buf, 16, "fifteen bytes.."), "fifteen bytes..");
}
END_TEST

START_TEST(a_long_label_is_cut_at_a_word_with_an_ellipsis)
{
    char buf[40];
    /* 36 bytes fit before "…": "Наставник помог мне" is 36, the next byte a space */
    ms_text_clip(buf, sizeof buf, "Наставник помог мне разобраться в теме урока");
    ck_assert_str_eq(buf, "Наставник помог мне…");
    ck_assert(valid_utf8(buf));
    ms_text_clip(buf, sizeof buf, "The seminar leader is available to answer questions");
    ck_assert_str_eq(buf, "The seminar leader is available to…");
}
END_TEST

START_TEST(punctuation_before_the_cut_goes)
{
    char buf[20];
    ms_text_clip(buf, sizeof buf, "Clarity, pace, and the examples used");
    ck_assert_str_eq(buf, "Clarity, pace…");
}
END_TEST

START_TEST(every_cut_of_a_cyrillic_label_is_valid_utf8_and_fits)
{
    const char *s = "Оцените, насколько наставник помогал вам (0 — совсем нет, 10 — полностью)";
    for (size_t size = 4; size <= strlen(s) + 1; size++) {
        char buf[256];
        ms_text_clip(buf, size, s);
        ck_assert_msg(valid_utf8(buf), "size %zu: %s", size, buf);
        ck_assert_uint_lt(strlen(buf), size);
        if (size <= strlen(s)) {
            size_t n = strlen(buf);
            ck_assert_msg(n >= 3 && !strcmp(buf + n - 3, "…"), "size %zu: %s", size, buf);
        }
    }
}
END_TEST

START_TEST(one_long_word_is_cut_at_a_whole_letter)
{
    char buf[12];
    ms_text_clip(buf, sizeof buf, "Удовлетворённость");
    ck_assert(valid_utf8(buf));
    ck_assert_str_eq(buf, "Удов…");
}
END_TEST

START_TEST(one_answer_written_with_or_without_spaces_is_the_same)
{
    static const struct {
        const char *a, *b;
        bool same;
    } cases[] = {
        {"0₽", "0 ₽", true},            /* an .xlsx currency format beside the form's text */
        {"0\xC2\xA0₽", "0 ₽", true},    /* no-break space */
        {"0\xE2\x80\xAF₽", "0₽", true}, /* narrow no-break space */
        {"Да,нет", "да, Нет", true},
        {"ёлка", "Елка", true},
        {"", "  ", true},
        {"0 ₽", "0 $", false},
        {"10", "1 0 0", false},
        {"Да", "Да, нет", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        ms_field a = {cases[i].a, strlen(cases[i].a)};
        ck_assert_msg(ms_field_same_answer(a, cases[i].b) == cases[i].same, "%s | %s",
                      cases[i].a, cases[i].b);
    }
}
END_TEST

START_TEST(a_buffer_too_small_for_the_ellipsis_is_left_empty)
{
    char buf[3] = "xx";
    ck_assert_str_eq(ms_text_clip(buf, sizeof buf, "abcdef"), "");
}
END_TEST

static Suite *text_suite(void)
{
    Suite *s = suite_create("text");
    TCase *tc = tcase_create("clip");
    tcase_add_test(tc, a_label_that_fits_is_copied_whole);
    tcase_add_test(tc, one_answer_written_with_or_without_spaces_is_the_same);
    tcase_add_test(tc, a_long_label_is_cut_at_a_word_with_an_ellipsis);
    tcase_add_test(tc, punctuation_before_the_cut_goes);
    tcase_add_test(tc, every_cut_of_a_cyrillic_label_is_valid_utf8_and_fits);
    tcase_add_test(tc, one_long_word_is_cut_at_a_whole_letter);
    tcase_add_test(tc, a_buffer_too_small_for_the_ellipsis_is_left_empty);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return ms_run_suite(text_suite()); }
