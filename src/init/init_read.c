/* init_read.c — one export read whole into per-column answer counts (init). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "header_rows.h"
#include "datetime.h"
#include "rows.h"
#include "init_int.h"
#include "util.h"
#include "cnum.h"

typedef struct {
    ms_init_export *x;
    ms_status st;
    char **header;        /* x->cols[i].header, for ms_header_row_kind */
    size_t data_rows;
    ms_held_row held;     /* the first data row, until the second says what it is */
} read_ctx;

/* c is one of set (strchr alone takes NUL for a member). */
static bool one_of(char c, const char *set) { return c && strchr(set, c); }

static bool looks_email(ms_field f)
{
    const char *at = memchr(f.ptr, '@', f.len);
    return at && at > f.ptr && memchr(at, '.', f.len - (size_t)(at - f.ptr)) && !memchr(f.ptr, ' ', f.len);
}

/* 10–15 digits, with only spaces, ()-, and a leading + around them. */
static bool looks_phone(ms_field f)
{
    size_t digits = 0;
    for (size_t i = 0; i < f.len; i++) {
        char c = f.ptr[i];
        if (c >= '0' && c <= '9')
            digits++;
        else if (!one_of(c, " ()-") && !(c == '+' && i == 0))
            return false;
    }
    return digits >= 10 && digits <= 15;
}

/* An e-mail or a phone number inside a longer answer. */
static bool holds_contact(ms_field f)
{
    if (memchr(f.ptr, '@', f.len))
        return true;
    size_t run = 0;
    for (size_t i = 0; i < f.len; i++) {
        char c = f.ptr[i];
        if (c >= '0' && c <= '9')
            run++;
        else if (!one_of(c, " ()-"))
            run = 0;
        if (run >= 7)
            return true;
    }
    return false;
}

static ms_status add_value(ms_init_colstat *c, ms_field f, unsigned long long count)
{
    for (size_t i = 0; i < c->n_vals; i++)
        if (c->vals[i].len == f.len && !memcmp(c->vals[i].s, f.ptr, f.len)) {
            c->vals[i].count += count;
            return MS_OK;
        }
    if (c->n_vals == MS_INIT_MAX_DISTINCT) {
        c->overflow = true;
        return MS_OK;
    }
    if (ms_grow((void **)&c->vals, &c->cap, c->n_vals + 1, sizeof *c->vals))
        return MS_ERR_NOMEM;
    char *s = ms_strndup(f.ptr, f.len);
    if (!s)
        return MS_ERR_NOMEM;
    c->vals[c->n_vals++] = (ms_init_value){s, f.len, count};
    return MS_OK;
}

static ms_status add_cell(ms_init_export *x, ms_init_colstat *c, ms_field f)
{
    f = ms_field_trim(f);
    if (f.len == 0)
        return MS_OK;
    c->nonempty++;
    for (size_t i = 0; i < f.len; i++) /* characters, not bytes */
        c->sumlen += ((unsigned char)f.ptr[i] & 0xC0) != 0x80;
    if (f.len > c->maxlen)
        c->maxlen = f.len;
    double v;
    bool number = ms_parse_answer_number(f, &v);
    if (number) {
        if (c->numbers == 0 || v < c->min)
            c->min = v;
        if (c->numbers == 0 || v > c->max)
            c->max = v;
        c->numbers++;
        c->ints += fabs(v) < 1e15 && v == floor(v);
    }
    c->emails += looks_email(f);
    c->phones += looks_phone(f);
    c->contacts += holds_contact(f);
    for (size_t i = 0; i < f.len; i++)
        if ((unsigned char)f.ptr[i] < 0x20 && !one_of(f.ptr[i], "\t\n\r")) {
            c->controls++;
            break;
        }
    c->semicolons += memchr(f.ptr, ';', f.len) != NULL;
    /* the loader's grammar (datetime.h); a bare number is read as an Excel
     * serial there, but only a written date makes a column of time stamps */
    ms_datetime dt, dd; /* month first (Google's US download), day first */
    bool mdy = ms_datetime_parse(f.ptr, f.len, &dt);
    bool dmy = ms_datetime_parse_order(f.ptr, f.len, true, &dd);
    c->dates += mdy, c->dates_dmy += dmy;
    c->stamps += mdy && !number, c->stamps_dmy += dmy && !number;
    c->dmy_only += dmy && !mdy, c->mdy_only += mdy && !dmy;
    if ((mdy || dmy) && !number && c == x->cols) { /* the first column: the answer's time */
        const ms_datetime *t = mdy ? &dt : &dd;
        x->stamp_sum += (double)ms_days_from_civil(t->year, t->month, t->day);
        x->n_stamps++;
    }
    return add_value(c, f, 1);
}

