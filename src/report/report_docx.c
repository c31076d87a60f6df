/*
 * report_docx.c — spravka.docx, the «аналитическая справка» the deputy
 * director (or the office) edits, numbers and signs: pandoc Markdown written
 * from the report's model (report_deliver.h), never from the page, then
 * converted by pandoc.  A school document of a few pages: the organisation,
 * the title, fields for the date and the number; purpose, period, method
 * and this year's sample; the results (the main findings by section, with
 * at most two numbered figures); conclusions and recommendations (what the
 * findings mean and what to do); the signatory of the programme file or a
 * blank line; an annex of numbered tables (what the results rest on, never
 * pairs), columns as wide as their words and numbers need, numbers
 * right-aligned and unbreakable.
 *
 * pandoc takes A4, margins, Russian styles and the page number in the
 * footer from the built-in reference document (src/reference.docx, made by
 * tools/make-reference-docx).  The source document and the reference are
 * written into the report directory for pandoc and removed after it; its
 * messages go to pandoc.log, which is kept only when it failed.
 */
#include "report_deliver.h"
#include "cnum.h"

#include "plural.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zip.h>

extern const unsigned char ms_reference_docx[];
extern const unsigned long ms_reference_docx_size;

#define SOURCE "spravka-source.md"
#define REFERENCE "spravka-reference.docx"
#define LOG "pandoc.log"

/* Text for pandoc's Markdown: ASCII punctuation escaped (never markup). */
static void md(ms_sbuf *out, const char *text)
{
    text = text ? text : "";
    for (const char *p = text; *p; p++) {
        unsigned char c = (unsigned char)*p;
        bool glue = c == ' ' && (strchr("%<=", p[1]) || (p > text && strchr("<=", p[-1])));
        if (glue) /* «37 %», «p < 0,001»: never broken */
            ms_sbuf_puts(out, "\xC2\xA0");
        else if (c == '\n' || c == '\r' || c == '\t')
            ms_sbuf_putn(out, " ", 1);
        else if (c < 0x80 && strchr("\\`*_{}[]()<>#+-.!|~^$@&\"'%=:;,/?", c) && c)
            ms_sbuf_printf(out, "\\%c", c);
        else
            ms_sbuf_putn(out, p, 1);
    }
}

/* A sentence of the model (HTML-escaped) as Markdown text. */
static void md_html(ms_sbuf *out, const char *html)
{
    ms_sbuf plain = {0};
    ms_deliver_plain(&plain, html);
    const char *text = ms_sbuf_str(&plain);
    if (text)
        md(out, text);
    else
        ms_sbuf_fail(out);
    ms_sbuf_free(&plain);
}

/* A figure of the numbers: spaces inside it made non-breaking, so «12 %» and
 * «< 0,001» never break. */
static void md_number(ms_sbuf *out, const char *text)
{
    for (const char *p = text; *p; p++) {
        if (*p == ' ')
            ms_sbuf_puts(out, "\xC2\xA0");
        else if (*p == '*')
            ms_sbuf_puts(out, "\\*");
        else if (*p == '<')
            ms_sbuf_puts(out, "\\<");
        else
            ms_sbuf_putn(out, p, 1);
    }
}

static size_t utf8_chars(const char *s)
{
    size_t k = 0;
    for (; *s; s++)
        k += ((unsigned char)*s & 0xC0) != 0x80;
    return k;
}

/* The longest run of s without a space, in characters. */
static size_t longest_word(const char *s)
{
    size_t best = 0, run = 0;
    for (; *s; s++) {
        if (*s == ' ')
            run = 0;
        else if (((unsigned char)*s & 0xC0) != 0x80)
            run++;
        best = run > best ? run : best;
    }
    return best;
}

enum { MAX_COLS = 32, ANNEX_COLS = 7 };

typedef struct {
    const char *text[MAX_COLS];
    char buf[MAX_COLS][96];
    bool number[MAX_COLS];
    size_t n;
} md_row;

