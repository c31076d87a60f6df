/*
 * report_html.c — the page: frame, style, table of contents, and the
 * sections in their order, listed in one table (`sections`) and written by
 * one loop.  The sections themselves are report_summary.c,
 * report_sections.c, report_gap.c, report_growth.c, report_tests.c,
 * report_practices.c, report_municipal.c and report_appendix.c.
 *
 * The page is one self-contained UTF-8 file: inline CSS and SVG, no
 * scripts, fonts or images from anywhere else.  All user text goes through
 * ms_sbuf_html.
 */
#include "report_int.h"
#include "mentorstat/version.h"

#include <string.h>


/* ---------- the page ---------- */

static const char css[] =
    "body{font-family:'DejaVu Sans',Arial,Helvetica,sans-serif;font-size:15px;line-height:1.45;"
    "color:#222;background:#fff;max-width:980px;margin:0 auto;padding:16px 24px}\n"
    "h1{font-size:26px;margin:8px 0 4px;color:#053061}\n"
    "h2{font-size:21px;color:#053061;border-bottom:2px solid "
    "#2166ac;padding-bottom:4px;margin-top:40px}\n"
    "h3{font-size:17px;margin:24px 0 8px}\n"
    "h4{font-size:15px;margin:16px 0 6px}\n"
    "p.lead{font-size:16px}\n"
    "p.sub{color:#555;margin-top:0}\n"
    "nav.toc{background:#f4f7fb;border:1px solid #d1e5f0;padding:8px 20px;margin:16px 0}\n"
    "nav.toc h2{border:0;margin:4px 0;font-size:17px}\n"
    "table{border-collapse:collapse;width:100%;font-size:12.5px;margin:8px 0}\n"
    "caption{text-align:left;font-weight:bold;padding:4px 0;font-size:14px}\n"
    "th,td{border:1px solid #ccc;padding:3px 6px;vertical-align:top;text-align:left}\n"
    "th{background:#eef3f8}\n"
    "td.num{text-align:right;white-space:nowrap}\n"
    "td.hidden{color:#888;text-align:center}\n"
    "tbody tr:nth-child(even){background:#f8f8f8}\n"
    "div.table{overflow-x:auto}\n"
    "figure.chart{margin:16px 0}\n"
    "figure.chart svg{width:100%;max-width:800px;height:auto;display:block}\n"
    "figcaption{font-size:13px;color:#333;margin-top:2px}\n"
    ".files,p.csv{color:#888;font-size:11px;margin:0}\n"
    "p.note{font-size:13px;color:#555}\n"
    "p.warn{background:#fff4d6;border-left:4px solid #c77c00;padding:.4em .7em}\n"
    "ul.findings li{margin:6px 0;font-size:16px}\n"
    "ul.actions li{margin:4px 0}\n"
    "details.glossary{font-size:13px;color:#333;background:#f4f7fb;border:1px solid #d1e5f0;"
    "padding:6px 14px;margin:12px 0}\n"
    "details.glossary summary{font-weight:bold;cursor:pointer}\n"
    "details.glossary dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;"
    "margin:6px 0}\n"
    "details.glossary dt{font-weight:bold}details.glossary dd{margin:0}\n"
    ".nowrap{white-space:nowrap}\n"
    "footer{margin-top:40px;color:#888;font-size:12px;border-top:1px solid #ddd;padding-top:8px}\n"
    /* print: a new page only for the appendix; headings kept with what
     * follows; the page number at the foot of every page */
    "@media print{@page{size:A4;margin:14mm 12mm 16mm;"
    "@bottom-right{content:counter(page) ' / ' counter(pages);font-size:9pt;color:#555}}"
    "body{max-width:none;padding:0;font-size:10pt;line-height:1.35}"
    "h2{margin-top:18pt}section#appendix{break-before:page}"
    "nav.toc{break-inside:avoid}"
    "figure,tr,caption,details.glossary,ul.findings li{page-break-inside:avoid;break-inside:avoid}"
    /* and the line under a heading («Анкет принято: 35.») kept with what
     * follows it: kept only with the heading, both were left at a page
     * foot with the chart on the next page */
    "h2,h3,h4,caption,h2+p,h3+p{page-break-after:avoid;break-after:avoid}"
    "p,li{orphans:3;widows:3}figure.chart{margin:6pt 0}figure.chart svg{max-width:110mm;margin:0 auto}"
    "h3{margin:12pt 0 4pt}p{margin:4pt 0}table{margin:4pt 0}"
    "a{color:inherit;text-decoration:none}p.csv,.files{display:none}"
    "tbody tr:nth-child(even){background:none}"
    /* a scrolling box prints cut off at its right edge: wide tables shrink instead */
    "div.table{overflow:visible}table{font-size:7.5pt;line-height:1.25}th,td{padding:1px 3px}"
    "caption{font-size:9pt}p.note{font-size:8.5pt}}\n";

