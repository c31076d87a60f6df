/*
 * report_blocks.c — the pieces every section writes, below the sections:
 * a section's heading with its entry in the contents, paragraphs, the
 * min_group note, words for effects and tests.  User text goes through
 * ms_sbuf_html.
 */
#include "report_int.h"
#include "plural.h"
#include "cnum.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------- HTML ---------- */

void ms_html_section(ms_report *r, ms_page *pg, const char *id, const char *title)
{
    ms_deliver_section(r, id, title, pg->body.len);
    if (r->sections++)
        ms_sbuf_puts(&pg->body, "</section>\n");
    ms_sbuf_printf(&pg->body, "<section id=\"%s\">\n<h2>", id);
    ms_sbuf_html(&pg->body, title);
    ms_sbuf_puts(&pg->body, "</h2>\n");
    ms_sbuf_printf(&pg->toc, "<li><a href=\"#%s\">", id);
    ms_sbuf_html(&pg->toc, title);
    ms_sbuf_puts(&pg->toc, "</a></li>\n");
}

void ms_html_p(ms_sbuf *b, const char *cls, const char *text)
{
    if (cls)
        ms_sbuf_printf(b, "<p class=\"%s\">", cls);
    else
        ms_sbuf_puts(b, "<p>");
    ms_sbuf_html(b, text);
    ms_sbuf_puts(b, "</p>\n");
}

void ms_html_p_of(ms_sbuf *b, const char *cls, const ms_sbuf *text)
{
    if (text->failed)
        ms_sbuf_fail(b);
    else
        ms_html_p(b, cls, ms_sbuf_str(text));
}

const char *ms_report_period(const ms_report *r, bool in, char *buf, size_t size)
{
    int y = r->prog->year;
    if (!y)
        ms_c_snprintf(buf, size, "%s",
                      in ? MS_TR(r, "в этом учебном году", "in this school year") : "");
    else if (in)
        ms_c_snprintf(buf, size, MS_TR(r, "в %d/%02d учебном году", "in the %d/%02d school year"),
                      y - 1, y % 100);
    else
        ms_c_snprintf(buf, size, MS_TR(r, "%d/%02d учебный год", "school year %d/%02d"), y - 1,
                      y % 100);
    return buf;
}

/* Whether a label of the year variable can be the programme's school year
 * ending in y: «2024/25», «2024/2025», «2024-25» end in y; a plain year is
 * either calendar year the school year spans (a time stamp's year). */
static bool year_fits(int y, const char *label)
{
    const char *p = label;
    while (*p && !(*p >= '0' && *p <= '9'))
        p++;
    char *end;
    long a = strtol(p, &end, 10);
    if (end == p || a < 1900 || a > 2200)
        return true; /* not a year: nothing to compare */
    const char *q = end;
    while (*q == ' ' || *q == '/' || *q == '-' || (unsigned char)*q == 0xE2) /* – is E2 80 93 */
        q += (unsigned char)*q == 0xE2 ? (q[1] && q[2] ? 3 : 1) : 1;
    long b = q > end ? strtol(q, &end, 10) : -1;
    if (b < 0 || end == q)
        return a == y || a == y - 1;
    if (b < 100)
        b += a / 100 * 100 + (b < a % 100 ? 100 : 0);
    return b == y;
}

const char *ms_report_year_mismatch(const ms_report *r)
{
    if (!r->prog->year)
        return NULL;
    for (size_t i = 0; i < r->n_q; i++) {
        const ms_rq *rq = &r->q[i];
        if (rq->year_by < 0 || (size_t)rq->year_by >= ms_aggregate_n_by(rq->cur))
            continue;
        const ms_levels *lv =
            ms_aggregate_levels(rq->cur, ms_aggregate_by(rq->cur, (size_t)rq->year_by)->var);
        for (size_t l = 0; lv && l < lv->n; l++)
            if (lv->labels[l] && !year_fits(r->prog->year, lv->labels[l]))
                return lv->labels[l];
    }
    return NULL;
}

void ms_html_year_warning(const ms_report *r, ms_sbuf *html)
{
    const char *level = ms_report_year_mismatch(r);
    if (!level)
        return;
    char period[64];
    ms_report_period(r, false, period, sizeof period);
    ms_sbuf text = {0};
    ms_sbuf_printf(&text,
                   MS_TR(r,
                         "Проверьте год: отчёт озаглавлен «%s», а в ответах этого года указан "
                         "год «%s».",
                         "Check the year: the report is headed \"%s\", but this year's answers "
                         "give the year \"%s\"."),
                   period, level);
    ms_html_p_of(html, "warn", &text);
    ms_sbuf_free(&text);
}

