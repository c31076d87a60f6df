/* Check suite for the programme file (programme.ini): every key is read,
 * paths are resolved against the file's directory, and every error names
 * file:line and the offending value. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mentorstat/report.h"
#include "ms_suite.h"

static char dir[64];
static char path[128];

static void setup(void)
{
    ms_test_template(dir, sizeof dir, "ms_programme_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/programme.ini", dir);
}

static void teardown(void)
{
    unlink(path);
    rmdir(dir);
}

static void write_ini(const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

/* Load text expecting MS_ERR_PROGRAMME at `line` with `needle` in the message. */
static void expect_error(const char *text, size_t line, const char *needle)
{
    ms_programme *p = (ms_programme *)1;
    ms_error err = {0};
    write_ini(text);
    ck_assert_int_eq(ms_programme_load(path, &p, &err), MS_ERR_PROGRAMME);
    ck_assert_ptr_null(p);
    ck_assert_str_eq(err.file, path);
    ck_assert_msg(err.line == line, "line %zu, expected %zu (%s)", err.line, line, err.message);
    ck_assert_msg(strstr(err.message, needle), "message '%s' lacks '%s'", err.message, needle);
}

#define Q "[questionnaire m]\nrole = mentees_satisfaction\ncodebook = cb.csv\ndata = a.csv\n"

#define EE "[questionnaire g]\nrole = entry_exit\ncodebook = cb.csv\n"

START_TEST(entry_and_exit_files_are_data_with_their_wave)
{
    write_ini(EE "entry = in1.csv in2.csv\nexit = out.csv\n"
                 "entry.earlier = in_2024.csv\nexit.earlier = out_2024.csv\n");
    ms_programme *p;
    ms_error err = {0};
    ck_assert_int_eq(ms_programme_load(path, &p, &err), MS_OK);
    const ms_questionnaire *q = &p->q[0];
    ck_assert_uint_eq(q->n_data, 3);
    ck_assert_uint_eq(q->n_data_wave, 3);
    ck_assert_msg(strstr(q->data[2], "/out.csv"), "%s", q->data[2]);
    ck_assert(q->data_wave[0] == 0 && q->data_wave[1] == 0 && q->data_wave[2] == 1);
    ck_assert(q->n_earlier == 2 && q->earlier_wave[0] == 0 && q->earlier_wave[1] == 1);
    ms_programme_destroy(p);
}
END_TEST

START_TEST(entry_and_exit_are_refused_where_they_do_not_fit)
{
    expect_error(EE "data = a.csv\nentry = in.csv\n", 5, "give data, or entry and exit");
    expect_error(EE "exit = out.csv\nearlier = a.csv\nexit.earlier = b.csv\n", 6,
                 "give earlier, or entry.earlier and exit.earlier");
    expect_error(EE "entry = in.csv\n", 1, "needs both entry and exit files (exit)");
    expect_error("[questionnaire m]\nrole = mentees_satisfaction\ncodebook = cb.csv\n"
                 "entry = in.csv\nexit = out.csv\n",
                 1, "entry and exit files are for role entry_exit");
}
END_TEST

