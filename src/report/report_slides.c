/*
 * report_slides.c — slides.html, the meeting's presentation, rendered from
 * the report's model: a title slide with the date; «Главное» with at most
 * four findings, the main indicator first; then a slide per section with
 * findings, its first finding the headline, the others at most three
 * bullets, its first chart not shown yet; then the other charts one a
 * slide, their caption the headline.  No ranking of pairs on a shared
 * screen; no chart twice, nor two drawing the same figures; no slide of a
 * headline alone; no shrunk (empirical-Bayes) figures beside the plain
 * ones; the appendix left out.  Chart type is set so it is at least 18 px
 * on a 1280×720 screen, and dark.
 *
 * One self-contained file: inline CSS and SVG and a few lines of plain
 * script for the keys (→ ↓ PageDown space: next; ← ↑ PageUp: back; Home,
 * End; a number in the address, slides.html#3, opens that slide).  Each
 * slide carries its own counter «3 / 12», so print (one landscape A4 page
 * per slide, for «Save as PDF») and a browser without scripts, which shows
 * the slides one below the other, keep it.
 */
#include "report_deliver.h"
#include "cnum.h"

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
    "p.sub{font-size:3.2vh;color:#222}\n"
    "p.lead{font-size:2.8vh;line-height:1.35;margin:0 0 1.5vh;color:#222}\n"
    "ul.findings{font-size:3.6vh;line-height:1.35;margin:0 0 1vh;padding-left:3vw}\n"
    "ul.findings li{margin:0 0 1.2vh}\n"
    "div.fig{flex:1;min-height:0;display:flex}\n"
    "figure.chart{flex:1;min-height:0;margin:0;display:flex;flex-direction:column}\n"
    /* a projector washes grey out: the charts' grey texts dark */
    "figure.chart svg g[fill=\"rgb(119,119,119)\"],figure.chart svg g[fill=\"rgb(85,85,85)\"],"
    "figure.chart svg g[fill=\"rgb(135,135,135)\"],figure.chart svg g[fill=\"rgb(77,77,77)\"]"
    "{fill:#1a1a1a}\n"
    "figure.chart svg{flex:1;min-height:0;width:100%;height:auto}\n"
    "figcaption{font-size:2.6vh;color:#222;margin-top:0.8vh}\n"
    "p.num{position:absolute;right:3vw;bottom:1.5vh;margin:0;font-size:2.6vh;color:#333}\n"
    "@page{size:A4 landscape;margin:0}\n"
    "@media print{html.js section.slide,section.slide{display:flex;width:297mm;height:210mm;"
    "border:0;break-after:page;page-break-after:always}"
    "section.slide:last-child{break-after:auto;page-break-after:auto}"
    "h1{font-size:24pt}h2{font-size:22pt}p.sub{font-size:15pt}p.lead{font-size:14pt}"
    "ul.findings{font-size:13pt}figcaption,p.num{font-size:11pt}}\n";

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
    bool *used;       /* per chart of the model: on a slide already */
    const char *stamp; /* the internal copy's warning on every slide, or NULL */
} deck;

enum { BULLETS = 4 };

static void slide_open(deck *k, const char *headline)
{
    ms_sbuf_printf(&k->html, "<section class=\"slide\" id=\"s%zu\">\n", ++k->n);
    if (headline) {
        ms_sbuf_puts(&k->html, "<h2>");
        ms_sbuf_puts(&k->html, headline); /* HTML already */
        ms_sbuf_puts(&k->html, "</h2>\n");
    }
}

/* A slide headed by a buffer's text; a failed buffer fails the deck. */
static void slide_open_of(deck *k, const ms_sbuf *headline)
{
    const char *text = ms_sbuf_str(headline);
    if (!text)
        ms_sbuf_fail(&k->html);
    slide_open(k, text ? text : "");
}

/* The first of n headlines (HTML) no slide of the deck has yet, or NULL:
 * two slides alike tell the room nothing new. */
