/*
 * report_kopilka.c — the export for the methodological collection
 * (методическая копилка): kopilka.csv and kopilka.md beside index.html, with
 * every candidate practice of the best-practices section, its figures and,
 * when the programme allows quotes, the open answers of its form or pair.
 *
 * The answers were scrubbed of e-mails, phones and names when they were
 * read (report_answers.c); here they are only escaped: CSV through the
 * table writer (formula guard), Markdown with its emphasis, link and table
 * characters and HTML escaped,
 * since a collection's page may render either.  A candidate is named as on
 * the page (a form's label, or П1, П2, …).
 */
#include "report_int.h"
#include "mentorstat/summary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>


static bool row_of(const ms_rrow *row, const ms_rpractice *c)
{
    if (c->org) /* an organisation's rows are not kept apart: figures only */
        return false;
    return c->pair != MS_NO_PAIR ? row->pair == c->pair : row->form == c->form;
}

static size_t n_texts(const ms_report *r, size_t q)
{
    size_t n = 0;
    for (size_t v = 0; v < r->q[q].cb->n_vars; v++)
        n += r->q[q].cb->vars[v].type == MS_TYPE_TEXT;
    return n;
}

/* Some satisfaction answers came as summaries, which hold no open answers. */
static bool from_summaries(const ms_report *r)
{
    const ms_ranswers *a = r->answers;
    for (int s = 0; a && s < 2; s++)
        for (size_t i = 0; a->q[s] >= 0 && i < r->q[a->q[s]].q->n_data; i++)
            if (ms_summary_sniff(r->q[a->q[s]].q->data[i]))
                return true;
    return false;
}

static const char *summaries_note(const ms_report *r)
{
    return MS_TR(r, "Цитат из сводок (.msum) нет: сводка не содержит ответов на открытые вопросы, "
                    "поэтому кандидаты показаны только с их показателями.",
                 "Summaries (.msum) hold no open answers, so candidates from them are listed "
                 "with their figures only, without quotes.");
}

/* ---------- Markdown ---------- */

/* Text as a Markdown paragraph: markup characters backslash-escaped, HTML
 * characters as entities, line breaks as spaces.  Links and images are
 * neutralised with their brackets ([x](javascript:…), ![](http://…) show as
 * typed, never as a link or a remote image; <http://…> is text already),
 * and so are headings and lists where the text begins. */
static void md_text(ms_sbuf *b, const char *s)
{
    /* - + = # at the start, or the . ) after leading digits, would begin a
     * list or a heading */
    const char *list = *s == '-' || *s == '+' || *s == '=' || *s == '#' ? s : NULL;
    for (const char *d = s; !list && *d >= '0' && *d <= '9'; d++)
        if (d[1] == '.' || d[1] == ')')
            list = d + 1;
    for (; *s; s++) {
        if (s == list) {
            ms_sbuf_putn(b, "\\", 1);
            ms_sbuf_putn(b, s, 1);
            continue;
        }
        if (*s == '<')
            ms_sbuf_puts(b, "&lt;");
        else if (*s == '>')
            ms_sbuf_puts(b, "&gt;");
        else if (*s == '&')
            ms_sbuf_puts(b, "&amp;");
        else if (*s == '\n' || *s == '\r' || *s == '\t')
            ms_sbuf_puts(b, " ");
        else {
            if (strchr("\\`*_|[]~", *s)) /* no [: no link, image or reference */
                ms_sbuf_putn(b, "\\", 1);
            ms_sbuf_putn(b, s, 1);
        }
    }
}

static void md_figures(const ms_report *r, const ms_rpractice *c, double grand, ms_sbuf *md)
{
    char n[32], s[32], lo[32], hi[32], g[32];
    ms_sbuf_printf(md,
                   c->org ? MS_TR(r, "Ответов: %s. Индекс качества с поправкой на число ответов: %s "
                            "(95 %% интервал %s–%s) при среднем по территории %s.\n\n",
                         "Answers: %s. Quality index adjusted for the number of answers: %s "
                         "(95 %% interval %s–%s); territory mean %s.\n\n") :
                   MS_TR(r, "Ответов: %s. Индекс качества с поправкой на число ответов: %s "
                            "(95 %% интервал %s–%s) при среднем по программе %s.\n\n",
                         "Answers: %s. Quality index adjusted for the number of answers: %s "
                         "(95 %% interval %s–%s); programme mean %s.\n\n"),
                   ms_rfmt(r, n, sizeof n, c->n, 0), ms_rfmt(r, s, sizeof s, c->shrunk, 0),
                   ms_rfmt(r, lo, sizeof lo, c->lo, 0), ms_rfmt(r, hi, sizeof hi, c->hi, 0),
                   ms_rfmt(r, g, sizeof g, c->org ? c->mean : grand, 0));
}

