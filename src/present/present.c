/*
 * present.c — the text side of every published document (present.h):
 * escaping for HTML, gnuplot strings and comments, numbers in the
 * document's language, and tables written at once as HTML and CSV.
 *
 * Every writer appends to an ms_sbuf whose failure flag is sticky, so long
 * sequences of appends are checked once, where the buffer is used.
 */
#include "present.h"
#include "cnum.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* ---------- escaping ---------- */

void ms_sbuf_html(ms_sbuf *b, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': ms_sbuf_puts(b, "&amp;"); break;
        case '<': ms_sbuf_puts(b, "&lt;"); break;
        case '>': ms_sbuf_puts(b, "&gt;"); break;
        case '"': ms_sbuf_puts(b, "&quot;"); break;
        case '\'': ms_sbuf_puts(b, "&#39;"); break;
        default: ms_sbuf_putn(b, s, 1);
        }
    }
}

/* The body of a single-quoted gnuplot string from s[0..n); tic labels are
 * printf formats to gnuplot, so there a % is doubled too. */
static void gp_body(ms_sbuf *b, const char *s, size_t n, bool tic)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\'')
            ms_sbuf_puts(b, "''");
        else if (c == '%' && tic)
            ms_sbuf_puts(b, "%%");
        else if (c < 0x20 || c == 0x7f)
            ms_sbuf_putn(b, " ", 1); /* a newline would end the command */
        else
            ms_sbuf_putn(b, s + i, 1);
    }
}

void ms_sbuf_gp(ms_sbuf *b, const char *s)
{
    ms_sbuf_putn(b, "'", 1);
    gp_body(b, s ? s : "", s ? strlen(s) : 0, false);
    ms_sbuf_putn(b, "'", 1);
}

static size_t utf8_chars(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

/* Lines are joined with gnuplot's string concatenation, 'a'."\n".'b', because
 * only double-quoted strings know escapes and user text stays single-quoted.
 * tic: a tic label, which gnuplot reads as a format (% doubled). */
static void gp_lines(ms_sbuf *b, const char *s, size_t width, bool tic)
{
    s = s ? s : "";
    size_t n = strlen(s), start = 0, lines = 0;
    while (start < n || lines == 0) {
        size_t end = n, last_space = 0;
        for (size_t i = start; i < n; i++) {
            if (s[i] == ' ')
                last_space = i;
            if (utf8_chars(s + start, i - start) >= width && last_space > start) {
                end = last_space;
                break;
            }
        }
        if (lines++)
            ms_sbuf_puts(b, ".\"\\n\".");
        ms_sbuf_putn(b, "'", 1);
        gp_body(b, s + start, end - start, tic);
        ms_sbuf_putn(b, "'", 1);
        start = end < n ? end + 1 : n;
        if (lines == 3 && start < n) { /* three lines at most: the rest is cut */
            ms_sbuf_puts(b, ".'…'");
            break;
        }
    }
}

void ms_sbuf_gp_tic(ms_sbuf *b, const char *s, size_t width)
{
    gp_lines(b, s, width, true);
}

void ms_sbuf_gp_lines(ms_sbuf *b, const char *s, size_t width)
{
    gp_lines(b, s, width, false);
}

void ms_sbuf_comment(ms_sbuf *b, const char *s)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        /* a trailing backslash would continue the comment onto the next line */
        ms_sbuf_putn(b, c < 0x20 || c == 0x7f ? " " : c == '\\' ? "/" : s, 1);
    }
}

/* ---------- numbers ---------- */