/* The cells of row `row` as the page prints them (an interval one cell). */
static size_t row_cells(const ms_report *r, const ms_rtable *t, size_t row, md_row *out)
{
    out->n = 0;
    for (size_t i = 0; i < t->n_cells && out->n < MAX_COLS; i++) {
        const ms_rcell *c = &t->cells[i];
        if (c->row != row)
            continue;
        out->text[out->n] = ms_rcell_text(&r->pr, c, out->buf[out->n], sizeof out->buf[0]);
        out->number[out->n] = c->kind != MS_CELL_LABEL && c->kind != MS_CELL_HEAD &&
                              c->kind != MS_CELL_HEAD_RANGE;
        out->n++;
    }
    return out->n;
}

/* A table of the model as a pipe table (false, nothing written, when it has
 * more than ANNEX_COLS columns): columns as wide as their texts
 * need (a word or a number never breaks), numbers right-aligned; the
 * separator line is longer than pandoc's 72 columns, so the table takes the
 * page's width in the proportions of its dashes.  Its caption above it,
 * «Таблица N — …». */
static bool md_table(const ms_report *r, ms_sbuf *out, const ms_dtable *dt, size_t number)
{
    enum { LINE = 80, LONG = 30, DASHES = 160 };
    const ms_rtable *t = &dt->t;
    md_row row;
    double need[MAX_COLS] = {0}, want[MAX_COLS] = {0};
    bool numeric[MAX_COLS] = {0};
    size_t cols = row_cells(r, t, 0, &row);
    if (!cols || cols > ANNEX_COLS)
        return false; /* wider than a portrait page holds unbroken: in tables.xlsx */
    bool keep[MAX_COLS] = {0}; /* a column of dashes only says nothing: dropped */
    for (size_t y = 1; y < t->rows; y++) {
        size_t n = row_cells(r, t, y, &row);
        for (size_t k = 0; k < n && k < cols; k++)
            keep[k] = keep[k] || (row.text[k][0] && strcmp(row.text[k], "—") != 0);
    }
    for (size_t k = 0; k < cols && t->rows < 2; k++)
        keep[k] = true;
    for (size_t y = 0; y < t->rows; y++) {
        size_t n = row_cells(r, t, y, &row);
        for (size_t k = 0; k < n && k < cols; k++) {
            double len = (double)utf8_chars(row.text[k]);
            /* a word or a number as it must fit: type is wider than one
             * character in eighty of the line, and the cell has padding */
            double word = (y == 0 ? 1.45 : 1.3) * /* the header is bold */
                              (row.number[k] ? len : (double)longest_word(row.text[k])) + 1;
            if (y > 0)
                numeric[k] = numeric[k] || row.number[k];
            need[k] = need[k] > word + 2 ? need[k] : word + 2;
            want[k] = want[k] > (len < LONG ? len : LONG) ? want[k] : (len < LONG ? len : LONG);
        }
    }
    double base = 0, extra = 0, w[MAX_COLS] = {0};
    for (size_t k = 0; k < cols; k++) {
        if (!keep[k])
            need[k] = want[k] = 0;
        want[k] = want[k] > need[k] ? want[k] - need[k] : 0;
        base += need[k], extra += want[k];
    }
    double share = extra > 0 && base < LINE ? (LINE - base) / extra : 0;
    share = share > 1 ? 1 : share;
    double sum = 0;
    for (size_t k = 0; k < cols; k++)
        sum += w[k] = need[k] + want[k] * share;
    ms_sbuf_puts(out, "::: {custom-style=\"Table Caption\"}\n");
    ms_sbuf_printf(out, MS_TR(r, "Таблица %zu — ", "Table %zu — "), number);
    md(out, dt->caption ? dt->caption : t->name);
    ms_sbuf_puts(out, "\n:::\n\n");
    for (size_t y = 0; y < t->rows; y++) {
        size_t n = row_cells(r, t, y, &row);
        ms_sbuf_puts(out, "|");
        for (size_t k = 0; k < cols; k++) {
            if (!keep[k])
                continue;
            ms_sbuf_puts(out, " ");
            if (k < n && (y == 0 || !row.number[k]))
                md(out, row.text[k]);
            else if (k < n)
                md_number(out, row.text[k]);
            ms_sbuf_puts(out, " |");
        }
        ms_sbuf_puts(out, "\n");
        if (y == 0) {
            ms_sbuf_puts(out, "|");
            for (size_t k = 0; k < cols; k++) {
                if (!keep[k])
                    continue;
                size_t dashes = (size_t)(DASHES * w[k] / sum);
                dashes = dashes < 3 ? 3 : dashes;
                ms_sbuf_puts(out, numeric[k] ? "" : ":");
                for (size_t i = 0; i < dashes; i++)
                    ms_sbuf_putn(out, "-", 1);
                ms_sbuf_puts(out, numeric[k] ? ":|" : "|");
            }
            ms_sbuf_puts(out, "\n");
        }
    }
    ms_sbuf_puts(out, "\n");
    return true;
}

