/*
 * report_slides.c — slides.html, the round table's presentation: a title
 * slide, the main findings together, then a slide per finding with the
 * first chart of its section (the section's title, the sentence, the chart as
 * the page has it in SVG; findings of one section share its slide, so no
 * chart is shown twice), then the other charts of the page one a slide, the
 * appendix left out.
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


/* The charts already on a slide, by name. */
typedef struct {
    char names[64][160];
    size_t n;
} used_charts;

static bool is_used(const used_charts *u, const char *name)
{
    for (size_t i = 0; i < u->n; i++)
        if (!strcmp(u->names[i], name))
            return true;
    return false;
}

/* The figure of the page, without its links to files, on the slide. */
static void put_figure(deck *k, const char *a, const char *b)
{
    ms_sbuf figure = {0};
    ms_sbuf_putn(&figure, a, (size_t)(b - a));
    if (figure.s)
        ms_deliver_strip_links(&k->html, figure.s);
    k->html.failed = k->html.failed || figure.failed;
    ms_sbuf_free(&figure);
    ms_sbuf_puts(&k->html, "\n");
}

/* The first chart of html not on a slide yet, else its first chart; false
 * when it has none. */
static bool pick_figure(const char *html, const used_charts *u, const char **a, const char **b,
                        char *name, size_t size)
{
    const char *s = html;
    while (ms_deliver_next_figure(s, a, b, name, size)) {
        if (!is_used(u, name))
            return true;
        s = *b;
    }
    return ms_deliver_next_figure(html, a, b, name, size);
}

static void mark_used(used_charts *u, const char *name)
{
    if (!is_used(u, name) && u->n < sizeof u->names / sizeof *u->names)
        snprintf(u->names[u->n++], sizeof *u->names, "%s", name);
}

/* The sentences of findings from and after `first` that belong to section
 * id (every one for id NULL: only `first`), as paragraphs. */
static void put_sentences(const ms_deliver *d, deck *k, const char *findings, size_t first,
                          const char *id)
{
    size_t f = 0;
    for (const char *li = findings, *end; (li = strstr(li, "<li>")) && (end = strstr(li, "</li>"));
         li = end, f++) {
        const char *sid = ms_deliver_finding_section(d, f);
        if (f == first || (f > first && id && sid && !strcmp(sid, id)))
            ms_sbuf_printf(&k->html, "<p class=\"lead\">%.*s</p>\n", (int)(end - li - 4),
                           li + 4);
    }
}

/* One slide for the findings of one section (the first of them is number
 * f) with the section's first chart. */
static ms_status finding_slide(const ms_report *r, deck *k, const char *findings, size_t f,
                               const char *id, long sec, used_charts *u)
{
    const ms_deliver *d = r->deliver;
    char *html = sec >= 0 ? ms_deliver_section_html(d, (size_t)sec) : NULL;
    if (sec >= 0 && !html)
        return NOMEM(r);
    slide_open(k, sec >= 0 ? d->sections[sec].title : MS_TR(r, "Главное", "Main findings"));
    put_sentences(d, k, findings, f, sec >= 0 ? id : NULL);
    const char *a, *b;
    char name[160];
    if (html && pick_figure(html, u, &a, &b, name, sizeof name)) {
        put_figure(k, a, b);
        mark_used(u, name);
    }
    slide_close(k);
    ms_free(html);
    return MS_OK;
}

/* The section's charts that no finding showed, one a slide. */
static ms_status other_slides(const ms_report *r, deck *k, size_t i, used_charts *u, bool count)
{
    char *html = ms_deliver_section_html(r->deliver, i);
    if (!html)
        return NOMEM(r);
    const char *s = html, *a, *b;
    char name[160];
    for (; ms_deliver_next_figure(s, &a, &b, name, sizeof name); s = b) {
        if (is_used(u, name))
            continue;
        if (count) {
            k->total++;
            continue;
        }
        /* the heading over the chart on the page, if any, says more than the section's */
        const char *h3 = NULL;
        for (const char *p = html; (p = strstr(p, "<h3>")) && p < a; p += 4)
            h3 = p;
        const char *h3_end = h3 ? strstr(h3, "</h3>") : NULL;
        if (h3_end && h3_end < a) {
            ms_sbuf_printf(&k->html, "<section class=\"slide\" id=\"s%zu\">\n<h2>%.*s</h2>\n",
                           ++k->n, (int)(h3_end - h3 - 4), h3 + 4);
        } else {
            slide_open(k, r->deliver->sections[i].title);
        }
        put_figure(k, a, b);
        slide_close(k);
    }
    ms_free(html);
    return MS_OK;
}

