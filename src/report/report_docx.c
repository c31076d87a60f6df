/*
 * report_docx.c — spravka.docx, the «аналитическая справка» the deputy
 * director edits and signs, converted by pandoc from an HTML document cut
 * from the page: title with the organisation and year; purpose and sample;
 * each section's sentences, tables and charts (the PNG copies gnuplot
 * wrote, the SVG where there is none); the main findings as conclusions; the
 * best-practice candidates; a place for the signature.
 *
 * pandoc takes A4, margins and Russian styles from the built-in reference
 * document (src/report/reference.docx, made by tools/make-reference-docx).  The
 * source document and the reference are written into the report directory
 * for pandoc and removed after it; its messages go to pandoc.log, which is
 * kept only when it failed.
 */
#include "report_deliver.h"
#include "cnum.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern const unsigned char ms_reference_docx[];
extern const unsigned long ms_reference_docx_size;

#define SOURCE "spravka-source.html"
#define REFERENCE "spravka-reference.docx"
#define LOG "pandoc.log"

/* A figure of the page as an image file for pandoc. */
static void put_figure(const ms_report *r, ms_sbuf *out, const char *fig, const char *name)
{
    char png[200];
    ms_c_snprintf(png, sizeof png, "%s/charts/%s.png", r->pr.dir, name);
    struct stat sb;
    bool has_png = stat(png, &sb) == 0;
    const char *cap = strstr(fig, "<figcaption>");
    const char *end = cap ? strstr(cap, "</figcaption>") : NULL;
    ms_sbuf_printf(out, "<figure><img src=\"charts/%s.%s\" width=\"100%%\">", name,
                   has_png ? "png" : "svg");
    if (end) {
        ms_sbuf caption = {0};
        ms_sbuf_putn(&caption, cap, (size_t)(end - cap) + strlen("</figcaption>"));
        if (!caption.failed)
            ms_deliver_strip_links(out, ms_sbuf_str(&caption));
        if (caption.failed)
            ms_sbuf_fail(out);
        ms_sbuf_free(&caption);
    }
    ms_sbuf_puts(out, "</figure>\n");
}

enum { MAX_COLS = 64 };

/* Visible characters of the cell text in [a, b): tags skipped, an entity
 * and a UTF-8 sequence one each.  *word: its longest run without a space. */
static size_t text_width(const char *a, const char *b, size_t *word)
{
    size_t n = 0, run = 0;
    *word = 0;
    for (const char *p = a; p < b; p++) {
        if (*p == '<') {
            const char *q = memchr(p, '>', (size_t)(b - p));
            p = q ? q : b - 1;
            continue;
        }
        if (((unsigned char)*p & 0xC0) == 0x80)
            continue; /* a continuation byte */
        if (*p == '&') {
            const char *q = memchr(p, ';', (size_t)(b - p));
            p = q && q - p < 10 ? q : p;
        }
        n++;
        run = *p == ' ' ? 0 : run + 1;
        *word = run > *word ? run : *word;
    }
    return n;
}

/* Widths (in characters) of the columns of the table whose header row
 * starts at t.  A column gets at least its longest word and padding (a word
 * cannot wrap), then a share of the rest of the line, about 85 characters
 * of 10 pt type on A4, for its longer texts (up to a line's worth each). */