static const char *fresh(const deck *k, const char *const *heads, size_t n)
{
    const char *html = ms_sbuf_str(&k->html);
    for (size_t i = 0; i < n; i++) {
        if (!heads[i] || !*heads[i])
            continue;
        bool seen = false;
        for (const char *p = html; p && !seen && (p = strstr(p, "<h2>")); p += 4)
            seen = !strncmp(p + 4, heads[i], strlen(heads[i])) &&
                   !strncmp(p + 4 + strlen(heads[i]), "</h2>", 5);
        if (!seen)
            return heads[i];
    }
    return NULL;
}

/* The finding sentences of a section, briefs then meanings, into heads (at
 * most max): what a chart of the section may be headed by. */
static size_t section_heads(const ms_deliver *d, const char *section, const char **heads,
                            size_t n, size_t max)
{
    for (int pass = 0; pass < 2; pass++)
        for (size_t f = 0; f < d->n_findings && n < max; f++)
            if (!strcmp(d->findings[f].section, section))
                heads[n++] = pass ? d->findings[f].meaning : ms_deliver_brief(&d->findings[f]);
    return n;
}

static void slide_close(deck *k)
{
    /* a slide shown or printed alone still says it is not for publishing */
    if (k->stamp)
        ms_sbuf_printf(&k->html,
                       "<p class=\"stamp\" style=\"position:absolute;left:3vw;bottom:2vh;"
                       "margin:0;font-size:2.2vh;font-weight:bold;color:#b2182b\">%s</p>\n",
                       k->stamp);
    ms_sbuf_printf(&k->html, "<p class=\"num\">%zu / %zu</p>\n</section>\n", k->n, k->total);
}

/* Charts for a shared screen: none ranking pairs, and none of the
 * "practices" forests: their figures are shrunk toward the mean (empirical
 * Bayes) and differ from the same rows' plain figures another slide shows —
 * two figures for one school and measure read as an error in a room. */
static bool shown(const ms_dchart *c)
{
    return !ms_deliver_about_pairs(c->name) && !strstr(c->name, "practices");
}

/* The chart's figures: the texts of its slide copy made of digits, signs
 * and separators (values and ticks), in order, into out. */
static void figures_of(const char *svg, ms_sbuf *out)
{
    for (const char *p = svg; p && (p = strstr(p, "<text")); ) {
        const char *t = strchr(p, '>'), *e = t ? strstr(t, "</text>") : NULL;
        if (!e)
            break;
        size_t n = (size_t)(e - t - 1);
        if (n && strspn(t + 1, "0123456789,.% -+") >= n) {
            ms_sbuf_putn(out, t + 1, n);
            ms_sbuf_puts(out, "|");
        }
        p = e;
    }
}

/* Whether a chart already on a slide (used and shown) draws the same
 * figures as chart c: two charts of the model may draw one comparison under
 * two captions (the forms' index in two sections); the room sees it once. */
static bool repeats(const ms_deliver *d, const bool *used, size_t c)
{
    ms_sbuf a = {0};
    figures_of(d->charts[c].slide_svg, &a);
    bool same = false;
    for (size_t j = 0; j < d->n_charts && !same; j++) {
        if (j == c || !used[j] || !shown(&d->charts[j]))
            continue;
        ms_sbuf b = {0};
        figures_of(d->charts[j].slide_svg, &b);
        const char *x = ms_sbuf_str(&a), *y = ms_sbuf_str(&b);
        same = x && y && *x && !strcmp(x, y);
        ms_sbuf_free(&b);
    }
    ms_sbuf_free(&a);
    return same;
}

/* Whether the lead mostly says the headline again: most of the headline's
 * words (three letters or more) are in it.  The room reads the headline;
 * the same sentence under it only takes the chart's room. */