/* A chart of the model as a numbered figure (its PNG copy, the SVG where
 * gnuplot wrote none). */
static void md_figure(const ms_report *r, ms_sbuf *out, const ms_dchart *c, size_t number)
{
    char png[512];
    ms_c_snprintf(png, sizeof png, "%s/charts/%s.png", r->pr.dir, c->name);
    struct stat sb;
    bool has_png = stat(png, &sb) == 0;
    ms_sbuf_printf(out, MS_TR(r, "![Рисунок %zu — ", "![Figure %zu — "), number);
    md(out, c->caption);
    ms_sbuf_printf(out, "](charts/%s.%s){width=100%%}\n\n", c->name, has_png ? "png" : "svg");
}

/* This year's figures (not the earlier years' rows the comparisons use). */
typedef struct {
    unsigned long long accepted, read, excluded, quarantined, earlier;
} sample;

static sample this_year(const ms_report *r)
{
    sample s = {0};
    for (size_t i = 0; i < r->n_q; i++) {
        const ms_tally *cur = ms_aggregate_rows(r->q[i].cur), *all = ms_aggregate_rows(r->q[i].all);
        s.accepted += cur->accepted;
        s.read += cur->read;
        s.excluded += cur->excluded;
        s.quarantined += cur->quarantined;
        s.earlier += all->accepted - cur->accepted;
    }
    return s;
}

static void heading(ms_sbuf *out, int level, const char *text)
{
    ms_sbuf_printf(out, "%.*s ", level, "######");
    md(out, text);
    ms_sbuf_puts(out, "\n\n");
}

static void title_block(const ms_report *r, ms_sbuf *out)
{
    ms_sbuf_puts(out, "::: {custom-style=\"Organisation\"}\n");
    md(out, r->prog->organisation ? r->prog->organisation
                                  : MS_TR(r, "Наименование организации", "Organisation"));
    ms_sbuf_puts(out, "\n:::\n\n::: {custom-style=\"Title\"}\n");
    md(out, MS_TR(r, "Аналитическая справка", "Analytical note"));
    ms_sbuf_puts(out, "\n:::\n\n::: {custom-style=\"Subtitle\"}\n");
    char period[64];
    md(out, MS_TR(r, "по итогам мониторинга качества реализации программы наставничества",
                  "on the monitoring of the mentoring programme"));
    if (r->prog->year) {
        ms_sbuf_puts(out, " ");
        md(out, ms_report_period(r, true, period, sizeof period));
    }
    ms_sbuf_puts(out, "\n:::\n\n::: {custom-style=\"Signature\"}\n");
    ms_sbuf date = {0}; /* the day it is made; its number is given when it is registered */
    ms_deliver_date(r, &date);
    md(out, ms_sbuf_str(&date));
    if (date.failed)
        ms_sbuf_fail(out);
    ms_sbuf_free(&date);
    ms_sbuf_puts(out, MS_TR(r, " № \\_\\_\\_\\_\\_\\_\\_\\_\n:::\n\n",
                            " No. \\_\\_\\_\\_\\_\\_\\_\\_\n:::\n\n"));
}


/* The sections whose findings the results tell, in the document's order,
 * and the one chart each may bring (two charts at most in all). */
