/* Check suite for the date-time grammar (src/base/datetime.h): every shape a form
 * export writes, the boundaries that decide a school year (31.08 / 01.09),
 * leap days, 12 o'clock AM/PM, Excel serials around the fictitious
 * 1900-02-29, and the cells that must be refused. */
#include <check.h>
#include <string.h>

#include "datetime.h"
#include "ms_suite.h"

static ms_datetime parse_ok(const char *s)
{
    ms_datetime d;
    ck_assert_msg(ms_datetime_parse(s, strlen(s), &d), "refused: %s", s);
    return d;
}

#define ck_date(s, y, m, d_, h, mi, sec)                                                    \
    do {                                                                                    \
        ms_datetime d = parse_ok(s);                                                        \
        ck_assert_msg(d.year == (y) && d.month == (m) && d.day == (d_) && d.hour == (h) &&  \
                          d.minute == (mi) && d.second == (sec),                            \
                      "%s -> %04d-%02d-%02d %02d:%02d:%02d", s, d.year, d.month, d.day,     \
                      d.hour, d.minute, d.second);                                          \
    } while (0)

static void ck_refused(const char *s)
{
    ms_datetime d;
    ck_assert_msg(!ms_datetime_parse(s, strlen(s), &d), "accepted: %s", s);
}

START_TEST(russian_excel_and_google_sheet_day_first)
{
    ck_date("12.05.2025 11:50:26", 2025, 5, 12, 11, 50, 26);
    ck_date("12.05.2025 9:05", 2025, 5, 12, 9, 5, 0);
    ck_date("1.9.2024", 2024, 9, 1, 0, 0, 0);
    ck_date("  20.09.2024  ", 2024, 9, 20, 0, 0, 0);
    ck_refused("12.05.2025 11:50 PM"); /* no AM/PM in the Russian shape */
    ck_refused("12.05.25");
}
END_TEST

START_TEST(google_forms_download_is_month_first_with_ampm_and_zone)
{
    ck_date("05/12/2025 11:50:26 GMT+5", 2025, 5, 12, 11, 50, 26);
    ck_date("05/12/2025 11:50:26", 2025, 5, 12, 11, 50, 26);
    ck_date("5/12/2025 1:50:26 PM", 2025, 5, 12, 13, 50, 26);
    ck_date("05/12/2025 11:50:26 pm GMT-3", 2025, 5, 12, 23, 50, 26);
    ck_date("05/12/2025 11:50:26 GMT+05:30", 2025, 5, 12, 11, 50, 26);
    ck_date("09/20/2024", 2024, 9, 20, 0, 0, 0);
    ck_refused("13/45/2025");
    ck_refused("20/09/2024 10:00:00"); /* month first: there is no month 20 */
    ck_refused("05/12/2025 11:50:26 GMT+25");
    ck_refused("05/12/2025 11:50:26 EST");
}
END_TEST

/* Other locales' Google Forms (UPPMAX's course survey: 24/04/2025 08:50:04):
 * read day first only when the column says so (derive = school_year_dmy). */
START_TEST(a_day_first_column_reads_dd_mm_yyyy)
{
    ms_datetime d;
    static const char s[] = "24/04/2025 08:50:04";
    ck_assert(!ms_datetime_parse(s, strlen(s), &d));
    ck_assert(ms_datetime_parse_order(s, strlen(s), true, &d));
    ck_assert(d.year == 2025 && d.month == 4 && d.day == 24 && d.hour == 8 && d.second == 4);
    static const char amb[] = "03/04/2025";
    ck_assert(ms_datetime_parse_order(amb, strlen(amb), true, &d) && d.month == 4 && d.day == 3);
    ck_assert(ms_datetime_parse_order(amb, strlen(amb), false, &d) && d.month == 3 && d.day == 4);
    static const char us[] = "04/24/2025";
    ck_assert(!ms_datetime_parse_order(us, strlen(us), true, &d));
    /* the order changes slashed dates only: dotted, year-first and ISO read alike */
    static const char *const same[] = {"12.05.2025 11:50:26", "2017/06/21 6:05:54 ПП GMT+3",
                                       "2025-05-12T11:50:26Z"};
    for (size_t i = 0; i < 3; i++) {
        ms_datetime a, b;
        ck_assert(ms_datetime_parse_order(same[i], strlen(same[i]), true, &a));
        ck_assert(ms_datetime_parse(same[i], strlen(same[i]), &b));
        ck_assert(a.year == b.year && a.month == b.month && a.day == b.day && a.hour == b.hour);
    }
}
END_TEST

