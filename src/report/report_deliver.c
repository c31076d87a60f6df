/*
 * report_deliver.c — what the deliverables beside index.html share: the
 * tables, sections and findings handed over while the page is built (the
 * hooks of report_int.h, calling nothing of the report above sbuf and util),
 * and the pieces of the finished page they reuse (findings, figures,
 * tables).  report.c writes them once the page is complete.
 *
 * The pieces are found in the page body by the exact markup the report
 * writes (ms_chart_render's <figure class="chart" id="chart-NAME">,
 * ms_rtable_finish's <div class="table">…tables/NAME.csv…</div>, the
 * summary's <ul class="findings">): this file and those writers change
 * together.
 */
#include "report_deliver.h"

#include <string.h>

#include "util.h"

/* ---------- hooks ---------- */

/* The table writer's hook (present.h): every table of the page, as written. */
static ms_status deliver_table(void *ctx, const ms_rtable *t, const char *caption);

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
        ms_free(d->tables[i].name);
        ms_free(d->tables[i].caption);
        ms_free(d->tables[i].csv);
        ms_free(d->tables[i].kinds);
    }
    for (size_t i = 0; i < d->n_sections; i++) {
        ms_free(d->sections[i].id);
        ms_free(d->sections[i].title);
    }
    for (size_t i = 0; i < d->n_findings; i++)
        ms_free(d->finding_sections[i]);
    ms_free(d->finding_sections);
    ms_free(d->tables);
    ms_free(d->sections);
    ms_free(d->body);
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

static ms_status deliver_table(void *ctx, const ms_rtable *t, const char *caption)
{
    ms_report *r = ctx;
    ms_deliver *d = r->deliver;
    if (!d)
        return MS_OK;
    if (ms_grow((void **)&d->tables, &d->cap_tables, d->n_tables + 1, sizeof *d->tables))
        return NOMEM(r);
    ms_dtable *x = &d->tables[d->n_tables];
    *x = (ms_dtable){ms_strdup(t->name),
                     caption ? ms_strdup(caption) : NULL,
                     copy_n(t->csv.s ? t->csv.s : "", t->csv.len),
                     t->csv.len,
                     copy_n(t->kinds, t->n_kinds),
                     t->n_kinds,
                     d->n_sections ? d->n_sections - 1 : 0};
    d->n_tables++; /* freed by destroy even when a copy failed */
    return x->name && x->csv && x->kinds && (x->caption || !caption) ? MS_OK : NOMEM(r);
}

void ms_deliver_section(ms_report *r, const char *id, const char *title, size_t start)
{
    ms_deliver *d = r->deliver;
    if (!d)
        return;
    if (d->n_sections)
        d->sections[d->n_sections - 1].end = start;
    if (ms_grow((void **)&d->sections, &d->cap_sections, d->n_sections + 1,
                sizeof *d->sections))
        return; /* ms_deliver_page reports the lost section */
    ms_dsection *s = &d->sections[d->n_sections++];
    *s = (ms_dsection){ms_strdup(id), ms_strdup(title), start, start};
}

void ms_deliver_finding(ms_report *r, const ms_sbuf *ul, const char *prefix, const char *name)
{
    ms_deliver *d = r->deliver;
    if (!d)
        return;
    size_t items = 0;
    for (const char *p = ul->s; p && (p = strstr(p, "<li>")); p += 4)
        items++;
    while (d->n_findings < items) {
        if (ms_grow((void **)&d->finding_sections, &d->cap_findings, d->n_findings + 1,
                    sizeof *d->finding_sections))
            return; /* the finding is shown without its chart */
        size_t n = strlen(prefix) + strlen(name) + 1;
        char *id = ms_malloc(n);
        if (id)
            snprintf(id, n, "%s%s", prefix, name);
        d->finding_sections[d->n_findings++] = id;
    }
}

const char *ms_deliver_finding_section(const ms_deliver *d, size_t k)
{
    return k < d->n_findings ? d->finding_sections[k] : NULL;
}

ms_status ms_deliver_page(ms_report *r, const ms_sbuf *body)
{
    ms_deliver *d = r->deliver;
    if (!d)
        return MS_OK;
    if (d->n_sections != r->sections)
        return NOMEM(r);
    for (size_t i = 0; i < d->n_sections; i++)
        if (!d->sections[i].id || !d->sections[i].title)
            return NOMEM(r);
    if (d->n_sections)
        d->sections[d->n_sections - 1].end = body->len;
    if (!(d->body = copy_n(body->s ? body->s : "", body->len)))
        return NOMEM(r);
    d->body_len = body->len;
    return MS_OK;
}