START_TEST(reads_every_key_and_resolves_paths_against_the_file)
{
    write_ini("; a comment\n"
              "[programme]\n"
              "organisation = МБОУ «Школа № 1»\n"
              "year = 2024\n"
              "language = en\n"
              "min_group = 7\n"
              "quotes = yes\n"
              "top_box = 9\n"
              "\n"
              "[questionnaire mentees]\n"
              "role = mentees_satisfaction\n"
              "title = Наставляемые\n"
              "codebook = surveys/cb.csv\n"
              "data = 2024/a.csv /abs/b.csv\n"
              "  2024/c.csv\n"
              "earlier = 2023/a.csv\n"
              "by = form role\n"
              "participants = 80\n"
              "[questionnaire bank]\n"
              "role = mentors_bank\n"
              "codebook = bank.csv\n"
              "data = bank-data.csv\n");
    ms_programme *p;
    ms_error err = {0};
    ck_assert_int_eq(ms_programme_load(path, &p, &err), MS_OK);
    ck_assert_str_eq(p->organisation, "МБОУ «Школа № 1»");
    ck_assert_int_eq(p->year, 2024);
    ck_assert_str_eq(p->language, "en");
    ck_assert_int_eq(p->min_group, 7);
    ck_assert(p->quotes);
    ck_assert(p->top_box == 9);
    ck_assert_uint_eq(p->n_q, 2);
    const ms_questionnaire *q = &p->q[0];
    char want[256];
    ck_assert_str_eq(q->name, "mentees");
    ck_assert_int_eq(q->role, MS_ROLE_MENTEES_SATISFACTION);
    ck_assert_str_eq(ms_role_name(q->role), "mentees_satisfaction");
    ck_assert_str_eq(q->title, "Наставляемые");
    ck_assert_uint_eq(q->line, 10);
    snprintf(want, sizeof want, "%s/surveys/cb.csv", dir);
    ck_assert_str_eq(q->codebook, want);
    ck_assert_uint_eq(q->n_data, 3); /* a continuation line adds to the list */
    snprintf(want, sizeof want, "%s/2024/a.csv", dir);
    ck_assert_str_eq(q->data[0], want);
    ck_assert_str_eq(q->data[1], "/abs/b.csv");
    snprintf(want, sizeof want, "%s/2024/c.csv", dir);
    ck_assert_str_eq(q->data[2], want);
    ck_assert_uint_eq(q->n_earlier, 1);
    ck_assert_uint_eq(q->n_by, 2);
    ck_assert_str_eq(q->by[0], "form");
    ck_assert_str_eq(q->by[1], "role");
    ck_assert_int_eq(q->participants, 80);
    ck_assert_str_eq(p->q[1].title, "Bank of mentors"); /* default title, in the language */
    ck_assert_uint_eq(p->q[1].line, 19);
    ms_programme_destroy(p);
}
END_TEST

START_TEST(defaults_apply_when_keys_are_absent)
{
    write_ini(Q);
    ms_programme *p;
    ms_error err = {0};
    ck_assert_int_eq(ms_programme_load(path, &p, &err), MS_OK);
    ck_assert_str_eq(p->language, "ru");
    ck_assert_int_eq(p->min_group, 5);
    ck_assert(p->top_box == 8);
    ck_assert(!p->quotes);
    ck_assert_ptr_null(p->organisation);
    ck_assert_str_eq(p->q[0].title, "Удовлетворённость наставляемых");
    ck_assert_int_eq(p->q[0].participants, 0);
    ms_programme_destroy(p);
}
END_TEST

/* Issue 22: a programme.ini saved as CP1251 (Notepad's "ANSI") gave
 * invalid UTF-8 in tables.xlsx, the справка and analyze --json.  It is
 * converted as a CSV file is; "Школа № 1" and the title in CP1251 bytes. */
START_TEST(a_cp1251_programme_is_read_as_utf8)
{
    write_ini("[programme]\norganisation = \xd8\xea\xee\xeb\xe0 \xb9 1\n"
              "[questionnaire m]\nrole = mentees_satisfaction\ntitle = \xce\xef\xf0\xee\xf1\n"
              "codebook = cb.csv\ndata = a.csv\n");
    ms_programme *p;
    ms_error err = {0};
    ck_assert_int_eq(ms_programme_load(path, &p, &err), MS_OK);
    ck_assert_str_eq(p->organisation, "Школа № 1");
    ck_assert_str_eq(p->q[0].title, "Опрос");
    ms_programme_destroy(p);
}
END_TEST

START_TEST(unknown_keys_name_their_line)
{
    expect_error("[programme]\nyear = 2024\ncolour = red\n" Q, 3, "(colour)");
    expect_error(Q "weight = 2\n", 5, "(weight)");
}
END_TEST

START_TEST(unknown_role_names_its_line_and_value)
{
    expect_error("[questionnaire m]\nrole = teachers\n", 2, "unknown role (teachers)");
    expect_error("[questionnaire m]\nrole = teachers\n", 2, "entry_exit, survey");
}
END_TEST

START_TEST(role_survey_is_read_and_titled_by_its_section_name)
{
    write_ini("[questionnaire course]\nrole = survey\ncodebook = cb.csv\ndata = a.csv\n");
    ms_programme *p;
    ms_error err = {0};
    ck_assert_int_eq(ms_programme_load(path, &p, &err), MS_OK);
    ck_assert_int_eq(p->q[0].role, MS_ROLE_SURVEY);
    ck_assert_str_eq(ms_role_name(p->q[0].role), "survey");
    ck_assert_str_eq(p->q[0].title, "course");
    ms_programme_destroy(p);
}
END_TEST