static size_t column_weights(const char *t, double *w)
{
    enum { LINE = 85, PAD = 3, LONG = 28 };
    double more[MAX_COLS] = {0}, base = 0, extra = 0;
    const char *end = strstr(t, "</table>");
    size_t n = 0;
    if (!end)
        return 0;
    for (const char *row = t; (row = strstr(row, "<tr>")) && row < end; row++) {
        size_t k = 0;
        for (const char *c = row; k < MAX_COLS; k++) {
            const char *th = strstr(c, "<th"), *td = strstr(c, "<td"), *close = strstr(c, "</tr>");
            const char *cell = th && (!td || th < td) ? th : td;
            if (!cell || !close || cell > close)
                break;
            const char *open = strchr(cell, '>'), *stop = strstr(cell, "</t");
            if (!open || !stop || stop > close)
                break;
            size_t word, len = text_width(open + 1, stop, &word);
            if (k >= n) {
                w[k] = 2 * PAD, more[k] = 0;
                n = k + 1;
            }
            w[k] = fmax(w[k], (double)word + PAD);
            more[k] = fmax(more[k], fmin((double)len, LONG));
            c = stop + 3;
        }
    }
    for (size_t i = 0; i < n; i++) {
        more[i] = fmax(0, more[i] - w[i]);
        base += w[i], extra += more[i];
    }
    double share = extra > 0 && base < LINE ? fmin(1, (LINE - base) / extra) : 0;
    for (size_t i = 0; i < n; i++)
        w[i] += more[i] * share;
    return n;
}

/* Columns as wide as their texts need before each <thead>: without widths
 * pandoc gives a table less than the page's width and wraps words within
 * letters; equal widths squeeze the label column and waste the numbers'. */
static void put_widths(ms_sbuf *out, const char *html)
{
    const char *s = html, *t;
    while ((t = strstr(s, "<thead><tr>"))) {
        double w[MAX_COLS], sum = 0;
        size_t n = column_weights(t, w);
        ms_sbuf_putn(out, s, (size_t)(t - s));
        for (size_t i = 0; i < n; i++)
            sum += w[i];
        if (n && sum > 0) {
            ms_sbuf_puts(out, "<colgroup>");
            for (size_t i = 0; i < n; i++)
                ms_sbuf_printf(out, "<col width=\"%.2f%%\">", 100.0 * w[i] / sum);
            ms_sbuf_puts(out, "</colgroup>");
        }
        ms_sbuf_puts(out, "<thead><tr>");
        s = t + strlen("<thead><tr>");
    }
    ms_sbuf_puts(out, s);
}

/* A section body for pandoc: figures as images, headings one level down
 * (the section title is <h3> here), links to the files beside the page
 * left out, and the summary's findings left for the conclusions. */
static void put_section(const ms_report *r, ms_sbuf *out, const char *html)
{
    ms_sbuf plain = {0};
    const char *s = html, *a, *b;
    char name[160];
    while (ms_deliver_next_figure(s, &a, &b, name, sizeof name)) {
        ms_sbuf_putn(&plain, s, (size_t)(a - s));
        put_figure(r, &plain, a, name);
        s = b;
    }
    ms_sbuf_puts(&plain, s);
    const char *text = ms_sbuf_str(&plain); /* NULL when it failed */
    const char *f = text ? strstr(text, "<ul class=\"findings\">") : NULL;
    const char *fe = f ? strstr(f, "</ul>") : NULL;
    if (fe) { /* with its heading, «Главное» */
        const char *h = f;
        while (h > text && f - h < 200 && strncmp(h, "<h3>", 4))
            h--;
        if (strncmp(h, "<h3>", 4))
            h = f; /* no heading right before it: the list alone */
        memset((char *)h, ' ', (size_t)(fe + 5 - h));
    }
    ms_sbuf lowered = {0};
    for (const char *p = text ? text : ""; *p; p++) {
        if ((p[0] == '<' && (p[1] == 'h' || (p[1] == '/' && p[2] == 'h'))) &&
            p[p[1] == '/' ? 3 : 2] >= '3' && p[p[1] == '/' ? 3 : 2] <= '5') {
            size_t at = p[1] == '/' ? 3 : 2;
            ms_sbuf_putn(&lowered, p, at);
            ms_sbuf_printf(&lowered, "%c", p[at] + 1);
            p += at;
            continue;
        }
        ms_sbuf_putn(&lowered, p, 1);
    }
    ms_sbuf widths = {0};
    if (!lowered.failed)
        put_widths(&widths, ms_sbuf_str(&lowered));
    if (!widths.failed)
        ms_deliver_strip_links(out, ms_sbuf_str(&widths));
    if (plain.failed || lowered.failed || widths.failed)
        ms_sbuf_fail(out);
    ms_sbuf_free(&plain);
    ms_sbuf_free(&lowered);
    ms_sbuf_free(&widths);
}

