/*
 * report_deliver.c — the report's document model (report_deliver.h): the
 * hooks that collect sections, tables, charts and findings as the page is
 * built (calling nothing of the report above sbuf and util), and the
 * renderings the deliverables share (a table or a chart as HTML, a finding
 * as plain text, the date).  report.c writes the deliverables once the page
 * is complete.
 */
#include "report_deliver.h"
#include "cnum.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

/* ---------- hooks ---------- */

/* The table writer's hook (present.h): every table of the page, its cells
 * taken into the model. */
static ms_status deliver_table(void *ctx, ms_rtable *t, const char *caption);

ms_status ms_deliver_create(ms_report *r, bool pandoc)
{
    if (!(r->deliver = ms_calloc(1, sizeof *r->deliver)))
        return NOMEM(r);
    r->deliver->pandoc = pandoc;
    r->pr.on_table = deliver_table;
    r->pr.on_table_ctx = r;
    return MS_OK;
}

bool ms_deliver_pandoc(const ms_report *r)
{
    return r->deliver && r->deliver->pandoc;
}

void ms_deliver_destroy(ms_report *r)
{
    ms_deliver *d = r->deliver;
    if (!d)
        return;
    for (size_t i = 0; i < d->n_tables; i++) {
        ms_rtable_discard(&d->tables[i].t);
        ms_free(d->tables[i].caption);
    }
    for (size_t i = 0; i < d->n_charts; i++) {
        ms_free(d->charts[i].name);
        ms_free(d->charts[i].caption);
        ms_free(d->charts[i].svg);
        ms_free(d->charts[i].slide_svg);
        ms_free(d->charts[i].phone_svg);
        ms_free(d->charts[i].note);
        ms_free(d->charts[i].headline);
    }
    for (size_t i = 0; i < d->n_sections; i++) {
        ms_free(d->sections[i].id);
        ms_free(d->sections[i].title);
    }
    for (size_t i = 0; i < d->n_findings; i++) {
        ms_free(d->findings[i].html);
        ms_free(d->findings[i].section);
        ms_free(d->findings[i].brief);
        ms_free(d->findings[i].meaning);
        ms_free(d->findings[i].action);
    }
    ms_free(d->tables);
    ms_free(d->charts);
    ms_free(d->sections);
    ms_free(d->findings);
    ms_free(d);
    r->deliver = NULL;
}

static char *copy_n(const char *s, size_t n)
{
    char *c = ms_malloc(n + 1);
    if (c) {
        memcpy(c, s, n);
        c[n] = '\0';
    }
    return c;
}

static size_t current_section(const ms_deliver *d)
{
    return d->n_sections ? d->n_sections - 1 : 0;
}

static ms_status deliver_table(void *ctx, ms_rtable *t, const char *caption)
{
    ms_report *r = ctx;
    ms_deliver *d = r->deliver;
    if (!d)
        return MS_OK;
    if (ms_grow((void **)&d->tables, &d->cap_tables, d->n_tables + 1, sizeof *d->tables))
        return NOMEM(r);
    ms_dtable *x = &d->tables[d->n_tables++];
    *x = (ms_dtable){*t, caption ? ms_strdup(caption) : NULL, current_section(d)};
    memset(&t->cells, 0, sizeof t->cells); /* the cells are the model's now */
    t->n_cells = t->cap_cells = 0;
    return x->caption || !caption ? MS_OK : NOMEM(r);
}

ms_status ms_deliver_chart(ms_report *r, const char *name, const char *caption, const char *svg,
                           size_t svg_len, const char *slide_svg, size_t slide_len,
                           const char *phone_svg, size_t phone_len, const char *note)
{
    ms_deliver *d = r->deliver;
    if (!d)
        return MS_OK;
    if (ms_grow((void **)&d->charts, &d->cap_charts, d->n_charts + 1, sizeof *d->charts))
        return NOMEM(r);
    ms_dchart *c = &d->charts[d->n_charts++];
    *c = (ms_dchart){ms_strdup(name), ms_strdup(caption ? caption : ""), copy_n(svg, svg_len),
                     copy_n(slide_svg, slide_len), copy_n(phone_svg, phone_len),
                     current_section(d), ms_strdup(note ? note : ""), ms_strdup("")};
    return c->name && c->caption && c->svg && c->slide_svg && c->phone_svg && c->note &&
                   c->headline
               ? MS_OK
               : NOMEM(r);
}

