/* Check suite for the report stage: a small programme (bank of mentors,
 * mentees' requests, satisfaction with an earlier year, entry/exit) is
 * generated in a temporary directory and built into a report, which is then
 * inspected: sections, charts, tables, privacy, suppression of small groups,
 * escaping, and the all-or-nothing replacement of the output directory.
 * Needs gnuplot on PATH (as the report itself does). */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mentorstat/report.h"
#include "ms_suite.h"

#define HEADER "name,type,source,label,min,max,reverse,construct,choices,missing\n"
/* Values that must never reach any output. */
#define SECRET_ID "SECRETID"
#define SECRET_NAME "Засекречен"
#define SECRET_MAIL "hidden@secret.example"
#define SMALL_FORM "Работодатель – ученик"
/* A label that is hostile to HTML, CSV and gnuplot at once. */
#define HOSTILE_LABEL "=Комфорт \"\"общения\"\" 'с' \\ <b>наставником</b> & 50%"

static char dir[64];
static char ini[128], out[128];

static void write_file(const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static unsigned long rng = 12345;
static int rnd(int lo, int hi)
{
    rng = rng * 6364136223846793005UL + 1442695040888963407UL;
    return lo + (int)((rng >> 33) % (unsigned long)(hi - lo + 1));
}

static void write_satisfaction(const char *name, int year, int n, bool small_group)
{
    static const char *forms[] = {"Учитель – учитель", "Ученик – ученик"};
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "Код,ФИО,Почта,Год,Форма,О1,О2,О3,О4,Встречи,Согласие\n");
    for (int i = 0; i < n; i++) {
        const char *form = small_group && i < 3 ? SMALL_FORM : forms[i % 2];
        int base = rnd(5, 9);
        fprintf(f, "%s%d%03d,%s%d Иван,%s%d,%d,%s,%d,%d,%d,%d,%s,да\n", SECRET_ID, year, i,
                SECRET_NAME, i, SECRET_MAIL, i, year, form, base,
                base + rnd(-1, 1) > 10 ? 10 : base, rnd(4, 10), rnd(3, 10),
                i % 3 ? "Еженедельно" : "Ежемесячно");
    }
    fclose(f);
}

static void write_entry_exit(void)
{
    char path[256];
    snprintf(path, sizeof path, "%s/ee.csv", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "Код,Этап,К1,К2,К3\n");
    for (int i = 0; i < 20; i++) {
        int a = rnd(3, 6), b = rnd(3, 6), c = rnd(3, 6);
        fprintf(f, "%sEE%02d,вход,%d,%d,%d\n", SECRET_ID, i, a, b, c);
        fprintf(f, "%sEE%02d,выход,%d,%d,%d\n", SECRET_ID, i, a + rnd(0, 3), b + rnd(-1, 3),
                c + rnd(0, 2));
    }
    fclose(f);
}

static void write_banks(void)
{
    static const char *areas[] = {"Методика", "Родители", "Цифровые инструменты", "Олимпиады"};
    write_file("bank.codebook.csv",
               HEADER "id,id,Код,,,,,,,\n"
                      "mail,personal,Почта,,,,,,,\n"
                      "areas,multi,Области,Области "
                      "компетенций,,,,,1=Методика|2=Родители|3=Цифровые инструменты|4=Олимпиады,\n"
                      "hours,number,Часы,Часов в месяц,,,,,,\n");
    write_file("req.codebook.csv", HEADER "id,id,Код,,,,,,,\n"
                                          "areas,multi,Трудности,Трудности,,,,,1=Методика|2="
                                          "Родители|3=Цифровые инструменты|4=Олимпиады,\n");
    char path[256];
    snprintf(path, sizeof path, "%s/bank.csv", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "Код,Почта,Области,Часы\n");
    for (int i = 0; i < 12; i++)
        fprintf(f, "%sM%d,%s%d,\"%s; %s\",%d\n", SECRET_ID, i, SECRET_MAIL, i, areas[i % 2],
                areas[2 + i % 2 * (i % 3 == 0)], rnd(2, 8));
    fclose(f);
    snprintf(path, sizeof path, "%s/req.csv", dir);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "Код,Трудности\n");
    for (int i = 0; i < 15; i++)
        fprintf(f, "%sR%d,%s\n", SECRET_ID, i, areas[1 + i % 3]);
    fclose(f);
}

static void write_programme(const char *data_file)
{
    char text[2048];
    snprintf(
        text, sizeof text,
        "[programme]\norganisation = Школа <№1> & «Ко»\nyear = 2024\nmin_group = 5\n\n"
        "[questionnaire bank]\nrole = mentors_bank\ncodebook = bank.codebook.csv\ndata = "
        "bank.csv\n\n"
        "[questionnaire requests]\nrole = mentees_requests\ncodebook = req.codebook.csv\n"
        "data = req.csv\n\n"
        "[questionnaire mentees]\nrole = mentees_satisfaction\ncodebook = sat.codebook.csv\n"
        "data = %s\nearlier = sat2023.csv\nby = form\nparticipants = 40\n\n"
        "[questionnaire growth]\nrole = entry_exit\ncodebook = ee.codebook.csv\ndata = ee.csv\n",
        data_file);
    write_file("programme.ini", text);
}

