/*
 * report_xlsx.c — tables.xlsx: every table of the page as a sheet of one
 * workbook (libxlsxwriter), after a first sheet that lists them.
 *
 * Each sheet renders the table's typed cells (the report's model, as the
 * page and the CSV do): text as text (a string cell is never a formula, so
 * no apostrophe guard), numbers as numbers with the table's decimals,
 * percentages as fractions with a % format, suppressed figures as `*` or
 * `**` with the page's notes below the table.  So a sheet holds exactly
 * the CSV's figures, which are the page's.
 */
#include "report_deliver.h"
#include "cnum.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "util.h"

#define SHEET_NAME_MAX 31 /* Excel's limit, in characters */
#define MAX_DECIMALS 6

typedef struct {
    lxw_workbook *wb;
    lxw_format *head, *hidden, *note, *link, *num[MAX_DECIMALS + 1], *pct[MAX_DECIMALS + 1];
} formats;

/* One sheet being filled from its table. */
typedef struct {
    const ms_report *r;
    formats *f;
    lxw_worksheet *ws;
    double width[64];       /* widest cell per column, in characters */
    lxw_error lxw;
} sheet;

static size_t utf8_chars(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

/* Bytes of the first n characters of s. */
static size_t utf8_prefix(const char *s, size_t n)
{
    size_t i = 0;
    for (size_t chars = 0; s[i]; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80 && chars++ == n)
            break;
    }
    return i;
}

static lxw_format *number_format(formats *f, int decimals, bool percent)
{
    lxw_format **slot = percent ? &f->pct[decimals] : &f->num[decimals];
    if (!*slot) {
        char code[16] = "0";
        if (decimals)
            ms_c_snprintf(code, sizeof code, "0.%.*s", decimals, "000000");
        if (percent)
            strcat(code, "%");
        *slot = workbook_add_format(f->wb);
        format_set_num_format(*slot, code);
    }
    return *slot;
}

static void widen(sheet *s, lxw_row_t row, lxw_col_t col, const char *text)
{
    if (col >= 64)
        return;
    double w = (double)utf8_chars(text, strlen(text));
    if (row == 0 && w > 24)
        w = 24; /* a long header wraps instead */
    if (w > s->width[col])
        s->width[col] = w;
}

static void check(sheet *s, lxw_error e)
{
    if (e != LXW_NO_ERROR && s->lxw == LXW_NO_ERROR)
        s->lxw = e;
}

static void put_text(sheet *s, lxw_row_t row, lxw_col_t col, const char *text, lxw_format *fmt)
{
    if (*text)
        check(s, worksheet_write_string(s->ws, row, col, text, fmt));
    widen(s, row, col, text);
}

/* x as the table's CSV has it (rounded to `decimals`), a number cell. */
static void put_number(sheet *s, lxw_row_t row, lxw_col_t col, double x, int decimals,
                       bool percent)
{
    if (!isfinite(x))
        return;
    if (decimals > MAX_DECIMALS)
        decimals = MAX_DECIMALS;
    char text[64];
    ms_c_snprintf(text, sizeof text, "%.*f", decimals, percent ? 100 * x : x);
    double v = ms_c_strtod(text, NULL);
    check(s, worksheet_write_number(s->ws, row, col, percent ? v / 100 : v,
                                    number_format(s->f, decimals, percent)));
    widen(s, row, col, text);
}

/* "*" or "**" as the page marks it, never a figure. */
static void put_hidden(sheet *s, lxw_row_t row, lxw_col_t col, ms_group_hiding why)
{
    check(s, worksheet_write_string(s->ws, row, col, why == MS_GROUP_COMPLEMENT ? "**" : "*",
                                    s->f->hidden));
}

/* The table's cells: text as text, numbers as numbers with their decimals,
 * percentages as fractions with a % format, suppressed figures as `*` or
 * `**`; an interval takes two columns (low, high), as in the CSV. */