const char *ms_rnum(const ms_present *p, char *buf, size_t size, double x, int decimals, bool csv)
{
    if (!isfinite(x)) {
        ms_c_snprintf(buf, size, "%s", csv ? "" : "—");
        return buf;
    }
    char tmp[64];
    ms_c_snprintf(tmp, sizeof tmp, "%.*f", decimals, x);
    bool zero = strspn(tmp, "-0.") == strlen(tmp);
    const char *digits = tmp[0] == '-' ? tmp + 1 : tmp;
    bool negative = tmp[0] == '-' && !zero;
    size_t o = 0;
    if (negative)
        o = (size_t)ms_c_snprintf(buf, size, "%s", csv ? "-" : "\xE2\x88\x92"); /* U+2212 */
    for (const char *c = digits; *c && o + 1 < size; c++)
        buf[o++] = *c == '.' && p->ru ? ',' : *c;
    buf[o < size ? o : size - 1] = '\0';
    return buf;
}

const char *ms_rp(const ms_present *p, char *buf, size_t size, double pv, bool csv)
{
    if (isfinite(pv) && pv < 0.001 && !csv) {
        char t[16];
        ms_c_snprintf(buf, size, "< %s", ms_rnum(p, t, sizeof t, 0.001, 3, false));
        return buf;
    }
    return ms_rnum(p, buf, size, pv, csv ? 6 : 3, csv);
}

/* No-break spaces: «p <⏎0,001» never splits across lines. */
const char *ms_rp_html(const ms_present *p, char *buf, size_t size, double pv)
{
    char v[32];
    if (isfinite(pv) && pv < 0.001)
        ms_c_snprintf(buf, size, "p\xC2\xA0&lt;\xC2\xA0%s", ms_rnum(p, v, sizeof v, 0.001, 3, false));
    else
        ms_c_snprintf(buf, size, "p\xC2\xA0=\xC2\xA0%s", ms_rnum(p, v, sizeof v, pv, 3, false));
    return buf;
}

/* ---------- tables ---------- */

void ms_rtable_begin(ms_rtable *t, const ms_present *p, const char *name)
{
    memset(t, 0, sizeof *t);
    t->p = p;
    ms_c_snprintf(t->name, sizeof t->name, "%s", name);
}

static void add(ms_rtable *t, ms_cell_kind kind, double x, double hi, int decimals,
                const char *text)
{
    if (t->failed)
        return;
    char *copy = NULL;
    if (text && !(copy = ms_strdup(text))) {
        t->failed = true;
        return;
    }
    if (ms_grow((void **)&t->cells, &t->cap_cells, t->n_cells + 1, sizeof *t->cells)) {
        ms_free(copy);
        t->failed = true;
        return;
    }
    t->cells[t->n_cells++] = (ms_rcell){kind, decimals, t->rows, x, hi, copy, NULL, MS_GROUP_SHOWN};
}

/* A suppressed cell with its reason (the one decision of base/suppress.c). */
static void add_hidden(ms_rtable *t, ms_cell_kind kind, ms_group_hiding why)
{
    add(t, kind, NAN, NAN, 0, NULL);
    if (!t->failed)
        t->cells[t->n_cells - 1].hiding = why == MS_GROUP_COMPLEMENT ? why : MS_GROUP_SMALL;
}

void ms_rtable_head(ms_rtable *t, const char *text)
{
    add(t, MS_CELL_HEAD, NAN, NAN, 0, text ? text : "");
}

void ms_rtable_head_short(ms_rtable *t, const char *page, const char *whole)
{
    ms_rtable_head(t, page);
    if (t->failed || !whole || !strcmp(whole, page ? page : ""))
        return;
    if (!(t->cells[t->n_cells - 1].whole = ms_strdup(whole)))
        t->failed = true;
}

void ms_rtable_head_range(ms_rtable *t, const char *text)
{
    add(t, MS_CELL_HEAD_RANGE, NAN, NAN, 0, text ? text : "");
}

void ms_rtable_text(ms_rtable *t, const char *text)
{
    add(t, MS_CELL_LABEL, NAN, NAN, 0, text ? text : "");
}

void ms_rtable_text_of(ms_rtable *t, const ms_sbuf *b)
{
    const char *s = ms_sbuf_str(b);
    if (s)
        ms_rtable_text(t, s);
    else
        t->failed = true;
}

void ms_rtable_num(ms_rtable *t, double x, int decimals)
{
    add(t, MS_CELL_NUMBER, x, NAN, decimals, NULL);
}

