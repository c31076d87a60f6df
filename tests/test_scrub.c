/* Scrubbing open answers before they are quoted (scrub.h): e-mails, phone
 * numbers as people type them, personal names by the row's personal values
 * and by the patterns, and text that must stay as it is. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "mentorstat/scrub.h"
#include "ms_suite.h"

static char *scrub(const char *text, const char *const *personal, size_t n,
                   ms_scrub_counts *counts)
{
    char *out = NULL;
    ms_error err;
    ck_assert_int_eq(ms_scrub_text(text, personal, n, true, &out, counts, &err), MS_OK);
    ck_assert_ptr_nonnull(out);
    return out;
}

static void expect(const char *text, const char *want)
{
    char *out = scrub(text, NULL, 0, NULL);
    ck_assert_str_eq(out, want);
    ms_free(out);
}

START_TEST(emails)
{
    expect("пишите: ivanova.o@mail.ru", "пишите: [e-mail скрыт]");
    expect("Адрес a_b+c@school7.ru.", "Адрес [e-mail скрыт].");
    expect("Оценка @ 5, и почта x@y", "Оценка @ 5, и почта x@y"); /* no domain: kept */
}
END_TEST

START_TEST(phones)
{
    expect("тел. +7 (912) 345-67-89", "тел. [телефон скрыт]");
    expect("(тел. +7 (912) 345-67-89)", "(тел. [телефон скрыт])");
    expect("звоните 8-912-345-67-89!", "звоните [телефон скрыт]!");
    expect("8 912 345 67 89", "[телефон скрыт]");
    expect("+79123456789, вечером", "[телефон скрыт], вечером");
    expect("89123456789", "[телефон скрыт]");
    expect("городской 345-67-89", "городской [телефон скрыт]");
}
END_TEST

START_TEST(numbers_that_are_not_phones)
{
    expect("В 2024-2025 учебном году 12 встреч", "В 2024-2025 учебном году 12 встреч");
    expect("Оценка 7,5 из 10 (2025)", "Оценка 7,5 из 10 (2025)");
    expect("Кабинет 214, 3 урок", "Кабинет 214, 3 урок");
}
END_TEST

START_TEST(names_by_patronymic)
{
    expect("Ольга Сергеевна очень помогла", "[имя скрыто] очень помогла");
    expect("Помогла Иванова Ольга Сергеевна.", "Помогла [имя скрыто].");
    expect("спасибо Марине Петровне и Игорю Ильичу", "спасибо [имя скрыто] и [имя скрыто]");
    expect("Разбор уроков с Петром Ивановичем Сидоровым", "Разбор уроков с [имя скрыто]");
}
END_TEST

START_TEST(names_after_cues_and_initials)
{
    expect("Спасибо Марине за поддержку", "Спасибо [имя скрыто] за поддержку");
    expect("Мой наставник — Кирилл, он классный", "Мой наставник — [имя скрыто], он классный");
    expect("Работали с Петровой О. С. весь год", "Работали с [имя скрыто]. весь год");
    expect("Помог О. С. Петров", "Помог [имя скрыто]");
}
END_TEST

START_TEST(names_from_the_personal_column)
{
    const char *fio[] = {"Павлова Елена Александровна", NULL, ""};
    ms_scrub_counts c;
    char *out = scrub("Я, Павлова Елена Александровна, благодарна. Елене — удачи!", fio, 3, &c);
    ck_assert_str_eq(out, "Я, [имя скрыто], благодарна. [имя скрыто] — удачи!");
    ck_assert_uint_eq(c.names, 2);
    ms_free(out);
    out = scrub("Павловой было интересно", fio, 1, NULL); /* declined surname */
    ck_assert_str_eq(out, "[имя скрыто] было интересно");
    ms_free(out);
    const char *latin[] = {"John Smith"};
    out = scrub("signed: John Smith", latin, 1, NULL);
    ck_assert_str_eq(out, "signed: [имя скрыто]");
    ms_free(out);
}
END_TEST

START_TEST(ordinary_text_is_kept)
{
    const char *keep[] = {
        "Участие в конкурсе \"Педагогический дебют\"",
        "Научилась работать с электронным журналом и ЦОК",
        "Больше встреч.\nИ чтобы расписание было известно заранее",
        "Помощь с рабочей программой и КТП",
        "Наставник всегда был занят",
        "",
    };
    for (size_t i = 0; i < sizeof keep / sizeof *keep; i++)
        expect(keep[i], keep[i]);
}
END_TEST

START_TEST(everything_at_once_is_counted)
{
    ms_scrub_counts c;
    char *out = scrub("Спасибо Ольге Сергеевне! ivanova@mail.ru, +7 912 345-67-89", NULL, 0, &c);
    ck_assert_str_eq(out, "Спасибо [имя скрыто]! [e-mail скрыт], [телефон скрыт]");
    ck_assert_uint_eq(c.emails, 1);
    ck_assert_uint_eq(c.phones, 1);
    ck_assert_uint_eq(c.names, 1);
    ms_free(out);
    out = NULL;
    ms_error err;
    ck_assert_int_eq(ms_scrub_text("x@mail.ru", NULL, 0, false, &out, NULL, &err), MS_OK);
    ck_assert_str_eq(out, "[e-mail removed]");
    ms_free(out);
}
END_TEST