static void fill(sheet *s, const ms_rtable *t)
{
    const ms_report *r = s->r;
    size_t row = (size_t)-1;
    lxw_col_t col = 0;
    char a[512];
    for (size_t i = 0; i < t->n_cells; i++) {
        const ms_rcell *c = &t->cells[i];
        if (c->row != row)
            row = c->row, col = 0;
        lxw_row_t y = (lxw_row_t)row;
        switch (c->kind) {
        case MS_CELL_HEAD: put_text(s, y, col++, c->whole ? c->whole : c->text, s->f->head); break;
        case MS_CELL_HEAD_RANGE:
            ms_c_snprintf(a, sizeof a, "%s: %s", c->text, MS_TR(r, "от", "low"));
            put_text(s, y, col++, a, s->f->head);
            ms_c_snprintf(a, sizeof a, "%s: %s", c->text, MS_TR(r, "до", "high"));
            put_text(s, y, col++, a, s->f->head);
            break;
        case MS_CELL_LABEL: put_text(s, y, col++, c->text, NULL); break;
        case MS_CELL_NUMBER: put_number(s, y, col++, c->x, c->decimals, false); break;
        case MS_CELL_PERCENT: put_number(s, y, col++, c->x, c->decimals, true); break;
        case MS_CELL_P: put_number(s, y, col++, c->x, 6, false); break;
        case MS_CELL_RANGE:
            put_number(s, y, col++, c->x, c->decimals, false);
            put_number(s, y, col++, c->hi, c->decimals, false);
            break;
        case MS_CELL_HIDDEN: put_hidden(s, y, col++, c->hiding); break;
        case MS_CELL_HIDDEN_RANGE:
            put_hidden(s, y, col++, c->hiding);
            put_hidden(s, y, col++, c->hiding);
            break;
        }
    }
}

/* The first letter of a UTF-8 word in capitals (ASCII and Cyrillic), for
 * initials; its length in bytes. */
static size_t capital(const char *w, char *out)
{
    unsigned char c = (unsigned char)w[0], d = (unsigned char)w[1];
    if (c < 0x80) {
        out[0] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
        return 1;
    }
    out[0] = (char)c, out[1] = (char)d;
    if (c == 0xD0 && d >= 0xB0) /* а..п */
        out[1] = (char)(d - 0x20);
    else if (c == 0xD1 && d >= 0x80 && d <= 0x8F) /* р..я */
        out[0] = (char)0xD0, out[1] = (char)(d + 0x20);
    else if (c == 0xD1 && d == 0x91) /* ё */
        out[0] = (char)0xD0, out[1] = (char)0x81;
    return 2;
}

/* Spaces, commas, dashes and opening brackets or quotes left at the end by
 * a cut. */
static void trim_end(char *s)
{
    static const char *const tails[] = {" ", ",", "-", "(", "\xE2\x80\x93" /* – */,
                                        "\xC2\xAB" /* « */};
    for (bool again = true; again;) {
        again = false;
        size_t n = strlen(s);
        for (size_t i = 0; i < sizeof tails / sizeof *tails && !again; i++) {
            size_t k = strlen(tails[i]);
            if (n >= k && !memcmp(s + n - k, tails[i], k))
                s[n - k] = '\0', again = true;
        }
    }
}

/* A caption short enough for a sheet: as it is when it fits; else
 * «Questionnaire title: what» becomes «Q. title. – what» (initials of the
 * words of three letters or more, the last word's first 7 letters: «У.
 * наставл.» and «У. наставн.» stay apart); then it is cut at a word within
 * `room` characters. */
static void short_caption(const char *src, size_t room, char *out, size_t size)
{
    const char *colon = strstr(src, ": ");
    size_t o = 0;
    if (utf8_chars(src, strlen(src)) > room && colon) {
        for (const char *w = src; w < colon && o + 40 < size;) {
            size_t len = strcspn(w, " ");
            if (w + len > colon)
                len = (size_t)(colon - w);
            const char *next = w + len + (w[len] == ' ');
            if (next >= colon) { /* the last word: 7 letters and a dot when longer than 9 */
                bool cut = utf8_chars(w, len) > 9;
                size_t k = cut ? utf8_prefix(w, 7) : len;
                memcpy(out + o, w, k);
                o += k;
                if (cut)
                    out[o++] = '.';
            } else if (utf8_chars(w, len) >= 3) {
                o += capital(w, out + o);
                out[o++] = '.';
                out[o++] = ' ';
            }
            w = next;
        }
        o += (size_t)ms_c_snprintf(out + o, size - o, " – %s", colon + 2);
    } else {
        o = (size_t)ms_c_snprintf(out, size, "%s", src);
    }
    if (o >= size)
        o = size - 1;
    out[o] = '\0';
    for (char *p = out; *p; p++)
        if (strchr("[]:*?/\\'", *p))
            *p = ' ';
    size_t chars = 0, cut = 0, last_space = 0;
    for (size_t i = 0; out[i]; i++) {
        if (((unsigned char)out[i] & 0xC0) == 0x80)
            continue;
        if (chars == room) {
            cut = last_space ? last_space : i;
            out[cut] = '\0';
            break;
        }
        if (out[i] == ' ')
            last_space = i;
        chars++;
    }
    trim_end(out);
}