static void setup(void)
{
    ms_test_template(dir, sizeof dir, "ms_report_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(ini, sizeof ini, "%s/programme.ini", dir);
    snprintf(out, sizeof out, "%s/out/report", dir);
    write_file("sat.codebook.csv",
               HEADER "id,id,Код,,,,,,,\n"
                      "fio,personal,ФИО,,,,,,,\n"
                      "mail,personal,Почта,,,,,,,\n"
                      "year,year,Год,Год,,,,,,\n"
                      "form,group,Форма,Форма наставничества,,,,,,\n"
                      "q1,scale,О1,\"" HOSTILE_LABEL "\",1,10,,quality,,\n"
                      "q2,scale,О2,Полезность встреч,1,10,,quality,,\n"
                      "q3,scale,О3,Ясность целей,1,10,,quality,,\n"
                      "q4,scale,О4,Готовность продолжить,1,10,,quality,,\n"
                      "meet,choice,Встречи,Частота встреч,,,,,1=Еженедельно|2=Ежемесячно|3=Реже,\n"
                      "ok,consent,Согласие,,,,,,,\n");
    write_file("ee.codebook.csv", HEADER "id,id,Код,,,,,,,\n"
                                         "wave,wave,Этап,Этап,,,,,1=вход|2=выход,\n"
                                         "c1,scale,К1,Планирование урока,1,10,,competence,,\n"
                                         "c2,scale,К2,Работа с классом,1,10,,competence,,\n"
                                         "c3,scale,К3,Цифровые инструменты,1,10,,competence,,\n");
    write_satisfaction("sat2024.csv", 2024, 33, true);
    write_satisfaction("sat2023.csv", 2023, 24, false);
    write_entry_exit();
    write_banks();
    write_programme("sat2024.csv");
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "/bin/rm -rf '%s'", dir); /* absolute: a test empties PATH */
    ck_assert_int_eq(system(cmd), 0);
}

/* ---------- helpers ---------- */

static char *slurp_in(const char *sub)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", out, sub);
    return ms_test_slurp(path, NULL);
}

static bool exists_in(const char *sub)
{
    char path[256];
    struct stat sb;
    snprintf(path, sizeof path, "%s/%s", out, sub);
    return stat(path, &sb) == 0;
}

/* OUTDIR-internal/SUB: the pairing's place, beside the report. */
static char *slurp_internal(const char *sub)
{
    char path[256];
    snprintf(path, sizeof path, "%s-internal/%s", out, sub);
    return ms_test_slurp(path, NULL);
}

static bool exists_internal(const char *sub)
{
    char path[256];
    struct stat sb;
    snprintf(path, sizeof path, "%s-internal/%s", out, sub);
    return stat(path, &sb) == 0;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

static void build_ok(ms_report_summary *sum)
{
    ms_error err = {0};
    ms_status st = ms_report_build(ini, out, sum, &err);
    char msg[1024];
    ms_error_format(&err, msg, sizeof msg);
    ck_assert_msg(st == MS_OK, "build failed: %s", msg);
}

/* Every file under path (recursively) lacks every needle. */
static void assert_tree_lacks(const char *path, const char *const *needles, size_t n)
{
    DIR *d = opendir(path);
    ck_assert_ptr_nonnull(d);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' && (!e->d_name[1] || !strcmp(e->d_name, "..")))
            continue;
        char child[512];
        struct stat sb;
        snprintf(child, sizeof child, "%s/%s", path, e->d_name);
        ck_assert_int_eq(stat(child, &sb), 0);
        if (S_ISDIR(sb.st_mode)) {
            assert_tree_lacks(child, needles, n);
            continue;
        }
        char *s = ms_test_slurp(child, NULL);
        ck_assert_ptr_nonnull(s);
        for (size_t i = 0; i < n; i++)
            ck_assert_msg(!strstr(s, needles[i]), "%s contains %s", child, needles[i]);
        free(s);
    }
    closedir(d);
}

static size_t tmp_dirs_left(void)
{
    char parent[160];
    snprintf(parent, sizeof parent, "%s/out", dir);
    DIR *d = opendir(parent);
    if (!d)
        return 0; /* not even the parent was made */
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += strstr(e->d_name, ".tmp-") != NULL || strstr(e->d_name, ".old-") != NULL;
    closedir(d);
    return n;
}

/* A file out/SUB (or out-internal/SUB when SUB starts with -internal/),
 * listed in that directory's marker as if mentorstat had written it when
 * `listed`. */
static void plant(const char *sub, bool listed)
{
    char path[256];
    bool internal = !strncmp(sub, "-internal/", 10);
    snprintf(path, sizeof path, "%s%s%s", out, internal ? "" : "/", sub);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fclose(f);
    if (!listed)
        return;
    snprintf(path, sizeof path, "%s%s/.mentorstat-report", out, internal ? "-internal" : "");
    ck_assert_ptr_nonnull(f = fopen(path, "a"));
    fprintf(f, "%s\n", internal ? sub + 10 : sub);
    fclose(f);
}

/* ---------- tests ---------- */