static const char *const chart_of[][2] = {
    {"summary", "quality-by-"}, {"years", "trend"}, {"growth", "-growth"}};

static bool chart_wanted(const char *name)
{
    for (size_t i = 0; i < sizeof chart_of / sizeof *chart_of; i++) {
        const char *w = chart_of[i][1];
        size_t n = strlen(w), len = strlen(name);
        if (w[0] == '-' ? len >= n && !strcmp(name + len - n, w) : !strncmp(name, w, n))
            return true;
    }
    return false;
}

static void purpose(const ms_report *r, ms_sbuf *out)
{
    heading(out, 1, MS_TR(r, "1. Цель, сроки и участники", "1. Purpose, period and participants"));
    md(out, MS_TR(r,
                  "Цель мониторинга — оценить качество реализации программы наставничества "
                  "по анкетам её участников: удовлетворённость наставляемых и наставников, "
                  "рост участников, работу разных форм наставничества, и определить, что "
                  "нужно улучшить.",
                  "The monitoring assesses the quality of the mentoring programme from its "
                  "participants' questionnaires: the satisfaction of mentees and mentors, "
                  "their growth, the forms of mentoring, and what to improve."));
    ms_sbuf_puts(out, "\n\n");
    sample s = this_year(r);
    char line[512];
    char period[64];
    if (r->prog->year)
        ms_c_snprintf(line, sizeof line,
                 MS_TR(r, "Сроки: %s. Метод: анкетирование участников программы (",
                       "Period: %s. Method: questionnaires of the participants ("),
                 ms_report_period(r, false, period, sizeof period));
    else
        ms_c_snprintf(line, sizeof line, "%s",
                 MS_TR(r, "Метод: анкетирование участников программы (",
                       "Method: questionnaires of the participants ("));
    md(out, line);
    for (size_t i = 0; i < r->n_q; i++) {
        ms_c_snprintf(line, sizeof line, "%s«%s»: %llu", i ? "; " : "", r->q[i].q->title,
                 ms_aggregate_rows(r->q[i].cur)->accepted);
        md(out, line);
    }
    ms_c_snprintf(line, sizeof line,
             MS_TR(r, "). Всего принято %llu %s этого года%s. ", "). %llu %s of this year accepted%s. "),
             s.accepted, ms_plural(r->pr.ru, (double)s.accepted, "анкета", "анкеты", "анкет",
                                   "questionnaire", "questionnaires"),
             s.excluded ? MS_TR(r, " (анкеты без согласия на обработку данных не учитывались)",
                                " (answers without consent were not used)")
                        : "");
    md(out, line);
    if (s.earlier) {
        ms_c_snprintf(line, sizeof line,
                 MS_TR(r, "Для сравнения с прошлыми годами использованы %llu %s прошлых лет. ",
                       "%llu %s of earlier years are used for the comparison with earlier "
                       "years. "),
                 s.earlier, ms_plural(r->pr.ru, (double)s.earlier, "анкета", "анкеты", "анкет",
                                      "questionnaire", "questionnaires"));
        md(out, line);
    }
    ms_c_snprintf(line, sizeof line,
             MS_TR(r,
                   "Средние приводятся с 95-процентным доверительным интервалом; различия "
                   "проверены статистическими тестами. Данные групп меньше %d человек не "
                   "приводятся.",
                   "Means are given with their 95 per cent confidence intervals; differences "
                   "are tested. Figures of groups below %d people are not shown."),
             r->prog->min_group);
    md(out, line);
    ms_sbuf_puts(out, "\n\n");
}

/* Results: each section's findings as a paragraph, with at most two
 * figures. */