void ms_html_subtitle(const ms_report *r, ms_sbuf *html)
{
    const ms_programme *p = r->prog;
    char period[64];
    if (p->organisation)
        ms_sbuf_html(html, p->organisation);
    if (p->organisation && p->year)
        ms_sbuf_puts(html, " · ");
    if (p->year)
        ms_sbuf_html(html, ms_report_period(r, false, period, sizeof period));
}

/* One footnote's sentence, plain text: the page, the workbook and the
 * справка say the same. */
static void hidden_note_text(const ms_report *r, ms_sbuf *b, ms_group_hiding why)
{
    if (why == MS_GROUP_COMPLEMENT)
        ms_sbuf_puts(b, MS_TR(r,
                              "** группа скрыта, чтобы нельзя было вычислить другую скрытую "
                              "группу вычитанием из итога",
                              "** group hidden so that no other hidden group can be worked out "
                              "by subtracting from the total"));
    else
        ms_sbuf_printf(b,
                       MS_TR(r, "* группа меньше %d %s — данные не показываются",
                             "* group of fewer than %d people%s — figures not shown"),
                       r->prog->min_group,
                       ms_plural(r->pr.ru, r->prog->min_group, "человека", "человек", "человек", "",
                                 ""));
}

void ms_text_hidden_notes(const ms_report *r, ms_sbuf *b, bool small, bool complement)
{
    if (small)
        hidden_note_text(r, b, MS_GROUP_SMALL);
    if (small && complement)
        ms_sbuf_puts(b, "\n");
    if (complement)
        hidden_note_text(r, b, MS_GROUP_COMPLEMENT);
}

void ms_html_hidden_notes(const ms_report *r, ms_sbuf *b, bool small, bool complement)
{
    for (int k = 0; k < 2; k++) {
        if (!(k ? complement : small))
            continue;
        ms_sbuf text = {0};
        hidden_note_text(r, &text, k ? MS_GROUP_COMPLEMENT : MS_GROUP_SMALL);
        ms_html_p_of(b, "note hidden-note", &text);
        ms_sbuf_free(&text);
    }
}

void ms_html_hidden_note(const ms_report *r, ms_sbuf *b)
{
    ms_html_hidden_notes(r, b, true, true);
}

void ms_html_h3(ms_sbuf *b, const char *text)
{
    ms_sbuf_puts(b, "<h3>");
    ms_sbuf_html(b, text);
    ms_sbuf_puts(b, "</h3>\n");
}

long ms_find_label(const char *const *labels, size_t n, const char *label)
{
    for (size_t i = 0; i < n; i++)
        if (!strcasecmp(labels[i], label))
            return (long)i;
    return -1;
}

/* ---------- words for effects and tests ---------- */

const char *ms_effect_words(const ms_report *r, const char *name, double e)
{
    static const double d[] = {0.2, 0.5, 0.8}, eta[] = {0.01, 0.06, 0.14}, v[] = {0.1, 0.3, 0.5};
    const double *cut = d;
    if (!name || !isfinite(e))
        return "";
    if (strstr(name, "eta") || strstr(name, "epsilon") || strstr(name, "omega"))
        cut = eta;
    else if (strstr(name, "cramer") || strstr(name, "biserial") || !strcmp(name, "r"))
        cut = v;
    e = fabs(e);
    return e < cut[0]   ? MS_TR(r, "пренебрежимо малый", "negligible")
           : e < cut[1] ? MS_TR(r, "малый", "small")
           : e < cut[2] ? MS_TR(r, "средний", "medium")
                        : MS_TR(r, "большой", "large");
}

const char *ms_effect_symbol(const char *name)
{
    if (!name)
        return "";
    if (strstr(name, "hedges"))
        return "g";
    if (strstr(name, "eta"))
        return "η²";
    if (strstr(name, "epsilon"))
        return "ε²";
    if (strstr(name, "cramer"))
        return "V";
    if (strstr(name, "biserial"))
        return "r";
    return name;
}

const char *ms_test_words(const ms_report *r, const char *test)
{
    if (!test)
        return "—";
    if (!strcmp(test, "welch_t"))
        return MS_TR(r, "t-критерий Уэлча", "Welch t-test");
    if (!strcmp(test, "anova"))
        return MS_TR(r, "дисперсионный анализ (F)", "ANOVA (F)");
    if (!strcmp(test, "chi_square"))
        return MS_TR(r, "χ² Пирсона", "Pearson χ²");
    return test;
}