START_TEST(builds_a_page_with_every_section_and_inline_charts)
{
    ms_report_summary sum;
    build_ok(&sum);
    char *html = slurp_in("index.html");
    ck_assert_ptr_nonnull(html);
    const char *titles[] = {"Итоги",
                            "Банк наставников и запросы наставляемых",
                            "Удовлетворённость наставляемых",
                            "Взгляды наставников и наставляемых",
                            "Рост от входного к итоговому анкетированию",
                            "Сравнение с прошлыми годами",
                            "Надёжность анкет",
                            "Лучшие практики",
                            "Сравнение форм наставничества",
                            "Приложение: качество данных"};
    for (size_t i = 0; i < sizeof titles / sizeof *titles; i++) {
        char h2[256];
        snprintf(h2, sizeof h2, ">%s</h2>", titles[i]);
        ck_assert_msg(strstr(html, h2), "no section %s", titles[i]);
    }
    ck_assert(strstr(html, "<html lang=\"ru\">"));
    ck_assert(strstr(html, "<meta charset=\"utf-8\">"));
    ck_assert_uint_ge(count(html, "<svg"), 4);
    ck_assert_uint_eq(count(html, "<svg"), sum.charts);
    ck_assert_uint_ge(sum.charts, 6);
    ck_assert_uint_eq(sum.sections, sizeof titles / sizeof *titles);
    ck_assert_uint_eq(sum.rows.read, 33 + 24 + 40 + 12 + 15);
    ck_assert_uint_eq(sum.rows.accepted, sum.rows.read);
    /* self-contained: nothing fetched from elsewhere */
    ck_assert(!strstr(html, "<script"));
    ck_assert(!strstr(html, "src=\"http"));
    ck_assert(!strstr(html, "<link"));
    ck_assert(!strstr(html, "@import"));
    /* the findings say the figures in words, with a decimal comma: the index
     * with the mean it comes from in brackets, the terms explained once */
    ck_assert(strstr(html, "Удовлетворённость наставляемых — "));
    ck_assert(strstr(html, "\xC2\xA0из\xC2\xA0" "100 (в среднем "));
    ck_assert_msg(strstr(html, "\xC2\xA0" "балла из\xC2\xA0" "10; 95\xC2\xA0%\xC2\xA0ДИ "), "%.120s",
                  strstr(html, "балла из") ? strstr(html, "балла из") : "no «балла из»");
    ck_assert(strstr(html, "<details class=\"glossary\" open><summary>Как читать цифры"));
    free(html);
}
END_TEST

START_TEST(the_page_is_headed_by_the_school_year_and_warns_when_the_answers_name_another)
{
    ms_report_summary sum;
    build_ok(&sum); /* year = 2024: the school year 2023/24; the answers say 2024 */
    char *html = slurp_in("index.html");
    ck_assert(strstr(html, "2023/24 учебный год"));
    ck_assert(!strstr(html, "class=\"warn\""));
    ck_assert_str_eq(sum.other_year, "");
    free(html);
    /* the same answers under the school year 2025/26: said on the page */
    char path[256];
    snprintf(path, sizeof path, "%s/programme.ini", dir);
    char *ini_text = ms_test_slurp(path, NULL);
    ck_assert_ptr_nonnull(ini_text);
    char *y = strstr(ini_text, "year = 2024");
    ck_assert_ptr_nonnull(y);
    memcpy(y, "year = 2026", strlen("year = 2026"));
    write_file("programme.ini", ini_text);
    free(ini_text);
    build_ok(&sum);
    html = slurp_in("index.html");
    ck_assert(strstr(html, "2025/26 учебный год"));
    ck_assert(strstr(html, "<p class=\"warn\">Проверьте год: отчёт озаглавлен «2025/26 учебный "
                           "год», а в ответах этого года указан год «2024».</p>"));
    ck_assert_str_eq(sum.other_year, "2024");
    free(html);
}
END_TEST

START_TEST(a_survey_builds_answers_years_and_reliability_and_no_mentoring_section)
{
    /* the satisfaction questionnaire's files under the neutral role, alone */
    write_file("programme.ini",
               "[programme]\nyear = 2024\nmin_group = 5\n\n"
               "[questionnaire course]\nrole = survey\ntitle = Оценка курса\n"
               "codebook = sat.codebook.csv\ndata = sat2024.csv\nearlier = sat2023.csv\n"
               "by = form\n");
    ms_report_summary sum;
    build_ok(&sum);
    char *html = slurp_in("index.html");
    ck_assert_ptr_nonnull(html);
    const char *present[] = {">Итоги</h2>", ">Оценка курса</h2>", ">Сравнение с прошлыми годами</h2>",
                             ">Надёжность анкет</h2>", ">Приложение: качество данных</h2>",
                             ">Сравнения групп</h2>", "Оценка курса: сравнение групп по признаку «",
                             "Оценка курса: ответы на вопросы", "Индекс 0–100 по годам"};
    for (size_t i = 0; i < sizeof present / sizeof *present; i++)
        ck_assert_msg(strstr(html, present[i]), "no %s", present[i]);
    /* nothing a survey cannot support, not even as a note on what is missing */
    const char *absent[] = {"Банк наставников", "Наставников больше всего не хватает",
                            "Удовлетворённость", "удовлетворённост", "Взгляды наставников",
                            "role = entry_exit", "Индекс качества", "индекс качества",
                            "Высокие оценки", "Лучшие практики", "форм наставничества"};
    for (size_t i = 0; i < sizeof absent / sizeof *absent; i++)
        ck_assert_msg(!strstr(html, absent[i]), "the page holds %s: …%.200s", absent[i],
                      strstr(html, absent[i]) ? strstr(html, absent[i]) - 100 : "");
    /* the finding is the scale's mean, in neutral words */
    ck_assert(strstr(html, "<li>Оценка курса: "));
    ck_assert(strstr(html, "балла из\xC2\xA0" "10 (95\xC2\xA0%\xC2\xA0ДИ "));
    free(html);
}
END_TEST