static void results(const ms_report *r, ms_sbuf *out, size_t *figures)
{
    const ms_deliver *d = r->deliver;
    heading(out, 1, MS_TR(r, "2. Результаты", "2. Results"));
    for (size_t f = 0; f < d->n_findings; f++) {
        bool first = true;
        for (size_t i = 0; i < f && first; i++)
            first = strcmp(d->findings[i].section, d->findings[f].section) != 0;
        if (!first)
            continue;
        for (size_t i = f; i < d->n_findings; i++)
            if (!strcmp(d->findings[i].section, d->findings[f].section)) {
                md_html(out, d->findings[i].html);
                ms_sbuf_puts(out, " ");
            }
        ms_sbuf_puts(out, "\n\n");
        long sec = ms_deliver_find_section(d, d->findings[f].section);
        for (size_t c = 0; sec >= 0 && c < d->n_charts && *figures < 2; c++)
            if (d->charts[c].section == (size_t)sec && chart_wanted(d->charts[c].name)) {
                md_figure(r, out, &d->charts[c], ++*figures);
                break;
            }
    }
}

static void advice(const ms_report *r, ms_sbuf *out, bool actions, const char *title)
{
    const ms_deliver *d = r->deliver;
    heading(out, 1, title);
    size_t k = 0;
    for (size_t f = 0; f < d->n_findings; f++) {
        const char *t = actions ? d->findings[f].action : d->findings[f].meaning;
        if (!t)
            continue;
        ms_sbuf_printf(out, "%zu\\. ", ++k);
        md_html(out, t);
        ms_sbuf_puts(out, "\n\n");
    }
    if (!k) {
        md(out, actions ? MS_TR(r, "Продолжить мониторинг в следующем году.",
                                "Continue the monitoring next year.")
                        : MS_TR(r, "Выводов нет: в анкетах нет шкалы удовлетворённости, "
                                   "анкет в начале и в конце года или банка наставников.",
                                "No conclusions: the questionnaires have no satisfaction "
                                "scale, entry and exit questionnaires or mentors' bank."));
        ms_sbuf_puts(out, "\n\n");
    }
}

/* Tables for the annex: what the results rest on, never pairs. */
static const char *const annex[] = {"responses", "quality-index", "years", "gap-by-form",
                                    "selfassessment-growth", "bank-areas", "practices-forms"};

static void signature(const ms_report *r, ms_sbuf *out)
{
    ms_sbuf_puts(out, "::: {custom-style=\"Signature\"}\n\\\n");
    if (r->prog->signatory)
        md(out, r->prog->signatory);
    else
        md(out, MS_TR(r, "Должность", "Position"));
    ms_sbuf_puts(out, MS_TR(r, " \\_\\_\\_\\_\\_\\_\\_\\_\\_\\_ / \\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_ /\n",
                            " \\_\\_\\_\\_\\_\\_\\_\\_\\_\\_ / \\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_ /\n"));
    ms_sbuf_puts(out, ":::\n\n");
    /* who prepared it: a name and a phone the reader can call */
    md(out, MS_TR(r, "Исполнитель: ________________, тел. __________",
                  "Prepared by: ________________, phone __________"));
    ms_sbuf_puts(out, "\n\n");
}

/* The page's «Как читать цифры», for the body's index, intervals, p and d. */
static void glossary(const ms_report *r, ms_sbuf *out)
{
    char example[64];
    md(out, MS_TR(r, "Как читать цифры. ", "How to read the figures. "));
    md(out, ms_glossary_example(r, example, sizeof example));
    md(out, MS_TR(r,
                  " — индекс качества: средний балл шкалы, пересчитанный так, что 0 — самая "
                  "низкая оценка, 100 — самая высокая. 95 % ДИ — доверительный интервал: "
                  "значение, которое дал бы опрос всех участников, почти наверняка лежит в этих "
                  "границах. p — вероятность получить такое различие случайно; при p меньше "
                  "0,05 различие считают неслучайным. d — размер различия в стандартных "
                  "отклонениях: около 0,2 — малое, 0,5 — среднее, 0,8 и больше — большое. "
                  "п. — пункты индекса (из 100).",
                  ": the quality index, the scale's mean rescaled so that 0 is the lowest "
                  "rating and 100 the highest. 95 % CI: confidence interval, within which a "
                  "survey of every participant would almost surely fall. p: the probability of "
                  "such a difference by chance; below 0.05 it is taken as not chance. d: the "
                  "size of a difference in standard deviations: about 0.2 small, 0.5 medium, "
                  "0.8 and more large. Points: points of the index (of 100)."));
    ms_sbuf_puts(out, "\n\n");
}

