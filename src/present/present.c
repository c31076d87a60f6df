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

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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
 * only double-quoted strings know escapes and user text stays single-quoted. */
void ms_sbuf_gp_tic(ms_sbuf *b, const char *s, size_t width)
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
        gp_body(b, s + start, end - start, true);
        ms_sbuf_putn(b, "'", 1);
        start = end < n ? end + 1 : n;
        if (lines == 3 && start < n) { /* three lines at most: the rest is cut */
            ms_sbuf_puts(b, ".'…'");
            break;
        }
    }
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

const char *ms_rp_html(const ms_present *p, char *buf, size_t size, double pv)
{
    char v[32];
    if (isfinite(pv) && pv < 0.001)
        ms_c_snprintf(buf, size, "p &lt; %s", ms_rnum(p, v, sizeof v, 0.001, 3, false));
    else
        ms_c_snprintf(buf, size, "p = %s", ms_rnum(p, v, sizeof v, pv, 3, false));
    return buf;
}

/* ---------- tables ---------- */

void ms_rtable_begin(ms_rtable *t, const ms_present *p, const char *name)
{
    memset(t, 0, sizeof *t);
    t->p = p;
    ms_c_snprintf(t->name, sizeof t->name, "%s", name);
    ms_sbuf_puts(&t->csv, "\xEF\xBB\xBF"); /* BOM: Excel then reads UTF-8 */
    ms_sbuf_puts(&t->html, "<thead><tr>");
}

/* The kind of the CSV cell just written (or a new one), for tables.xlsx. */
static void kind(ms_rtable *t, char k, bool replace)
{
    if (replace && t->n_kinds)
        t->kinds[t->n_kinds - 1] = k;
    else if (!replace && t->n_kinds < sizeof t->kinds)
        t->kinds[t->n_kinds++] = k;
}

static void csv_sep(ms_rtable *t)
{
    if (t->col++)
        ms_sbuf_putn(&t->csv, t->p->ru ? ";" : ",", 1);
}

/* Text cells are always quoted, with the formula guard of
 * ms_sbuf_csv_cell.  Our own numbers are written bare (a number cannot be
 * a formula, and a spreadsheet must read it as a number). */
static void csv_text(ms_rtable *t, const char *s)
{
    csv_sep(t);
    kind(t, 't', false);
    ms_sbuf_csv_cell(&t->csv, s, strlen(s));
}

static void csv_num(ms_rtable *t, const char *s)
{
    csv_sep(t);
    kind(t, 'n', false);
    ms_sbuf_puts(&t->csv, s);
}

void ms_rtable_head(ms_rtable *t, const char *text)
{
    ms_rtable_head_short(t, text, text);
}

void ms_rtable_head_short(ms_rtable *t, const char *page, const char *whole)
{
    ms_sbuf_puts(&t->html, "<th>");
    ms_sbuf_html(&t->html, page);
    ms_sbuf_puts(&t->html, "</th>");
    csv_text(t, whole);
}

void ms_rtable_text(ms_rtable *t, const char *text)
{
    ms_sbuf_puts(&t->html, "<td>");
    ms_sbuf_html(&t->html, text ? text : "");
    ms_sbuf_puts(&t->html, "</td>");
    csv_text(t, text ? text : "");
}

void ms_rtable_text_of(ms_rtable *t, const ms_sbuf *b)
{
    if (b->failed)
        ms_sbuf_fail(&t->html);
    else
        ms_rtable_text(t, ms_sbuf_str(b));
}

static void num_cell(ms_rtable *t, const char *html, const char *csv)
{
    ms_sbuf_puts(&t->html, "<td class=\"num\">");
    ms_sbuf_html(&t->html, html);
    ms_sbuf_puts(&t->html, "</td>");
    csv_num(t, csv);
}

void ms_rtable_num(ms_rtable *t, double x, int decimals)
{
    char h[64], c[64];
    num_cell(t, ms_rnum(t->p, h, sizeof h, x, decimals, false),
             ms_rnum(t->p, c, sizeof c, x, decimals, true));
}

void ms_rtable_pct(ms_rtable *t, double share, int decimals)
{
    char h[64], c[64], hp[72];
    ms_rnum(t->p, h, sizeof h, 100 * share, decimals, false);
    ms_c_snprintf(hp, sizeof hp, isfinite(share) ? "%s %%" : "%s", h);
    num_cell(t, hp, ms_rnum(t->p, c, sizeof c, 100 * share, decimals, true));
    kind(t, 'p', true);
}

void ms_rtable_p(ms_rtable *t, double pv)
{
    char h[64], c[64];
    num_cell(t, ms_rp(t->p, h, sizeof h, pv, false), ms_rp(t->p, c, sizeof c, pv, true));
}

/* One column on the page ("7,5–8,1"), two in the CSV (low; high), so a
 * spreadsheet still gets numbers. */