START_TEST(every_chart_has_its_script_data_and_svg)
{
    build_ok(NULL);
    const char *charts[] = {"mentees-answers", "mentees-means", "quality-by-form",
                            "growth-growth",   "trend",         "bank-areas"};
    for (size_t i = 0; i < sizeof charts / sizeof *charts; i++) {
        const char *ext[] = {"gp", "dat", "svg"};
        for (size_t j = 0; j < 3; j++) {
            char sub[128];
            snprintf(sub, sizeof sub, "charts/%s.%s", charts[i], ext[j]);
            ck_assert_msg(exists_in(sub), "no %s", sub);
        }
    }
    char *gp = slurp_in("charts/mentees-answers.gp");
    ck_assert(strstr(gp, "'mentees-answers.dat'")); /* reads its data, relative */
    ck_assert(strstr(gp, "set decimalsign ','"));
    free(gp);
    ck_assert(!exists_in("gnuplot.log"));
}
END_TEST

START_TEST(no_id_or_personal_value_appears_anywhere)
{
    build_ok(NULL);
    const char *secrets[] = {SECRET_ID, SECRET_NAME, SECRET_MAIL, "@secret"};
    assert_tree_lacks(out, secrets, sizeof secrets / sizeof *secrets);
}
END_TEST

START_TEST(a_group_below_min_group_is_suppressed_everywhere)
{
    /* mentees: forms of 3 (SMALL_FORM), 15 and 15 people.  The small one is
     * hidden; one more would let it be worked out from the total; two more
     * would let the other hidden one, knowing its own figures, work it out:
     * all three are hidden (docs/privacy.md) and only the total is shown */
    build_ok(NULL);
    char *html = slurp_in("index.html");
    ck_assert(strstr(html, "* группа меньше 5 человек — данные не показываются"));
    ck_assert(strstr(html, "** группа скрыта, чтобы нельзя было вычислить другую скрытую группу"));
    free(html);
    /* in the table: the groups are listed, every figure of them is empty;
     * typed by the respondents (no choices), hidden ones are not named */
    char *csv = slurp_in("tables/quality-index.csv");
    ck_assert(!strstr(csv, SMALL_FORM));
    const char *row = strstr(csv, "\"другое\"");
    ck_assert_ptr_nonnull(row);
    const char *eol = strchr(row, '\n');
    char line[256];
    snprintf(line, sizeof line, "%.*s", (int)(eol - row), row);
    ck_assert_msg(!strcmp(line, "\"другое\";;;;\r"), "row: %s", line);
    free(csv);
    /* in the chart: no group at all, only every respondent */
    char *dat = slurp_in("charts/quality-by-form.dat");
    ck_assert(!strstr(dat, SMALL_FORM));
    ck_assert(!strstr(dat, "Учитель – учитель"));
    ck_assert(strstr(dat, "Все ответившие"));
    free(dat);
    /* in the comparison: counted as left out for either reason, not compared */
    csv = slurp_in("tables/mentees-by-form.csv");
    ck_assert(!strstr(csv, SMALL_FORM));
    ck_assert(strstr(csv, "групп меньше 5 человек: 1"));
    ck_assert(strstr(csv, "групп скрыто, чтобы нельзя было вычислить другую: 2"));
    free(csv);
}
END_TEST

START_TEST(user_text_is_escaped_in_html_csv_and_gnuplot)
{
    build_ok(NULL);
    char *html = slurp_in("index.html");
    ck_assert(!strstr(html, "<b>наставником</b>"));
    ck_assert(strstr(html, "&lt;b&gt;наставником&lt;/b&gt; &amp; 50%"));
    ck_assert(strstr(html, "Школа &lt;№1&gt; &amp; «Ко»"));
    ck_assert(strstr(html, "&quot;общения&quot; &#39;с&#39;"));
    free(html);
    /* CSV: UTF-8 BOM, ';' and decimal comma, a formula-like cell defused */
    char *csv = slurp_in("tables/mentees-items.csv");
    ck_assert(!memcmp(csv, "\xEF\xBB\xBF", 3));
    ck_assert(strstr(csv, "\"'=Комфорт \"\"общения\"\" 'с' \\ <b>наставником</b> & 50%\";33;"));
    ck_assert(strstr(csv, ",")); /* decimal comma in the means */
    free(csv);
    /* gnuplot: the label survives as one single-quoted string (the chart rendered) */
    char *gp = slurp_in("charts/mentees-means.gp");
    ck_assert_msg(strstr(gp, "'=Комфорт \"общения\" ''с'' \\'.\"\\n\".'<b>наставником</b> & 50%%'"),
                  "%s", gp);
    free(gp);
}
END_TEST

/* A file the previous report listed in its marker but this one does not
 * write (a questionnaire since dropped, say) goes with the old report. */