/* Issue 22: the shapes the scrubber missed, one a row: what is typed and
 * what is quoted.  Every row passes through ms_scrub_text with no personal
 * values, as in kopilka.md. */
static const struct {
    const char *shape, *text, *want;
} shapes[] = {
    {"name in capitals", "Спасибо, ИВАНОВА МАРИЯ ПЕТРОВНА!", "Спасибо, [имя скрыто]!"},
    {"name in lower case", "помогала иванова мария петровна", "помогала [имя скрыто]"},
    {"first name then surname", "Мария Иванова всегда рядом", "[имя скрыто] всегда рядом"},
    {"surname then first name", "Работали с Петровым Игорем", "Работали с [имя скрыто]"},
    {"first name and surname in capitals", "ИВАНОВ ИВАН", "[имя скрыто]"},
    {"first name and surname in lower case", "анна смирнова - лучшая", "[имя скрыто] - лучшая"},
    {"first name and patronymic in lower case", "ольга сергеевна помогла", "[имя скрыто] помогла"},
    {"cue then a name in capitals", "Мой наставник — КИРИЛЛ", "Мой наставник — [имя скрыто]"},
    {"e-mail with a Cyrillic domain", "пишите на ivanova@школа.рф", "пишите на [e-mail скрыт]"},
    {"e-mail all in Cyrillic", "почта: мария@пример.рф.", "почта: [e-mail скрыт]."},
    {"phone with dots", "тел. 8.912.345.67.89", "тел. [телефон скрыт]"},
    {"phone with spaces", "+7 912 345 67 89 вечером", "[телефон скрыт] вечером"},
    {"phone with en dashes", "8–912–345–67–89", "[телефон скрыт]"},
    {"local number with dots", "городской 345.67.89", "городской [телефон скрыт]"},
    {"handle", "пишите в телеграм @masha_ivanova", "пишите в телеграм [ссылка скрыта]"},
    {"vk profile", "моя страница vk.com/id123456.", "моя страница [ссылка скрыта]."},
    {"telegram link", "канал https://t.me/mentor_school", "канал [ссылка скрыта]"},
    {"instagram link", "www.instagram.com/masha.iv/ — фото", "[ссылка скрыта] — фото"},
    {"ok.ru profile", "ok.ru/profile/5775", "[ссылка скрыта]"},
};

/* Things that look alike and must stay. */
static const char *const not_flagged[] = {
    "Работа была отлична, нагрузка равна прошлогодней", /* -ична, -вна in lower case */
    "Условна ли оценка? Безусловна.",
    "Прочитали роман и обсудили его", /* a first name that is a word, alone */
    "Вера в себя выросла",
    "Надежда на лучшее",
    "Оценка @ 5, и почта x@y",
    "Встреча 12.05.2025 в 15.30",
    "В 2024-2025 учебном году 12 встреч",
    "Кабинет 214, 3 урок, 1.5 часа",
    "сайт школы school7.ru и https://edu.gov.ru/materials",
    "Использовали ЦОК и РЭШ",
    "Наставник всегда был занят",
    "Иван-чай на чаепитии",
};

START_TEST(each_shape_is_scrubbed)
{
    ms_scrub_counts c;
    char *out = scrub(shapes[_i].text, NULL, 0, &c);
    ck_assert_msg(!strcmp(out, shapes[_i].want), "%s: \"%s\" gave \"%s\", want \"%s\"",
                  shapes[_i].shape, shapes[_i].text, out, shapes[_i].want);
    ms_free(out);
}
END_TEST

START_TEST(look_alikes_are_kept)
{
    expect(not_flagged[_i], not_flagged[_i]);
}
END_TEST

/* The respondent's own id or pair code written in an answer (given with
 * the personal values), Latin letters in either case; not inside a number. */
START_TEST(own_codes_are_scrubbed)
{
    const char *codes[] = {"MS-07", "PAIR-12", "123"};
    char *out = scrub("я ms-07, пара PAIR-12; 91234 и 123 балла", codes, 3, NULL);
    ck_assert_str_eq(out, "я [имя скрыто], пара [имя скрыто]; 91234 и [имя скрыто] балла");
    ms_free(out);
    ms_scrub_counts c;
    out = scrub("@masha_ivanova и vk.com/masha", NULL, 0, &c);
    ck_assert_uint_eq(c.links, 2);
    ms_free(out);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("scrub");
    TCase *tc = tcase_create("scrub");
    tcase_add_test(tc, emails);
    tcase_add_test(tc, phones);
    tcase_add_test(tc, numbers_that_are_not_phones);
    tcase_add_test(tc, names_by_patronymic);
    tcase_add_test(tc, names_after_cues_and_initials);
    tcase_add_test(tc, names_from_the_personal_column);
    tcase_add_test(tc, ordinary_text_is_kept);
    tcase_add_test(tc, everything_at_once_is_counted);
    tcase_add_loop_test(tc, each_shape_is_scrubbed, 0, (int)(sizeof shapes / sizeof *shapes));
    tcase_add_loop_test(tc, look_alikes_are_kept, 0, (int)(sizeof not_flagged / sizeof *not_flagged));
    tcase_add_test(tc, own_codes_are_scrubbed);
    suite_add_tcase(s, tc);
    return ms_run_suite(s);
}