/* The footnotes of the marks (* and **) a table shows, a paragraph each. */
static void hidden_notes(const ms_report *r, ms_sbuf *out, bool small, bool complement)
{
    ms_sbuf note = {0};
    ms_text_hidden_notes(r, &note, small, complement);
    const char *text = ms_sbuf_str(&note);
    for (const char *line = text; line && *line;) { /* a paragraph per note */
        size_t n = strcspn(line, "\n");
        ms_sbuf one = {0};
        ms_sbuf_putn(&one, line, n);
        md(out, ms_sbuf_str(&one));
        ms_sbuf_puts(out, "\n\n");
        if (one.failed)
            ms_sbuf_fail(out);
        ms_sbuf_free(&one);
        line += n + (line[n] == '\n');
    }
    if (!text)
        ms_sbuf_fail(out);
    ms_sbuf_free(&note);
}

/* The internal справка's annex: the pairs' ranking as the internal page
 * has it, and the key from П1… to the pairs' codes (pairs-key.csv). */
static void pairs_annex(const ms_report *r, ms_sbuf *out, size_t *tables)
{
    const ms_dtable *t = ms_deliver_find_table(r->deliver, "practices-pairs");
    if (t && md_table(r, out, t, *tables + 1)) {
        bool s1, c1;
        ms_rtable_hidden_kinds(&t->t, &s1, &c1);
        hidden_notes(r, out, s1, c1);
        ++*tables;
    }
    size_t n = ms_report_pairs_ranked(r);
    if (!n)
        return;
    ms_sbuf_puts(out, "::: {custom-style=\"Table Caption\"}\n");
    ms_sbuf_printf(out, MS_TR(r, "Таблица %zu — ", "Table %zu — "), ++*tables);
    md(out, MS_TR(r, "Ключ к обозначениям пар", "Key to the pairs' labels"));
    ms_sbuf_printf(out, "\n:::\n\n| %s | %s |\n|---|---|\n", MS_TR(r, "Пара", "Pair"),
                   MS_TR(r, "Код пары", "Pair code"));
    for (size_t i = 0; i < n; i++) {
        const char *code = ms_report_pair_code(r, i);
        ms_sbuf_printf(out, MS_TR(r, "| П%zu | ", "| P%zu | "), i + 1);
        md(out, code ? code : "");
        ms_sbuf_puts(out, " |\n");
    }
    ms_sbuf_puts(out, "\n");
}

/* Table number *tables + 1 with the footnotes of its marks under it. */
static void annex_table(const ms_report *r, ms_sbuf *out, const ms_dtable *t, size_t *tables)
{
    if (md_table(r, out, t, *tables + 1)) {
        bool s1, c1;
        ms_rtable_hidden_kinds(&t->t, &s1, &c1);
        hidden_notes(r, out, s1, c1);
        ++*tables;
    }
}