START_TEST(a_second_build_replaces_the_previous_report)
{
    build_ok(NULL);
    plant("stale.txt", true);
    build_ok(NULL);
    ck_assert(exists_in("index.html"));
    ck_assert(!exists_in("stale.txt"));
    ck_assert_uint_eq(tmp_dirs_left(), 0);
}
END_TEST

START_TEST(a_failed_build_keeps_the_previous_report_and_leaves_no_temp_dir)
{
    build_ok(NULL);
    char *before = slurp_in("index.html");
    write_programme("missing.csv");
    ms_error err = {0};
    ms_status st = ms_report_build(ini, out, NULL, &err);
    ck_assert_int_eq(st, MS_ERR_IO);
    ck_assert_msg(strstr(err.file, "missing.csv"), "%s", err.file);
    char *after = slurp_in("index.html");
    ck_assert_ptr_nonnull(after);
    ck_assert_str_eq(before, after);
    ck_assert_uint_eq(tmp_dirs_left(), 0);
    free(before);
    free(after);
}
END_TEST

/* A gnuplot on PATH that runs `script`; the previous report must stay. */
static void build_with_fake_gnuplot(const char *script, const char *want1, const char *want2)
{
    build_ok(NULL);
    char *before = slurp_in("index.html");
    char bin[160], fake[200], path[400];
    snprintf(bin, sizeof bin, "%s/bin", dir);
    ck_assert_int_eq(mkdir(bin, 0777), 0);
    snprintf(fake, sizeof fake, "%s/gnuplot", bin);
    FILE *f = fopen(fake, "w");
    ck_assert_ptr_nonnull(f);
    fputs(script, f);
    fclose(f);
    ck_assert_int_eq(chmod(fake, 0755), 0);
    snprintf(path, sizeof path, "%s:/bin:/usr/bin", bin);
    setenv("PATH", path, 1);
    ms_error err = {0};
    ck_assert_int_eq(ms_report_build(ini, out, NULL, &err), MS_ERR_EXTERNAL);
    ck_assert_msg(strstr(err.message, "gnuplot failed on charts/") &&
                      strstr(err.message, want1) && strstr(err.message, want2),
                  "%s", err.message);
    char *after = slurp_in("index.html");
    ck_assert_str_eq(before, after);
    ck_assert_uint_eq(tmp_dirs_left(), 0);
    free(before);
    free(after);
}

/* A failure after the temporary directory exists: gnuplot itself fails,
 * before it has read a command or after (the report's one gnuplot is fed
 * its charts through a socket). */
START_TEST(a_failing_gnuplot_leaves_the_previous_report_and_no_temp_dir)
{
    build_with_fake_gnuplot("#!/bin/sh\necho 'line 7: broken on purpose' >&2\nexit 3\n",
                            "exit status 3", "broken on purpose");
}
END_TEST

/* An error inside one chart's script: gnuplot goes on reading, and says
 * so through GPVAL_ERRNO, as this stand-in does. */
START_TEST(an_error_in_a_chart_script_fails_the_report_with_gnuplots_message)
{
    build_with_fake_gnuplot("#!/bin/sh\nwhile read -r line; do case $line in print*) "
                            "echo 'line 3: undefined function' >&2; echo ms-fail;; esac; done\n",
                            ".gp", "undefined function");
}
END_TEST

START_TEST(a_failed_first_build_leaves_nothing)
{
    write_programme("missing.csv");
    ms_error err = {0};
    ck_assert_int_ne(ms_report_build(ini, out, NULL, &err), MS_OK);
    ck_assert(!exists_in(""));
    ck_assert_uint_eq(tmp_dirs_left(), 0);
}
END_TEST

static void append_matching(const char *keys)
{
    char path[256];
    snprintf(path, sizeof path, "%s/programme.ini", dir);
    FILE *f = fopen(path, "a");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "\n[matching]\n%s", keys);
    fclose(f);
}

START_TEST(matching_writes_an_internal_copy_beside_the_page_and_never_into_it)
{
    append_matching("capacity = 2\n");
    ms_report_summary sum;
    build_ok(&sum);
    ck_assert(sum.matching);
    char *page = slurp_in("index.html"), *match = slurp_internal("match.html");
    ck_assert_ptr_nonnull(match);
    ck_assert_ptr_null(strstr(page, "match")); /* not linked, not included */
    ck_assert_ptr_null(strstr(page, "internal"));
    ck_assert_ptr_nonnull(strstr(match, "Внутренний рабочий документ")); /* the note on top */
    ck_assert(strstr(match, "Внутренний рабочий документ") < strstr(match, "<h2"));
    ck_assert_ptr_nonnull(strstr(match, SECRET_ID "R")); /* the codes: internal by design */
    ck_assert(exists_internal("tables/annex.csv"));
    ck_assert(exists_internal(".mentorstat-report")); /* so the next run may replace it */
    /* nothing of the pairing in the published directory, no code in any file of it */
    ck_assert(!exists_in("match.html"));
    ck_assert(!exists_in("match"));
    ck_assert(!exists_in("tables/annex.csv"));
    static const char *const secrets[] = {SECRET_ID};
    assert_tree_lacks(out, secrets, 1);
    free(page);
    free(match);
}
END_TEST