START_TEST(years_give_each_file_its_year_data_first_then_earlier)
{
    write_ini("[questionnaire course]\nrole = survey\ncodebook = cb.csv\n"
              "data = a-2025.csv\nearlier = a-2023.csv a-2024.csv\nyears = 2025\n  2023 2024\n");
    ms_programme *p;
    ms_error err = {0};
    ck_assert_int_eq(ms_programme_load(path, &p, &err), MS_OK);
    ck_assert_uint_eq(p->q[0].n_years, 3);
    ck_assert_int_eq(p->q[0].years[0], 2025);
    ck_assert_int_eq(p->q[0].years[1], 2023);
    ck_assert_int_eq(p->q[0].years[2], 2024);
    ms_programme_destroy(p);
    expect_error("[questionnaire c]\nrole = survey\ncodebook = cb.csv\ndata = a.csv b.csv\n"
                 "years = 2025\n",
                 5, "years gives 1 years for 2 files");
    expect_error("[questionnaire c]\nrole = survey\ncodebook = cb.csv\ndata = a.csv\n"
                 "years = 25\n",
                 5, "years must be years 1900–2200 separated by spaces (25)");
}
END_TEST

START_TEST(bad_values_name_their_line_and_value)
{
    expect_error("[programme]\nyear = 24th\n" Q, 2, "(24th)");
    expect_error("[programme]\nlanguage = de\n" Q, 2, "(de)");
    expect_error("[programme]\nmin_group = 0\n" Q, 2, "(0)");
    expect_error("[programme]\nquotes = maybe\n" Q, 2, "(maybe)");
    expect_error("[programme]\ntop_box = 11\n" Q, 2, "(11)");
    expect_error(Q "participants = many\n", 5, "(many)");
}
END_TEST

START_TEST(syntax_errors_name_their_line)
{
    expect_error("[programme]\nyear = 2024\nthis line has no equals sign\n" Q, 3,
                 "not a [section]");
    expect_error("[programme\nyear = 2024\n" Q, 1, "not a [section]");
}
END_TEST

START_TEST(sections_must_be_known_and_named)
{
    expect_error("year = 2024\n" Q, 1, "outside a section");
    expect_error(Q "[extras]\nx = 1\n", 5, "unknown section");
    expect_error(Q "[extras]\nx = 1\n", 5, "(extras)");
    expect_error("[questionnaire]\nrole = mentors_bank\n", 1, "needs a name");
    expect_error("[questionnaire a b]\nrole = mentors_bank\n", 1, "(questionnaire a b)");
    expect_error(Q "[questionnaire m]\nrole = mentors_bank\n", 5,
                 "defined twice (m, first on line 1)");
}
END_TEST

START_TEST(a_key_given_twice_is_an_error)
{
    expect_error(Q "role = mentors_bank\n", 5, "twice");
    expect_error("[programme]\nyear = 2023\nyear = 2024\n" Q, 3, "twice");
}
END_TEST

START_TEST(missing_required_keys_name_the_section_line)
{
    expect_error("[programme]\nyear = 2024\n\n[questionnaire m]\ncodebook = c.csv\ndata = a.csv\n",
                 4, "needs a role");
    expect_error("[questionnaire m]\nrole = mentors_bank\ncodebook = c.csv\n", 1, "needs a data");
    expect_error("[questionnaire m]\nrole = mentors_bank\ndata = a.csv\n", 1, "needs a codebook");
}
END_TEST

START_TEST(a_programme_without_questionnaires_is_an_error)
{
    ms_programme *p;
    ms_error err = {0};
    write_ini("[programme]\nyear = 2024\n");
    ck_assert_int_eq(ms_programme_load(path, &p, &err), MS_ERR_PROGRAMME);
    ck_assert_msg(strstr(err.message, "no questionnaire"), "%s", err.message);
}
END_TEST

/* The file's path in dir: quoted names are resolved like bare ones. */
static void assert_in_dir(const char *got, const char *name)
{
    char want[512];
    snprintf(want, sizeof want, "%s/%s", dir, name);
    ck_assert_str_eq(got, want);
}