void ms_rtable_pct(ms_rtable *t, double share, int decimals)
{
    add(t, MS_CELL_PERCENT, share, NAN, decimals, NULL);
}

void ms_rtable_p(ms_rtable *t, double p)
{
    add(t, MS_CELL_P, p, NAN, 3, NULL);
}

void ms_rtable_range(ms_rtable *t, double lo, double hi, int decimals)
{
    add(t, MS_CELL_RANGE, lo, hi, decimals, NULL);
}

void ms_rtable_hidden(ms_rtable *t)
{
    add_hidden(t, MS_CELL_HIDDEN, MS_GROUP_SMALL);
}

void ms_rtable_hidden_why(ms_rtable *t, ms_group_hiding why)
{
    add_hidden(t, MS_CELL_HIDDEN, why);
}

void ms_rtable_hidden_range_why(ms_rtable *t, ms_group_hiding why)
{
    add_hidden(t, MS_CELL_HIDDEN_RANGE, why);
}

void ms_rtable_hidden_range(ms_rtable *t)
{
    add_hidden(t, MS_CELL_HIDDEN_RANGE, MS_GROUP_SMALL);
}

void ms_rtable_end_row(ms_rtable *t)
{
    t->rows++;
}

void ms_rtable_hidden_kinds(const ms_rtable *t, bool *small, bool *complement)
{
    *small = *complement = false;
    for (size_t i = 0; i < t->n_cells; i++)
        if (t->cells[i].kind == MS_CELL_HIDDEN || t->cells[i].kind == MS_CELL_HIDDEN_RANGE) {
            if (t->cells[i].hiding == MS_GROUP_COMPLEMENT)
                *complement = true;
            else
                *small = true;
        }
}

void ms_rtable_discard(ms_rtable *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n_cells; i++) {
        ms_free(t->cells[i].text);
        ms_free(t->cells[i].whole);
    }
    ms_free(t->cells);
    t->cells = NULL;
    t->n_cells = t->cap_cells = 0;
}

const char *ms_rcell_text(const ms_present *p, const ms_rcell *c, char *buf, size_t size)
{
    char a[64], b[64];
    switch (c->kind) {
    case MS_CELL_HEAD:
    case MS_CELL_HEAD_RANGE:
    case MS_CELL_LABEL: return c->text;
    case MS_CELL_NUMBER: return ms_rnum(p, buf, size, c->x, c->decimals, false);
    case MS_CELL_PERCENT:
        ms_rnum(p, a, sizeof a, 100 * c->x, c->decimals, false);
        ms_c_snprintf(buf, size, isfinite(c->x) ? "%s %%" : "%s", a);
        return buf;
    case MS_CELL_P: return ms_rp(p, buf, size, c->x, false);
    case MS_CELL_RANGE:
        if (isfinite(c->x) && isfinite(c->hi) && (c->x < 0 || c->hi < 0)) /* not «−7,5–−1,7» */
            ms_c_snprintf(buf, size, p->ru ? "от %s до %s" : "%s to %s",
                     ms_rnum(p, a, sizeof a, c->x, c->decimals, false),
                     ms_rnum(p, b, sizeof b, c->hi, c->decimals, false));
        else if (isfinite(c->x) && isfinite(c->hi))
            ms_c_snprintf(buf, size, "%s–%s", ms_rnum(p, a, sizeof a, c->x, c->decimals, false),
                     ms_rnum(p, b, sizeof b, c->hi, c->decimals, false));
        else
            ms_c_snprintf(buf, size, "—");
        return buf;
    case MS_CELL_HIDDEN:
    case MS_CELL_HIDDEN_RANGE: return c->hiding == MS_GROUP_COMPLEMENT ? "**" : "*";
    }
    return "";
}

/* Text cells are always quoted, with the formula guard of
 * ms_sbuf_csv_cell.  Our own numbers are written bare (a number cannot be
 * a formula, and a spreadsheet must read it as a number). */