void ms_deliver_section(ms_report *r, const char *id, const char *title, size_t start)
{
    (void)start;
    ms_deliver *d = r->deliver;
    if (!d)
        return;
    if (ms_grow((void **)&d->sections, &d->cap_sections, d->n_sections + 1,
                sizeof *d->sections)) {
        d->failed = true;
        return;
    }
    ms_dsection *s = &d->sections[d->n_sections++];
    *s = (ms_dsection){ms_strdup(id), ms_strdup(title)};
    d->failed = d->failed || !s->id || !s->title;
}

/* The <li> items appended to ul since the last call are findings of the
 * section PREFIX NAME: the sentences are taken into the model as they are
 * handed over (the list is the summary's own buffer, not the page). */
size_t ms_deliver_finding(ms_report *r, const ms_sbuf *ul, const char *prefix, const char *name)
{
    ms_deliver *d = r->deliver;
    const char *list = ms_sbuf_str(ul);
    if (!d)
        return 0;
    if (!list) { /* a failed list: its findings are lost, so the model fails */
        d->failed = d->failed || ul->failed;
        return 0;
    }
    size_t items = 0, before = d->n_findings;
    for (const char *p = list; (p = strstr(p, "<li>")); p += 4) {
        if (items++ < d->n_findings)
            continue;
        const char *e = strstr(p, "</li>");
        if (!e || ms_grow((void **)&d->findings, &d->cap_findings, d->n_findings + 1,
                          sizeof *d->findings)) {
            d->failed = true;
            return d->n_findings - before;
        }
        size_t n = strlen(prefix) + strlen(name) + 1;
        ms_dfinding *f = &d->findings[d->n_findings++];
        *f = (ms_dfinding){0};
        f->html = copy_n(p + 4, (size_t)(e - p - 4));
        if ((f->section = ms_malloc(n)))
            ms_c_snprintf(f->section, n, "%s%s", prefix, name);
        d->failed = d->failed || !f->html || !f->section;
    }
    return d->n_findings - before;
}

void ms_deliver_advice(ms_report *r, const char *meaning, const char *action)
{
    ms_deliver *d = r->deliver;
    if (!d || !d->n_findings)
        return;
    ms_dfinding *f = &d->findings[d->n_findings - 1];
    if (meaning && !f->meaning && !(f->meaning = ms_strdup(meaning)))
        d->failed = true;
    if (action && !f->action && !(f->action = ms_strdup(action)))
        d->failed = true;
}

void ms_deliver_chart_headline(ms_report *r, const char *html)
{
    ms_deliver *d = r->deliver;
    if (!d || !d->n_charts || !html)
        return;
    ms_dchart *c = &d->charts[d->n_charts - 1];
    ms_free(c->headline);
    if (!(c->headline = ms_strdup(html)))
        d->failed = true;
}

void ms_deliver_brief_set(ms_report *r, const char *brief)
{
    ms_deliver *d = r->deliver;
    if (!d || !d->n_findings || !brief)
        return;
    ms_dfinding *f = &d->findings[d->n_findings - 1];
    ms_free(f->brief);
    if (!(f->brief = ms_strdup(brief)))
        d->failed = true;
}

const char *ms_deliver_brief(const ms_dfinding *f)
{
    return f->brief ? f->brief : f->html;
}

void ms_deliver_actions_html(const ms_report *r, ms_sbuf *html)
{
    const ms_deliver *d = r->deliver;
    size_t n = 0;
    for (size_t i = 0; d && i < d->n_findings; i++)
        if (d->findings[i].action)
            ms_sbuf_printf(html, "%s<li>%s</li>\n", n++ ? "" : "<ul class=\"actions\">\n",
                           d->findings[i].action);
    if (n)
        ms_sbuf_puts(html, "</ul>\n");
}