#define FORMS_CSV "Анкета наставляемого (Ответы) - Ответы на форму (1).csv"

START_TEST(a_quoted_file_name_keeps_spaces_parentheses_and_cyrillic)
{
    write_ini("[questionnaire m]\nrole = mentees_satisfaction\ncodebook = cb.csv\n"
              "data = \"" FORMS_CSV "\"\n");
    ms_programme *p;
    ms_error err = {0};
    ck_assert_int_eq(ms_programme_load(path, &p, &err), MS_OK);
    ck_assert_uint_eq(p->q[0].n_data, 1);
    assert_in_dir(p->q[0].data[0], FORMS_CSV);
    ms_programme_destroy(p);
}
END_TEST

START_TEST(quoted_and_bare_names_mix_on_a_line_and_its_continuations)
{
    /* ';' and '#' inside quotes are the name's, a ';' after a space outside
     * them a comment (as inih has it); "" is a quote inside a name */
    write_ini("[questionnaire m]\nrole = mentees_satisfaction\ncodebook = cb.csv\n"
              "data = a.csv \"b c ; d # e.csv\" /abs/f.csv ; a comment \"x\"\n"
              "    \"say \"\"hi\"\".csv\" g;h.csv\n"
              "    \"#i.csv\"\n"
              "    # a comment line\n"
              "by = \"form\" role\n");
    ms_programme *p;
    ms_error err = {0};
    ck_assert_int_eq(ms_programme_load(path, &p, &err), MS_OK);
    const ms_questionnaire *q = &p->q[0];
    ck_assert_uint_eq(q->n_data, 6);
    assert_in_dir(q->data[0], "a.csv");
    assert_in_dir(q->data[1], "b c ; d # e.csv");
    ck_assert_str_eq(q->data[2], "/abs/f.csv");
    assert_in_dir(q->data[3], "say \"hi\".csv");
    assert_in_dir(q->data[4], "g;h.csv");
    assert_in_dir(q->data[5], "#i.csv");
    ck_assert_uint_eq(q->n_by, 2);
    ck_assert_str_eq(q->by[0], "form");
    ck_assert_str_eq(q->by[1], "role");
    ms_programme_destroy(p);
}
END_TEST

START_TEST(every_file_list_key_takes_quoted_names)
{
    write_ini("[questionnaire m]\nrole = mentees_satisfaction\ncodebook = cb.csv\n"
              "data = \"d 1.csv\"\nearlier = \"e 1.csv\" e2.csv\n"
              "[questionnaire g]\nrole = entry_exit\ncodebook = cb.csv\n"
              "entry = \"in 1.csv\"\nexit = \"out 1.csv\"\n"
              "entry.earlier = \"in ; 0.csv\"\nexit.earlier = \"out # 0.csv\"\n"
              "[organisation s2]\nname = School 2\nm = \"s2 data.csv\"\n"
              "m.earlier = \"s2 ; old.csv\"\n");
    ms_programme *p;
    ms_error err = {0};
    ck_assert_msg(ms_programme_load(path, &p, &err) == MS_OK, "%s", err.message);
    const ms_questionnaire *m = &p->q[0], *g = &p->q[1];
    ck_assert_uint_eq(m->n_data, 2);
    assert_in_dir(m->data[0], "d 1.csv");
    assert_in_dir(m->data[1], "s2 data.csv"); /* pooled from the organisation */
    ck_assert_uint_eq(m->n_earlier, 3);
    assert_in_dir(m->earlier[0], "e 1.csv");
    assert_in_dir(m->earlier[2], "s2 ; old.csv");
    ck_assert_uint_eq(g->n_data, 2);
    assert_in_dir(g->data[0], "in 1.csv");
    assert_in_dir(g->data[1], "out 1.csv");
    ck_assert(g->data_wave[0] == 0 && g->data_wave[1] == 1);
    ck_assert_uint_eq(g->n_earlier, 2);
    assert_in_dir(g->earlier[0], "in ; 0.csv");
    assert_in_dir(g->earlier[1], "out # 0.csv");
    ck_assert_uint_eq(p->orgs[0].files[0].n_files, 1);
    assert_in_dir(p->orgs[0].files[0].files[0], "s2 data.csv");
    ms_programme_destroy(p);
}
END_TEST