static ms_status header_row(ms_init_export *x, const ms_row *row)
{
    if (!(x->cols = ms_calloc(row->n_fields ? row->n_fields : 1, sizeof *x->cols)))
        return MS_ERR_NOMEM;
    x->n_cols = row->n_fields;
    if (row->sheet)
        ms_c_snprintf(x->sheet, sizeof x->sheet, "%s", row->sheet);
    for (size_t i = 0; i < row->n_fields; i++) {
        ms_field h = ms_field_trim(row->fields[i]);
        x->header_filled += h.len > 0;
        if (!(x->cols[i].header = ms_strndup(h.ptr, h.len)))
            return MS_ERR_NOMEM;
    }
    return MS_OK;
}

/* A row of question texts: each the label of its column. */
static void question_labels(ms_init_export *x, const ms_row *row, ms_status *st)
{
    for (size_t i = 0; i < row->n_fields && i < x->n_cols; i++) {
        ms_field f = ms_field_trim(row->fields[i]);
        if (f.len && !x->cols[i].label && !(x->cols[i].label = ms_strndup(f.ptr, f.len)))
            *st = MS_ERR_NOMEM;
    }
}

/* Qualtrics writes two more header rows under the variable names: the
 * questions' texts (its StartDate column reads "Start Date") and the import ids
 * ({"ImportId":"QID12"}).  The texts become the columns' labels; neither row
 * is an answer. */
static bool qualtrics_row(ms_init_export *x, const ms_row *row, ms_status *st)
{
    bool texts = false, ids = false;
    for (size_t i = 0; i < row->n_fields && i < x->n_cols; i++) {
        ms_field f = ms_field_trim(row->fields[i]);
        texts |= !strcmp(x->cols[i].header, "StartDate") && f.len == 10 &&
                 !memcmp(f.ptr, "Start Date", 10);
        ids |= f.len > 11 && !memcmp(f.ptr, "{\"ImportId\"", 11);
    }
    if (texts)
        question_labels(x, row, st);
    return texts || ids;
}

static ms_status answer_row(ms_init_export *x, const ms_row *row, read_ctx *rc);

/* The rows the loader leaves out as header rows are left out here too. */
static ms_status on_row(const ms_row *row, void *ctx, ms_error *err)
{
    read_ctx *rc = ctx;
    ms_init_export *x = rc->x;
    (void)err;
    if (row->odd_quote && !x->odd_quote_line)
        x->odd_quote_line = row->line, x->odd_quote_col = row->odd_quote;
    if (!x->cols) {
        if ((rc->st = header_row(x, row)) != MS_OK)
            return rc->st;
        if (!(rc->header = ms_calloc(x->n_cols + 1, sizeof *rc->header)))
            return rc->st = MS_ERR_NOMEM;
        for (size_t i = 0; i < x->n_cols; i++)
            rc->header[i] = x->cols[i].header;
        return MS_OK;
    }
    if (!row->broken && ms_fields_blank(row->fields, row->n_fields))
        return MS_OK; /* skipped by the loader too */
    ms_header_kind kind = ms_header_row_kind(row, rc->header, x->n_cols);
    /* the question texts known by their StartDate cell, nothing held yet */
    if (kind == MS_HEADER_NONE && x->rows == 0 && rc->data_rows == 0 && x->header_rows < 2 &&
        qualtrics_row(x, row, &rc->st)) {
        x->header_rows++;
        return rc->st;
    }
    if (kind != MS_HEADER_NONE) {
        if (kind == MS_HEADER_IMPORT_ID && rc->held.held && rc->data_rows == 1) {
            x->header_rows++; /* the question texts above it: the columns' labels */
            question_labels(x, &rc->held.row, &rc->st);
            ms_held_row_clear(&rc->held);
        }
        if (kind == MS_HEADER_NOTE)
            x->note_rows++;
        else
            x->header_rows++;
        return MS_OK;
    }
    if (rc->data_rows++ == 0)
        return rc->st = ms_held_row_set(&rc->held, row);
    if (rc->held.held) {
        rc->st = answer_row(x, &rc->held.row, rc);
        ms_held_row_clear(&rc->held);
        if (rc->st != MS_OK)
            return rc->st;
    }
    return answer_row(x, row, rc);
}

static ms_status answer_row(ms_init_export *x, const ms_row *row, read_ctx *rc)
{
    x->rows++;
    if (row->broken) {
        x->broken_rows++;
        return MS_OK; /* quarantined by the loader: its cells type nothing */
    }
    size_t filled = 0;
    for (size_t i = 0; i < row->n_fields; i++)
        filled += ms_field_trim(row->fields[i]).len > 0;
    x->wider += filled > x->header_filled;
    for (size_t i = 0; i < row->n_fields && i < x->n_cols; i++)
        if ((rc->st = add_cell(x, &x->cols[i], row->fields[i])) != MS_OK)
            return rc->st;
    return MS_OK;
}

/* The one place an export is read: CSV or an .xlsx workbook's first visible
 * sheet, told apart by content (rows.h), on one thread. */
