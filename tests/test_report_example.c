/* The example report's new sections against golden tables
 * (tests/golden/report_example/: the gap by form, the rankings of forms and
 * pairs, the collection export), the main findings giving the gap and naming
 * the ranking's candidate, and the collection's quotes scrubbed end to end: names planted in the open answers of a copy of the example data must
 * not reach kopilka.csv or kopilka.md.
 *
 * To renew the golden files after an intended change, build the example
 * report and copy the files named in `golden` below. */
#define _GNU_SOURCE /* memmem */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mentorstat/report.h"
#include "ms_suite.h"

#define EXAMPLE MS_SOURCE_DIR "/surveys/example"
#define GOLDEN MS_SOURCE_DIR "/tests/golden/report_example"

/* No practices-forms.csv: in the example one form per side is large enough
 * once no hidden form can be worked out (docs/privacy.md), too few to rank. */
static const char *const golden[] = {
    "tables/gap-by-form.csv", "-internal/tables/practices-pairs.csv",
    "tables/quality-index.csv", "kopilka.csv", "kopilka.md",
};

static void build(const char *programme, char *outdir, size_t size, char *tmp)
{
    ck_assert_ptr_nonnull(mkdtemp(tmp));
    snprintf(outdir, size, "%s/report", tmp);
    ms_report_summary sum;
    ms_error err;
    ck_assert_msg(ms_report_build(programme, outdir, &sum, &err) == MS_OK, "%s", err.message);
}