/* Every allocation of a load with quoted lists failing in turn: out of
 * memory, never a crash (the sanitizer build checks that nothing leaks). */
START_TEST(failing_any_allocation_of_quoted_lists_gives_nomem)
{
    write_ini("[questionnaire m]\nrole = mentees_satisfaction\ncodebook = cb.csv\n"
              "data = \"a b.csv\" c.csv\n  \"d \"\"e\"\".csv\"\nby = \"form\"\n"
              "[organisation s]\nm.earlier = \"s ; 1.csv\"\n");
    ms_programme *p = NULL;
    ms_test_budget b = {-1, 0, false};
    ms_set_allocator(ms_test_failing_realloc, &b);
    ck_assert_int_eq(ms_programme_load(path, &p, NULL), MS_OK);
    ms_programme_destroy(p);
    long total = b.count;
    ck_assert_int_gt(total, 15); /* a path per file at least */
    for (long n = 0; n < total; n++) {
        b = (ms_test_budget){n, 0, false};
        ms_status st = ms_programme_load(path, &p, NULL);
        ck_assert_msg(st == MS_ERR_NOMEM, "failing allocation %ld of %ld gave status %d", n,
                      total, st);
        ck_assert_ptr_null(p);
    }
    ms_set_allocator(NULL, NULL);
}
END_TEST

/* Load text expecting MS_ERR_PROGRAMME at line:col. */
static void expect_error_at(const char *text, size_t line, size_t col, const char *needle)
{
    ms_error err = {0};
    expect_error(text, line, needle);
    ms_programme *p = (ms_programme *)1;
    ck_assert_int_eq(ms_programme_load(path, &p, &err), MS_ERR_PROGRAMME);
    ck_assert_msg(err.column == col, "column %zu, expected %zu (%s)", err.column, col,
                  err.message);
}

START_TEST(an_unclosed_quote_names_its_line_and_column)
{
    /* the column counts characters: «Анкета» is 6 of them, 12 bytes */
    expect_error_at(Q "earlier = Анкета \"b c.csv\n", 5, 18, "unclosed quote");
    expect_error_at(Q "[organisation s]\nm = \"x.csv\" \"y\n", 6, 13, "unclosed quote");
    expect_error_at(Q "earlier = a.csv\n  b.csv \"c ; d.csv\n", 6, 9, "(\"c ; d.csv)");
    expect_error_at(Q "earlier = \"a\"b.csv\n", 5, 14, "a space must follow");
    expect_error_at(Q "earlier = x \"\"\n", 5, 13, "an empty file name");
}
END_TEST

START_TEST(a_line_too_long_for_inih_is_an_error_not_a_silent_split)
{
    char text[1024];
    char paths[700];
    memset(paths, 'x', sizeof paths - 1);
    paths[sizeof paths - 1] = '\0';
    snprintf(text, sizeof text,
             "[questionnaire m]\nrole = mentors_bank\ncodebook = c.csv\ndata = %s\n", paths);
    expect_error(text, 4, "too long");
}
END_TEST

START_TEST(matching_section_reads_its_keys_and_refuses_others)
{
    write_ini(Q "[matching]\nmentors = bank\nmentees = m\ncapacity = places\n"
                "same = form school\nnames = yes\n");
    ms_programme *p;
    ms_error err;
    ck_assert_int_eq(ms_programme_load(path, &p, &err), MS_OK);
    ck_assert_ptr_nonnull(p->matching);
    ck_assert_str_eq(p->matching->mentors, "bank");
    ck_assert_str_eq(p->matching->mentees, "m");
    ck_assert_str_eq(p->matching->capacity, "places");
    ck_assert_uint_eq(p->matching->n_same, 2);
    ck_assert_str_eq(p->matching->same[1], "school");
    ck_assert(p->matching->names);
    ck_assert_uint_eq(p->matching->line, 5);
    ms_programme_destroy(p);
    write_ini(Q);
    ck_assert_int_eq(ms_programme_load(path, &p, &err), MS_OK);
    ck_assert_ptr_null(p->matching); /* no section: no pairing */
    ms_programme_destroy(p);
    expect_error(Q "[matching]\nsame = form\ncolour = red\n", 7, "(colour)");
    expect_error(Q "[matching]\nnames = perhaps\n", 6, "(perhaps)");
}
END_TEST

