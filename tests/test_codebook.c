/* Check suite for the codebook loader: every contract column and type is
 * read, and every error names codebook:line:column. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mentorstat/codebook.h"
#include "ms_suite.h"

#define HEADER "name,type,source,label,min,max,reverse,construct,choices,missing\n"

static ms_status parse(const char *text, ms_codebook **cb, ms_error *err)
{
    memset(err, 0, sizeof *err);
    return ms_codebook_parse(text, strlen(text), "codebook.csv", cb, err);
}

/* Parse text expecting failure at line:col, with `needle` in the message. */
static void expect_error(const char *text, size_t line, size_t col, const char *needle)
{
    ms_codebook *cb = (ms_codebook *)1;
    ms_error err;
    ms_status st = parse(text, &cb, &err);
    ck_assert_int_eq(st, MS_ERR_CODEBOOK);
    ck_assert_ptr_null(cb);
    ck_assert_str_eq(err.file, "codebook.csv");
    ck_assert_uint_eq(err.line, line);
    ck_assert_uint_eq(err.column, col);
    ck_assert_msg(strstr(err.message, needle), "message '%s' lacks '%s'", err.message, needle);
}

START_TEST(reads_every_column_and_type)
{
    const char *text = HEADER
        "id,id,Код участника,,,,,,,\n"
        "fio,personal,ФИО,,,,,,,\n"
        "wave,wave,Этап,Этап,,,,,1=вход|2=выход,\n"
        "form,group,Форма,Форма наставничества,,,,,,\n"
        "q1,scale,Оценка 1,Комфорт,1,10,,quality,,\n"
        "q2,scale,Оценка 2,Польза,1,10,1,quality,,99|Затрудняюсь ответить\n"
        "areas,multi,Области,,,,,,1=Методика|2=Работа с родителями,\n"
        "hours,number,Часы,,,,,,,\n"
        "rec,yesno,Рекомендую,,,,,,,\n"
        "ok,consent,Согласие,,,,,,1=Да|0=Нет,\n"
        "note,text,Комментарий,,,,,,,\n"
        "skip,ignore,Служебное,,,,,,,\n"
        "pair,pair,Пара,,,,,,,\n"
        "yr,year,Год,,,,,,,\n"
        "meet,choice,Встречи,,,,,,1=Часто|2=Редко,\n";
    ms_codebook *cb;
    ms_error err;
    ck_assert_int_eq(parse(text, &cb, &err), MS_OK);
    ck_assert_uint_eq(cb->n_vars, 15);
    ck_assert_int_eq(cb->vars[0].type, MS_TYPE_ID);
    ck_assert_str_eq(cb->vars[1].source, "ФИО");
    ck_assert_str_eq(cb->vars[1].label, "fio"); /* label defaults to name */
    ck_assert_uint_eq(cb->vars[2].n_choices, 2);
    ck_assert_str_eq(cb->vars[2].choices[1].label, "выход");
    ck_assert(cb->vars[2].choices[1].value == 2);
    ck_assert(cb->vars[4].has_range && cb->vars[4].min == 1 && cb->vars[4].max == 10);
    ck_assert(cb->vars[5].reverse);
    ck_assert_uint_eq(cb->vars[5].n_missing, 2);
    ck_assert_str_eq(cb->vars[5].missing[1], "Затрудняюсь ответить");
    ck_assert_int_eq(cb->vars[6].type, MS_TYPE_MULTI);
    ck_assert_uint_eq(cb->n_constructs, 1);
    ck_assert_str_eq(cb->constructs[0].name, "quality");
    ck_assert_uint_eq(cb->constructs[0].n_items, 2);
    ck_assert(cb->constructs[0].min == 1 && cb->constructs[0].max == 10);
    ck_assert_int_eq(ms_codebook_find(cb, "Q2"), 5);
    ms_codebook_destroy(cb);
}
END_TEST

START_TEST(accepts_semicolons_bom_and_any_column_order)
{
    const char *text = "\xEF\xBB\xBFType;NAME;Min;Max\nscale;q1;1;5\nscale;q2;1;5\n";
    ms_codebook *cb;
    ms_error err;
    ck_assert_int_eq(parse(text, &cb, &err), MS_OK);
    ck_assert_uint_eq(cb->n_vars, 2);
    ck_assert_str_eq(cb->vars[1].name, "q2");
    ck_assert_str_eq(cb->vars[1].source, "q2"); /* source defaults to name */
    ms_codebook_destroy(cb);
}
END_TEST