/* A bank with a duplicate id makes the pairing fail after the page is
 * written: neither temporary is left, and both old directories stay whole. */
START_TEST(a_failing_pairing_leaves_both_old_directories_whole_and_no_temporary)
{
    append_matching("capacity = 2\n");
    build_ok(NULL);
    char *page = slurp_in("index.html"), *match = slurp_internal("match.html");
    char path[256];
    snprintf(path, sizeof path, "%s/bank.csv", dir);
    FILE *f = fopen(path, "a");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "%sM3,%s3,Методика,4\n", SECRET_ID, SECRET_MAIL); /* M3 once more */
    fclose(f);
    ms_error err = {0};
    ck_assert_int_ne(ms_report_build(ini, out, NULL, &err), MS_OK);
    ck_assert_msg(strstr(err.message, "duplicate") || strstr(err.message, "повтор"), "%s",
                  err.message);
    char *page2 = slurp_in("index.html"), *match2 = slurp_internal("match.html");
    ck_assert_str_eq(page, page2);
    ck_assert_str_eq(match, match2);
    ck_assert(exists_internal("tables/pairs.csv"));
    ck_assert_uint_eq(tmp_dirs_left(), 0);
    snprintf(path, sizeof path, "%s-internal", out);
    DIR *d = opendir(path); /* no .match- scratch either */
    ck_assert_ptr_nonnull(d);
    for (struct dirent *e; (e = readdir(d));)
        ck_assert_msg(e->d_name[0] != '.' || !strcmp(e->d_name, ".") ||
                          !strcmp(e->d_name, "..") || !strcmp(e->d_name, ".mentorstat-report"),
                      "left: %s", e->d_name);
    closedir(d);
    free(page);
    free(match);
    free(page2);
    free(match2);
}
END_TEST

START_TEST(a_second_build_with_matching_replaces_both_directories)
{
    append_matching("capacity = 2\n");
    build_ok(NULL);
    char *before = slurp_internal("tables/pairs.csv");
    plant("stale.txt", true);
    plant("-internal/stale.txt", true);
    write_programme("sat2024.csv");
    append_matching("capacity = 1\n");
    build_ok(NULL);
    char *after = slurp_internal("tables/pairs.csv");
    ck_assert_str_ne(before, after); /* capacity 1: other pairs */
    ck_assert(!exists_internal("stale.txt"));
    ck_assert(!exists_in("stale.txt"));
    ck_assert(exists_in("index.html"));
    ck_assert_uint_eq(tmp_dirs_left(), 0);
    free(before);
    free(after);
}
END_TEST

/* OUTDIR-internal that mentorstat did not write is never replaced, and the
 * report is refused before anything is written. */
START_TEST(an_internal_directory_that_is_not_ours_is_never_replaced)
{
    build_ok(NULL);
    char *before = slurp_in("index.html");
    char path[256];
    snprintf(path, sizeof path, "%s-internal", out);
    ck_assert_int_eq(mkdir(path, 0777), 0);
    snprintf(path, sizeof path, "%s-internal/precious.txt", out);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fclose(f);
    append_matching("capacity = 2\n");
    ms_error err = {0};
    ck_assert_int_eq(ms_report_build(ini, out, NULL, &err), MS_ERR_USAGE);
    ck_assert_msg(strstr(err.file, "-internal"), "%s", err.file);
    ck_assert(exists_internal("precious.txt"));
    ck_assert(!exists_internal("match.html"));
    char *after = slurp_in("index.html");
    ck_assert_str_eq(before, after);
    ck_assert_uint_eq(tmp_dirs_left(), 0);
    free(before);
    free(after);
}
END_TEST

/* Hours typed as a word: quarantined when the bank is read for the page
 * and for the pairing.  Negative hours: a number to the page, but no
 * capacity, so quarantined by the pairing alone.  Both are counted. */
START_TEST(matching_leaves_out_rows_with_errors_and_counts_them)
{
    char path[256];
    snprintf(path, sizeof path, "%s/bank.csv", dir);
    FILE *f = fopen(path, "a");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "%sM90,%s90,Методика,много\n%sM91,%s91,Методика,-3\n", SECRET_ID, SECRET_MAIL,
            SECRET_ID, SECRET_MAIL);
    fclose(f);
    append_matching("capacity = hours\n");
    ms_report_summary sum;
    build_ok(&sum);
    ck_assert_uint_eq(sum.match_left_out, 2);
    ck_assert_uint_eq(sum.rows.quarantined, 1);
    char *match = slurp_internal("match.html");
    ck_assert_ptr_nonnull(strstr(match, "Не вошли в подбор (строки с ошибками)"));
    ck_assert_ptr_nonnull(strstr(match, "<td>bank.csv</td><td class=\"num\">14</td>"));
    ck_assert_ptr_nonnull(strstr(match, "<td>bank.csv</td><td class=\"num\">15</td>"));
    ck_assert_ptr_nonnull(strstr(match, "<td>" SECRET_ID "M91</td>")); /* codes: internal */
    ck_assert_ptr_null(strstr(match, SECRET_MAIL)); /* no other cell of those rows */
    free(match);
}
END_TEST