static void page_head(const ms_report *r, ms_sbuf *html)
{
    const ms_programme *p = r->prog;
    const char *title = MS_TR(r, "Мониторинг качества реализации программы наставничества",
                              "Monitoring the quality of the mentoring programme");
    ms_sbuf_printf(html,
                   "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<title>",
                   r->pr.ru ? "ru" : "en");
    ms_sbuf_html(html, title);
    if (p->organisation) {
        ms_sbuf_puts(html, " — ");
        ms_sbuf_html(html, p->organisation);
    }
    ms_sbuf_printf(html, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>\n<h1>", css);
    ms_sbuf_html(html, title);
    ms_sbuf_puts(html, "</h1>\n<p class=\"sub\">");
    if (p->organisation) {
        ms_sbuf_html(html, p->organisation);
        ms_sbuf_puts(html, " · ");
    }
    char period[64];
    if (p->year) {
        ms_sbuf_html(html, ms_report_period(r, false, period, sizeof period));
        ms_sbuf_puts(html, " · ");
    }
    ms_sbuf_puts(html, MS_TR(r, "итоги мониторинга программы наставничества · отчёт от ",
                             "the monitoring of the mentoring programme · report of "));
    ms_deliver_date(r, html);
    ms_sbuf_puts(html, "</p>\n");
    if (r->internal && !r->names_orgs)
        ms_html_p(html, "warn",
                  MS_TR(r,
                        "Внутренний экземпляр отчёта: в нём рейтинг наставнических пар — для "
                        "обсуждения в коллективе. Не публикуйте его — для сайта предназначен "
                        "отчёт без пар.",
                        "The internal copy of the report: it ranks the mentoring pairs, for "
                        "discussion among staff. Do not publish it — the report for the web "
                        "site has no pairs."));
    if (r->names_orgs && ms_report_orgs_publishable(r))
        ms_html_p(html, "warn",
                  MS_TR(r,
                        "Внутренний экземпляр управления: организации названы по именам. Не "
                        "публикуйте его — для сайта предназначен отчёт, где организации "
                        "обозначены О1, О2, …",
                        "The office's internal copy: organisations are named. Do not publish "
                        "it — the report for the web site labels them O1, O2, …"));
    else if (r->names_orgs) { /* there is no report for the web site: why */
        ms_html_p(html, "warn",
                  MS_TR(r, "Внутренний экземпляр управления: организации названы по именам. "
                           "Не публикуйте его.",
                        "The office's internal copy: organisations are named. Do not publish "
                        "it."));
        ms_sbuf why = {0};
        ms_report_orgs_refusal(r, &why);
        if (why.len || why.failed)
            ms_html_p_of(html, "warn", &why);
        if (why.failed)
            ms_sbuf_fail(html);
        ms_sbuf_free(&why);
    }
    ms_html_year_warning(r, html);
    ms_sbuf_puts(html, "</header>\n");
}

/* The sections in the order of the page.  Each appends its part of the body
 * and its entry in the contents (ms_html_section); a new section is one
 * more line here and its declaration in report_int.h. */
static ms_status (*const sections[])(ms_report *r, ms_page *pg) = {
    ms_section_summary,     ms_section_organisations, ms_section_bank,
    ms_section_satisfaction, ms_section_surveys,      ms_section_gap,
    ms_section_growth,
    ms_section_years,       ms_section_reliability,   ms_section_practices,
    ms_section_appendix,
};

ms_status ms_report_page(ms_report *r, ms_sbuf *html)
{
    ms_page pg = {{0}, {0}};
    ms_status st = MS_OK;
    for (size_t i = 0; st == MS_OK && i < sizeof sections / sizeof *sections; i++)
        st = sections[i](r, &pg);
    if (st == MS_OK) {
        ms_sbuf_puts(&pg.body, "</section>\n");
        page_head(r, html);
        ms_sbuf_printf(html, "<nav class=\"toc\">\n<h2>%s</h2>\n<ol>\n",
                       MS_TR(r, "Содержание", "Contents"));
        ms_sbuf_append(html, &pg.toc);
        ms_sbuf_puts(html, "</ol>\n");
        ms_deliver_contents(r, html);
        ms_sbuf_puts(html, "</nav>\n<main>\n");
        ms_sbuf_append(html, &pg.body);
        /* said for the reader: no file or folder of the tool's own */
        ms_sbuf_printf(html,
                       MS_TR(r, "</main>\n<footer>Отчёт подготовлен программой mentorstat %s.",
                             "</main>\n<footer>Prepared with mentorstat %s."),
                       MS_VERSION);
        if (r->deliver && !r->internal)
            ms_sbuf_puts(html, MS_TR(r,
                                     " Все таблицы отчёта — в рабочей книге Excel "
                                     "<a href=\"tables.xlsx\">tables.xlsx</a>.",
                                     " Every table of the report is in the Excel workbook "
                                     "<a href=\"tables.xlsx\">tables.xlsx</a>."));
        ms_sbuf_puts(html, "</footer>\n</body>\n</html>\n");
        if (pg.toc.failed || pg.body.failed || html->failed)
            st = NOMEM(r);
    }
    if (st == MS_OK)
        st = ms_deliver_page(r, &pg.body);
    ms_sbuf_free(&pg.toc);
    ms_sbuf_free(&pg.body);
    return st;
}
