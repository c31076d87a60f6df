/* Check suite for the municipal report: [organisation KEY] sections pool
 * their files into the questionnaires, organisations are compared (table,
 * funnel plot, shrunken best practices) as О1, О2, … (their places by the
 * main index, whatever the programme's order) or by the name the programme
 * gives, the key is never printed, and an organisation below the minimum
 * group size is hidden together with the next smallest. */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mentorstat/report.h"
#include "ms_suite.h"

#define EXAMPLE MS_SOURCE_DIR "/surveys/example"

static char dir[64];

static void write_file(const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

/* Four organisations of the example's years as this year's data, one with
 * a name; a fifth with three answers only (below min_group 5).  Hiding it
 * takes two more (docs/privacy.md: no hidden organisation, knowing its own
 * figures, may work out another's from the territory's total), so two of the
 * five are shown. */
static const char *programme =
    "[programme]\n"
    "organisation = Управление образования\n"
    "year = 2025\n"
    "names = published\n" /* Гимназия № 1 agreed to be named in public */
    "[questionnaire mentees]\n"
    "role = mentees_satisfaction\n"
    "codebook = " EXAMPLE "/mentees_satisfaction.codebook.csv\n"
    "by = form\n"
    "[organisation secretkeyalpha]\n"
    "mentees = " EXAMPLE "/data/mentees_satisfaction_2025.csv\n"
    "[organisation secretkeybeta]\n"
    "name = Гимназия № 1\n"
    "mentees = " EXAMPLE "/data/mentees_satisfaction_2024.csv\n"
    "[organisation secretkeygamma]\n"
    "mentees = " EXAMPLE "/data/mentees_satisfaction_2023.csv\n"
    "mentees.earlier = " EXAMPLE "/data/mentees_satisfaction_2022.csv\n"
    "[organisation secretkeydelta]\n"
    "mentees = tiny.csv\n"
    "[organisation secretkeyepsilon]\n"
    "mentees = " EXAMPLE "/data/mentees_satisfaction_2022.csv\n";

static void setup(void)
{
    ms_test_template(dir, sizeof dir, "ms_test_municipal_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    /* the first four rows of the 2025 file: header and three answers */
    char *all = ms_test_slurp(EXAMPLE "/data/mentees_satisfaction_2025.csv", NULL);
    ck_assert_ptr_nonnull(all);
    char *p = all;
    for (int line = 0; line < 4; line++)
        p = strchr(p, '\n') + 1;
    *p = '\0';
    write_file("tiny.csv", all);
    free(all);
    write_file("programme.ini", programme);
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
}

/* The report of programme ini built into DIR/NAME, whose path goes to out
 * (and the build's summary to sum, when given). */
static void build_into(const char *ini, const char *name, char *out, size_t size,
                       ms_report_summary *sum)
{
    ms_report_summary own;
    ms_error err;
    snprintf(out, size, "%s/%s", dir, name);
    ck_assert_msg(ms_report_build(ini, out, sum ? sum : &own, &err) == MS_OK, "%s", err.message);
}

#define MUNICIPAL MS_SOURCE_DIR "/surveys/municipal/programme.ini"

START_TEST(organisation_files_are_pooled_into_their_questionnaire)
{
    char path[256];
    snprintf(path, sizeof path, "%s/programme.ini", dir);
    ms_programme *p;
    ms_error err;
    ck_assert_int_eq(ms_programme_load(path, &p, &err), MS_OK);
    ck_assert_uint_eq(p->n_orgs, 5);
    ck_assert_uint_eq(p->q[0].n_data, 5);
    ck_assert_uint_eq(p->q[0].n_earlier, 1);
    ck_assert_str_eq(p->orgs[1].name, "Гимназия № 1");
    ck_assert_ptr_null(p->orgs[0].name);
    ck_assert_uint_eq(p->orgs[2].n_files, 2);
    ck_assert(p->orgs[2].files[1].earlier);
    ms_programme_destroy(p);
}
END_TEST

START_TEST(an_organisation_naming_an_unknown_questionnaire_is_refused_with_its_line)
{
    write_file("bad.ini", "[programme]\nyear = 2025\n"
                          "[questionnaire mentees]\nrole = mentees_satisfaction\n"
                          "codebook = x.csv\n"
                          "[organisation a]\nmentors = a.csv\n");
    char path[256];
    snprintf(path, sizeof path, "%s/bad.ini", dir);
    ms_programme *p;
    ms_error err;
    ck_assert_int_eq(ms_programme_load(path, &p, &err), MS_ERR_PROGRAMME);
    ck_assert_uint_eq(err.line, 7);
    ck_assert(strstr(err.message, "no [questionnaire mentors]") != NULL);
}
END_TEST

START_TEST(organisations_are_compared_without_their_keys_and_small_ones_hidden)
{
    char path[256], out[128], cmd[512];
    ms_report_summary sum;
    snprintf(path, sizeof path, "%s/programme.ini", dir);
    build_into(path, "report", out, sizeof out, &sum);

    snprintf(path, sizeof path, "%s/index.html", out);
    char *html = ms_test_slurp(path, NULL);
    ck_assert_ptr_nonnull(html);
    ck_assert(strstr(html, "Сравнение организаций") != NULL);
    ck_assert(strstr(html, "Воронкообразная диаграмма") != NULL);
    ck_assert(strstr(html, "Гимназия № 1") != NULL);
    ck_assert(strstr(html, "О2") != NULL && strstr(html, "О5") != NULL);
    free(html);
    snprintf(path, sizeof path, "%s/charts/mentees-funnel.gp", out);
    ck_assert_int_eq(access(path, F_OK), 0);

    /* the one with 3 answers is hidden, and so are the next two smallest
     * organisations; labels follow the rank, so the three hidden ones come
     * after the two shown (the named one first): О3, О4 and О5 */
    snprintf(path, sizeof path, "%s/tables/mentees-organisations.csv", out);
    char *csv = ms_test_slurp(path, NULL);
    ck_assert_ptr_nonnull(csv);
    ck_assert_msg(strstr(csv, "\"О3\";;;;") != NULL, "%s", csv);
    ck_assert_msg(strstr(csv, "\"О4\";;;;") != NULL, "%s", csv);
    ck_assert_msg(strstr(csv, "\"О5\";;;;") != NULL, "%s", csv);
    size_t hidden = 0;
    for (const char *s = csv; (s = strstr(s, ";;;;")); s++)
        hidden++;
    ck_assert_uint_eq(hidden, 3);
    const char *named = strstr(csv, "\"Гимназия № 1\";");
    ck_assert(named && named[strlen("\"Гимназия № 1\";")] >= '1' &&
              named[strlen("\"Гимназия № 1\";")] <= '9'); /* shown: it has a count */
    free(csv);

    /* no organisation key in any file written */
    snprintf(cmd, sizeof cmd, "grep -rl secretkey %s", out);
    ck_assert_int_ne(system(cmd), 0);
    /* nor any organisation's file names, a named one's neither (they carry
     * keys): only their count */
    snprintf(cmd, sizeof cmd, "grep -rlE 'satisfaction_202[2-5]|tiny\\.csv' %s", out);
    ck_assert_msg(system(cmd) != 0, "the published copy names an organisation's files");
}
END_TEST

START_TEST(the_office_copy_names_every_organisation_and_the_published_one_none)
{
    char path[256], out[128], cmd[512];
    ms_report_summary sum;
    snprintf(path, sizeof path, "%s/programme.ini", dir);
    build_into(path, "report", out, sizeof out, &sum);
    ck_assert(sum.named_copy);
    /* published: labels only, and «Главное» says who stands out, or that
     * none does, by the funnel plot's limits */
    snprintf(path, sizeof path, "%s/index.html", out);
    char *html = ms_test_slurp(path, NULL);
    ck_assert_ptr_nonnull(html);
    const char *findings = strstr(html, "<ul class=\"findings\">");
    ck_assert_ptr_nonnull(findings);
    ck_assert_msg(strstr(findings, "» выделяются организации") ||
                      strstr(findings, "<li>Организации (2) не отличаются"),
                  "no finding on the organisations");
    ck_assert(!strstr(html, "Внутренний экземпляр"));
    free(html);
    snprintf(cmd, sizeof cmd, "grep -rl secretkey %s", out);
    ck_assert_int_ne(system(cmd), 0);
    /* nor any organisation's file names, a named one's neither (they carry
     * keys): only their count */
    snprintf(cmd, sizeof cmd, "grep -rlE 'satisfaction_202[2-5]|tiny\\.csv' %s", out);
    ck_assert_msg(system(cmd) != 0, "the published copy names an organisation's files");
    /* a column of index values is headed as the index, not as a mean */
    snprintf(cmd, sizeof cmd, "grep -q '<th>Индекс 0–100: шкала «' %s/index.html && "
             "! grep -q '<th>Шкала «[^<]*» (среднее)</th><th[^>]*>95' %s/index.html", out, out);
    ck_assert_msg(system(cmd) == 0, "the organisations' index column is headed as a mean");
    /* the office's copy beside it: every organisation by its name or key */
    snprintf(path, sizeof path, "%s-internal/index.html", out);
    html = ms_test_slurp(path, NULL);
    ck_assert_ptr_nonnull(html);
    ck_assert(strstr(html, "Внутренний экземпляр управления"));
    ck_assert(strstr(html, "Гимназия № 1"));
    const char *keys[] = {"secretkeyalpha", "secretkeygamma", "secretkeydelta", "secretkeyepsilon"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        ck_assert_msg(strstr(html, keys[i]), "the office's copy does not name %s", keys[i]);
    ck_assert(!strstr(html, ">О2<") && !strstr(html, ">О5<"));
    ck_assert(strstr(html, "mentees_satisfaction_2024.csv") && strstr(html, "tiny.csv"));
    /* and its справка, when the published one is made (pandoc), names them
     * too: the office can act on the school it names */
    snprintf(cmd, sizeof cmd,
             "! test -e %s/spravka.docx || unzip -p %s-internal/spravka.docx word/document.xml | "
             "grep -q 'Внутренний экземпляр управления'",
             out, out);
    ck_assert_msg(system(cmd) == 0, "the office's copy has no справка of its own");
    free(html);
    snprintf(cmd, sizeof cmd, "rm -rf %s-internal", out);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

START_TEST(the_collection_holds_every_organisation_the_page_names_as_a_candidate)
{
    /* the municipal example: one candidate among mentees, two among mentors */
    char out[128], cmd[1024];
    build_into(MUNICIPAL, "muni", out, sizeof out, NULL);
    snprintf(cmd, sizeof cmd,
             "cd %s && rows=$(( $(cat tables/*-org-candidates.csv | wc -l) - "
             "$(ls tables/*-org-candidates.csv | wc -l) )) && "
             "test \"$rows\" -eq 3 && test \"$(grep -c '^## Организация: ' kopilka.md)\" -eq 3 && "
             "test \"$(grep -c '^\"организация\";' kopilka.csv)\" -eq 3",
             out);
    ck_assert_msg(system(cmd) == 0, "the page's candidates and the collection's differ");
    /* its slides: no two headlines alike (each names its questionnaire), the
     * last «Что сделать» */
    snprintf(cmd, sizeof cmd,
             "cd %s && ! grep -o '<h2>[^<]*</h2>' slides.html | sort | uniq -d | grep -q . && "
             "grep -o '<h2>[^<]*</h2>' slides.html | tail -1 | grep -q 'Что сделать'",
             out);
    ck_assert_msg(system(cmd) == 0, "two slides share a headline, or the deck has no «Что сделать»");
    snprintf(cmd, sizeof cmd, "rm -rf %s-internal", out);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

START_TEST(mentors_are_compared_by_organisation_as_mentees_are)
{
    char out[128], path[256];
    build_into(MUNICIPAL, "municipal", out, sizeof out, NULL);
    const char *tables[] = {"mentees-organisations.csv", "mentors-organisations.csv"};
    for (size_t i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/tables/%s", out, tables[i]);
        ck_assert_msg(access(path, F_OK) == 0, "no %s", tables[i]);
    }
    snprintf(path, sizeof path, "%s/index.html", out);
    char *html = ms_test_slurp(path, NULL);
    ck_assert_ptr_nonnull(html);
    ck_assert(strstr(html, "Сравниваются 5 организаций (Удовлетворённость наставников)"));
    free(html);
}
END_TEST

/* Report of programme text `ini` (written as NAME) into DIR/NAME.out; the
 * page and one table are returned (malloc'd). */
static char *report_of(const char *name, const char *ini, const char *table, char **csv)
{
    char path[640], out[512], out_name[256];
    write_file(name, ini);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(out_name, sizeof out_name, "%s.out", name);
    build_into(path, out_name, out, sizeof out, NULL);
    if (csv) {
        snprintf(path, sizeof path, "%s/tables/%s", out, table);
        ck_assert_ptr_nonnull(*csv = ms_test_slurp(path, NULL));
    }
    snprintf(path, sizeof path, "%s/index.html", out);
    char *html = ms_test_slurp(path, NULL);
    ck_assert_ptr_nonnull(html);
    return html;
}

#define SELF_Q                                                                                  \
    "[programme]\nyear = 2025\n[questionnaire self]\nrole = entry_exit\n"                       \
    "codebook = " EXAMPLE "/selfassessment.codebook.csv\nby = form\n"                            \
    "[questionnaire mentees]\nrole = mentees_satisfaction\n"                                     \
    "codebook = " EXAMPLE "/mentees_satisfaction.codebook.csv\nby = form\n"                      \
    "[questionnaire mentors]\nrole = mentors_satisfaction\n"                                     \
    "codebook = " EXAMPLE "/mentors_satisfaction.codebook.csv\nby = form\n"
#define SELF_ORG(key)                                                                           \
    "[organisation " key "]\nself = " EXAMPLE "/data/selfassessment_2025.csv\n"                  \
    "mentees = " EXAMPLE "/data/mentees_satisfaction_2025.csv\n"                                 \
    "mentors = " EXAMPLE "/data/mentors_satisfaction_2025.csv\n"

/* The first number of the second line of a CSV table (the n of its first row). */
static long first_n(const char *csv)
{
    const char *line = strchr(csv, '\n');
    ck_assert_ptr_nonnull(line);
    const char *semi = strchr(line, ';');
    ck_assert_ptr_nonnull(semi);
    return strtol(semi + 1, NULL, 10);
}

/* The number that ends just before `at` ("В 37 |парах"). */
static long count_before(const char *start, const char *at)
{
    const char *p = at - 1; /* the space before the noun */
    while (p > start && p[-1] >= '0' && p[-1] <= '9')
        p--;
    return strtol(p, NULL, 10);
}

/* "паре"/"парах" of the paired sentence ("В 21 паре ответили…"), or NULL. */
static const char *pairs_noun(const char *html)
{
    const char *p = strstr(html, " парах ответили");
    return p ? p + 1 : (p = strstr(html, " паре ответили")) ? p + 1 : NULL;
}

/* Two schools number their participants and pairs alike (here: the same
 * file twice): the same code in another organisation is another person, so
 * nothing is a repeat and twice the pairs are matched. */
START_TEST(respondent_and_pair_codes_are_matched_within_each_organisation)
{
    char *one_csv, *two_csv;
    char *one = report_of("one.ini", SELF_Q SELF_ORG("a"), "self-growth.csv", &one_csv);
    char *two = report_of("two.ini", SELF_Q SELF_ORG("a") SELF_ORG("b"), "self-growth.csv",
                          &two_csv);
    ck_assert_int_gt(first_n(one_csv), 10);
    ck_assert_int_eq(first_n(two_csv), 2 * first_n(one_csv));
    ck_assert_msg(strstr(two, "повторных анкет") == NULL, "codes matched across organisations");
    const char *pairs1 = pairs_noun(one), *pairs2 = pairs_noun(two);
    ck_assert(pairs1 && pairs2);
    /* "В 37 парах": the count before the noun doubles */
    long p1 = count_before(one, pairs1), p2 = count_before(two, pairs2);
    ck_assert_int_gt(p1, 5);
    ck_assert_int_eq(p2, 2 * p1);
    free(one), free(two), free(one_csv), free(two_csv);
}
END_TEST

/* Every byte sequence is well-formed UTF-8 (no sentence or label cut inside
 * a letter). */
static bool valid_utf8(const unsigned char *s)
{
    while (*s) {
        int k = *s < 0x80 ? 0 : (*s & 0xe0) == 0xc0 ? 1 : (*s & 0xf0) == 0xe0 ? 2
                : (*s & 0xf8) == 0xf0 ? 3 : -1;
        if (k < 0)
            return false;
        for (s++; k > 0; k--, s++)
            if ((*s & 0xc0) != 0x80)
                return false;
    }
    return true;
}

/* 30 organisations with names of 160 bytes (more than the 128 labels once had): the page is valid UTF-8, every
 * name whole, the count agrees with its noun, the full table is in the
 * appendix and the chart shows the distribution. */
START_TEST(many_long_named_organisations_give_whole_utf8_sentences)
{
    static char ini[65536];
    size_t len = (size_t)snprintf(ini, sizeof ini,
                                  "[programme]\nyear = 2025\nnames = published\n"
                                  "[questionnaire mentees]\n"
                                  "role = mentees_satisfaction\ncodebook = " EXAMPLE
                                  "/mentees_satisfaction.codebook.csv\nby = form\n");
    for (int k = 1; k <= 30; k++)
        len += (size_t)snprintf(ini + len, sizeof ini - len,
                                "[organisation k%d]\nname = Муниципальное бюджетное "
                                "учреждение «Средняя общеобразовательная "
                                "школа № %d имени героя»\nmentees = " EXAMPLE
                                "/data/mentees_satisfaction_2025.csv\n",
                                k, k);
    ck_assert_uint_lt(len, sizeof ini - 1);
    char *html = report_of("many.ini", ini, NULL, NULL);
    ck_assert(valid_utf8((const unsigned char *)html));
    ck_assert(strstr(html, "Сравниваются 30 организаций (") != NULL);
    ck_assert(strstr(html, "«Средняя общеобразовательная школа № 30 имени героя»") ||
              strstr(html, "&laquo;Средняя общеобразовательная школа № 30 имени героя&raquo;") ||
              strstr(html, "школа № 30 имени героя") != NULL);
    ck_assert(strstr(html, "Все организации") != NULL); /* the appendix's full table */
    ck_assert(strstr(html, "Распределение организаций по индексу") != NULL);
    free(html);
}
END_TEST

#define MENTEES_Q                                                                               \
    "[programme]\nyear = 2025\n[questionnaire mentees]\nrole = mentees_satisfaction\n"         \
    "codebook = " EXAMPLE "/mentees_satisfaction.codebook.csv\nby = form\n"
#define MENTEES_ORG(key, year)                                                                  \
    "[organisation " key "]\nmentees = " EXAMPLE "/data/mentees_satisfaction_" year ".csv\n"

/* Every row of the organisations table says "K;"О<K>"": an unnamed
 * organisation's label is its place by the main index. */
static void assert_labels_are_ranks(const char *csv)
{
    size_t rows = 0;
    for (const char *line = strchr(csv, '\n'); line && line[1]; line = strchr(line + 1, '\n')) {
        char want[64];
        rows++;
        snprintf(want, sizeof want, "\n%zu;\"О%zu\";", rows, rows);
        ck_assert_msg(!strncmp(line, want, strlen(want)), "row %zu: %.40s", rows, line + 1);
    }
    ck_assert_uint_eq(rows, 4);
}

/* Four schools whose index order is not their order in the programme (an
 * office lists them by its own numbering), and the same four listed in the
 * opposite order: each time О1 is the highest index, О4 the lowest, and
 * both reports' tables are the same — a label follows the school's figure,
 * not its line in the programme. */
START_TEST(unnamed_organisations_are_numbered_by_rank_not_by_the_programme_order)
{
    char *csv1, *csv2, *files1, *files2;
    char *one = report_of("order1.ini",
                          MENTEES_Q MENTEES_ORG("a", "2023") MENTEES_ORG("b", "2025")
                              MENTEES_ORG("c", "2022") MENTEES_ORG("d", "2024"),
                          "mentees-organisations.csv", &csv1);
    char *two = report_of("order2.ini",
                          MENTEES_Q MENTEES_ORG("d", "2024") MENTEES_ORG("c", "2022")
                              MENTEES_ORG("b", "2025") MENTEES_ORG("a", "2023"),
                          "mentees-organisations.csv", &csv2);
    assert_labels_are_ranks(csv1);
    assert_labels_are_ranks(csv2);
    ck_assert_str_eq(csv1, csv2);
    char path[512];
    snprintf(path, sizeof path, "%s/order1.ini.out/tables/data-quality.csv", dir);
    files1 = ms_test_slurp(path, NULL);
    snprintf(path, sizeof path, "%s/order2.ini.out/tables/data-quality.csv", dir);
    files2 = ms_test_slurp(path, NULL);
    ck_assert(files1 && files2);
    ck_assert_str_eq(files1, files2); /* the appendix lists them by label too */
    ck_assert(strstr(files1, "\"О1\"") < strstr(files1, "\"О2\"") &&
              strstr(files1, "\"О3\"") < strstr(files1, "\"О4\""));
    free(one), free(two), free(csv1), free(csv2), free(files1), free(files2);
}
END_TEST

/* Two schools with the same answers this year tie on index and answers;
 * one also sent last year's file, so the appendix tells them apart.
 * Listed in either order, each gets the same label (the tie is broken by a
 * hash of the key, not by the programme's order). */
START_TEST(tied_organisations_are_numbered_by_their_key_not_by_the_programme_order)
{
    const char *x = MENTEES_ORG("x", "2025"), *y = MENTEES_ORG("y", "2025")
        "mentees.earlier = " EXAMPLE "/data/mentees_satisfaction_2024.csv\n";
    char ini[4096], *files1, *files2;
    snprintf(ini, sizeof ini, "%s%s%s", MENTEES_Q, x, y);
    char *one = report_of("tie1.ini", ini, "data-quality.csv", &files1);
    snprintf(ini, sizeof ini, "%s%s%s", MENTEES_Q, y, x);
    char *two = report_of("tie2.ini", ini, "data-quality.csv", &files2);
    ck_assert_str_eq(files1, files2);
    ck_assert(strstr(files1, "\"1 файл\"") && strstr(files1, "\"2 файла\""));
    free(one), free(two), free(files1), free(files2);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("municipal");
    TCase *tc = tcase_create("municipal");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, organisation_files_are_pooled_into_their_questionnaire);
    tcase_add_test(tc, an_organisation_naming_an_unknown_questionnaire_is_refused_with_its_line);
    tcase_add_test(tc, organisations_are_compared_without_their_keys_and_small_ones_hidden);
    tcase_add_test(tc, the_office_copy_names_every_organisation_and_the_published_one_none);
    tcase_add_test(tc, mentors_are_compared_by_organisation_as_mentees_are);
    tcase_add_test(tc, the_collection_holds_every_organisation_the_page_names_as_a_candidate);
    tcase_add_test(tc, respondent_and_pair_codes_are_matched_within_each_organisation);
    tcase_add_test(tc, many_long_named_organisations_give_whole_utf8_sentences);
    tcase_add_test(tc, unnamed_organisations_are_numbered_by_rank_not_by_the_programme_order);
    tcase_add_test(tc, tied_organisations_are_numbered_by_their_key_not_by_the_programme_order);
    suite_add_tcase(s, tc);
    return ms_run_suite(s);
}