START_TEST(a_failed_matching_fails_the_build_and_keeps_the_previous_report)
{
    build_ok(NULL);
    char *before = slurp_in("index.html");
    append_matching("mentors = nosuch\n");
    ms_error err = {0};
    ck_assert_int_eq(ms_report_build(ini, out, NULL, &err), MS_ERR_PROGRAMME);
    ck_assert_msg(strstr(err.message, "nosuch"), "%s", err.message);
    char *after = slurp_in("index.html");
    ck_assert_str_eq(before, after);
    ck_assert(!exists_internal(""));
    ck_assert_uint_eq(tmp_dirs_left(), 0);
    free(before);
    free(after);
}
END_TEST

START_TEST(without_gnuplot_on_path_the_error_says_how_to_install_it)
{
    setenv("PATH", "/nonexistent-ms-bin", 1);
    ms_error err = {0};
    ck_assert_int_eq(ms_report_build(ini, out, NULL, &err), MS_ERR_EXTERNAL);
    ck_assert_str_eq(err.message, "gnuplot not found (Debian: apt-get install gnuplot-nox)");
    ck_assert(!exists_in(""));
}
END_TEST

START_TEST(a_directory_that_is_not_a_report_is_never_replaced)
{
    char path[256];
    snprintf(path, sizeof path, "%s/out", dir);
    ck_assert_int_eq(mkdir(path, 0777), 0);
    ck_assert_int_eq(mkdir(out, 0777), 0);
    snprintf(path, sizeof path, "%s/precious.txt", out);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fclose(f);
    ms_error err = {0};
    ck_assert_int_eq(ms_report_build(ini, out, NULL, &err), MS_ERR_USAGE);
    ck_assert(strstr(err.message, "refusing to replace"));
    ck_assert(exists_in("precious.txt"));
}
END_TEST

START_TEST(the_marker_lists_every_file_and_directory_the_report_wrote)
{
    build_ok(NULL);
    char *marker = slurp_in(".mentorstat-report");
    ck_assert_ptr_nonnull(marker);
    ck_assert_msg(strstr(marker, "\nindex.html\n") && strstr(marker, "\ncharts/\n") &&
                      strstr(marker, "\ntables/\n") &&
                      strstr(marker, "\ntables/mentees-items.csv\n") &&
                      strstr(marker, "\ncharts/mentees-means.gp\n") &&
                      !strstr(marker, "\n.mentorstat-report\n"),
                  "%s", marker);
    free(marker);
}
END_TEST

/* Issue 22: a report copied into a site folder with `cp -a` carries its
 * marker; the next report into that folder deleted the site's blog/. */
START_TEST(a_report_copied_into_a_site_folder_never_replaces_the_site)
{
    build_ok(NULL);
    char site[160], path[256], cmd[512];
    snprintf(site, sizeof site, "%s/site", dir);
    snprintf(path, sizeof path, "%s/blog", site);
    ck_assert_int_eq(mkdir(site, 0777), 0);
    ck_assert_int_eq(mkdir(path, 0777), 0);
    snprintf(path, sizeof path, "%s/blog/post.html", site);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("<p>our news</p>\n", f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "/bin/cp -a '%s/.' '%s/'", out, site);
    ck_assert_int_eq(system(cmd), 0);
    ms_error err = {0};
    ck_assert_int_eq(ms_report_build(ini, site, NULL, &err), MS_ERR_USAGE);
    ck_assert_msg(strstr(err.message, "holds blog/, which mentorstat did not write") &&
                      strstr(err.message, "refusing to replace it"),
                  "%s", err.message);
    char *post = ms_test_slurp(path, NULL);
    ck_assert_ptr_nonnull(post);
    ck_assert_str_eq(post, "<p>our news</p>\n");
    free(post);
    snprintf(path, sizeof path, "%s/index.html", site);
    ck_assert_int_eq(access(path, F_OK), 0);
    snprintf(cmd, sizeof cmd, "/bin/ls -a '%s' | grep -c -e '\\.tmp-' -e '\\.old-' >/dev/null", dir);
    ck_assert_int_ne(system(cmd), 0); /* nothing left beside the site */
}
END_TEST

START_TEST(a_file_mentorstat_did_not_write_stops_the_next_report)
{
    build_ok(NULL);
    char *before = slurp_in("index.html");
    plant("tables/notes.txt", false);
    ms_error err = {0};
    ck_assert_int_eq(ms_report_build(ini, out, NULL, &err), MS_ERR_USAGE);
    ck_assert_msg(strstr(err.message, "holds tables/notes.txt, which mentorstat did not write"),
                  "%s", err.message);
    ck_assert(exists_in("tables/notes.txt"));
    char *after = slurp_in("index.html");
    ck_assert_str_eq(before, after);
    ck_assert_uint_eq(tmp_dirs_left(), 0);
    free(before);
    free(after);
}
END_TEST

/* A marker from before the list: what else the directory holds is unknown. */
START_TEST(a_marker_without_a_list_protects_the_directory)
{
    build_ok(NULL);
    char path[256];
    snprintf(path, sizeof path, "%s/.mentorstat-report", out);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("This directory is a report written by mentorstat; mentorstat report replaces it as "
          "a whole.\n",
          f);
    fclose(f);
    ms_error err = {0};
    ck_assert_int_eq(ms_report_build(ini, out, NULL, &err), MS_ERR_USAGE);
    ck_assert_msg(strstr(err.message, "lists no files"), "%s", err.message);
    ck_assert(exists_in("index.html"));
}
END_TEST

