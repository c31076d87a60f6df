/*
 * report_site.c — summary.html, the one short page the school publishes on
 * its web site, rendered from the report's model: this year's count in a
 * sentence, this year's main findings (not the years' series, nothing
 * internal such as the collection's candidates), three charts, who
 * answered, the date.
 *
 * It is the published copy whatever the programme says: pairs are two
 * people, so with `pairs = yes` too it takes nothing from the ranking of
 * pairs (no chart, table or sentence about them) and does not mention it.
 * Like the page it is one self-contained file without scripts.
 */
#include "report_deliver.h"
#include "plural.h"
#include "cnum.h"

#include <string.h>

#define CHARTS 3

static const char css[] =
    "body{font-family:'DejaVu Sans',Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;"
    "color:#222;background:#fff;max-width:860px;margin:0 auto;padding:16px 24px}\n"
    "h1{font-size:26px;margin:8px 0 4px;color:#053061}\n"
    "h2{font-size:20px;color:#053061;border-bottom:2px solid #2166ac;padding-bottom:4px;"
    "margin-top:32px}\n"
    "p.sub{color:#555;margin-top:0}\n"
    "ul.findings li{margin:8px 0}\n"
    "table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0}\n"
    "caption{text-align:left;font-weight:bold;padding:4px 0}\n"
    "th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}\n"
    "th{background:#eef3f8}td.num{text-align:right;white-space:nowrap}\n"
    "td.hidden{color:#888;text-align:center}div.table{overflow-x:auto}\n"
    "figure.chart{margin:16px 0}figure.chart svg{width:100%;height:auto;display:block}\n"
    "div.narrow{display:none}\n"
    "@media (max-width:600px){div.wide{display:none}div.narrow{display:block}"
    "body{padding:8px 12px}table{font-size:12px}th,td{padding:2px 4px}}\n"
    "figcaption{font-size:13px;color:#333}\n"
    "p.note,footer{font-size:13px;color:#555}\n"
    "footer{margin-top:32px;border-top:1px solid #ddd;padding-top:8px}\n"
    "@media print{@page{size:A4;margin:14mm 12mm}body{max-width:none;padding:0}"
    "figure,tr{break-inside:avoid}}\n";

/* Charts for the site, in this order of preference; a name ending in '-'
 * is a prefix, one starting with '-' a suffix.  This year's figures only:
 * the office's schools (anonymous as on the published page), the bank of
 * mentors, the growth between the entry and exit questionnaires. */
static const char *const preferred[] = {"quality-by-", "-organisations", "bank-areas", "-growth"};
/* Never taken: pairs; the years' trend (not this year's figures); the
 * collection's candidates and the funnel (internal, technical); gap-by-form
 * (it repeats quality-by-form's comparison). */
static const char *const refused[] = {"trend", "practices-", "-practices", "-funnel", "gap-by-form"};

static bool wanted(const char *name, const char *pattern)
{
    size_t n = strlen(pattern), k = strlen(name);
    if (pattern[0] == '-')
        return k >= n && !strcmp(name + k - n, pattern);
    return pattern[n - 1] == '-' ? !strncmp(name, pattern, n) : !strcmp(name, pattern);
}

static bool refused_chart(const char *name)
{
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++)
        if (wanted(name, refused[i]))
            return true;
    return ms_deliver_about_pairs(name);
}

/* Up to CHARTS charts of the model, preferred ones first; their indices. */
static size_t pick_charts(const ms_deliver *d, size_t out[CHARTS])
{
    size_t n = 0;
    size_t kinds = sizeof preferred / sizeof *preferred;
    for (size_t k = 0; k <= kinds && n < CHARTS; k++)
        for (size_t c = 0; c < d->n_charts && n < CHARTS; c++) {
            bool dup = false;
            for (size_t i = 0; i < n; i++)
                dup = dup || out[i] == c;
            /* k == kinds: any chart left, when the preferred ones are missing */
            bool fits = k < kinds ? wanted(d->charts[c].name, preferred[k]) : true;
            if (!dup && fits && !refused_chart(d->charts[c].name)) {
                out[n++] = c;
                if (k < kinds)
                    break; /* one of each kind */
            }
        }
    return n;
}

/* This year's questionnaires accepted, over every questionnaire. */
static unsigned long long this_year(const ms_report *r)
{
    unsigned long long n = 0;
    for (size_t i = 0; i < r->n_q; i++)
        n += ms_aggregate_rows(r->q[i].cur)->accepted;
    return n;
}

/* The responses table without its last column (earlier years' counts):
 * this year's figures only. */