static ms_status read_table(const char *path, ms_row_fn fn, void *ctx, ms_error *err)
{
    ms_rows_options opt = {{NULL, 0, 1, NULL}, NULL};
    ms_rows_info info;
    return ms_rows_read_file(path, &opt, fn, ctx, NULL, &info, err);
}

/* What every reading ends with: the reader's status, then an export with no
 * answers refused with its name. */
static ms_status finish_read(ms_init_export *x, read_ctx *rc, ms_status st, ms_error *err)
{
    if (st == MS_OK && rc->st == MS_OK && rc->held.held)
        rc->st = answer_row(x, &rc->held.row, rc);
    ms_held_row_clear(&rc->held);
    ms_free(rc->header);
    rc->header = NULL;
    if (st == MS_OK && rc->st != MS_OK)
        st = ms_error_set(err, rc->st, x->path, 0, 0, "out of memory");
    if (st == MS_OK && !x->cols)
        st = ms_error_set(err, MS_ERR_NODATA, x->path, 1, 0, "the file is empty: no header row");
    else if (st == MS_OK && x->n_cols == 0) /* a header row the reader could not split */
        st = ms_error_set(err, MS_ERR_NODATA, x->path, 1, 0,
                          "the first row holds no column names: nothing to draft a codebook from");
    else if (st == MS_OK && x->rows == 0)
        st = ms_error_set(err, MS_ERR_NODATA, x->path, 2, 0,
                          "no answers under the header: nothing to guess the types from");
    else if (st == MS_OK && x->header_filled == 1 && x->wider * 2 > x->rows) {
        /* a title above the header («Анкета наставляемых 2025»): every row would be
         * quarantined for its number of fields */
        st = ms_error_set(err, MS_ERR_NODATA, x->path, 1, 1,
                          "the first row has one filled cell and most rows below have more: "
                          "is it a title above the header? Delete the rows above the "
                          "questions' row and try again");
        if (*x->sheet)
            ms_c_snprintf(err->sheet, sizeof err->sheet, "%s", x->sheet);
    }
    return st;
}

ms_status ms_init_read_export(const char *path, ms_init_export *x, ms_error *err)
{
    memset(x, 0, sizeof *x);
    read_ctx rc = {.x = x, .st = MS_OK};
    if (!(x->path = ms_strdup(path)))
        return ms_error_set(err, MS_ERR_NOMEM, path, 0, 0, "out of memory");
    return finish_read(x, &rc, read_table(path, on_row, &rc, err), err);
}

ms_status ms_init_read_export_mem(const char *data, size_t len, const char *name,
                                  ms_init_export *x, ms_error *err)
{
    memset(x, 0, sizeof *x);
    read_ctx rc = {.x = x, .st = MS_OK};
    ms_csv_options opt = {NULL, 0, 1, NULL};
    ms_rows_info info;
    if (!(x->path = ms_strdup(name)))
        return ms_error_set(err, MS_ERR_NOMEM, name, 0, 0, "out of memory");
    return finish_read(x, &rc, ms_csv_read_mem(data, len, name, &opt, on_row, &rc, &info, err),
                       err);
}

static void colstat_free(ms_init_colstat *c)
{
    ms_free(c->label);
    for (size_t i = 0; i < c->n_vals; i++)
        ms_free(c->vals[i].s);
    ms_free(c->vals);
    ms_free(c->header);
}

void ms_init_export_free(ms_init_export *x)
{
    if (!x)
        return;
    for (size_t i = 0; i < x->n_cols; i++)
        colstat_free(&x->cols[i]);
    ms_free(x->cols);
    ms_free(x->path);
    memset(x, 0, sizeof *x);
}

ms_status ms_init_colstat_merge(ms_init_colstat *a, const ms_init_colstat *b)
{
    if (!a->label && b->label && !(a->label = ms_strdup(b->label)))
        return MS_ERR_NOMEM;
    for (size_t i = 0; i < b->n_vals; i++)
        if (add_value(a, (ms_field){b->vals[i].s, b->vals[i].len}, b->vals[i].count) != MS_OK)
            return MS_ERR_NOMEM;
    a->overflow |= b->overflow;
    if (b->numbers && (a->numbers == 0 || b->min < a->min))
        a->min = b->min;
    if (b->numbers && (a->numbers == 0 || b->max > a->max))
        a->max = b->max;
    a->nonempty += b->nonempty;
    a->ints += b->ints;
    a->numbers += b->numbers;
    a->emails += b->emails;
    a->phones += b->phones;
    a->contacts += b->contacts;
    a->controls += b->controls;
    a->stamps += b->stamps;
    a->dates += b->dates;
    a->dates_dmy += b->dates_dmy, a->stamps_dmy += b->stamps_dmy;
    a->dmy_only += b->dmy_only, a->mdy_only += b->mdy_only;
    a->semicolons += b->semicolons;
    a->maxlen = a->maxlen > b->maxlen ? a->maxlen : b->maxlen;
    a->sumlen += b->sumlen;
    return MS_OK;
}