/* Issue 22: a symbolic link as OUTDIR was refused only after OUTDIR-internal
 * had been replaced; now before anything is written. */
START_TEST(a_symlinked_output_directory_is_refused_before_anything_is_written)
{
    append_matching("capacity = 2\n");
    char real[160], parent[160];
    snprintf(real, sizeof real, "%s/real", dir);
    snprintf(parent, sizeof parent, "%s/out", dir);
    ck_assert_int_eq(mkdir(real, 0777), 0);
    ck_assert_int_eq(mkdir(parent, 0777), 0);
    ck_assert_int_eq(symlink(real, out), 0);
    ms_error err = {0};
    ck_assert_int_eq(ms_report_build(ini, out, NULL, &err), MS_ERR_USAGE);
    ck_assert_msg(strstr(err.message, "symbolic link"), "%s", err.message);
    ck_assert(!exists_internal(""));
    ck_assert_uint_eq(tmp_dirs_left(), 0);
    DIR *d = opendir(real);
    ck_assert_ptr_nonnull(d);
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n++;
    closedir(d);
    ck_assert_uint_eq(n, 2); /* . and .. */
}
END_TEST

/* Issue 22: the published directory was 0700 (mkdtemp's), which a web
 * server running as another user cannot read; now the umask's. */
START_TEST(the_published_directory_has_the_umask_mode)
{
    mode_t old = umask(027);
    build_ok(NULL);
    umask(old);
    struct stat sb;
    ck_assert_int_eq(stat(out, &sb), 0);
    ck_assert_uint_eq(sb.st_mode & 0777, 0750);
}
END_TEST

START_TEST(english_reports_use_a_decimal_point_and_commas)
{
    char text[1024];
    snprintf(text, sizeof text,
             "[programme]\nlanguage = en\n[questionnaire mentees]\nrole = mentees_satisfaction\n"
             "codebook = sat.codebook.csv\ndata = sat2024.csv\nby = form\n");
    write_file("programme.ini", text);
    build_ok(NULL);
    char *html = slurp_in("index.html");
    ck_assert(strstr(html, "<html lang=\"en\">"));
    ck_assert(strstr(html, ">Satisfaction of mentees</h2>"));
    free(html);
    char *csv = slurp_in("tables/mentees-items.csv");
    ck_assert(strstr(csv, "\"Question\",\"n\","));
    free(csv);
    char *gp = slurp_in("charts/mentees-means.gp");
    ck_assert(strstr(gp, "set decimalsign '.'"));
    free(gp);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("report");
    TCase *tc = tcase_create("report");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, builds_a_page_with_every_section_and_inline_charts);
    tcase_add_test(tc, a_survey_builds_answers_years_and_reliability_and_no_mentoring_section);
    tcase_add_test(tc, the_page_is_headed_by_the_school_year_and_warns_when_the_answers_name_another);
    tcase_add_test(tc, every_chart_has_its_script_data_and_svg);
    tcase_add_test(tc, no_id_or_personal_value_appears_anywhere);
    tcase_add_test(tc, a_group_below_min_group_is_suppressed_everywhere);
    tcase_add_test(tc, user_text_is_escaped_in_html_csv_and_gnuplot);
    tcase_add_test(tc, a_second_build_replaces_the_previous_report);
    tcase_add_test(tc, a_failed_build_keeps_the_previous_report_and_leaves_no_temp_dir);
    tcase_add_test(tc, a_failing_gnuplot_leaves_the_previous_report_and_no_temp_dir);
    tcase_add_test(tc, an_error_in_a_chart_script_fails_the_report_with_gnuplots_message);
    tcase_add_test(tc, a_failed_first_build_leaves_nothing);
    tcase_add_test(tc, matching_writes_an_internal_copy_beside_the_page_and_never_into_it);
    tcase_add_test(tc, matching_leaves_out_rows_with_errors_and_counts_them);
    tcase_add_test(tc, a_failed_matching_fails_the_build_and_keeps_the_previous_report);
    tcase_add_test(tc, a_failing_pairing_leaves_both_old_directories_whole_and_no_temporary);
    tcase_add_test(tc, a_second_build_with_matching_replaces_both_directories);
    tcase_add_test(tc, an_internal_directory_that_is_not_ours_is_never_replaced);
    tcase_add_test(tc, without_gnuplot_on_path_the_error_says_how_to_install_it);
    tcase_add_test(tc, a_directory_that_is_not_a_report_is_never_replaced);
    tcase_add_test(tc, the_marker_lists_every_file_and_directory_the_report_wrote);
    tcase_add_test(tc, a_report_copied_into_a_site_folder_never_replaces_the_site);
    tcase_add_test(tc, a_file_mentorstat_did_not_write_stops_the_next_report);
    tcase_add_test(tc, a_marker_without_a_list_protects_the_directory);
    tcase_add_test(tc, a_symlinked_output_directory_is_refused_before_anything_is_written);
    tcase_add_test(tc, the_published_directory_has_the_umask_mode);
    tcase_add_test(tc, english_reports_use_a_decimal_point_and_commas);
    suite_add_tcase(s, tc);
    return ms_run_suite(s);
}