static ms_status source_document(const ms_report *r, ms_sbuf *out)
{
    const ms_deliver *d = r->deliver;
    size_t figures = 0, tables = 0;
    title_block(r, out);
    if (r->names_orgs) { /* the office's own справка names its schools */
        md(out, MS_TR(r, "Внутренний экземпляр управления: организации названы по именам. Не "
                         "публикуйте его — для сайта предназначена справка, где организации "
                         "обозначены О1, О2, …",
                      "The office's internal copy: organisations are named. Do not publish it "
                      "— the note for the web site labels them O1, O2, …"));
        ms_sbuf_puts(out, "\n\n");
    } else if (r->internal) { /* the school's: the pairs' ranking and its key */
        md(out, MS_TR(r, "Внутренний экземпляр: в приложении — рейтинг пар и ключ к их "
                         "обозначениям П1, П2, … Не публикуйте его — для сайта предназначена "
                         "справка без пар.",
                      "Internal copy: the annex ranks the pairs and keys their labels P1, P2, "
                      "… Do not publish it — the note for the web site has no pairs."));
        ms_sbuf_puts(out, "\n\n");
    }
    purpose(r, out);
    glossary(r, out);
    results(r, out, &figures);
    advice(r, out, false, MS_TR(r, "3. Выводы", "3. Conclusions"));
    advice(r, out, true, MS_TR(r, "4. Рекомендации", "4. Recommendations"));
    signature(r, out);
    ms_sbuf_puts(out, "```{=openxml}\n<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>\n```\n\n");
    heading(out, 1, MS_TR(r, "Приложение. Таблицы", "Annex. Tables"));
    for (size_t i = 0; i < sizeof annex / sizeof *annex; i++) {
        const ms_dtable *t = ms_deliver_find_table(d, annex[i]);
        if (t)
            annex_table(r, out, t, &tables);
    }
    /* the office's: its organisations, each questionnaire's table */
    for (size_t i = 0; i < d->n_tables; i++) {
        const char *name = d->tables[i].t.name, *suffix = "-organisations";
        size_t n = strlen(name), k = strlen(suffix);
        if (n > k && !strcmp(name + n - k, suffix))
            annex_table(r, out, &d->tables[i], &tables);
    }
    if (r->internal && !r->names_orgs)
        pairs_annex(r, out, &tables);
    md(out, MS_TR(r, "Все таблицы отчёта — в рабочей книге Excel, приложенной к отчёту.",
                  "Every table of the report is in the Excel workbook that comes with it."));
    ms_sbuf_puts(out, "\n");
    return out->failed ? NOMEM(r) : MS_OK;
}

static char *in_dir(const ms_report *r, const char *name)
{
    size_t n = strlen(r->pr.dir) + strlen(name) + 2;
    char *p = ms_malloc(n);
    if (p)
        ms_c_snprintf(p, n, "%s/%s", r->pr.dir, name);
    return p;
}

/* pandoc ARGS... in the report directory, stdout and stderr to pandoc.log. */
static ms_status run_pandoc(ms_report *r, char *const argv[], const char *log)
{
    int status = 0, rc = ms_report_spawn(r->pr.dir, log, false, argv, &status);
    if (rc != 0)
        return ms_error_set(r->pr.err, MS_ERR_EXTERNAL, NULL, 0, 0, "cannot run pandoc: %s",
                            strerror(rc));
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return MS_OK;
    char first[300] = "";
    FILE *in = fopen(log, "r");
    if (in && fgets(first, sizeof first, in))
        first[strcspn(first, "\r\n")] = '\0';
    if (in)
        fclose(in);
    return ms_error_set(r->pr.err, MS_ERR_EXTERNAL, NULL, 0, 0,
                        "pandoc failed to write spravka.docx: %s", first);
}

/* document.xml with every table row kept on one page: pandoc writes no
 * <w:cantSplit/>, and a row of the annex broke across pages in Word and
 * LibreOffice.  pandoc writes a row as <w:tr><w:tc>… or, for a header row,
 * <w:tr><w:trPr>…; the property goes first into the row's trPr. */
static void rows_unsplit(const char *xml, size_t n, ms_sbuf *out)
{
    static const char row[] = "<w:tr>", pr[] = "<w:trPr>", keep[] = "<w:cantSplit/>";
    const char *end = xml + n, *run = xml;
    for (const char *p = xml; p + sizeof row - 1 <= end; p++) {
        if (memcmp(p, row, sizeof row - 1))
            continue;
        p += sizeof row - 1;
        ms_sbuf_putn(out, run, (size_t)(p - run));
        bool has_pr = p + sizeof pr - 1 <= end && !memcmp(p, pr, sizeof pr - 1);
        if (has_pr) {
            ms_sbuf_puts(out, pr);
            p += sizeof pr - 1;
            ms_sbuf_puts(out, keep);
        } else
            ms_sbuf_printf(out, "%s%s</w:trPr>", pr, keep);
        run = p;
        p--;
    }
    ms_sbuf_putn(out, run, (size_t)(end - run));
}