/* The answers to question k of questionnaire q from the candidate's rows. */
static void md_question(const ms_report *r, const ms_rpractice *c, size_t q, size_t k,
                        ms_sbuf *md)
{
    const ms_ranswers *a = r->answers;
    bool any = false;
    for (size_t i = 0; i < a->n_rows; i++) {
        const ms_rrow *row = &a->rows[i];
        if (row->q != q || !row_of(row, c) || !row->texts || !row->texts[k])
            continue;
        if (!any) {
            ms_sbuf_puts(md, "**");
            md_text(md, r->q[q].q->title);
            ms_sbuf_puts(md, ": ");
            md_text(md, ms_report_text_label(r, q, k));
            ms_sbuf_puts(md, "**\n\n");
            any = true;
        }
        ms_sbuf_puts(md, "> ");
        md_text(md, row->texts[k]);
        ms_sbuf_puts(md, "\n\n");
    }
}

static void md_practice(const ms_report *r, const ms_rpractice *c, double grand, ms_sbuf *md)
{
    const ms_ranswers *a = r->answers;
    ms_sbuf_puts(md, "## ");
    if (c->pair != MS_NO_PAIR)
        ms_sbuf_puts(md, MS_TR(r, "Наставническая пара ", "Mentoring pair "));
    else if (c->org)
        ms_sbuf_puts(md, MS_TR(r, "Организация: ", "Organisation: "));
    else
        ms_sbuf_puts(md, MS_TR(r, "Форма наставничества: ", "Form of mentoring: "));
    md_text(md, c->label);
    ms_sbuf_puts(md, "\n\n");
    md_figures(r, c, grand, md);
    if (!r->prog->quotes)
        return;
    for (int s = 0; s < 2; s++) {
        if (a->q[s] < 0)
            continue;
        size_t q = (size_t)a->q[s];
        for (size_t k = 0; k < n_texts(r, q) && k < 32; k++)
            md_question(r, c, q, k, md);
    }
}

static void md_document(const ms_report *r, const ms_rpractice *c, size_t n, double grand,
                        ms_sbuf *md)
{
    ms_sbuf_puts(md, MS_TR(r, "# Методическая копилка: кандидаты из отчёта о мониторинге\n\n",
                           "# Methodological collection: candidates from the monitoring "
                           "report\n\n"));
    if (r->prog->organisation) {
        md_text(md, r->prog->organisation);
        char period[64];
        if (r->prog->year)
            ms_sbuf_printf(md, ", %s", ms_report_period(r, false, period, sizeof period));
    }
    ms_sbuf_puts(md, MS_TR(r, "\n\nОтчёт от ", "\n\nReport of "));
    ms_deliver_date(r, md);
    ms_sbuf_puts(md, "\n\n");
    /* pairs only in the internal copy (issue 24: no published pair ranking) */
    bool pairs = r->internal && r->prog->pairs, orgs = n && c[0].org; /* organisations first */
    ms_sbuf_puts(md, orgs    ? MS_TR(r, "Кандидаты — организации (их среднее — по территории) и формы",
                                     "Candidates are organisations (their mean is the "
                                     "territory's) and forms")
                     : pairs ? MS_TR(r, "Кандидаты — формы и пары", "Candidates are forms and pairs")
                             : MS_TR(r, "Кандидаты — формы", "Candidates are forms"));
    ms_sbuf_puts(md, MS_TR(r,
                           ", чей индекс качества с поправкой на число "
                           "ответов надёжно (весь 95 % интервал) выше среднего по программе. "
                           "Ответы на открытые вопросы даны с согласия участников; адреса "
                           "e-mail, телефоны и имена заменены пометками.\n\n",
                           " whose quality index, adjusted for "
                           "the number of answers, is reliably (the whole 95 % interval) above "
                           "the programme mean. Open answers are quoted with consent; e-mail "
                           "addresses, phones and names are replaced by markers.\n\n"));
    if (r->prog->pairs && !r->internal)
        ms_sbuf_puts(md, MS_TR(r, "Наставнические пары обсуждают по внутреннему экземпляру "
                                  "отчёта; здесь их нет.\n\n",
                               "Mentoring pairs are discussed from the internal copy of the "
                               "report; they are not here.\n\n"));
    if (r->prog->quotes && from_summaries(r))
        ms_sbuf_printf(md, "%s\n\n", summaries_note(r));
    if (!n)
        ms_sbuf_puts(md, MS_TR(r, "В этом году кандидатов нет.\n",
                               "There are no candidates this year.\n"));
    for (size_t i = 0; i < n; i++)
        md_practice(r, &c[i], grand, md);
}

/* ---------- CSV ---------- */