ms_status ms_deliver_page(ms_report *r, const ms_sbuf *body)
{
    (void)body;
    ms_deliver *d = r->deliver;
    if (!d)
        return MS_OK;
    return d->failed || d->n_sections != r->sections ? NOMEM(r) : MS_OK;
}

/* The internal copy's own справка and slides (write_named_page writes
 * them after the page: the справка with pandoc, the slides when the office
 * names its schools); its workbook and site page are the published ones. */
static void internal_contents(const ms_report *r, ms_sbuf *html)
{
    bool docx = r->deliver->pandoc, slides = r->names_orgs;
    if (!docx && !slides)
        return;
    ms_sbuf_printf(html, "<p class=\"deliverables\">%s ",
                   MS_TR(r, "Внутренний экземпляр, не для публикации:",
                         "The internal copy, not for publishing:"));
    if (docx)
        ms_sbuf_printf(html, "<a href=\"spravka.docx\">spravka.docx</a> (%s)%s",
                       MS_TR(r, "аналитическая справка, Word", "analytical note, Word"),
                       slides ? " · " : "");
    if (slides)
        ms_sbuf_printf(html, "<a href=\"slides.html\">slides.html</a> (%s)",
                       MS_TR(r, "слайды", "slides"));
    ms_sbuf_puts(html, "</p>\n");
}

void ms_deliver_contents(const ms_report *r, ms_sbuf *html)
{
    if (r->deliver && r->internal)
        internal_contents(r, html);
    if (!r->deliver || r->internal) /* the published deliverables are not the internal copy's */
        return;
    ms_sbuf_printf(html, "<p class=\"deliverables\">%s ",
                   MS_TR(r, "Для совещания и сайта:", "For the meeting and the site:"));
    ms_sbuf_printf(html, "<a href=\"tables.xlsx\">tables.xlsx</a> (%s) · ",
                   MS_TR(r, "все таблицы, Excel", "every table, Excel"));
    if (r->deliver->pandoc)
        ms_sbuf_printf(html, "<a href=\"spravka.docx\">spravka.docx</a> (%s) · ",
                       MS_TR(r, "аналитическая справка, Word", "analytical note, Word"));
    else
        ms_sbuf_puts(html, MS_TR(r,
                                 "<span class=\"missing\">spravka.docx не создана: не найдена "
                                 "программа pandoc (sh tools/install-deps)</span> · ",
                                 "<span class=\"missing\">spravka.docx not written: pandoc "
                                 "was not found (sh tools/install-deps)</span> · "));
    ms_sbuf_printf(html, "<a href=\"slides.html\">slides.html</a> (%s) · ",
                   MS_TR(r, "слайды", "slides"));
    ms_sbuf_printf(html, "<a href=\"summary.html\">summary.html</a> (%s)</p>\n",
                   MS_TR(r, "для сайта", "for the web site"));
}

/* ---------- renderings shared by the deliverables ---------- */

long ms_deliver_find_section(const ms_deliver *d, const char *id)
{
    for (size_t i = 0; i < d->n_sections; i++)
        if (!strcmp(d->sections[i].id, id))
            return (long)i;
    return -1;
}

const ms_dtable *ms_deliver_find_table(const ms_deliver *d, const char *name)
{
    for (size_t i = 0; i < d->n_tables; i++)
        if (!strcmp(d->tables[i].t.name, name))
            return &d->tables[i];
    return NULL;
}

const ms_dchart *ms_deliver_find_chart(const ms_deliver *d, const char *name)
{
    for (size_t i = 0; i < d->n_charts; i++)
        if (!strcmp(d->charts[i].name, name))
            return &d->charts[i];
    return NULL;
}

long ms_deliver_section_chart(const ms_deliver *d, size_t i, const bool *used)
{
    for (size_t k = 0; k < d->n_charts; k++)
        if (d->charts[k].section == i && !(used && used[k]))
            return (long)k;
    return -1;
}