/* spravka.docx's word/document.xml rewritten in place (libzip). */
static ms_status docx_rows_unsplit(ms_report *r, const char *path)
{
    int code = 0;
    zip_t *z = zip_open(path, 0, &code);
    zip_file_t *f = NULL;
    char *xml = NULL;
    ms_sbuf out = {0};
    ms_status st = MS_OK;
    zip_stat_t sb;
    zip_stat_init(&sb);
    if (!z || zip_stat(z, "word/document.xml", 0, &sb) != 0 || !(sb.valid & ZIP_STAT_SIZE) ||
        !(f = zip_fopen(z, "word/document.xml", 0))) {
        st = ms_error_set(r->pr.err, MS_ERR_EXTERNAL, "spravka.docx", 0, 0,
                          "pandoc wrote a document without word/document.xml");
        goto cleanup;
    }
    if (!(xml = ms_malloc(sb.size + 1))) {
        st = NOMEM(r);
        goto cleanup;
    }
    if (zip_fread(f, xml, sb.size) != (zip_int64_t)sb.size) {
        st = ms_error_set(r->pr.err, MS_ERR_IO, "spravka.docx", 0, 0, "cannot read");
        goto cleanup;
    }
    zip_fclose(f);
    f = NULL;
    rows_unsplit(xml, (size_t)sb.size, &out);
    const char *text = ms_sbuf_str(&out);
    zip_source_t *src = text ? zip_source_buffer(z, text, out.len, 0) : NULL;
    if (!text || !src) {
        st = NOMEM(r);
        goto cleanup;
    }
    zip_int64_t at = zip_file_add(z, "word/document.xml", src, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8);
    /* pandoc's time stamp kept (SOURCE_DATE_EPOCH makes reruns identical) */
    if (at >= 0 && (sb.valid & ZIP_STAT_MTIME))
        zip_file_set_mtime(z, (zip_uint64_t)at, sb.mtime, 0);
    if (at < 0) {
        zip_source_free(src);
        st = ms_error_set(r->pr.err, MS_ERR_IO, "spravka.docx", 0, 0, "cannot write: %s",
                          zip_strerror(z));
        goto cleanup;
    }
    if (zip_close(z) != 0) {
        st = ms_error_set(r->pr.err, MS_ERR_IO, "spravka.docx", 0, 0, "cannot write: %s",
                          zip_strerror(z));
        goto cleanup;
    }
    z = NULL;
cleanup:
    if (f)
        zip_fclose(f);
    if (z)
        zip_discard(z);
    ms_free(xml);
    ms_sbuf_free(&out);
    return st;
}

ms_status ms_report_docx(ms_report *r)
{
    ms_sbuf src = {0}, ref = {0};
    char *s = in_dir(r, SOURCE), *f = in_dir(r, REFERENCE), *log = in_dir(r, LOG);
    ms_status st = s && f && log ? source_document(r, &src) : NOMEM(r);
    ms_sbuf_putn(&ref, (const char *)ms_reference_docx, ms_reference_docx_size);
    if (st == MS_OK)
        st = ms_present_write(&r->pr, SOURCE, &src);
    if (st == MS_OK)
        st = ms_present_write(&r->pr, REFERENCE, &ref);
    if (st == MS_OK) { /* run in the report directory: no user path as an argument */
        char *argv[] = {"pandoc", "--from=markdown-smart", "--to=docx", "--standalone",
                        "--reference-doc=" REFERENCE, "--resource-path=.",
                        r->pr.ru ? "--metadata=lang:ru-RU" : "--metadata=lang:en-GB",
                        "-o", "spravka.docx", "--", SOURCE, NULL};
        st = run_pandoc(r, argv, log);
    }
    char *docx = st == MS_OK ? in_dir(r, "spravka.docx") : NULL;
    if (st == MS_OK)
        st = docx ? docx_rows_unsplit(r, docx) : NOMEM(r);
    ms_free(docx);
    if (s)
        unlink(s);
    if (f)
        unlink(f);
    if (st == MS_OK && log)
        unlink(log);
    ms_sbuf_free(&src);
    ms_sbuf_free(&ref);
    ms_free(s);
    ms_free(f);
    ms_free(log);
    return st;
}