void ms_deliver_contents(const ms_report *r, ms_sbuf *html)
{
    if (!r->deliver)
        return;
    ms_sbuf_printf(html, "<p class=\"deliverables\">%s ",
                   MS_TR(r, "Для круглого стола и сайта:", "For the round table and the site:"));
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

/* ---------- pieces of the page ---------- */

char *ms_deliver_section_html(const ms_deliver *d, size_t i)
{
    const ms_dsection *s = &d->sections[i];
    const char *from = d->body + s->start, *to = d->body + s->end;
    const char *h2 = strstr(from, "</h2>\n");
    if (h2 && h2 < to)
        from = h2 + 6;
    size_t n = (size_t)(to - from);
    static const char close[] = "</section>\n";
    if (n >= sizeof close - 1 && !memcmp(to - (sizeof close - 1), close, sizeof close - 1))
        n -= sizeof close - 1;
    return copy_n(from, n);
}

long ms_deliver_find_section(const ms_deliver *d, const char *id)
{
    for (size_t i = 0; i < d->n_sections; i++)
        if (!strcmp(d->sections[i].id, id))
            return (long)i;
    return -1;
}

static char *between(const char *s, const char *open, const char *close)
{
    const char *a = s ? strstr(s, open) : NULL;
    const char *b = a ? strstr(a + strlen(open), close) : NULL;
    return b ? copy_n(a + strlen(open), (size_t)(b - a - strlen(open))) : NULL;
}

char *ms_deliver_findings(const ms_deliver *d)
{
    char *f = between(d->body, "<ul class=\"findings\">\n", "</ul>");
    return f ? f : copy_n("", 0);
}

bool ms_deliver_next_figure(const char *s, const char **start, const char **end, char *name,
                            size_t size)
{
    static const char open[] = "<figure class=\"chart\" id=\"chart-";
    const char *a = strstr(s, open);
    const char *q = a ? strchr(a + sizeof open - 1, '"') : NULL;
    const char *b = q ? strstr(q, "</figure>") : NULL;
    if (!b)
        return false;
    size_t n = (size_t)(q - (a + sizeof open - 1));
    snprintf(name, size, "%.*s", (int)n, a + sizeof open - 1);
    *start = a;
    *end = b + strlen("</figure>");
    return true;
}

char *ms_deliver_figure(const ms_deliver *d, const char *name)
{
    const char *s = d->body, *a, *b;
    char found[160];
    while (ms_deliver_next_figure(s, &a, &b, found, sizeof found)) {
        if (!strcmp(found, name))
            return copy_n(a, (size_t)(b - a));
        s = b;
    }
    return NULL;
}

char *ms_deliver_table_html(const ms_deliver *d, const char *name)
{
    char link[160];
    snprintf(link, sizeof link, "<p class=\"csv\">CSV: <a href=\"tables/%s.csv\">", name);
    const char *l = strstr(d->body, link);
    if (!l)
        return NULL;
    const char *a = l;
    while (a > d->body && strncmp(a, "<div class=\"table\">", 19))
        a--;
    if (strncmp(a, "<div class=\"table\">", 19))
        return NULL;
    char *t = ms_malloc((size_t)(l - a) + sizeof "</div>\n");
    if (t) /* the table and the div closed, without the link between them */
        snprintf(t, (size_t)(l - a) + sizeof "</div>\n", "%.*s</div>\n", (int)(l - a), a);
    return t;
}

void ms_deliver_strip_links(ms_sbuf *out, const char *html)
{
    static const struct {
        const char *open, *close;
    } drop[] = {{"<p class=\"csv\">", "</p>"}, {" <span class=\"files\">", "</span>"}};
    const char *s = html;
    for (;;) {
        const char *next = NULL, *close = NULL;
        for (size_t i = 0; i < sizeof drop / sizeof *drop; i++) {
            const char *p = strstr(s, drop[i].open);
            if (p && (!next || p < next))
                next = p, close = drop[i].close;
        }
        const char *e = next ? strstr(next, close) : NULL;
        if (!e) {
            ms_sbuf_puts(out, s);
            return;
        }
        ms_sbuf_putn(out, s, (size_t)(next - s));
        s = e + strlen(close);
    }
}

const char *ms_deliver_title(const ms_report *r)
{
    return MS_TR(r, "Мониторинг качества реализации программы наставничества",
                 "Monitoring the quality of the mentoring programme");
}
