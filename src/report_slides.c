/*
 * report_slides.c — slides.html, the round table's presentation: a title
 * slide, the main findings, then one slide per chart of the page (its
 * section's title, the sentence of the page that goes with it, the chart as
 * the page has it in SVG), the appendix left out.
 *
 * One self-contained file: inline CSS and SVG and a few lines of plain
 * script for the keys (→ ↓ PageDown space: next; ← ↑ PageUp: back; Home,
 * End; a number in the address, slides.html#3, opens that slide).  Each
 * slide carries its own counter «3 / 12», so print (one landscape A4 page
 * per slide, for «Save as PDF») and a browser without scripts, which shows
 * the slides one below the other, keep it.
 */
#include "report_deliver.h"

#include <string.h>

#define NOMEM(r) ms_error_set((r)->err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory")

static const char css[] =
    "html,body{margin:0;padding:0;background:#fff}\n"
    "body{font-family:'DejaVu Sans',Arial,Helvetica,sans-serif;color:#222}\n"
    "section.slide{box-sizing:border-box;width:100vw;height:100vh;padding:3vh 5vw 6vh;"
    "display:flex;flex-direction:column;position:relative;overflow:hidden;"
    "border-bottom:1px solid #ccc}\n"
    "html.js section.slide{display:none;border:0}html.js section.slide.current{display:flex}\n"
    "h1{font-size:5vh;color:#053061;margin:22vh 0 2vh}\n"
    "h2{font-size:4.6vh;color:#053061;margin:0 0 1.5vh;border-bottom:0.4vh solid #2166ac;"
    "padding-bottom:0.8vh}\n"
    "p.sub{font-size:3.2vh;color:#444}\n"
    "p.lead{font-size:3vh;line-height:1.35;margin:0 0 1.5vh}\n"
    "ul.findings{font-size:2.7vh;line-height:1.35;margin:0;padding-left:3vw}\n"
    "ul.findings li{margin:0 0 1.2vh}\n"
    "figure.chart{flex:1;min-height:0;margin:0;display:flex;flex-direction:column}\n"
    "figure.chart svg{flex:1;min-height:0;width:100%;height:auto}\n"
    "figcaption{font-size:2.2vh;color:#444;margin-top:0.8vh}\n"
    "p.num{position:absolute;right:3vw;bottom:2vh;margin:0;font-size:2.2vh;color:#888}\n"
    "@page{size:A4 landscape;margin:0}\n"
    "@media print{html.js section.slide,section.slide{display:flex;width:297mm;height:210mm;"
    "border:0;break-after:page;page-break-after:always}"
    "section.slide:last-child{break-after:auto;page-break-after:auto}"
    "h1{font-size:24pt}h2{font-size:22pt}p.sub{font-size:15pt}p.lead{font-size:14pt}"
    "ul.findings{font-size:13pt}figcaption,p.num{font-size:10pt}}\n";

static const char script[] =
    "document.documentElement.className='js';\n"
    "addEventListener('DOMContentLoaded',function(){\n"
    "var s=document.querySelectorAll('section.slide'),n=s.length,i=0;\n"
    "function show(k){i=Math.max(0,Math.min(n-1,k));\n"
    "for(var j=0;j<n;j++)s[j].className=j===i?'slide current':'slide';\n"
    "history.replaceState(null,'','#'+(i+1));}\n"
    "addEventListener('keydown',function(e){var k=e.key,t=null;\n"
    "if(k==='ArrowRight'||k==='ArrowDown'||k==='PageDown'||(k===' '&&!e.shiftKey))t=i+1;\n"
    "else if(k==='ArrowLeft'||k==='ArrowUp'||k==='PageUp'||k===' ')t=i-1;\n"
    "else if(k==='Home')t=0;else if(k==='End')t=n-1;\n"
    "if(t!==null){e.preventDefault();show(t);}});\n"
    "var h=parseInt(location.hash.slice(1),10);show(h>0?h-1:0);});\n";

typedef struct {
    ms_sbuf html;
    size_t n, total;
} deck;

static void slide_open(deck *k, const char *title)
{
    ms_sbuf_printf(&k->html, "<section class=\"slide\" id=\"s%zu\">\n", ++k->n);
    if (title) {
        ms_sbuf_puts(&k->html, "<h2>");
        ms_sbuf_html(&k->html, title);
        ms_sbuf_puts(&k->html, "</h2>\n");
    }
}

static void slide_close(deck *k)
{
    ms_sbuf_printf(&k->html, "<p class=\"num\">%zu / %zu</p>\n</section>\n", k->n, k->total);
}