static void this_year_table(const ms_report *r, const ms_rtable *t, ms_sbuf *html)
{
    size_t cols = 0;
    for (size_t i = 0; i < t->n_cells && t->cells[i].row == 0; i++)
        cols++;
    ms_sbuf_puts(html, "<div class=\"table\"><table>");
    size_t row = (size_t)-1, col = 0;
    bool small = false, complement = false;
    char buf[128];
    for (size_t i = 0; i < t->n_cells; i++) {
        const ms_rcell *c = &t->cells[i];
        if (c->row != row) {
            ms_sbuf_puts(html, row == (size_t)-1 ? "<thead><tr>" : row == 0 ? "</tr></thead>\n<tbody><tr>" : "</tr>\n<tr>");
            row = c->row, col = 0;
        }
        if (col++ + 1 >= cols && cols > 2)
            continue;
        bool head = c->kind == MS_CELL_HEAD || c->kind == MS_CELL_HEAD_RANGE;
        bool hidden = c->kind == MS_CELL_HIDDEN || c->kind == MS_CELL_HIDDEN_RANGE;
        if (hidden && c->hiding == MS_GROUP_COMPLEMENT)
            complement = true;
        else if (hidden)
            small = true;
        ms_sbuf_puts(html, head                       ? "<th>"
                           : c->kind == MS_CELL_LABEL ? "<td>"
                           : hidden                   ? "<td class=\"num hidden\">"
                                                      : "<td class=\"num\">");
        ms_sbuf_html(html, ms_rcell_text(&r->pr, c, buf, sizeof buf));
        ms_sbuf_puts(html, head ? "</th>" : "</td>");
    }
    ms_sbuf_puts(html, "</tr>\n</tbody></table></div>\n");
    ms_html_hidden_notes(r, html, small, complement); /* the marks shown, as on the page */
}

static void site_body(const ms_report *r, ms_sbuf *html)
{
    const ms_deliver *d = r->deliver;
    ms_sbuf_printf(html, "<h2>%s</h2>\n", MS_TR(r, "Главное", "Main findings"));
    char period[64];
    ms_report_period(r, true, period, sizeof period);
    unsigned long long n_year = this_year(r);
    ms_sbuf_printf(html,
                   MS_TR(r,
                         "<p>В%s участники программы наставничества заполнили %llu %s. Вот "
                         "что они сказали.</p>\n",
                         "<p>I%s the participants of the mentoring programme filled in %llu %s. "
                         "This is what they said.</p>\n"),
                   period + ((unsigned char)period[0] >= 0x80 ? 2 : 1), n_year, /* «В» + «в …» */
                   ms_plural(r->pr.ru, (double)n_year, "анкету", "анкеты", "анкет",
                             "questionnaire", "questionnaires"));
    ms_sbuf_puts(html, "<ul class=\"findings\">\n");
    for (size_t f = 0, n = 0; f < d->n_findings && n < 5; f++) {
        /* for parents: this year's figures, nothing internal (pairs, the collection) */
        const char *sec = d->findings[f].section;
        if (!d->findings[f].brief || !strcmp(sec, "years") || !strcmp(sec, "practices"))
            continue; /* only findings said plainly (a brief form) */
        ms_sbuf_printf(html, "<li>%s</li>\n", d->findings[f].brief);
        n++;
    }
    ms_sbuf_puts(html, "</ul>\n");
    size_t charts[CHARTS];
    size_t n = pick_charts(d, charts);
    for (size_t i = 0; i < n; i++)
        ms_deliver_chart_html_site(&d->charts[charts[i]], html);
    const ms_dtable *t = ms_deliver_find_table(d, "responses");
    if (t) {
        ms_sbuf_printf(html, "<h2>%s</h2>\n", MS_TR(r, "Кто ответил", "Who answered"));
        this_year_table(r, &t->t, html);
    }
    ms_sbuf_printf(html,
                   MS_TR(r,
                         "<footer>Итоги анкетирования участников программы наставничества, "
                         "%s. Данные групп меньше %d человек не публикуются. ",
                         "<footer>Results of the questionnaires of the mentoring programme's "
                         "participants, %s. Figures of groups below %d people are not "
                         "published. "),
                   ms_report_period(r, false, period, sizeof period), r->prog->min_group);
    ms_deliver_date(r, html);
    ms_sbuf_puts(html, "</footer>\n");
}

ms_status ms_report_site(ms_report *r)
{
    ms_sbuf html = {0};
    ms_sbuf_printf(&html,
                   "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<title>",
                   r->pr.ru ? "ru" : "en");
    ms_sbuf_html(&html, ms_deliver_title(r));
    ms_sbuf_printf(&html, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>\n<h1>", css);
    ms_sbuf_html(&html, ms_deliver_title(r));
    ms_sbuf_puts(&html, "</h1>\n<p class=\"sub\">");
    ms_html_subtitle(r, &html);
    ms_sbuf_puts(&html, "</p>\n</header>\n<main>\n");
    site_body(r, &html);
    ms_sbuf_puts(&html, "</main>\n</body>\n</html>\n");
    ms_status st = html.failed ? NOMEM(r) : ms_present_write(&r->pr, "summary.html", &html);
    ms_sbuf_free(&html);
    return st;
}