/* A sheet name from the caption: no []:*?/\\', at most 31 characters,
 * unique among names[0..n) as Excel compares them (case-insensitively). */
static void sheet_name(const ms_dtable *t, char names[][4 * SHEET_NAME_MAX + 1], size_t n,
                       char *out)
{
    const char *src = t->caption ? t->caption : t->t.name;
    for (int attempt = 1;; attempt++) {
        char suffix[16] = "";
        if (attempt > 1)
            ms_c_snprintf(suffix, sizeof suffix, " (%d)", attempt);
        short_caption(src, SHEET_NAME_MAX - strlen(suffix), out, 4 * SHEET_NAME_MAX + 1 - 16);
        strcat(out, suffix);
        bool taken = false;
        for (size_t i = 0; i < n && !taken; i++)
            taken = ms_field_equal_ci((ms_field){out, strlen(out)}, names[i]);
        if (!taken)
            return;
    }
}

/* Below the table, the footnotes of the marks it holds (* and/or **), as
 * the page has them beside it. */
static ms_status sheet_notes(ms_report *r, sheet *s, const ms_dtable *t)
{
    bool small, complement;
    ms_rtable_hidden_kinds(&t->t, &small, &complement);
    if (!small && !complement)
        return MS_OK;
    ms_sbuf note = {0};
    ms_text_hidden_notes(r, &note, small, complement);
    const char *text = ms_sbuf_str(&note);
    if (text)
        check(s, worksheet_write_string(s->ws, (lxw_row_t)t->t.rows + 1, 0, text, s->f->note));
    ms_sbuf_free(&note);
    return text ? MS_OK : NOMEM(r);
}

static ms_status table_sheet(ms_report *r, formats *f, const ms_dtable *t, const char *name)
{
    sheet s = {.r = r, .f = f};
    if (!(s.ws = workbook_add_worksheet(f->wb, name)))
        return ms_error_set(r->pr.err, MS_ERR_IO, t->t.name, 0, 0, "cannot add the sheet %s", name);
    fill(&s, &t->t);
    worksheet_freeze_panes(s.ws, 1, 0);
    worksheet_set_row(s.ws, 0, LXW_DEF_ROW_HEIGHT * 2, NULL);
    for (lxw_col_t c = 0; c < 64 && s.width[c] > 0; c++)
        worksheet_set_column(s.ws, c, c, s.width[c] < 6 ? 8 : s.width[c] > 60 ? 62 : s.width[c] + 2,
                             NULL);
    ms_status st = sheet_notes(r, &s, t);
    if (st != MS_OK)
        return st;
    return s.lxw == LXW_NO_ERROR ? MS_OK
                                 : ms_error_set(r->pr.err, MS_ERR_IO, "tables.xlsx", 0, 0, "%s: %s",
                                                t->t.name, lxw_strerror(s.lxw));
}