/* The curator's rules of issue 25: lists resolved beside the programme file,
 * the spread, a minimum score as areas or a share, wishes, the split. */
START_TEST(matching_section_reads_the_curators_rules)
{
    write_ini(Q "[matching]\nkeep = last_annex.csv\nexclude = sub/no.csv\nspread = yes\n"
                "differ = class school\nmin_score = 50%\nprefer = wish1 wish2\nsplit = role\n");
    ms_programme *p;
    ms_error err;
    ck_assert_int_eq(ms_programme_load(path, &p, &err), MS_OK);
    const ms_matching *m = p->matching;
    ck_assert_ptr_nonnull(strstr(m->keep, "/last_annex.csv"));
    ck_assert_ptr_nonnull(strstr(m->exclude, "/sub/no.csv"));
    ck_assert(m->spread);
    ck_assert_uint_eq(m->n_differ, 2);
    ck_assert_str_eq(m->differ[0], "class");
    ck_assert_int_eq(m->min_share, 50);
    ck_assert_int_eq(m->min_score, 0);
    ck_assert_uint_eq(m->n_prefer, 2);
    ck_assert_str_eq(m->prefer[1], "wish2");
    ck_assert_str_eq(m->split, "role");
    ms_programme_destroy(p);
    write_ini(Q "[matching]\nmin_score = 2\n");
    ck_assert_int_eq(ms_programme_load(path, &p, &err), MS_OK);
    ck_assert_int_eq(p->matching->min_score, 2);
    ms_programme_destroy(p);
    expect_error(Q "[matching]\nmin_score = half\n", 6, "(half)");
    expect_error(Q "[matching]\nmin_score = 150%\n", 6, "(150%)");
    expect_error(Q "[matching]\nspread = often\n", 6, "(often)");
    expect_error(Q "[matching]\nkeep = a.csv\nkeep = b.csv\n", 7, "given twice");
}
END_TEST

START_TEST(a_missing_file_is_an_io_error)
{
    ms_programme *p;
    ms_error err = {0};
    ck_assert_int_eq(ms_programme_load("/nonexistent/programme.ini", &p, &err), MS_ERR_IO);
    ck_assert_str_eq(err.file, "/nonexistent/programme.ini");
    ck_assert_ptr_null(p);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("programme");
    TCase *tc = tcase_create("programme");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, reads_every_key_and_resolves_paths_against_the_file);
    tcase_add_test(tc, entry_and_exit_files_are_data_with_their_wave);
    tcase_add_test(tc, entry_and_exit_are_refused_where_they_do_not_fit);
    tcase_add_test(tc, defaults_apply_when_keys_are_absent);
    tcase_add_test(tc, unknown_keys_name_their_line);
    tcase_add_test(tc, unknown_role_names_its_line_and_value);
    tcase_add_test(tc, role_survey_is_read_and_titled_by_its_section_name);
    tcase_add_test(tc, years_give_each_file_its_year_data_first_then_earlier);
    tcase_add_test(tc, bad_values_name_their_line_and_value);
    tcase_add_test(tc, syntax_errors_name_their_line);
    tcase_add_test(tc, sections_must_be_known_and_named);
    tcase_add_test(tc, a_key_given_twice_is_an_error);
    tcase_add_test(tc, missing_required_keys_name_the_section_line);
    tcase_add_test(tc, a_programme_without_questionnaires_is_an_error);
    tcase_add_test(tc, a_line_too_long_for_inih_is_an_error_not_a_silent_split);
    tcase_add_test(tc, a_quoted_file_name_keeps_spaces_parentheses_and_cyrillic);
    tcase_add_test(tc, quoted_and_bare_names_mix_on_a_line_and_its_continuations);
    tcase_add_test(tc, every_file_list_key_takes_quoted_names);
    tcase_add_test(tc, an_unclosed_quote_names_its_line_and_column);
    tcase_add_test(tc, failing_any_allocation_of_quoted_lists_gives_nomem);
    tcase_add_test(tc, a_missing_file_is_an_io_error);
    tcase_add_test(tc, matching_section_reads_its_keys_and_refuses_others);
    tcase_add_test(tc, matching_section_reads_the_curators_rules);
    tcase_add_test(tc, a_cp1251_programme_is_read_as_utf8);
    suite_add_tcase(s, tc);
    return ms_run_suite(s);
}