static void remove_dir(const char *dir)
{
    char cmd[2200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

START_TEST(example_tables_match_the_golden_files)
{
    char tmp[96], out[2100];
    ms_test_template(tmp, sizeof tmp, "ms_golden_XXXXXX");
    /* the report's date (kopilka.md carries it) fixed, as reproducible
     * builds fix it: 7 December 2025 */
    setenv("SOURCE_DATE_EPOCH", "1765065600", 1);
    build(EXAMPLE "/programme.ini", out, sizeof out, tmp);
    unsetenv("SOURCE_DATE_EPOCH");
    for (size_t i = 0; i < sizeof golden / sizeof *golden; i++) {
        char got_path[2300], want_path[2300];
        /* "-internal/…": in OUTDIR-internal (the pair ranking is never published) */
        snprintf(got_path, sizeof got_path, golden[i][0] == '-' ? "%s%s" : "%s/%s", out,
                 golden[i]);
        const char *base = strrchr(golden[i], '/');
        snprintf(want_path, sizeof want_path, "%s/%s", GOLDEN, base ? base + 1 : golden[i]);
        size_t a, b;
        char *got = ms_test_slurp(got_path, &a), *want = ms_test_slurp(want_path, &b);
        ck_assert_msg(got != NULL, "the report has no %s", golden[i]);
        ck_assert_msg(want != NULL, "no golden file %s", want_path);
        ck_assert_msg(a == b && !memcmp(got, want, a), "%s differs from %s", got_path, want_path);
        free(got);
        free(want);
    }
    /* the programme's [matching] keeps one pair (last year's annex), excludes
     * one and spreads the load; the internal page says why each pair */
    char path[2300];
    snprintf(path, sizeof path, "%s-internal/match.html", out);
    char *match = ms_test_slurp(path, NULL);
    ck_assert_ptr_nonnull(match);
    ck_assert_ptr_nonnull(strstr(match, "<td>М-2025-038</td><td>Н-2025-030</td>"));
    ck_assert_ptr_nonnull(strstr(match, "Пара продолжается (закреплена куратором); М-2025-038"));
    ck_assert_ptr_null(strstr(match, "<td>М-2025-043</td><td>Н-2025-037</td>"));
    ck_assert_ptr_nonnull(strstr(match, "самая ровная нагрузка наставников"));
    ck_assert_ptr_nonnull(strstr(match, "Почему эта пара"));
    ck_assert_ptr_nonnull(strstr(match, "@page{size:A4 landscape"));
    free(match);
    /* pairs = yes: the internal directory, and only it, says which code is
     * П1 (the best pair, traceable), one line per ranked pair */
    snprintf(path, sizeof path, "%s-internal/pairs-key.csv", out);
    char *key = ms_test_slurp(path, NULL);
    ck_assert_ptr_nonnull(key);
    const char *first = strstr(key, "\"П1\";\"");
    ck_assert_ptr_nonnull(first);
    char code[64] = "";
    ck_assert_int_eq(sscanf(first + strlen("\"П1\";\""), "%63[^\"]", code), 1);
    ck_assert(strstr(key, "\"П23\";\"") && !strstr(key, "\"П24\""));
    char cmd[4000];
    snprintf(cmd, sizeof cmd, "grep -rqi -- '%s' '%s'", code, out);
    ck_assert_msg(system(cmd) != 0, "the best pair's code %s is in the published report", code);
    /* issue 24: no pair ranking in the published report (page, CSV,
     * workbook, collection), with one sentence saying where pairs are */
    snprintf(cmd, sizeof cmd,
             "cd '%s' && ! test -e tables/practices-pairs.csv && "
             "! grep -q 'Наставническая пара\\|>П1<\\|пары: П1' index.html kopilka.md && "
             "! unzip -p tables.xlsx | grep -q 'П1\\|наставнических пар' && "
             "grep -q 'Наставнические пары обсуждают по внутреннему экземпляру' kopilka.md && "
             "grep -q 'Рейтинг наставнических пар есть только во внутреннем экземпляре' index.html",
             out);
    ck_assert_msg(system(cmd) == 0, "the published report ranks pairs");
    snprintf(path, sizeof path, "%s-internal/index.html", out);
    char *internal = ms_test_slurp(path, NULL);
    ck_assert_ptr_nonnull(internal);
    ck_assert_ptr_nonnull(strstr(internal, "Внутренний экземпляр отчёта"));
    ck_assert_ptr_nonnull(strstr(internal, "Рейтинг наставнических пар"));
    free(internal);
    free(key);
    remove_dir(tmp);
}
END_TEST

START_TEST(main_findings_repeat_the_gap_and_name_no_hidden_form)
{
    char tmp[96], out[2100], path[2300];
    ms_test_template(tmp, sizeof tmp, "ms_findings_XXXXXX");
    build(EXAMPLE "/programme.ini", out, sizeof out, tmp);
    snprintf(path, sizeof path, "%s/index.html", out);
    size_t n;
    char *html = ms_test_slurp(path, &n);
    ck_assert_ptr_nonnull(html);
    const char *findings = strstr(html, "<ul class=\"findings\">");
    ck_assert_ptr_nonnull(findings);
    const char *end = strstr(findings, "</ul>");
    /* forms are not ranked: only one per side is shown (the others are
     * hidden as small or so that no hidden form can be worked out) */
    const char *line = strstr(findings, "Кандидаты в методическую копилку — формы");
    ck_assert_msg(!line || line > end, "the findings rank forms");
    const char *body = strstr(html, "Для ранжирования нужны хотя бы две формы");
    ck_assert_msg(body != NULL, "the practices section does not say why forms are not ranked");
    /* the gap section's first sentence, word for word */
    /* whole points, as «Главное» gives each index (72 and 77 there) */
    const char *gap = "Наставляемые оценивают работу в 72\xC2\xA0из\xC2\xA0" "100, наставники — "
                      "в 77; различие в 5\xC2\xA0п. может быть случайным (p\xC2\xA0=\xC2\xA0" "0,092).";
    line = strstr(findings, gap);
    ck_assert_msg(line && line < end, "the findings do not give the gap");
    ck_assert(strstr(end, gap) != NULL);
    free(html);
    remove_dir(tmp);
}
END_TEST

START_TEST(a_rise_since_last_year_that_may_be_chance_is_not_called_higher)
{
    /* mentees 67 → 72 (Welch p = 0,074), mentors 73 → 77 (p = 0,27): neither
     * is «выше, чем в прошлом году»; the four years together differ (ANOVA),
     * so the rise since 2022 is said */
    char tmp[96], out[2100], path[2300];
    ms_test_template(tmp, sizeof tmp, "ms_years_XXXXXX");
    build(EXAMPLE "/programme.ini", out, sizeof out, tmp);
    snprintf(path, sizeof path, "%s/slides.html", out);
    char *slides = ms_test_slurp(path, NULL);
    ck_assert_ptr_nonnull(slides);
    ck_assert_msg(!strstr(slides, "выше, чем в прошлом году"), "a chance rise is called higher");
    /* the deck ends with what to do (the model's recommendations) */
    const char *todo = strstr(slides, "<h2>Что сделать</h2>");
    ck_assert_msg(todo && !strstr(todo + 1, "<h2>"), "the deck does not end with «Что сделать»");
    ck_assert_ptr_nonnull(strstr(todo, "<li>Найти наставников в области «работа с родителями»"));
    /* the site page: no chart twice (the gap by form repeats the index by
     * form), no «95 % ДИ» under a chart, the phone's tick labels dark */
    snprintf(path, sizeof path, "%s/summary.html", out);
    char *site = ms_test_slurp(path, NULL);
    ck_assert_ptr_nonnull(site);
    ck_assert_ptr_null(strstr(site, "id=\"chart-gap-by-form\""));
    ck_assert_ptr_nonnull(strstr(site, "id=\"chart-quality-by-form\""));
    for (const char *f = strstr(site, "<figcaption>"); f; f = strstr(f + 1, "<figcaption>"))
        ck_assert_msg(!memmem(f, (size_t)(strstr(f, "</figcaption>") - f), "95 %", 4),
                      "a caption of the site page says 95 %%");
    free(site);
    /* the справка (when pandoc made it): the glossary for its p and d, who
     * prepared it, no causal claim, no file name */
    char cmd[2600];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && { ! test -e spravka.docx || { x=$(unzip -p spravka.docx "
             "word/document.xml) && echo \"$x\" | grep -q 'Как читать цифры' && "
             "echo \"$x\" | grep -q 'Исполнитель' && echo \"$x\" | grep -q '«72\xC2\xA0из\xC2\xA0" "100»' && "
             "! echo \"$x\" | grep -q 'программа работает\\|tables.xlsx\\|Фелдт;'; }; }",
             out);
    ck_assert_msg(system(cmd) == 0, "the справка lacks its glossary or «Исполнитель», or "
                                    "claims the programme works, or names a file");
    /* one phrase for this year against last (the page's, the slides', the
     * справка's), figures held to their units by no-break spaces */
    ck_assert_ptr_nonnull(strstr(slides, "Удовлетворённость наставляемых — 72\xC2\xA0из\xC2\xA0"
                                         "100; в 2024 году было 67 — рост в пределах случайных "
                                         "колебаний; с\xC2\xA0" "2022 года (59) индекс вырос, и "
                                         "это не случайно."));
    free(slides);
    remove_dir(tmp);
}
END_TEST

START_TEST(no_internal_construct_name_reaches_the_page_tables_or_charts)
{
    char tmp[96], out[2100], cmd[2400];
    ms_test_template(tmp, sizeof tmp, "ms_labels_XXXXXX");
    build(EXAMPLE "/programme.ini", out, sizeof out, tmp);
    /* the codebooks' construct names, each as a whole word (not mentees_satisfaction) */
    snprintf(cmd, sizeof cmd,
             "grep -rlwE 'satisfaction|competence|motivation' --include='*.html' "
             "--include='*.csv' --include='*.gp' --include='*.dat' --include='*.md' '%s' "
             "| grep -q .", out);
    ck_assert_msg(system(cmd) != 0, "an internal construct name is in the report");
    snprintf(cmd, sizeof cmd, "grep -q 'Шкала «Профессиональные компетенции» (среднее)' '%s/index.html'",
             out);
    ck_assert_int_eq(system(cmd), 0);
    remove_dir(tmp);
}
END_TEST

START_TEST(kopilka_csv_opens_in_a_russian_excel)
{
    char tmp[96], out[2100], path[2200];
    ms_test_template(tmp, sizeof tmp, "ms_kopilka_XXXXXX");
    build(EXAMPLE "/programme.ini", out, sizeof out, tmp);
    /* the internal copy's: the pair candidate and its quotes are only there */
    snprintf(path, sizeof path, "%s-internal/kopilka.csv", out);
    char *csv = ms_test_slurp(path, NULL);
    ck_assert_ptr_nonnull(csv);
    ck_assert(!memcmp(csv, "\xEF\xBB\xBF\"", 4));  /* BOM, then a quoted header */
    ck_assert(strstr(csv, "\";\"") != NULL);       /* ';' between cells */
    ck_assert(strstr(csv, "[телефон скрыт]") != NULL);
    ck_assert(strstr(csv, "\"пара\";\"П1\"") != NULL); /* the pairs' candidate */
    free(csv);
    snprintf(path, sizeof path, "%s/index.html", out);
    char *html = ms_test_slurp(path, NULL);
    ck_assert(strstr(html, "href=\"kopilka.md\"") != NULL);
    ck_assert(strstr(html, ">Лучшие практики</h2>") != NULL);
    ck_assert(strstr(html, ">Взгляды наставников и наставляемых</h2>") != NULL);
    free(html);
    remove_dir(tmp);
}
END_TEST

/* ---------- names planted in a copy of the data ---------- */

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fputs(text, f) >= 0, 1);
    ck_assert_int_eq(fclose(f), 0);
}

/* The respondent's full name: the second-to-last cell of the line. */
static void fio_of_line(const char *line_end, char *fio, size_t size)
{
    const char *last = NULL, *prev = NULL;
    for (const char *p = line_end - 1; *p != '\n' && !prev; p--)
        if (*p == ',') {
            if (last)
                prev = p;
            else
                last = p;
        }
    ck_assert_ptr_nonnull(prev);
    snprintf(fio, size, "%.*s", (int)(last - prev - 1), prev + 1);
}

/* The end of the record holding `at`: the first newline outside quotes
 * (a quoted cell may span lines; doubled quotes keep the parity). */
static const char *record_end(const char *csv, const char *at)
{
    size_t quotes = 0;
    for (const char *p = csv; p < at; p++)
        quotes += *p == '"';
    for (; *at && (*at != '\n' || quotes % 2); at++)
        quotes += *at == '"';
    ck_assert_int_eq(*at, '\n');
    return at;
}

/* Append "Спасибо Ольге Сергеевне Ромашкиной! <own name>" to every answer
 * "Помощь с рабочей программой и КТП" (teachers' form, the candidate). */
static char *plant_names(const char *csv, char fio[][160], size_t *n_fio)
{
    static const char phrase[] = "Помощь с рабочей программой и КТП";
    size_t cap = strlen(csv) * 2 + 4096, k = 0;
    char *out = malloc(cap);
    ck_assert_ptr_nonnull(out);
    *n_fio = 0;
    for (const char *p = csv; *p;) {
        const char *hit = strstr(p, phrase);
        if (!hit) {
            k += (size_t)snprintf(out + k, cap - k, "%s", p);
            break;
        }
        const char *eol = record_end(csv, hit);
        fio_of_line(eol, fio[*n_fio], sizeof fio[0]);
        k += (size_t)snprintf(out + k, cap - k, "%.*s. Спасибо Ольге Сергеевне Ромашкиной! %s",
                              (int)(hit - p + (long)strlen(phrase)), p, fio[*n_fio]);
        (*n_fio)++;
        p = hit + strlen(phrase);
    }
    return out;
}

static void copy_programme(const char *dir, char fio[][160], size_t *n_fio)
{
    char path[2300], *ini = malloc(16384);
    ck_assert_ptr_nonnull(ini);
    char *csv = ms_test_slurp(EXAMPLE "/data/mentees_satisfaction_2025.csv", NULL);
    char *planted = plant_names(csv, fio, n_fio);
    snprintf(path, sizeof path, "%s/mentees_2025.csv", dir);
    write_text(path, planted);
    snprintf(ini, 16384,
             "[programme]\nyear = 2025\nquotes = yes\npairs = yes\n"
             "[questionnaire mentees_satisfaction]\nrole = mentees_satisfaction\n"
             "codebook = %s/mentees_satisfaction.codebook.csv\ndata = mentees_2025.csv\n"
             "by = form\n"
             "[questionnaire mentors_satisfaction]\nrole = mentors_satisfaction\n"
             "codebook = %s/mentors_satisfaction.codebook.csv\n"
             "data = %s/data/mentors_satisfaction_2025.csv\nby = form\n",
             EXAMPLE, EXAMPLE, EXAMPLE);
    snprintf(path, sizeof path, "%s/programme.ini", dir);
    write_text(path, ini);
    free(csv);
    free(planted);
    free(ini);
}

START_TEST(planted_names_do_not_reach_the_collection)
{
    char tmp[96], out[2100], path[2200], fio[64][160];
    ms_test_template(tmp, sizeof tmp, "ms_names_XXXXXX");
    size_t n_fio;
    ck_assert_ptr_nonnull(mkdtemp(tmp));
    copy_programme(tmp, fio, &n_fio);
    ck_assert_uint_ge(n_fio, 1);
    snprintf(path, sizeof path, "%s/programme.ini", tmp);
    snprintf(out, sizeof out, "%s/report", tmp);
    ms_report_summary sum;
    ms_error err;
    ck_assert_msg(ms_report_build(path, out, &sum, &err) == MS_OK, "%s", err.message);
    /* the pair candidate's quotes are in the internal copy only */
    const char *files[] = {"/kopilka.csv", "/kopilka.md", "/index.html",
                           "-internal/kopilka.csv", "-internal/kopilka.md", "-internal/index.html"};
    bool marked = false;
    for (size_t f = 0; f < 6; f++) {
        snprintf(path, sizeof path, "%s%s", out, files[f]);
        char *text = ms_test_slurp(path, NULL);
        ck_assert_ptr_nonnull(text);
        marked = marked || strstr(text, "[имя скрыто]");
        ck_assert_msg(!strstr(text, "Ольге") && !strstr(text, "Сергеевне") &&
                          !strstr(text, "Ромашкиной"),
                      "%s holds the planted name", files[f]);
        for (size_t i = 0; i < n_fio; i++) /* the respondent's name, word by word */
            for (char *w = fio[i], *sp; *w; w = sp ? sp + 1 : w + strlen(w)) {
                sp = strchr(w, ' ');
                char word[160];
                snprintf(word, sizeof word, "%.*s", (int)(sp ? sp - w : (long)strlen(w)), w);
                ck_assert_msg(!strstr(text, word), "%s holds \"%s\"", files[f], word);
            }
        free(text);
    }
    ck_assert(marked);
    remove_dir(tmp);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("report_example");
    TCase *tc = tcase_create("report_example");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, example_tables_match_the_golden_files);
    tcase_add_test(tc, main_findings_repeat_the_gap_and_name_no_hidden_form);
    tcase_add_test(tc, a_rise_since_last_year_that_may_be_chance_is_not_called_higher);
    tcase_add_test(tc, kopilka_csv_opens_in_a_russian_excel);
    tcase_add_test(tc, no_internal_construct_name_reaches_the_page_tables_or_charts);
    tcase_add_test(tc, planted_names_do_not_reach_the_collection);
    suite_add_tcase(s, tc);
    return ms_run_suite(s);
}