START_TEST(year_first_slashes_and_iso)
{
    ck_date("2025/05/12 11:50:26 AM GMT+3", 2025, 5, 12, 11, 50, 26);
    /* a Russian Google Forms download: ДП/ПП are AM/PM */
    ck_date("2017/06/21 6:05:54 ПП GMT+3", 2017, 6, 21, 18, 5, 54);
    ck_date("2017/06/21 12:05:54 ДП GMT+3", 2017, 6, 21, 0, 5, 54);
    ck_date("2017/06/21 12:05:54 ПП", 2017, 6, 21, 12, 5, 54);
    ck_refused("2017/06/21 13:05:54 ПП GMT+3");
    ck_refused("2017/06/21 6:05:54 ПМ GMT+3");
    ck_date("2025/5/12", 2025, 5, 12, 0, 0, 0);
    ck_date("2025-05-12 11:50:26", 2025, 5, 12, 11, 50, 26);
    ck_date("2025-05-12T11:50", 2025, 5, 12, 11, 50, 0);
    ck_date("2025-05-12T11:50:26.123Z", 2025, 5, 12, 11, 50, 26);
    ck_date("2025-05-12T11:50:26+03:00", 2025, 5, 12, 11, 50, 26);
    ck_date("2025-05-12T11:50:26+0300", 2025, 5, 12, 11, 50, 26);
    ck_date("2025-05-12", 2025, 5, 12, 0, 0, 0);
    ck_refused("2025-5-12");
    ck_refused("2025-05-12 24:00:00");
    ck_refused("2025-05-12 11:60");
    ck_refused("2025-05-12 11:50 PM");
}
END_TEST

START_TEST(twelve_am_is_midnight_and_twelve_pm_is_noon)
{
    ck_date("05/12/2025 12:00:00 AM", 2025, 5, 12, 0, 0, 0);
    ck_date("05/12/2025 12:30:00 PM", 2025, 5, 12, 12, 30, 0);
    ck_date("05/12/2025 11:59:59 PM", 2025, 5, 12, 23, 59, 59);
    ck_refused("05/12/2025 0:30:00 AM");
    ck_refused("05/12/2025 13:00:00 PM");
}
END_TEST

START_TEST(impossible_dates_are_refused_and_leap_days_read)
{
    ck_refused("31.02.2025");
    ck_refused("29.02.2025");
    ck_date("29.02.2024", 2024, 2, 29, 0, 0, 0);
    ck_date("29.02.2000", 2000, 2, 29, 0, 0, 0);
    ck_refused("29.02.1900");
    ck_refused("31.04.2025");
    ck_refused("00.01.2025");
    ck_refused("01.13.2025");
    ck_refused("");
    ck_refused("вчера");
    ck_date("2025", 1905, 7, 17, 0, 0, 0); /* a bare number is an Excel serial */
    ck_refused("12.05.2025 11:50:26 лишнее");
}
END_TEST

START_TEST(school_year_turns_between_31_august_and_1_september)
{
    ck_assert_int_eq(ms_school_year(&(ms_datetime){2024, 9, 20, 0, 0, 0}), 2025);
    ck_assert_int_eq(ms_school_year(&(ms_datetime){2025, 5, 12, 0, 0, 0}), 2025);
    ck_assert_int_eq(ms_school_year(&(ms_datetime){2025, 8, 31, 23, 59, 59}), 2025);
    ck_assert_int_eq(ms_school_year(&(ms_datetime){2025, 9, 1, 0, 0, 0}), 2026);
    ck_assert_int_eq(ms_school_year(&(ms_datetime){2025, 1, 1, 0, 0, 0}), 2025);
    ck_assert_int_eq(ms_school_year(&(ms_datetime){2024, 12, 31, 0, 0, 0}), 2025);
}
END_TEST

START_TEST(excel_serials_keep_the_1900_leap_day_quirk)
{
    ck_date("1", 1900, 1, 1, 0, 0, 0);
    ck_date("59", 1900, 2, 28, 0, 0, 0);
    ck_date("60", 1900, 2, 29, 0, 0, 0); /* Excel's day that never was */
    ck_date("61", 1900, 3, 1, 0, 0, 0);
    ck_date("45658", 2025, 1, 1, 0, 0, 0);       /* =DATE(2025;1;1) */
    ck_date("45790.5", 2025, 5, 13, 12, 0, 0);   /* =DATE(2025;5;13)+0,5 */
    ck_date("45790,75", 2025, 5, 13, 18, 0, 0);
    ck_date("2958465", 9999, 12, 31, 0, 0, 0);
    ck_refused("0");
    ck_refused("2958466");
    ck_refused("-5");
    ck_refused("45790.");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("datetime");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, russian_excel_and_google_sheet_day_first);
    tcase_add_test(tc, google_forms_download_is_month_first_with_ampm_and_zone);
    tcase_add_test(tc, year_first_slashes_and_iso);
    tcase_add_test(tc, a_day_first_column_reads_dd_mm_yyyy);
    tcase_add_test(tc, twelve_am_is_midnight_and_twelve_pm_is_noon);
    tcase_add_test(tc, impossible_dates_are_refused_and_leap_days_read);
    tcase_add_test(tc, school_year_turns_between_31_august_and_1_september);
    tcase_add_test(tc, excel_serials_keep_the_1900_leap_day_quirk);
    suite_add_tcase(s, tc);
    return ms_run_suite(s);
}