static void put_purpose(const ms_report *r, ms_sbuf *out)
{
    ms_sbuf_printf(out, "<h2>%s</h2>\n", MS_TR(r, "1. Цель и выборка", "1. Purpose and sample"));
    ms_sbuf_printf(
        out, "<p>%s</p>\n",
        MS_TR(r,
              "Цель мониторинга — оценить качество реализации программы наставничества по "
              "анкетам её участников, сравнить формы наставничества и годы, оценить рост "
              "участников и определить лучшие практики для методической копилки.",
              "The monitoring assesses the quality of the mentoring programme from its "
              "participants' questionnaires, compares forms of mentoring and years, measures "
              "growth and finds the best practices for the methodological collection."));
    ms_sbuf_printf(out,
                   MS_TR(r,
                         "<p>Принято анкет: %llu (получено %llu; без согласия на обработку "
                         "данных — %llu, отклонено при проверке — %llu). Данные групп меньше %d "
                         "человек не приводятся.</p>\n",
                         "<p>Questionnaires accepted: %llu (of %llu received; %llu without "
                         "consent, %llu rejected by the checks). Figures of groups below %d "
                         "people are not shown.</p>\n"),
                   r->rows.accepted, r->rows.read, r->rows.excluded, r->rows.quarantined,
                   r->prog->min_group);
}

static ms_status source_document(const ms_report *r, ms_sbuf *out)
{
    const ms_deliver *d = r->deliver;
    ms_sbuf_printf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
                   r->pr.ru ? "ru" : "en");
    ms_sbuf_puts(out, "<title>");
    ms_sbuf_puts(out, MS_TR(r,
                            "Аналитическая справка по итогам мониторинга качества реализации "
                            "программы наставничества",
                            "Analytical note on the monitoring of the mentoring programme"));
    /* the organisation and year: pandoc's subtitle, centred under the title */
    ms_sbuf_puts(out, "</title>\n<meta name=\"subtitle\" content=\"");
    ms_html_subtitle(r, out);
    ms_sbuf_puts(out, "\">\n</head>\n<body>\n");
    put_purpose(r, out);
    ms_sbuf_printf(out, "<h2>%s</h2>\n",
                   MS_TR(r, "2. Результаты мониторинга", "2. Results of the monitoring"));
    for (size_t i = 0; i < d->n_sections; i++) {
        if (!strcmp(d->sections[i].id, "appendix"))
            continue;
        char *html = ms_deliver_section_html(d, i);
        if (!html)
            return NOMEM(r);
        ms_sbuf_puts(out, "<h3>");
        ms_sbuf_html(out, d->sections[i].title);
        ms_sbuf_puts(out, "</h3>\n");
        put_section(r, out, html);
        ms_free(html);
    }
    char *findings = ms_deliver_findings(d);
    if (!findings)
        return NOMEM(r);
    ms_sbuf_printf(out, "<h2>%s</h2>\n<ul>\n", MS_TR(r, "3. Выводы", "3. Conclusions"));
    /* paragraphs in the items: a loose list, in body text rather than the
     * table cells' small type */
    for (const char *li = findings, *end; (li = strstr(li, "<li>")) && (end = strstr(li, "</li>"));
         li = end)
        ms_sbuf_printf(out, "<li><p>%.*s</p></li>\n", (int)(end - li - 4), li + 4);
    ms_sbuf_puts(out, "</ul>\n");
    ms_free(findings);
    char *practices = ms_deliver_table_html(d, "practices-forms");
    ms_sbuf_printf(out, "<h2>%s</h2>\n",
                   MS_TR(r, "4. Лучшие практики", "4. Best practices"));
    ms_sbuf_puts(out, MS_TR(r,
                            "<p>Предлагается рассмотреть на круглом столе и включить в "
                            "методическую копилку практики, отмеченные как кандидаты (таблица "
                            "ниже; материалы — kopilka.md).</p>\n",
                            "<p>The round table is asked to consider the candidates below for "
                            "the methodological collection (material: kopilka.md).</p>\n"));
    if (practices)
        put_widths(out, practices); /* no links left: the table alone */
    ms_free(practices);
    /* a style of its own (pandoc's custom-style, based on Normal): the lines
     * of the signature neither justified nor indented */
    ms_sbuf_puts(out, MS_TR(r,
                            "<div data-custom-style=\"Signature\">\n<p>&nbsp;</p>\n"
                            "<p>Заместитель директора по УВР ____________ / ____________ /</p>\n"
                            "<p>«___» ____________ ",
                            "<div data-custom-style=\"Signature\">\n<p>&nbsp;</p>\n"
                            "<p>Deputy director ____________ / ____________ /</p>\n"
                            "<p>Date ____________ "));
    if (r->prog->year)
        ms_sbuf_printf(out, MS_TR(r, "%d г.", "%d"), r->prog->year);
    ms_sbuf_puts(out, "</p>\n</div>\n</body>\n</html>\n");
    return out->failed ? NOMEM(r) : MS_OK;
}

