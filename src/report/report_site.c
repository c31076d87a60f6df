/*
 * report_site.c — summary.html, the one short page the school publishes on
 * its web site: the main findings, the number of answers, three charts and
 * the best-practice candidates, all cut from the page.
 *
 * It is the published copy whatever the programme says: pairs are two
 * people, so with `pairs = yes` too it takes nothing from the ranking of
 * pairs (no chart, table or sentence about them) and does not mention it.
 * Like the page it is one self-contained file without scripts.
 */
#include "report_deliver.h"

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
    "figcaption{font-size:13px;color:#333}\n"
    "p.note,footer{font-size:13px;color:#555}\n"
    "footer{margin-top:32px;border-top:1px solid #ddd;padding-top:8px}\n"
    "@media print{@page{size:A4;margin:14mm 12mm}body{max-width:none;padding:0}"
    "figure,tr{break-inside:avoid}}\n";

/* Charts for the site, in this order of preference; a name ending in '-'
 * is a prefix.  Nothing about pairs is ever taken. */
static const char *const preferred[] = {"quality-by-", "trend", "practices-forms", "gap-by-form",
                                        "bank-areas"};

static bool about_pairs(const char *name)
{
    return strstr(name, "pair") != NULL;
}

static bool wanted(const char *name, const char *pattern)
{
    size_t n = strlen(pattern);
    return pattern[n - 1] == '-' ? !strncmp(name, pattern, n) : !strcmp(name, pattern);
}

/* The names of up to CHARTS figures of the page, preferred ones first. */
static size_t pick_charts(const ms_deliver *d, char names[CHARTS][160])
{
    size_t n = 0;
    for (size_t k = 0; k <= sizeof preferred / sizeof *preferred && n < CHARTS; k++) {
        const char *s = d->body, *a, *b;
        char name[160];
        while (n < CHARTS && ms_deliver_next_figure(s, &a, &b, name, sizeof name)) {
            s = b;
            bool dup = false;
            for (size_t i = 0; i < n; i++)
                dup = dup || !strcmp(names[i], name);
            /* k == last: any chart left, when the preferred ones are missing */
            bool fits = k < sizeof preferred / sizeof *preferred ? wanted(name, preferred[k])
                                                                 : true;
            if (!dup && fits && !about_pairs(name)) {
                snprintf(names[n++], 160, "%s", name);
                if (k < sizeof preferred / sizeof *preferred)
                    break; /* one of each kind */
            }
        }
    }
    return n;
}

static void put_piece(ms_sbuf *html, char *piece)
{
    if (piece)
        ms_deliver_strip_links(html, piece);
    ms_free(piece);
}

static void site_body(const ms_report *r, ms_sbuf *html)
{
    const ms_deliver *d = r->deliver;
    ms_sbuf_printf(html, "<h2>%s</h2>\n<ul class=\"findings\">\n",
                   MS_TR(r, "Главное", "Main findings"));
    char *findings = ms_deliver_findings(d);
    ms_sbuf_puts(html, findings ? findings : "");
    ms_sbuf_puts(html, "</ul>\n");
    ms_free(findings);
    ms_sbuf_printf(html, "<h2>%s</h2>\n", MS_TR(r, "Участники", "Participants"));
    ms_sbuf_printf(html,
                   MS_TR(r, "<p>Принято анкет участников программы: %llu.</p>\n",
                         "<p>Questionnaires accepted: %llu.</p>\n"),
                   r->rows.accepted);
    put_piece(html, ms_deliver_table_html(d, "responses"));
    char names[CHARTS][160];
    size_t n = pick_charts(d, names);
    if (n)
        ms_sbuf_printf(html, "<h2>%s</h2>\n", MS_TR(r, "Диаграммы", "Charts"));
    for (size_t i = 0; i < n; i++)
        put_piece(html, ms_deliver_figure(d, names[i]));
    char *practices = ms_deliver_table_html(d, "practices-forms");
    if (practices) {
        ms_sbuf_printf(html, "<h2>%s</h2>\n",
                       MS_TR(r, "Лучшие практики", "Best practices"));
        put_piece(html, practices);
    }
    ms_sbuf_printf(html,
                   MS_TR(r,
                         "<footer>Итоги анкетирования участников программы наставничества. "
                         "Данные групп меньше %d человек не публикуются.</footer>\n",
                         "<footer>Results of the questionnaires of the mentoring programme's "
                         "participants. Figures of groups below %d people are not "
                         "published.</footer>\n"),
                   r->prog->min_group);
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