static bool echoes(const char *headline, const char *lead)
{
    size_t words = 0, found = 0;
    for (const char *p = headline; *p; ) {
        size_t n = strcspn(p, " ");
        char w[128];
        if (n >= 3 * 2 && n < sizeof w) { /* three Cyrillic letters: six bytes */
            memcpy(w, p, n);
            w[n] = 0;
            while (n && strchr(".,;:)»", w[n - 1]))
                w[--n] = 0;
            words++;
            found += strstr(lead, w) != NULL;
        }
        p += n + (p[n] == ' ');
    }
    return words && found * 10 >= words * 6;
}

/* Whether the chart's slide copy (gnuplot's type 20–21 units, laid out by
 * gnuplot at that size: type enlarged afterwards ran labels into each
 * other) keeps its text at least 18 px on a 1280×720 screen when scaled
 * into the room the slide leaves it: its width, or the height under the
 * headline (about 48 characters a line) and `bullets` lines. */
static bool chart_fits(const ms_dchart *c, const char *headline, size_t bullets)
{
    size_t chars = 0;
    for (const char *p = headline ? headline : ""; *p; p++)
        chars += ((unsigned char)*p & 0xC0) != 0x80;
    double head_lines = 1 + (double)(chars ? (chars - 1) / 48 : 0);
    double w = 760, h = 400;
    const char *vb = strstr(c->slide_svg, "viewBox=\"");
    if (vb && !strncmp(vb + 9, "0 0 ", 4)) { /* "0 0 W H", in any locale */
        char *end;
        double x = ms_c_strtod(vb + 13, &end);
        double y = ms_c_strtod(end, NULL);
        if (x > 0 && y > 0)
            w = x, h = y;
    }
    double room_w = 1280 * 0.9, room_h = 720 - 150 - 42 * head_lines - 48.0 * (double)bullets;
    double scale = room_w / w < room_h / h ? room_w / w : room_h / h;
    return 20 * scale >= 18; /* the copy's smallest type: 20 units */
}

static void put_chart(deck *k, const ms_dchart *c)
{
    ms_sbuf_puts(&k->html, "<div class=\"fig\">\n");
    ms_deliver_chart_html(c, true, &k->html);
    ms_sbuf_puts(&k->html, "</div>\n");
}

/* How many bullets put_more gives. */
static size_t more_count(const ms_deliver *d, size_t f)
{
    size_t n = 0;
    for (size_t i = f + 1; i < d->n_findings && n < BULLETS - 1; i++)
        n += !strcmp(d->findings[i].section, d->findings[f].section);
    return n;
}

/* The findings of section id after the first (f), as at most BULLETS-1 bullets. */
static size_t put_more(const ms_deliver *d, deck *k, size_t f)
{
    size_t n = 0;
    for (size_t i = f + 1; i < d->n_findings && n < BULLETS - 1; i++)
        if (!strcmp(d->findings[i].section, d->findings[f].section)) {
            ms_sbuf_printf(&k->html, "%s<li>%s</li>\n", n++ ? "" : "<ul class=\"findings\">\n",
                           ms_deliver_brief(&d->findings[i]));
        }
    if (n)
        ms_sbuf_puts(&k->html, "</ul>\n");
    return n;
}

static bool first_of_section(const ms_deliver *d, size_t f)
{
    for (size_t i = 0; i < f; i++)
        if (!strcmp(d->findings[i].section, d->findings[f].section))
            return false;
    return true;
}

/* The slide of a finding with nothing but its headline and a chart too
 * tall under that headline: headed by the chart's own shorter headline, the
 * finding's sentence under it when the chart still fits, the chart. */
static void merged_slide(const ms_deliver *d, deck *k, const ms_dfinding *fi,
                         const ms_dchart *c)
{
    const char *heads[12] = {c->headline};
    size_t n = section_heads(d, fi->section, heads, 1, 12);
    const char *brief = ms_deliver_brief(fi);
    for (size_t i = 0; i < n; i++) /* the finding's own sentence: the longer head */
        if (heads[i] && !strcmp(heads[i], brief))
            heads[i] = NULL;
    const char *head = fresh(k, heads, n);
    if (!head)
        head = brief;
    slide_open(k, head);
    if (head != brief && chart_fits(c, head, 1 + strlen(brief) / 190))
        ms_sbuf_printf(&k->html, "<p class=\"lead\">%s</p>\n", brief);
    put_chart(k, c);
    slide_close(k);
}