const char *ms_glossary_example(const ms_report *r, char *buf, size_t size)
{
    double x = NAN;
    for (size_t i = 0; i < r->n_q && !isfinite(x); i++) { /* the first main index */
        const ms_rq *rq = &r->q[i];
        if (rq->main_m >= 0 && rq->res && ms_rq_is_satisfaction(rq))
            x = rq->res->items[rq->main_m].index.estimate;
    }
    char v[32];
    ms_c_snprintf(buf, size, MS_TR(r, "«%s из 100»", "\"%s of 100\""),
                  isfinite(x) ? ms_rfmt(r, v, sizeof v, x, 0) : "72");
    return buf;
}

/* The terms the page's findings use beyond the index, ДИ, p and d: each
 * only where the page uses it. */
static void glossary_terms(const ms_report *r, bool quality, ms_sbuf *html)
{
    if (quality)
        ms_sbuf_puts(html, MS_TR(r,
                                 "<dt>п.</dt><dd>пункты индекса: «ниже на 5 п.» — на 5 из 100 "
                                 "возможных.</dd>\n",
                                 "<dt>points</dt><dd>points of the index: «5 points lower» is 5 "
                                 "of the 100.</dd>\n"));
    if (r->answers && r->answers->form_var)
        ms_sbuf_puts(html,
                     MS_TR(r,
                           "<dt>среднее по программе</dt><dd>индекс по всем ответам "
                           "наставляемых и наставников вместе; с ним сравниваются формы "
                           "наставничества. Индекс формы «с поправкой» учитывает число её "
                           "ответов: у малой формы он ближе к среднему, в скобках — 95 % "
                           "интервал.</dd>\n",
                           "<dt>programme mean</dt><dd>the index over every answer of mentees "
                           "and mentors together, which the forms are compared with. A form's "
                           "corrected index allows for its number of answers (a small form's "
                           "lies nearer the mean); in brackets its 95 % interval.</dd>\n"));
    if (r->orgs)
        ms_sbuf_puts(html,
                     MS_TR(r,
                           "<dt>граница 99,8 %</dt><dd>воронкообразная диаграмма сравнивает "
                           "организации со средним по территории: чем меньше у организации "
                           "ответов, тем шире коридор случайных колебаний вокруг среднего. "
                           "Организация за границей 99,8 % выделяется не случайно (случайно так "
                           "выходит лишь 1 раз из 500).</dd>\n",
                           "<dt>99.8 % limit</dt><dd>the funnel plot compares the "
                           "organisations with the territory's mean: the fewer answers an "
                           "organisation has, the wider the band of chance around the mean. "
                           "One beyond the 99.8 % limit stands out beyond chance (chance puts "
                           "one there 1 time in 500).</dd>\n"));
}

void ms_html_glossary(const ms_report *r, ms_sbuf *html)
{
    ms_sbuf_printf(html, "<details class=\"glossary\" open><summary>%s</summary>\n<dl>\n",
                   MS_TR(r, "Как читать цифры", "How to read the figures"));
    bool quality = false; /* «индекс качества» only where a satisfaction scale has one */
    for (size_t i = 0; i < r->n_q; i++)
        quality = quality || ms_rq_is_satisfaction(&r->q[i]);
    char example[64];
    ms_sbuf_printf(html, "<dt>%s</dt><dd>%s%s</dd>\n", ms_glossary_example(r, example, sizeof example),
                   quality ? MS_TR(r, "индекс качества", "the quality index")
                           : MS_TR(r, "индекс 0–100", "the 0–100 index"),
                   MS_TR(r,
                         ": средний балл шкалы, пересчитанный так, что 0 — самая низкая оценка, "
                         "100 — самая высокая.",
                         ": the scale's mean rescaled so that 0 is the lowest rating and 100 the "
                         "highest."));
    ms_sbuf_puts(html,
                 MS_TR(r,
                       "<dt>95 % ДИ</dt><dd>доверительный интервал: значение, которое дал бы опрос "
                       "всех участников, почти наверняка (с вероятностью 95 %) лежит в этих "
                       "границах.</dd>\n"
                       "<dt>p</dt><dd>вероятность получить такое различие случайно; при p меньше "
                       "0,05 различие считают неслучайным.</dd>\n"
                       "<dt>d</dt><dd>размер различия в стандартных отклонениях: около 0,2 — малое, "
                       "0,5 — среднее, 0,8 и больше — большое.</dd>\n",
                       "<dt>95 % CI</dt><dd>confidence interval: the value a survey of every "
                       "participant would give lies within it almost surely (95 %).</dd>\n"
                       "<dt>p</dt><dd>the probability of such a difference by chance; below 0.05 "
                       "the difference is taken as not chance.</dd>\n"
                       "<dt>d</dt><dd>the size of a difference in standard deviations: about 0.2 "
                       "small, 0.5 medium, 0.8 and more large.</dd>\n"));
    glossary_terms(r, quality, html);
    ms_sbuf_puts(html, "</dl>\n</details>\n");
}