static bool skipped(const ms_dsection *s)
{
    return !strcmp(s->id, "appendix");
}

/* Whether an earlier finding than f belongs to section id. */
static bool seen_before(const ms_deliver *d, size_t f, const char *id)
{
    for (size_t i = 0; i < f; i++) {
        const char *sid = ms_deliver_finding_section(d, i);
        if (sid && !strcmp(sid, id))
            return true;
    }
    return false;
}

/* A slide per section that has findings, in the order of its first finding
 * (a finding without a section alone); with count only their number and the
 * charts they take. */
static ms_status finding_slides(const ms_report *r, deck *k, const char *findings,
                                used_charts *u, bool count)
{
    const ms_deliver *d = r->deliver;
    size_t f = 0;
    ms_status st = MS_OK;
    for (const char *li = findings, *end; st == MS_OK && (li = strstr(li, "<li>")) &&
                                          (end = strstr(li, "</li>"));
         li = end, f++) {
        const char *id = ms_deliver_finding_section(d, f);
        long sec = id ? ms_deliver_find_section(d, id) : -1;
        if (sec >= 0 && seen_before(d, f, id))
            continue;
        if (!count) {
            st = finding_slide(r, k, findings, f, id, sec, u);
            continue;
        }
        k->total++;
        char *html = sec >= 0 ? ms_deliver_section_html(d, (size_t)sec) : NULL;
        const char *a, *b;
        char name[160];
        if (html && pick_figure(html, u, &a, &b, name, sizeof name))
            mark_used(u, name);
        ms_free(html);
    }
    return st;
}

static ms_status all_slides(const ms_report *r, deck *k, const char *findings, bool count)
{
    used_charts *u = ms_calloc(1, sizeof *u);
    if (!u)
        return NOMEM(r);
    ms_status st = finding_slides(r, k, findings, u, count);
    for (size_t i = 0; st == MS_OK && i < r->deliver->n_sections; i++)
        if (!skipped(&r->deliver->sections[i]))
            st = other_slides(r, k, i, u, count);
    ms_free(u);
    return st;
}

static ms_status slides_body(const ms_report *r, deck *k)
{
    char *findings = ms_deliver_findings(r->deliver);
    if (!findings)
        return NOMEM(r);
    k->total = 2;
    ms_status st = all_slides(r, k, findings, true);
    slide_open(k, NULL);
    ms_sbuf_puts(&k->html, "<h1>");
    ms_sbuf_html(&k->html, ms_deliver_title(r));
    ms_sbuf_puts(&k->html, "</h1>\n<p class=\"sub\">");
    ms_html_subtitle(r, &k->html);
    ms_sbuf_printf(&k->html, "</p>\n<p class=\"sub\">%s</p>\n",
                   MS_TR(r, "Круглый стол по итогам программы наставничества",
                         "Round table on the mentoring programme"));
    slide_close(k);
    slide_open(k, MS_TR(r, "Главное", "Main findings"));
    ms_sbuf_printf(&k->html, "<ul class=\"findings\">\n%s</ul>\n", findings);
    slide_close(k);
    if (st == MS_OK)
        st = all_slides(r, k, findings, false);
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
                   r->pr.ru ? "ru" : "en");
    ms_sbuf_html(h, ms_deliver_title(r));
    ms_sbuf_printf(h, "</title>\n<style>\n%s</style>\n<script>\n%s</script>\n</head>\n<body>\n",
                   css, script);
    ms_status st = slides_body(r, &k);
    ms_sbuf_puts(h, "</body>\n</html>\n");
    if (st == MS_OK)
        st = h->failed ? NOMEM(r) : ms_present_write(&r->pr, "slides.html", h);
    ms_sbuf_free(h);
    return st;
}