/* A slide per section with findings: its first finding as the headline,
 * the others as bullets, the section's first chart not shown yet. */
static void finding_slides(const ms_report *r, deck *k, bool count)
{
    const ms_deliver *d = r->deliver;
    for (size_t f = 0; f < d->n_findings; f++) {
        if (!first_of_section(d, f))
            continue;
        long sec = ms_deliver_find_section(d, d->findings[f].section);
        long c = sec >= 0 ? ms_deliver_section_chart(d, (size_t)sec, k->used) : -1;
        while (c >= 0 && (!shown(&d->charts[c]) || repeats(d, k->used, (size_t)c))) {
            k->used[c] = true;
            c = ms_deliver_section_chart(d, (size_t)sec, k->used);
        }
        if (c >= 0)
            k->used[c] = true;
        const ms_dfinding *fi = &d->findings[f];
        /* the figures under the headline, unless the headline says them already */
        bool lead = fi->brief && strcmp(fi->brief, fi->html) && !echoes(fi->brief, fi->html);
        size_t more = more_count(d, f);
        size_t bullets = more + (lead ? 1 + strlen(fi->html) / 190 : 0);
        /* a chart too large for what is left under the text: without the
         * lead if that makes room (the chart shows its figures), else a
         * slide of its own after it */
        bool apart = c >= 0 && !chart_fits(&d->charts[c], ms_deliver_brief(fi), bullets);
        if (apart && lead && chart_fits(&d->charts[c], ms_deliver_brief(fi), more))
            apart = lead = false;
        /* nothing but the headline and a chart too tall under it: one
         * slide, headed by what the chart shows, the finding under it */
        bool merge = apart && bullets == 0;
        /* nothing but the headline and no chart: a slide the room reads in
         * a second (the kopilka's candidates, whose figures are shrunk
         * toward the mean and would contradict the plain ones); the page
         * keeps the sentence */
        if (c < 0 && bullets == 0)
            continue;
        if (count) {
            k->total += 1 + (apart && !merge);
            continue;
        }
        if (merge) {
            merged_slide(d, k, fi, &d->charts[c]);
            continue;
        }
        slide_open(k, ms_deliver_brief(fi));
        if (lead)
            ms_sbuf_printf(&k->html, "<p class=\"lead\">%s</p>\n", fi->html);
        put_more(d, k, f);
        if (c >= 0 && apart) { /* headed by what the chart itself shows */
            const char *heads[12] = {d->charts[c].headline};
            size_t n = section_heads(d, fi->section, heads, 1, 12);
            const char *head = fresh(k, heads, n);
            slide_close(k);
            slide_open(k, head ? head : ms_deliver_brief(fi));
        }
        if (c >= 0)
            put_chart(k, &d->charts[c]);
        slide_close(k);
    }
}

/* The charts no finding showed, one a slide, their caption as the headline. */
static void other_slides(const ms_report *r, deck *k, bool count)
{
    const ms_deliver *d = r->deliver;
    for (size_t c = 0; c < d->n_charts; c++) {
        const ms_dchart *ch = &d->charts[c];
        bool appendix = ch->section < d->n_sections &&
                        !strcmp(d->sections[ch->section].id, "appendix");
        if (k->used[c] || !shown(ch) || appendix || repeats(d, k->used, c))
            continue;
        k->used[c] = true;
        if (count) {
            k->total++;
            continue;
        }
        /* the headline says what the chart shows: its own finding, else the
         * first finding of its section; the caption (what is drawn) stays
         * under the chart */
        const char *heads[12] = {ch->headline};
        size_t n = ch->section < d->n_sections
                       ? section_heads(d, d->sections[ch->section].id, heads, 1, 12)
                       : 1;
        const char *head = fresh(k, heads, n);
        ms_sbuf clause = {0}, own = {0};
        if (!head) { /* nothing found: the caption's first clause, a sentence */
            ms_sbuf_putn(&clause, ch->caption, strcspn(ch->caption, ";"));
            ms_sbuf_html(&own, ms_sbuf_str(&clause) ? ms_sbuf_str(&clause) : "");
            ms_sbuf_puts(&own, ".");
        }
        if (head)
            slide_open(k, head);
        else
            slide_open_of(k, &own);
        put_chart(k, ch);
        ms_sbuf_free(&clause);
        ms_sbuf_free(&own);
        slide_close(k);
    }
}