static void csv_text(const ms_rtable *t, ms_sbuf *out, bool *first, const char *s)
{
    if (!*first)
        ms_sbuf_putn(out, t->p->ru ? ";" : ",", 1);
    *first = false;
    ms_sbuf_csv_cell(out, s, strlen(s));
}

static void csv_num(const ms_rtable *t, ms_sbuf *out, bool *first, const char *s)
{
    if (!*first)
        ms_sbuf_putn(out, t->p->ru ? ";" : ",", 1);
    *first = false;
    ms_sbuf_puts(out, s);
}

void ms_rtable_csv(const ms_rtable *t, ms_sbuf *out)
{
    const ms_present *p = t->p;
    char a[256];
    ms_sbuf_puts(out, "\xEF\xBB\xBF"); /* BOM: Excel then reads UTF-8 */
    size_t row = 0;
    bool first = true;
    for (size_t i = 0; i < t->n_cells; i++) {
        const ms_rcell *c = &t->cells[i];
        for (; row < c->row; row++, first = true)
            ms_sbuf_puts(out, "\r\n");
        switch (c->kind) {
        case MS_CELL_HEAD:
        case MS_CELL_LABEL: csv_text(t, out, &first, c->whole ? c->whole : c->text); break;
        case MS_CELL_HEAD_RANGE:
            ms_c_snprintf(a, sizeof a, "%s: %s", c->text, p->ru ? "от" : "low");
            csv_text(t, out, &first, a);
            ms_c_snprintf(a, sizeof a, "%s: %s", c->text, p->ru ? "до" : "high");
            csv_text(t, out, &first, a);
            break;
        case MS_CELL_NUMBER: csv_num(t, out, &first, ms_rnum(p, a, sizeof a, c->x, c->decimals, true)); break;
        case MS_CELL_PERCENT:
            csv_num(t, out, &first, ms_rnum(p, a, sizeof a, 100 * c->x, c->decimals, true));
            break;
        case MS_CELL_P: csv_num(t, out, &first, ms_rp(p, a, sizeof a, c->x, true)); break;
        case MS_CELL_RANGE:
            csv_num(t, out, &first, ms_rnum(p, a, sizeof a, c->x, c->decimals, true));
            csv_num(t, out, &first, ms_rnum(p, a, sizeof a, c->hi, c->decimals, true));
            break;
        case MS_CELL_HIDDEN: csv_num(t, out, &first, ""); break;
        case MS_CELL_HIDDEN_RANGE:
            csv_num(t, out, &first, "");
            csv_num(t, out, &first, "");
            break;
        }
    }
    for (; row < t->rows; row++)
        ms_sbuf_puts(out, "\r\n");
}

void ms_rtable_rows_html(const ms_rtable *t, ms_sbuf *out)
{
    char buf[256];
    size_t row = 0;
    ms_sbuf_puts(out, "<thead><tr>");
    for (size_t i = 0; i < t->n_cells; i++) {
        const ms_rcell *c = &t->cells[i];
        for (; row < c->row; row++)
            ms_sbuf_puts(out, row ? "</tr>\n<tr>" : "</tr></thead>\n<tbody><tr>");
        const char *text = ms_rcell_text(t->p, c, buf, sizeof buf);
        switch (c->kind) {
        case MS_CELL_HEAD:
        case MS_CELL_HEAD_RANGE: ms_sbuf_puts(out, "<th>"); break;
        case MS_CELL_LABEL: ms_sbuf_puts(out, "<td>"); break;
        case MS_CELL_HIDDEN:
        case MS_CELL_HIDDEN_RANGE: ms_sbuf_puts(out, "<td class=\"num hidden\">"); break;
        default: ms_sbuf_puts(out, "<td class=\"num\">");
        }
        ms_sbuf_html(out, text);
        ms_sbuf_puts(out, c->kind == MS_CELL_HEAD || c->kind == MS_CELL_HEAD_RANGE ? "</th>"
                                                                                   : "</td>");
    }
    for (; row < t->rows; row++)
        ms_sbuf_puts(out, row ? "</tr>\n" : "</tr></thead>\n<tbody>");
}