START_TEST(unknown_column_is_named_with_its_column)
{
    expect_error("name,type,colour\nq1,text,red\n", 1, 3, "unknown codebook column (colour)");
}
END_TEST

START_TEST(unknown_type_is_named)
{
    expect_error(HEADER "q1,likert,,,1,5,,,,\n", 2, 2, "unknown type (likert)");
}
END_TEST

START_TEST(duplicate_name_points_to_the_first)
{
    expect_error(HEADER "q1,scale,,,1,5,,,,\nQ1,scale,,,1,5,,,,\n", 3, 1,
                 "duplicate variable name (Q1, first on line 2)");
}
END_TEST

START_TEST(invalid_name_is_refused)
{
    expect_error(HEADER "1q,scale,,,1,5,,,,\n", 2, 1, "invalid variable name");
    expect_error(HEADER "оценка,scale,,,1,5,,,,\n", 2, 1, "invalid variable name");
}
END_TEST

START_TEST(scale_without_range_is_refused)
{
    expect_error(HEADER "q1,scale,,,,,,,,\n", 2, 5, "scale needs both min and max (q1)");
    expect_error(HEADER "q1,scale,,,1,,,,,\n", 2, 6, "needs both min and max");
}
END_TEST

START_TEST(min_not_below_max_is_refused)
{
    expect_error(HEADER "q1,scale,,,5,5,,,,\n", 2, 5, "min must be below max (5 >= 5)");
    expect_error(HEADER "q1,scale,,,x,5,,,,\n", 2, 5, "min is not a number (x)");
}
END_TEST

START_TEST(choices_that_do_not_parse_are_refused)
{
    expect_error(HEADER "c,choice,,,,,,,Часто|2=Редко,\n", 2, 9, "choices must read value=label");
    expect_error(HEADER "c,choice,,,,,,,a=Часто,\n", 2, 9, "choices must read value=label");
    expect_error(HEADER "c,choice,,,,,,,1=Часто|1=Редко,\n", 2, 9, "choice given twice");
}
END_TEST

START_TEST(construct_with_one_item_is_refused)
{
    expect_error(HEADER "q1,scale,,,1,5,,solo,,\nq2,scale,,,1,5,,,,\n", 2, 8,
                 "a construct needs at least 2 items (solo has 1)");
}
END_TEST

START_TEST(by_variable_must_be_categorical)
{
    ms_codebook *cb;
    ms_error err;
    ck_assert_int_eq(parse(HEADER "form,group,,,,,,,,\nq1,scale,,,1,5,,,,\n", &cb, &err), MS_OK);
    size_t idx = 99;
    ck_assert_int_eq(ms_codebook_check_by(cb, "form", &idx, &err), MS_OK);
    ck_assert_uint_eq(idx, 0);
    ck_assert_int_eq(ms_codebook_check_by(cb, "q1", &idx, &err), MS_ERR_USAGE);
    ck_assert_str_eq(err.file, "codebook.csv");
    ck_assert_uint_eq(err.line, 3);
    ck_assert(strstr(err.message, "q1 is scale") != NULL);
    ck_assert_int_eq(ms_codebook_check_by(cb, "nosuchvar", &idx, &err), MS_ERR_USAGE);
    ck_assert(strstr(err.message, "nosuchvar") != NULL);
    ms_codebook_destroy(cb);
}
END_TEST

START_TEST(empty_codebook_is_refused)
{
    ms_codebook *cb;
    ms_error err;
    ck_assert_int_eq(parse("", &cb, &err), MS_ERR_CODEBOOK);
    ck_assert_int_eq(parse(HEADER, &cb, &err), MS_ERR_CODEBOOK);
    ck_assert_int_eq(parse("type\nscale\n", &cb, &err), MS_ERR_CODEBOOK);
    ck_assert(strstr(err.message, "no 'name' column") != NULL);
}
END_TEST

#define HEADER2 "name,type,source,min,max,construct,construct_label,derive\n"

START_TEST(construct_label_is_read_repeated_or_left_empty)
{
    const char *text = HEADER2
        "year,year,Отметка времени,,,,,school_year\n"
        "q1,scale,,1,5,sat,Удовлетворённость,\n"
        "q2,scale,,1,5,sat,,\n"
        "q3,scale,,1,5,sat,Удовлетворённость,\n"
        "c1,scale,,1,5,comp,,\n"
        "c2,scale,,1,5,comp,,\n";
    ms_codebook *cb;
    ms_error err;
    ck_assert_int_eq(parse(text, &cb, &err), MS_OK);
    ck_assert_uint_eq(cb->n_constructs, 2);
    ck_assert_str_eq(cb->constructs[0].label, "Удовлетворённость");
    ck_assert_str_eq(cb->constructs[1].label, "comp"); /* none given: the name */
    ck_assert_int_eq(cb->vars[0].derive, MS_DERIVE_SCHOOL_YEAR);
    ck_assert_int_eq(cb->vars[1].derive, MS_DERIVE_NONE);
    ms_codebook_destroy(cb);
}
END_TEST