static void contents_sheet(const ms_report *r, formats *f, lxw_worksheet *ws,
                           char names[][4 * SHEET_NAME_MAX + 1])
{
    const ms_deliver *d = r->deliver;
    const char *head[] = {MS_TR(r, "Лист", "Sheet"), MS_TR(r, "Таблица", "Table"),
                          MS_TR(r, "Раздел отчёта", "Section of the report"),
                          MS_TR(r, "Файл CSV", "CSV file")};
    for (lxw_col_t c = 0; c < 4; c++)
        worksheet_write_string(ws, 0, c, head[c], f->head);
    for (size_t i = 0; i < d->n_tables; i++) {
        const ms_dtable *t = &d->tables[i];
        char url[256], csv[160];
        ms_c_snprintf(url, sizeof url, "internal:'%s'!A1", names[i + 1]);
        ms_c_snprintf(csv, sizeof csv, "tables/%s.csv", t->t.name);
        lxw_row_t row = (lxw_row_t)i + 1;
        worksheet_write_url(ws, row, 0, url, f->link);
        worksheet_write_string(ws, row, 0, names[i + 1], f->link);
        worksheet_write_string(ws, row, 1, t->caption ? t->caption : t->t.name, NULL);
        if (t->section < d->n_sections)
            worksheet_write_string(ws, row, 2, d->sections[t->section].title, NULL);
        worksheet_write_string(ws, row, 3, csv, NULL);
    }
    ms_sbuf date = {0}; /* beside the header: the report's date, as on the page */
    ms_sbuf_puts(&date, MS_TR(r, "Отчёт от ", "Report of "));
    ms_deliver_date(r, &date);
    if (ms_sbuf_str(&date))
        worksheet_write_string(ws, 0, 5, ms_sbuf_str(&date), f->note);
    ms_sbuf_free(&date);
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_set_column(ws, 0, 0, 34, NULL);
    worksheet_set_column(ws, 1, 2, 50, NULL);
    worksheet_set_column(ws, 3, 3, 40, NULL);
}

static void make_formats(formats *f)
{
    f->head = workbook_add_format(f->wb);
    format_set_bold(f->head);
    format_set_text_wrap(f->head);
    format_set_align(f->head, LXW_ALIGN_VERTICAL_TOP);
    format_set_bg_color(f->head, 0xEEF3F8);
    f->hidden = workbook_add_format(f->wb);
    format_set_align(f->hidden, LXW_ALIGN_CENTER);
    format_set_font_color(f->hidden, 0x888888);
    f->note = workbook_add_format(f->wb);
    format_set_italic(f->note);
    f->link = workbook_add_format(f->wb);
    format_set_font_color(f->link, 0x2166AC);
    format_set_underline(f->link, LXW_UNDERLINE_SINGLE);
}

ms_status ms_report_xlsx(ms_report *r)
{
    const ms_deliver *d = r->deliver;
    size_t n = strlen(r->pr.dir) + sizeof "/tables.xlsx";
    char *path = ms_malloc(n);
    char(*names)[4 * SHEET_NAME_MAX + 1] = ms_calloc(d->n_tables + 1, sizeof *names);
    formats f = {0};
    ms_status st = MS_OK;
    if (!path || !names) {
        st = NOMEM(r);
        goto cleanup;
    }
    ms_c_snprintf(path, n, "%s/tables.xlsx", r->pr.dir);
    lxw_workbook_options opt = {.tmpdir = r->pr.dir};
    if (!(f.wb = workbook_new_opt(path, &opt))) {
        st = ms_error_set(r->pr.err, MS_ERR_IO, path, 0, 0, "cannot create the workbook");
        goto cleanup;
    }
    make_formats(&f);
    const char *contents = MS_TR(r, "Содержание", "Contents");
    lxw_worksheet *first = workbook_add_worksheet(f.wb, contents);
    strcpy(names[0], contents); /* names[i + 1]: table i */
    for (size_t i = 0; i < d->n_tables; i++)
        sheet_name(&d->tables[i], names, i + 1, names[i + 1]);
    contents_sheet(r, &f, first, names);
    for (size_t i = 0; st == MS_OK && i < d->n_tables; i++)
        st = table_sheet(r, &f, &d->tables[i], names[i + 1]);
    lxw_doc_properties props = {.title = (char *)ms_deliver_title(r),
                                .company = r->prog->organisation};
    workbook_set_properties(f.wb, &props);
    lxw_error e = workbook_close(f.wb);
    if (st == MS_OK && e != LXW_NO_ERROR)
        st = ms_error_set(r->pr.err, MS_ERR_IO, path, 0, 0, "cannot write: %s", lxw_strerror(e));
cleanup:
    ms_free(path);
    ms_free(names);
    return st;
}