void ms_deliver_table_html(const ms_dtable *t, ms_sbuf *out)
{
    ms_sbuf_puts(out, "<div class=\"table\"><table>");
    if (t->caption) {
        ms_sbuf_puts(out, "<caption>");
        ms_sbuf_html(out, t->caption);
        ms_sbuf_puts(out, "</caption>");
    }
    ms_rtable_rows_html(&t->t, out);
    ms_sbuf_puts(out, "</tbody></table></div>\n");
}

void ms_deliver_chart_html(const ms_dchart *c, bool slide, ms_sbuf *out)
{
    ms_sbuf_printf(out, "<figure class=\"chart\" id=\"chart-%s\">%s<figcaption>", c->name,
                   slide ? c->slide_svg : c->svg);
    ms_sbuf_html(out, c->caption);
    if (slide && *c->note) { /* what the slide's shortened labels say in full */
        ms_sbuf_puts(out, ". ");
        ms_sbuf_html(out, c->note);
    }
    ms_sbuf_puts(out, "</figcaption></figure>\n");
}

void ms_deliver_chart_html_site(const ms_dchart *c, ms_sbuf *out)
{
    ms_sbuf_printf(out,
                   "<figure class=\"chart\" id=\"chart-%s\"><div class=\"wide\">%s</div>"
                   "<div class=\"narrow\">%s</div><figcaption>",
                   c->name, c->svg, c->phone_svg);
    /* the site's readers get no confidence-interval jargon: the caption
     * without its «, 95 % ДИ» */
    static const char *const ci[] = {", 95 % ДИ", ", 95 % CI", ", 95 % интервал", ", 95 % interval"};
    for (const char *p = c->caption; *p;) {
        size_t skip = 0;
        for (size_t i = 0; i < sizeof ci / sizeof *ci && !skip; i++)
            if (!strncmp(p, ci[i], strlen(ci[i])))
                skip = strlen(ci[i]);
        if (skip) {
            p += skip;
            continue;
        }
        char one[2] = {*p++, 0};
        ms_sbuf_html(out, one);
    }
    ms_sbuf_puts(out, "</figcaption></figure>\n");
}

void ms_deliver_plain(ms_sbuf *out, const char *html)
{
    static const struct {
        const char *entity, *text;
    } ent[] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}};
    for (const char *p = html; *p; p++) {
        if (*p == '<') {
            const char *q = strchr(p, '>');
            if (q) {
                p = q;
                continue;
            }
        }
        bool done = false;
        for (size_t i = 0; *p == '&' && !done && i < sizeof ent / sizeof *ent; i++)
            if (!strncmp(p, ent[i].entity, strlen(ent[i].entity))) {
                ms_sbuf_puts(out, ent[i].text);
                p += strlen(ent[i].entity) - 1;
                done = true;
            }
        if (!done)
            ms_sbuf_putn(out, p, 1);
    }
}

const char *ms_deliver_title(const ms_report *r)
{
    return MS_TR(r, "Мониторинг качества реализации программы наставничества",
                 "Monitoring the quality of the mentoring programme");
}

void ms_deliver_date(const ms_report *r, ms_sbuf *out)
{
    static const char *const months[] = {"января", "февраля", "марта",    "апреля",
                                         "мая",    "июня",    "июля",     "августа",
                                         "сентября", "октября", "ноября", "декабря"};
    static const char *const en[] = {"January", "February", "March",     "April",
                                     "May",     "June",     "July",      "August",
                                     "September", "October", "November", "December"};
    /* SOURCE_DATE_EPOCH: the reproducible-builds convention, for identical reruns */
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    time_t now = sde && *sde ? (time_t)strtoll(sde, NULL, 10) : time(NULL);
    struct tm tm;
    if (!gmtime_r(&now, &tm))
        return;
    if (r->pr.ru)
        ms_sbuf_printf(out, "%d %s %d г.", tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900);
    else
        ms_sbuf_printf(out, "%d %s %d", tm.tm_mday, en[tm.tm_mon], tm.tm_year + 1900);
}

bool ms_deliver_about_pairs(const char *name)
{
    return strstr(name, "pair") != NULL;
}