static bool skipped(const ms_dsection *s)
{
    return !strcmp(s->id, "appendix");
}

/* A finding of the summary that the section says in the same words, else
 * the section's lead sentence; NULL when neither. */
static char *sentence_for(const char *findings, const char *section)
{
    for (const char *li = findings; (li = strstr(li, "<li>"));) {
        const char *end = strstr(li, "</li>");
        if (!end)
            break;
        size_t n = (size_t)(end - li - 4);
        for (const char *p = section; n && (p = strstr(p, "<p")); p++) {
            const char *gt = strchr(p, '>');
            if (gt && !strncmp(gt + 1, li + 4, n))
                return ms_strndup(li + 4, n);
        }
        li = end;
    }
    const char *lead = strstr(section, "<p class=\"lead\">");
    const char *end = lead ? strstr(lead, "</p>") : NULL;
    return end ? ms_strndup(lead + 16, (size_t)(end - lead - 16)) : NULL;
}

static size_t count_figures(const char *html)
{
    size_t n = 0;
    const char *a, *b;
    char name[160];
    for (const char *s = html; ms_deliver_next_figure(s, &a, &b, name, sizeof name); s = b)
        n++;
    return n;
}

static ms_status section_slides(const ms_report *r, deck *k, size_t i, const char *findings)
{
    const ms_deliver *d = r->deliver;
    char *html = ms_deliver_section_html(d, i);
    if (!html)
        return NOMEM(r);
    char *lead = sentence_for(findings, html);
    const char *s = html, *a, *b;
    char name[160];
    while (ms_deliver_next_figure(s, &a, &b, name, sizeof name)) {
        slide_open(k, d->sections[i].title);
        if (lead && s == html)
            ms_sbuf_printf(&k->html, "<p class=\"lead\">%s</p>\n", lead);
        ms_sbuf figure = {0};
        ms_sbuf_putn(&figure, a, (size_t)(b - a));
        if (figure.s)
            ms_deliver_strip_links(&k->html, figure.s);
        k->html.failed = k->html.failed || figure.failed;
        ms_sbuf_free(&figure);
        ms_sbuf_puts(&k->html, "\n");
        slide_close(k);
        s = b;
    }
    ms_free(lead);
    ms_free(html);
    return MS_OK;
}

static ms_status slides_body(const ms_report *r, deck *k)
{
    const ms_deliver *d = r->deliver;
    char *findings = ms_deliver_findings(d);
    if (!findings)
        return NOMEM(r);
    k->total = 2;
    for (size_t i = 0; i < d->n_sections; i++)
        if (!skipped(&d->sections[i])) {
            char *html = ms_deliver_section_html(d, i);
            k->total += html ? count_figures(html) : 0;
            ms_free(html);
        }
    slide_open(k, NULL);
    ms_sbuf_puts(&k->html, "<h1>");
    ms_sbuf_html(&k->html, ms_deliver_title(r));
    ms_sbuf_puts(&k->html, "</h1>\n<p class=\"sub\">");
    ms_deliver_subtitle(r, &k->html);
    ms_sbuf_printf(&k->html, "</p>\n<p class=\"sub\">%s</p>\n",
                   MS_TR(r, "Круглый стол по итогам программы наставничества",
                         "Round table on the mentoring programme"));
    slide_close(k);
    slide_open(k, MS_TR(r, "Главное", "Main findings"));
    ms_sbuf_printf(&k->html, "<ul class=\"findings\">\n%s</ul>\n", findings);
    slide_close(k);
    ms_status st = MS_OK;
    for (size_t i = 0; st == MS_OK && i < d->n_sections; i++)
        if (!skipped(&d->sections[i]))
            st = section_slides(r, k, i, findings);
    ms_free(findings);
    return st;
}

ms_status ms_report_slides(ms_report *r)
{
    deck k = {{0}, 0, 0};
    ms_sbuf *h = &k.html;
    ms_sbuf_printf(h,
                   "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<title>",
                   r->ru ? "ru" : "en");
    ms_sbuf_html(h, ms_deliver_title(r));
    ms_sbuf_printf(h, "</title>\n<style>\n%s</style>\n<script>\n%s</script>\n</head>\n<body>\n",
                   css, script);
    ms_status st = slides_body(r, &k);
    ms_sbuf_puts(h, "</body>\n</html>\n");
    if (st == MS_OK)
        st = h->failed ? NOMEM(r) : ms_report_write(r, "slides.html", h);
    ms_sbuf_free(h);
    return st;
}