static char *in_dir(const ms_report *r, const char *name)
{
    size_t n = strlen(r->pr.dir) + strlen(name) + 2;
    char *p = ms_malloc(n);
    if (p)
        ms_c_snprintf(p, n, "%s/%s", r->pr.dir, name);
    return p;
}

/* pandoc ARGS... in the report directory, stdout and stderr to pandoc.log. */
static ms_status run_pandoc(ms_report *r, char *const argv[], const char *log)
{
    int status = 0, rc = ms_report_spawn(r->pr.dir, log, false, argv, &status);
    if (rc != 0)
        return ms_error_set(r->pr.err, MS_ERR_EXTERNAL, NULL, 0, 0, "cannot run pandoc: %s",
                            strerror(rc));
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return MS_OK;
    char first[300] = "";
    FILE *in = fopen(log, "r");
    if (in && fgets(first, sizeof first, in))
        first[strcspn(first, "\r\n")] = '\0';
    if (in)
        fclose(in);
    return ms_error_set(r->pr.err, MS_ERR_EXTERNAL, NULL, 0, 0,
                        "pandoc failed to write spravka.docx: %s", first);
}

ms_status ms_report_docx(ms_report *r)
{
    ms_sbuf src = {0}, ref = {0};
    char *s = in_dir(r, SOURCE), *f = in_dir(r, REFERENCE), *log = in_dir(r, LOG);
    ms_status st = s && f && log ? source_document(r, &src) : NOMEM(r);
    ms_sbuf_putn(&ref, (const char *)ms_reference_docx, ms_reference_docx_size);
    if (st == MS_OK)
        st = ms_present_write(&r->pr, SOURCE, &src);
    if (st == MS_OK)
        st = ms_present_write(&r->pr, REFERENCE, &ref);
    if (st == MS_OK) { /* run in the report directory: no user path as an argument */
        char *argv[] = {"pandoc", "--from=html", "--to=docx", "--standalone",
                        "--reference-doc=" REFERENCE, "--resource-path=.",
                        r->pr.ru ? "--metadata=lang:ru-RU" : "--metadata=lang:en-GB",
                        "-o", "spravka.docx", "--", SOURCE, NULL};
        st = run_pandoc(r, argv, log);
    }
    if (s)
        unlink(s);
    if (f)
        unlink(f);
    if (st == MS_OK && log)
        unlink(log);
    ms_sbuf_free(&src);
    ms_sbuf_free(&ref);
    ms_free(s);
    ms_free(f);
    ms_free(log);
    return st;
}