START_TEST(two_labels_for_one_construct_are_an_error_at_the_second)
{
    expect_error(HEADER2
                 "q1,scale,,1,5,sat,Удовлетворённость,\n"
                 "q2,scale,,1,5,sat,,\n"
                 "q3,scale,,1,5,sat,Удовлетворенность,\n",
                 4, 7, "construct sat has two labels");
}
END_TEST

START_TEST(construct_label_without_construct_is_refused)
{
    expect_error(HEADER2 "q1,scale,,1,5,,Удовлетворённость,\n", 2, 7,
                 "construct_label needs a construct");
}
END_TEST

START_TEST(derive_is_for_year_variables_and_three_words_only)
{
    expect_error(HEADER2 "t,group,,,,,,school_year\n", 2, 8, "derive is only for a year");
    expect_error(HEADER2 "t,year,,,,,,academic\n", 2, 8,
                 "derive must be school_year, calendar_year (either with _dmy for "
                 "dd/mm/yyyy) or file");
    ms_codebook *cb;
    ms_error err;
    ck_assert_int_eq(parse(HEADER2 "t,year,,,,,,Calendar_Year\n", &cb, &err), MS_OK);
    ck_assert_int_eq(cb->vars[0].derive, MS_DERIVE_CALENDAR_YEAR);
    ms_codebook_destroy(cb);
    /* the programme gives the year per file (years =) */
    ck_assert_int_eq(parse(HEADER2 "t,year,,,,,,file\n", &cb, &err), MS_OK);
    ck_assert_int_eq(cb->vars[0].derive, MS_DERIVE_FILE);
    ck_assert(!cb->vars[0].day_first);
    ms_codebook_destroy(cb);
    /* dd/mm/yyyy stamps: the order of the whole column */
    ck_assert_int_eq(parse(HEADER2 "t,year,,,,,,school_year_dmy\n", &cb, &err), MS_OK);
    ck_assert_int_eq(cb->vars[0].derive, MS_DERIVE_SCHOOL_YEAR);
    ck_assert(cb->vars[0].day_first);
    ms_codebook_destroy(cb);
    ck_assert_int_eq(parse(HEADER2 "t,year,,,,,,Calendar_Year_DMY\n", &cb, &err), MS_OK);
    ck_assert(cb->vars[0].derive == MS_DERIVE_CALENDAR_YEAR && cb->vars[0].day_first);
    ms_codebook_destroy(cb);
    expect_error(HEADER2 "t,year,,,,,,file_dmy\n", 2, 8, "(file_dmy)");
}
END_TEST

START_TEST(destroy_null_is_a_no_op)
{
    ms_codebook_destroy(NULL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("codebook");
    TCase *tc = tcase_create("codebook");
    tcase_add_test(tc, reads_every_column_and_type);
    tcase_add_test(tc, accepts_semicolons_bom_and_any_column_order);
    tcase_add_test(tc, unknown_column_is_named_with_its_column);
    tcase_add_test(tc, unknown_type_is_named);
    tcase_add_test(tc, duplicate_name_points_to_the_first);
    tcase_add_test(tc, invalid_name_is_refused);
    tcase_add_test(tc, scale_without_range_is_refused);
    tcase_add_test(tc, min_not_below_max_is_refused);
    tcase_add_test(tc, choices_that_do_not_parse_are_refused);
    tcase_add_test(tc, construct_with_one_item_is_refused);
    tcase_add_test(tc, by_variable_must_be_categorical);
    tcase_add_test(tc, empty_codebook_is_refused);
    tcase_add_test(tc, construct_label_is_read_repeated_or_left_empty);
    tcase_add_test(tc, two_labels_for_one_construct_are_an_error_at_the_second);
    tcase_add_test(tc, construct_label_without_construct_is_refused);
    tcase_add_test(tc, derive_is_for_year_variables_and_three_words_only);
    tcase_add_test(tc, destroy_null_is_a_no_op);
    suite_add_tcase(s, tc);
    return ms_run_suite(s);
}