/* The last slide: what to do, each of the model's recommendations once. */
static size_t actions_slide(const ms_report *r, deck *k, bool count)
{
    const ms_deliver *d = r->deliver;
    size_t n = 0;
    for (size_t f = 0; f < d->n_findings; f++) {
        const char *a = d->findings[f].action;
        bool seen = false;
        for (size_t g = 0; a && g < f && !seen; g++)
            seen = d->findings[g].action && !strcmp(d->findings[g].action, a);
        if (!a || !*a || seen)
            continue;
        if (!count && !n)
            slide_open(k, MS_TR(r, "Что сделать", "What to do")),
                ms_sbuf_puts(&k->html, "<ul class=\"findings\">\n");
        if (!count)
            ms_sbuf_printf(&k->html, "<li>%s</li>\n", a);
        n++;
    }
    if (!count && n) {
        ms_sbuf_puts(&k->html, "</ul>\n");
        slide_close(k);
    }
    return n;
}

static ms_status slides_body(const ms_report *r, deck *k)
{
    const ms_deliver *d = r->deliver;
    if (!(k->used = ms_calloc(d->n_charts + 1, sizeof *k->used)))
        return NOMEM(r);
    k->total = 2;
    finding_slides(r, k, true);
    other_slides(r, k, true);
    k->total += actions_slide(r, k, true) > 0;
    memset(k->used, 0, (d->n_charts + 1) * sizeof *k->used);
    slide_open(k, NULL);
    ms_sbuf_puts(&k->html, "<h1>");
    ms_sbuf_html(&k->html, ms_deliver_title(r));
    ms_sbuf_puts(&k->html, "</h1>\n<p class=\"sub\">");
    ms_html_subtitle(r, &k->html);
    ms_sbuf_puts(&k->html, "</p>\n<p class=\"sub\">");
    ms_deliver_date(r, &k->html);
    ms_sbuf_puts(&k->html, "</p>\n");
    slide_close(k);
    /* the main indicator first: the headline says what the first finding
     * means, the bullets the first finding of each section (at most four) */
    const char *meaning = NULL;
    for (size_t f = 0; f < d->n_findings && !meaning; f++)
        meaning = d->findings[f].meaning;
    ms_sbuf head = {0};
    ms_sbuf_puts(&head, MS_TR(r, "Главное: ", "In short: "));
    ms_sbuf_puts(&head, meaning ? meaning : MS_TR(r, "итоги года в цифрах", "the year in figures"));
    slide_open_of(k, &head);
    ms_sbuf_free(&head);
    ms_sbuf_puts(&k->html, "<ul class=\"findings\">\n");
    for (size_t f = 0, bullets = 0; f < d->n_findings && bullets < BULLETS; f++)
        if (first_of_section(d, f) && strcmp(d->findings[f].section, "years")) {
            ms_sbuf_printf(&k->html, "<li>%s</li>\n", ms_deliver_brief(&d->findings[f]));
            bullets++;
        }
    ms_sbuf_puts(&k->html, "</ul>\n");
    slide_close(k);
    finding_slides(r, k, false);
    other_slides(r, k, false);
    actions_slide(r, k, false);
    ms_free(k->used);
    return MS_OK;
}

ms_status ms_report_slides(ms_report *r)
{
    deck k = {{0}, 0, 0, NULL,
              r->internal ? MS_TR(r, "Внутренний экземпляр — не публиковать",
                                  "Internal copy — not for publishing")
                          : NULL};
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