static void csv_figures(const ms_report *r, ms_rtable *t, const ms_rpractice *c, double grand)
{
    ms_rtable_text(t, c->pair != MS_NO_PAIR ? MS_TR(r, "пара", "pair")
                      : c->org            ? MS_TR(r, "организация", "organisation")
                                          : MS_TR(r, "форма", "form"));
    ms_rtable_text(t, c->label);
    ms_rtable_num(t, c->n, 0);
    ms_rtable_num(t, c->shrunk, 0);
    ms_rtable_range(t, c->lo, c->hi, 0);
    ms_rtable_num(t, c->org ? c->mean : grand, 1);
}

static size_t csv_quotes(const ms_report *r, ms_rtable *t, const ms_rpractice *c, double grand)
{
    const ms_ranswers *a = r->answers;
    size_t rows = 0;
    for (size_t i = 0; r->prog->quotes && i < a->n_rows; i++) {
        const ms_rrow *row = &a->rows[i];
        for (size_t k = 0; row_of(row, c) && row->texts && k < n_texts(r, row->q) && k < 32; k++) {
            if (!row->texts[k])
                continue;
            csv_figures(r, t, c, grand);
            ms_rtable_text(t, row->mentor ? MS_TR(r, "наставник", "mentor")
                                          : MS_TR(r, "наставляемый", "mentee"));
            ms_rtable_text(t, ms_report_text_label(r, row->q, k));
            ms_rtable_text(t, row->texts[k]);
            ms_rtable_end_row(t);
            rows++;
        }
    }
    return rows;
}

static void csv_document(const ms_report *r, ms_rtable *t, const ms_rpractice *c, size_t n, double grand)
{
    const char *heads[] = {MS_TR(r, "Тип", "Kind"),
                           MS_TR(r, "Практика", "Practice"),
                           MS_TR(r, "Ответов", "Answers"),
                           MS_TR(r, "Индекс с поправкой", "Shrunken index")};
    for (size_t i = 0; i < 4; i++)
        ms_rtable_head(t, heads[i]);
    ms_rtable_head_range(t, MS_TR(r, "95 % интервал", "95 % interval"));
    ms_rtable_head(t, MS_TR(r, "Среднее по программе", "Programme mean"));
    ms_rtable_head(t, MS_TR(r, "Кто ответил", "Answered by"));
    ms_rtable_head(t, MS_TR(r, "Вопрос", "Question"));
    ms_rtable_head(t, MS_TR(r, "Ответ", "Answer"));
    ms_rtable_end_row(t);
    for (size_t i = 0; i < n; i++)
        if (!csv_quotes(r, t, &c[i], grand)) {
            csv_figures(r, t, &c[i], grand);
            for (int k = 0; k < 3; k++)
                ms_rtable_text(t, "");
            ms_rtable_end_row(t);
        }
}

ms_status ms_report_kopilka(ms_report *r, const ms_rpractice *c, size_t n, double grand,
                            ms_sbuf *html)
{
    ms_sbuf md = {0};
    ms_rtable t;
    ms_rtable_begin(&t, &r->pr, "kopilka");
    csv_document(r, &t, c, n, grand);
    md_document(r, c, n, grand, &md);
    ms_sbuf csv = {0};
    ms_rtable_csv(&t, &csv);
    ms_status st = t.failed ? NOMEM(r) : ms_present_write(&r->pr, "kopilka.csv", &csv);
    if (st == MS_OK)
        st = ms_present_write(&r->pr, "kopilka.md", &md);
    ms_sbuf_free(&csv);
    ms_rtable_discard(&t);
    ms_sbuf_free(&md);
    ms_html_h3(html, MS_TR(r, "Методическая копилка", "Methodological collection"));
    ms_sbuf_puts(html, MS_TR(r, "<p>Кандидаты с их показателями",
                             "<p>The candidates with their figures"));
    if (r->prog->quotes)
        ms_sbuf_puts(html, MS_TR(r, " и ответами участников на открытые вопросы (без адресов "
                                    "e-mail, телефонов и имён)",
                                 " and the participants' open answers (without e-mail "
                                 "addresses, phones and names)"));
    ms_sbuf_puts(html, MS_TR(r, " — в <a href=\"kopilka.md\">описании для методической "
                                "копилки</a> и <a href=\"kopilka.csv\">таблице кандидатов</a>.</p>\n",
                             " are in <a href=\"kopilka.md\">the description for the "
                             "collection</a> and <a href=\"kopilka.csv\">the table of "
                             "candidates</a>.</p>\n"));
    if (!r->prog->quotes)
        ms_html_p(html, "note",
                  MS_TR(r, "Цитаты из ответов участников не включены.",
                        "Quotes from the participants' answers are left out."));
    else if (from_summaries(r))
        ms_html_p(html, "note", summaries_note(r));
    return st;
}