ms_status ms_rtable_finish(ms_rtable *t, ms_present *p, const char *caption, ms_sbuf *html)
{
    char name[128];
    ms_c_snprintf(name, sizeof name, "tables/%s.csv", t->name);
    ms_status st = MS_OK;
    ms_sbuf csv = {0};
    if (t->failed) {
        st = ms_error_set(p->err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto cleanup;
    }
    ms_sbuf_puts(html, "<div class=\"table\"><table>");
    if (caption) {
        ms_sbuf_puts(html, "<caption>");
        ms_sbuf_html(html, caption);
        ms_sbuf_puts(html, "</caption>");
    }
    ms_rtable_rows_html(t, html);
    /* the link, not the file's name: readers need no path */
    ms_sbuf_printf(html, "</tbody></table><p class=\"csv\"><a href=\"%s\">CSV</a></p></div>\n",
                   name);
    ms_rtable_csv(t, &csv);
    if ((st = ms_present_write(p, name, &csv)) == MS_OK)
        p->tables++;
    if (st == MS_OK && p->on_table) /* the listener may take the cells */
        st = p->on_table(p->on_table_ctx, t, caption);
cleanup:
    ms_sbuf_free(&csv);
    ms_rtable_discard(t);
    return st;
}

/* A document people read, not a table or a chart's script. */
static bool read_by_people(const char *name)
{
    size_t n = strlen(name);
    return (n > 5 && strcmp(name + n - 5, ".html") == 0) || (n > 3 && strcmp(name + n - 3, ".md") == 0);
}

ms_status ms_present_write(const ms_present *p, const char *name, const ms_sbuf *b)
{
    if (b->failed)
        return ms_error_set(p->err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    size_t n = strlen(p->dir) + strlen(name) + 2;
    char *path = ms_malloc(n);
    if (!path)
        return ms_error_set(p->err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    ms_c_snprintf(path, n, "%s/%s", p->dir, name);
    ms_sbuf tied = {0};
    if (read_by_people(name))
        ms_sbuf_tie(&tied, ms_sbuf_str(b));
    const ms_sbuf *out = read_by_people(name) ? &tied : b;
    ms_status st = MS_OK;
    FILE *f = out->failed ? NULL : fopen(path, "wb");
    if (out->failed)
        st = ms_error_set(p->err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    else if (!f || (out->len && fwrite(ms_sbuf_str(out), 1, out->len, f) != out->len) ||
             fflush(f) != 0)
        st = ms_error_set(p->err, MS_ERR_IO, path, 0, 0, "cannot write: %s", strerror(errno));
    if (f && fclose(f) != 0 && st == MS_OK)
        st = ms_error_set(p->err, MS_ERR_IO, path, 0, 0, "cannot write: %s", strerror(errno));
    ms_free(path);
    ms_sbuf_free(&tied);
    return st;
}

ms_status ms_present_swap(const char *tmp, const char *dir, const char *what,
                          void (*remove_old)(const char *path), ms_error *err)
{
    size_t n = strlen(dir);
    char *old = ms_malloc(n + sizeof ".old-XXXXXX");
    if (!old)
        return ms_error_set(err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    memcpy(old, dir, n);
    memcpy(old + n, ".old-XXXXXX", sizeof ".old-XXXXXX");
    ms_status st = MS_OK;
    if (!mkdtemp(old) || rename(dir, old) != 0) {
        st = ms_error_set(err, MS_ERR_IO, dir, 0, 0, "cannot move the old %s aside: %s", what,
                          strerror(errno));
        rmdir(old);
    } else if (rename(tmp, dir) != 0) {
        st = ms_error_set(err, MS_ERR_IO, dir, 0, 0, "cannot move the %s into place: %s", what,
                          strerror(errno));
        rename(old, dir); /* put the old one back */
    } else {
        remove_old(old);
    }
    ms_free(old);
    return st;
}