void ms_rtable_range(ms_rtable *t, double lo, double hi, int decimals)
{
    char a[64], b[64], h[160];
    if (isfinite(lo) && isfinite(hi))
        ms_c_snprintf(h, sizeof h, "%s–%s", ms_rnum(t->p, a, sizeof a, lo, decimals, false),
                      ms_rnum(t->p, b, sizeof b, hi, decimals, false));
    else
        ms_c_snprintf(h, sizeof h, "—");
    ms_sbuf_puts(&t->html, "<td class=\"num\">");
    ms_sbuf_html(&t->html, h);
    ms_sbuf_puts(&t->html, "</td>");
    csv_num(t, ms_rnum(t->p, a, sizeof a, lo, decimals, true));
    csv_num(t, ms_rnum(t->p, b, sizeof b, hi, decimals, true));
}

void ms_rtable_head_range(ms_rtable *t, const char *text)
{
    ms_sbuf_puts(&t->html, "<th>");
    ms_sbuf_html(&t->html, text);
    ms_sbuf_puts(&t->html, "</th>");
    char low[256], high[256];
    ms_c_snprintf(low, sizeof low, "%s: %s", text, t->p->ru ? "от" : "low");
    ms_c_snprintf(high, sizeof high, "%s: %s", text, t->p->ru ? "до" : "high");
    csv_text(t, low);
    csv_text(t, high);
}

void ms_rtable_hidden(ms_rtable *t)
{
    ms_sbuf_puts(&t->html, "<td class=\"num hidden\">*</td>");
    csv_num(t, "");
    kind(t, 'h', true);
}

void ms_rtable_hidden_range(ms_rtable *t)
{
    ms_rtable_hidden(t);
    csv_num(t, "");
    kind(t, 'h', true);
}

void ms_rtable_hidden_why(ms_rtable *t, ms_group_hiding why)
{
    if (why != MS_GROUP_COMPLEMENT) {
        ms_rtable_hidden(t);
        return;
    }
    ms_sbuf_puts(&t->html, "<td class=\"num hidden\">**</td>");
    csv_num(t, "");
    kind(t, 'k', true);
}

void ms_rtable_hidden_range_why(ms_rtable *t, ms_group_hiding why)
{
    ms_rtable_hidden_why(t, why);
    csv_num(t, "");
    kind(t, why == MS_GROUP_COMPLEMENT ? 'k' : 'h', true);
}

void ms_rtable_end_row(ms_rtable *t)
{
    if (!t->rows++)
        ms_sbuf_puts(&t->html, "</tr></thead>\n<tbody>");
    else
        ms_sbuf_puts(&t->html, "</tr>\n");
    ms_sbuf_puts(&t->html, "<tr>");
    ms_sbuf_puts(&t->csv, "\r\n");
    kind(t, '\n', false);
    t->col = 0;
}

ms_status ms_rtable_finish(ms_rtable *t, ms_present *p, const char *caption, ms_sbuf *html)
{
    char name[128];
    ms_c_snprintf(name, sizeof name, "tables/%s.csv", t->name);
    ms_status st = MS_OK;
    if (t->html.failed || t->csv.failed) {
        st = ms_error_set(p->err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto cleanup;
    }
    /* the last end_row opened a row that has no cells */
    if (t->html.len >= 4 && !strcmp(ms_sbuf_str(&t->html) + t->html.len - 4, "<tr>"))
        ms_sbuf_truncate(&t->html, t->html.len - 4);
    ms_sbuf_puts(html, "<div class=\"table\"><table>");
    if (caption) {
        ms_sbuf_puts(html, "<caption>");
        ms_sbuf_html(html, caption);
        ms_sbuf_puts(html, "</caption>");
    }
    ms_sbuf_append(html, &t->html);
    ms_sbuf_printf(html, "</tbody></table><p class=\"csv\">CSV: <a href=\"%s\">%s</a></p></div>\n",
                   name, name);
    if ((st = ms_present_write(p, name, &t->csv)) == MS_OK)
        p->tables++;
    if (st == MS_OK && p->on_table)
        st = p->on_table(p->on_table_ctx, t, caption);
cleanup:
    ms_sbuf_free(&t->html);
    ms_sbuf_free(&t->csv);
    return st;
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
    ms_status st = MS_OK;
    FILE *f = fopen(path, "wb");
    if (!f || (b->len && fwrite(ms_sbuf_str(b), 1, b->len, f) != b->len) || fflush(f) != 0)
        st = ms_error_set(p->err, MS_ERR_IO, path, 0, 0, "cannot write: %s", strerror(errno));
    if (f && fclose(f) != 0 && st == MS_OK)
        st = ms_error_set(p->err, MS_ERR_IO, path, 0, 0, "cannot write: %s", strerror(errno));
    ms_free(path);
    return st;
}
