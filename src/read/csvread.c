/* csvread.c — streaming CSV reading: encoding, delimiter, lines, libcsv,
 * rows handed over in batches, from a second thread for large files. */
#include "csvread.h"
#include "delimiter.h"
#include "util.h"
#include "cnum.h"

#include <assert.h>
#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

enum { BLOCK = 1 << 18 };
/* Below this size a second thread costs more than it saves. */
#define TWO_THREADS_FROM (1ULL << 20)

typedef struct {
    size_t text;             /* where its first field starts in the batch's text */
    size_t first, n_fields;  /* its fields' lengths: lens[first ...] */
    size_t first_long;       /* its first length in long_lens */
    size_t line;
    const char *broken;
    size_t broken_field;
    size_t odd_quote;
    bool prepped;            /* the batch's prep for this row was made */
} row_mark;

/* Rows read and not yet handed to the caller.  Field texts lie back to back,
 * each NUL-terminated, so a length per field places it.  A batch crosses
 * from one processor's cache to the other's, so lengths take a byte; one of
 * LONG_FIELD bytes or more is LONG_FIELD there and its length is in long_lens. */
enum { LONG_FIELD = UINT8_MAX };

typedef struct {
    char *text;
    size_t text_len, text_cap;
    uint8_t *lens;
    size_t n_cells, cells_cap;
    size_t *long_lens;
    size_t n_long, long_cap;
    row_mark *rows;
    size_t n_rows, rows_cap;
    unsigned char *prep;      /* ms_row_prep's bytes, `size` a row */
    size_t prep_cap;
    ms_rows_info info;        /* the reader's state when the batch was handed over */
} batch;

enum { BATCH_ROWS = 512 };

static bool batch_full(const batch *b) { return b->n_rows >= BATCH_ROWS || b->text_len >= BLOCK; }

static void batch_free(batch *b)
{
    ms_free(b->text);
    ms_free(b->lens);
    ms_free(b->long_lens);
    ms_free(b->rows);
    ms_free(b->prep);
}

/* Who receives the rows: the caller's callbacks, and a view of one row. */
typedef struct {
    ms_row_fn on_row;
    ms_rows_progress_fn on_progress;
    void *ctx;
    ms_error *err;
    const char *name;
    const ms_row_prep *prep;
    ms_field *view;
    size_t view_cap;
} consumer;

/* The row's fields placed in *view (grown to fit); false out of memory. */
static bool row_view(const batch *b, const row_mark *m, ms_field **view, size_t *cap)
{
    if (m->n_fields > *cap && ms_grow((void **)view, cap, m->n_fields, sizeof **view))
        return false;
    char *at = b->text + m->text;
    const uint8_t *len = b->lens + m->first;
    const size_t *long_len = b->long_lens + m->first_long;
    for (size_t k = 0; k < m->n_fields; k++) {
        size_t n = len[k] == LONG_FIELD ? *long_len++ : len[k];
        (*view)[k] = (ms_field){at, n};
        at += n + 1;
    }
    return true;
}

static ms_row row_of(const ms_field *view, const row_mark *m, const void *prep)
{
    return (ms_row){view, m->n_fields, m->line, m->broken, m->broken_field, NULL, m->odd_quote, 0,
                    prep};
}

static ms_status deliver_row(consumer *c, const batch *b, size_t i, size_t prep_size)
{
    const row_mark *m = &b->rows[i];
    if (!row_view(b, m, &c->view, &c->view_cap))
        return ms_error_set(c->err, MS_ERR_NOMEM, c->name, m->line, 0, "out of memory");
    ms_row row = row_of(c->view, m, m->prepped ? b->prep + i * prep_size : NULL);
    return c->on_row(&row, c->ctx, c->err);
}

/* Hand every row of the batch to the caller, then empty it. */
static ms_status deliver(consumer *c, batch *b)
{
    ms_status st = MS_OK;
    size_t prep_size = c->prep ? c->prep->size : 0;
    for (size_t i = 0; i < b->n_rows && st == MS_OK; i++)
        st = deliver_row(c, b, i, prep_size);
    if (st == MS_OK && b->n_rows && c->on_progress)
        c->on_progress(&b->info, c->ctx);
    b->n_rows = b->n_cells = b->text_len = b->n_long = 0;
    return st;
}

typedef struct {
    batch *b;            /* where rows go */
    size_t row_first;    /* first field of the row being assembled */
    size_t row_text;     /* where its text starts */
    size_t row_long;     /* its first length in long_lens */
    size_t row_bytes;    /* bytes fed since it started */
    size_t row_line;
    bool row_pending;
    const char *broken;  /* why libcsv could not read the row, or NULL */
    size_t broken_field; /* 1-based field where it broke */
    size_t odd_quote;    /* read tolerantly: the first stray quote's column, or 0 */
    size_t line;         /* physical line being fed */
    const ms_rows_info *info;
    /* a full batch goes out: delivered here, or to the other thread */
    ms_status (*hand_over)(void *owner);
    void *owner;
    ms_error *err;
    ms_status status;    /* first failure seen inside a libcsv callback */
    const char *name;
    /* On two threads, the caller's prep (csvread.h) of each row, made as the
     * row ends, while its bytes are in this processor's cache; else NULL. */
    const ms_row_prep *prep;
    ms_field *view;      /* the row's fields for prep */
    size_t view_cap;
    bool view_made;      /* plain_line placed the ending row's fields in view */
} row_builder;

static bool row_builder_nomem(row_builder *rb)
{
    rb->status = ms_error_set(rb->err, MS_ERR_NOMEM, rb->name, rb->row_line, 0, "out of memory");
    return false;
}

/* Room for all that feeding libcsv n more bytes can add, so that on_field
 * need not check.  Lines are fed whole and a row ends only at a line's end,
 * so the fields completed belong to the row being read: their texts are no
 * longer than the bytes fed for that row, and they number at most n + 1. */
static bool row_builder_room(row_builder *rb, size_t n)
{
    batch *b = rb->b;
    rb->row_bytes += n;
    if ((rb->prep && ms_grow((void **)&rb->view, &rb->view_cap, n + 1, sizeof *rb->view)) ||
        ms_grow((void **)&b->text, &b->text_cap, b->text_len + rb->row_bytes + n + 2, 1) ||
        ms_grow((void **)&b->lens, &b->cells_cap, b->n_cells + n + 1, sizeof *b->lens) ||
        ms_grow((void **)&b->long_lens, &b->long_cap, b->n_long + rb->row_bytes / LONG_FIELD + 1,
                sizeof *b->long_lens))
        return row_builder_nomem(rb);
    return true;
}

/* libcsv hands each field over in a buffer it reuses: copy it out.  Called
 * for every cell of the file: room was made before (row_builder_room). */
static void on_field(void *s, size_t len, void *data)
{
    row_builder *rb = data;
    batch *b = rb->b;
    assert(b->text_len + len + 1 <= b->text_cap && b->n_cells < b->cells_cap &&
           (len < LONG_FIELD || b->n_long < b->long_cap));
    char *dst = b->text + b->text_len;
    if (len <= 8) { /* most answers are a byte or two: no call to memcpy */
        for (size_t i = 0; i < len; i++)
            dst[i] = ((const char *)s)[i];
    } else {
        memcpy(dst, s, len);
    }
    dst[len] = '\0';
    if (len < LONG_FIELD) {
        b->lens[b->n_cells++] = (uint8_t)len;
    } else {
        b->lens[b->n_cells++] = LONG_FIELD;
        b->long_lens[b->n_long++] = len;
    }
    b->text_len += len + 1;
}

static void row_builder_reset(row_builder *rb)
{
    rb->row_first = rb->b->n_cells;
    rb->row_text = rb->b->text_len;
    rb->row_long = rb->b->n_long;
    rb->row_bytes = 0;
    rb->row_pending = false;
    rb->broken = NULL;
    rb->broken_field = 0;
    rb->odd_quote = 0;
}

static bool utf8_row_valid(const char *s, size_t n);

/* Valid UTF-8 by construction: a byte that is not (a file of mixed
 * encodings) becomes ?, and the row is broken at its first such field
 * unless it already is.  Done here, on the reading thread, so the caller's
 * thread, the busier one, only reads the rows. */
static void repair_row(row_builder *rb)
{
    batch *b = rb->b;
    char *at = b->text + rb->row_text;
    if (utf8_row_valid(at, b->text_len - rb->row_text))
        return;
    const size_t *long_len = b->long_lens + rb->row_long;
    for (size_t k = rb->row_first; k < b->n_cells; k++) {
        size_t n = b->lens[k] == LONG_FIELD ? *long_len++ : b->lens[k];
        if (ms_utf8_repair(at, n) && !rb->broken) {
            rb->broken = "bytes that are not valid UTF-8 (shown as ?): is the file of mixed "
                         "encodings? (--encoding names the file's)";
            rb->broken_field = k - rb->row_first + 1;
        }
        at += n + 1;
    }
}

/* The caller's prep of the row just ended (two threads).  Out of memory a
 * row is simply not prepped: the caller then does that work itself. */
static void prep_row_end(row_builder *rb)
{
    batch *b = rb->b;
    row_mark *m = &b->rows[b->n_rows - 1];
    size_t size = rb->prep->size;
    bool made = rb->view_made;
    rb->view_made = false;
    if (ms_grow((void **)&b->prep, &b->prep_cap, b->n_rows * size, 1) ||
        (!made && !row_view(b, m, &rb->view, &rb->view_cap)))
        return;
    ms_row row = row_of(rb->view, m, NULL);
    m->prepped = rb->prep->fn(&row, b->prep + (b->n_rows - 1) * size, rb->prep->ctx);
}

static void on_row_end(int c, void *data)
{
    (void)c;
    row_builder *rb = data;
    batch *b = rb->b;
    if (rb->status == MS_OK &&
        ms_grow((void **)&b->rows, &b->rows_cap, b->n_rows + 1, sizeof *b->rows))
        row_builder_nomem(rb);
    if (rb->status != MS_OK) {
        b->n_cells = rb->row_first; /* the row goes nowhere: reading stops */
        b->text_len = rb->row_text;
        b->n_long = rb->row_long;
        rb->view_made = false;
        row_builder_reset(rb);
        return;
    }
    repair_row(rb); /* bytes repaired in place: a prep's view stays right */
    size_t n = b->n_cells - rb->row_first;
    size_t at = rb->broken_field ? rb->broken_field : n + 1;
    b->rows[b->n_rows++] = (row_mark){rb->row_text, rb->row_first, n, rb->row_long, rb->row_line,
                                      rb->broken, rb->broken ? at : 0, rb->odd_quote, false};
    if (rb->prep)
        prep_row_end(rb);
    if (batch_full(b)) {
        b->info = *rb->info;
        rb->status = rb->hand_over(rb->owner);
    }
    row_builder_reset(rb);
}

/* The length of the UTF-8 sequence at p (of n bytes), 0 when it is not
 * one: no overlong forms, no surrogates (ED A0..BF), nothing above U+10FFFF;
 * *cut when it is only cut short by the end. */
static size_t utf8_sequence(const unsigned char *p, size_t n, bool *cut)
{
    unsigned char c = p[0];
    size_t len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : (c >> 4) == 14 ? 3
               : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    *cut = false;
    if (len <= 1)
        return len;
    /* the second byte's range, which rules out overlongs, surrogates and > U+10FFFF */
    unsigned char lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
    unsigned char hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
    for (size_t j = 1; j < len; j++) {
        if (j >= n) {
            *cut = true;
            return 0;
        }
        if (j == 1 ? p[j] < lo || p[j] > hi : (p[j] & 0xC0) != 0x80)
            return 0;
    }
    return len;
}

/* Whether the n bytes from p are UTF-8, as ms_utf8_valid without a cut end,
 * fast where rows are: ASCII eight bytes at a time, two-byte letters
 * (Cyrillic) without a call. */
/* Whether p[i..] (of n) starts a valid two-byte UTF-8 sequence. */
static inline bool two_byte_char(const unsigned char *p, size_t i, size_t n)
{
    return i + 1 < n && p[i] >= 0xC2 && p[i] <= 0xDF && (p[i + 1] & 0xC0) == 0x80;
}

static bool utf8_row_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        uint64_t w;
        if (i + 8 <= n && (memcpy(&w, p + i, 8), !(w & 0x8080808080808080ULL))) {
            i += 8;
        } else if (p[i] < 0x80) {
            i++;
        } else if (two_byte_char(p, i, n)) {
            /* a Cyrillic word is a run of them: stay in it rather than try
             * eight ASCII bytes before each letter */
            for (i += 2; two_byte_char(p, i, n); i += 2)
                ;
        } else {
            bool cut;
            size_t len = utf8_sequence(p + i, n - i, &cut);
            if (!len)
                return false;
            i += len;
        }
    }
    return true;
}

bool ms_utf8_valid(const char *s, size_t len, size_t *complete_len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        bool cut;
        size_t n = p[i] < 0x80 ? 1 : utf8_sequence(p + i, len - i, &cut);
        if (n == 0) {
            if (!cut || !complete_len)
                return false;
            *complete_len = i; /* a sequence the next block completes */
            return true;
        }
        i += n;
    }
    if (complete_len)
        *complete_len = len;
    return true;
}

size_t ms_utf8_repair(char *s, size_t len)
{
    unsigned char *p = (unsigned char *)s;
    size_t bad = 0;
    for (size_t i = 0; i < len;) {
        bool cut;
        size_t n = p[i] < 0x80 ? 1 : utf8_sequence(p + i, len - i, &cut);
        if (n == 0) {
            p[i] = '?';
            bad++;
            n = 1;
        }
        i += n;
    }
    return bad;
}

/* Excel's "Unicode text" and some exports are UTF-16: a BOM, or many NULs. */
static bool looks_utf16(const unsigned char *p, size_t n)
{
    if (n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF)))
        return true;
    size_t nul = 0, m = n < 4096 ? n : 4096;
    for (size_t i = 0; i < m; i++)
        nul += p[i] == 0;
    return m >= 4 && nul * 4 >= m;
}

typedef struct {
    struct csv_parser parser;
    row_builder rb;
    char *carry;          /* decoded bytes not yet fed (an incomplete line) */
    size_t carry_len, carry_cap;
    iconv_t cd;
    bool convert;
    bool detected;
    const ms_csv_options *opt;
    ms_rows_info *info;
    const char *name;
    ms_error *err;
} reader;

static int parser_init(reader *r)
{
    if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return -1;
    csv_set_realloc_func(&r->parser, ms_realloc);
    csv_set_free_func(&r->parser, ms_free);
    /* libcsv grows a field by blk_size bytes at a time (128 by default):
     * quadratic copying on a 2 MB cell */
    csv_set_blk_size(&r->parser, BLOCK);
    csv_set_delim(&r->parser, (unsigned char)r->info->delimiter);
    return 0;
}

/* libcsv (strict) stopped at a stray quote: hand the row read so far on,
 * marked broken, and start afresh on the next line.  Strict mode is what
 * makes such rows visible instead of silently merged with their neighbours. */
static int recover(reader *r)
{
    if (csv_error(&r->parser) != CSV_EPARSE)
        return -1;
    r->rb.broken = "a stray quote: a quote inside an unquoted field or text after a closing quote";
    on_row_end(0, &r->rb);
    csv_free(&r->parser);
    return parser_init(r);
}

/* Where the line starting at `from` ends: its first CR or LF, or len.
 * memchr finds the next LF and the next CR, each searched again only once
 * passed: a block is scanned twice at most, whatever its line ends. */
typedef struct {
    const char *s;
    size_t len;
    size_t lf, cr; /* next LF and CR at or after the last search, or len */
} eol_finder;

static size_t find_byte(const char *s, size_t from, size_t len, char c)
{
    const char *p = memchr(s + from, c, len - from);
    return p ? (size_t)(p - s) : len;
}

static size_t next_eol(eol_finder *e, size_t from)
{
    if (e->lf < from)
        e->lf = find_byte(e->s, from, e->len, '\n');
    if (e->cr < from)
        e->cr = find_byte(e->s, from, e->len, '\r');
    return e->lf < e->cr ? e->lf : e->cr;
}

/* A row of one physical line that strict libcsv refused, read again as a
 * tolerant reader (Python's csv, R's read.csv) reads it: a field opening
 * with a quote is quoted until a quote not doubled, and what follows that
 * quote up to the delimiter is text; a quote inside an unquoted field is a
 * quote.  The line's fields replace what libcsv had made of it; the row
 * carries the column of the first odd quote.  0 (nothing changed) when a
 * quoted field runs past the line's end: that row stays broken; -1 out of
 * memory. */
static int tolerant_line(reader *r, const char *p, size_t n)
{
    row_builder *rb = &r->rb;
    batch *b = rb->b;
    char delim = r->info->delimiter;
    while (n && (p[n - 1] == '\n' || p[n - 1] == '\r'))
        n--;
    /* a quoted field still open at the line's end: multi-line, not ours */
    for (size_t i = 0, start = 1; i < n; i++) {
        if (start && p[i] == '"') {
            size_t j = i + 1;
            for (; j < n; j++)
                if (p[j] == '"') {
                    if (j + 1 < n && p[j + 1] == '"')
                        j++;
                    else
                        break;
                }
            if (j >= n)
                return 0;
            i = j;
            start = 0;
            continue;
        }
        start = p[i] == delim;
    }
    if (!n)
        return 0;
    b->n_cells = rb->row_first; /* forget libcsv's part of the row */
    b->text_len = rb->row_text;
    b->n_long = rb->row_long;
    size_t odd = 0, i = 0;
    char *field = ms_malloc(n + 1);
    if (!field)
        return -1;
    for (;;) {
        size_t len = 0;
        if (i < n && p[i] == '"') {
            for (i++; i < n; i++) {
                if (p[i] == '"' && i + 1 < n && p[i + 1] == '"')
                    field[len++] = '"', i++;
                else if (p[i] == '"')
                    break;
                else
                    field[len++] = p[i];
            }
            i++; /* the closing quote */
            if (i < n && p[i] != delim && !odd)
                odd = i; /* text after the closing quote: the quote at column i */
        }
        for (; i < n && p[i] != delim; i++) {
            if (p[i] == '"' && !odd)
                odd = i + 1;
            field[len++] = p[i];
        }
        on_field(field, len, rb); /* room: row_builder_room covered the n bytes */
        if (i >= n)
            break;
        i++; /* the delimiter */
    }
    ms_free(field);
    rb->odd_quote = odd ? odd : 1;
    on_row_end(0, rb);
    return 1;
}

/* Space and tab around an unquoted field are dropped, as libcsv drops them,
 * unless the delimiter is one of them. */
static inline bool csv_blank(char c, char delim)
{
    return (c == ' ' || c == '\t') && c != delim;
}

/* A whole line without a quote, fed where libcsv would start a row: split
 * here exactly as libcsv splits it (blanks around a field dropped, a line of
 * blanks no row), without libcsv's callback and state switch per byte, which
 * were a third of a run's CPU.  The line is copied into the batch at once and
 * its delimiters become the fields' NULs; a field with blanks at an end moves
 * back over bytes already read.  False: not such a line, libcsv reads it.
 * Room was made by row_builder_room (the text, and a field per byte + 1). */
static bool plain_line(reader *r, const char *p, size_t n)
{
    size_t m = n;
    while (m && (p[m - 1] == '\n' || p[m - 1] == '\r'))
        m--;
    enum { ROW_NOT_BEGUN = 0 }; /* libcsv's state between rows (csv.h's pstate) */
    if (m == n || r->parser.pstate != ROW_NOT_BEGUN || memchr(p, '"', m))
        return false;
    const char delim = r->info->delimiter;
    size_t i = 0;
    while (i < m && csv_blank(p[i], delim))
        i++;
    if (i == m)
        return true; /* blanks only: libcsv starts no row */
    batch *b = r->rb.b;
    char *dst = b->text + b->text_len;
    uint8_t *lens = b->lens + b->n_cells;    /* locals: the char stores below */
    size_t *long_lens = b->long_lens + b->n_long; /* could alias b's fields */
    ms_field *view = r->rb.prep ? r->rb.view : NULL; /* room: row_builder_room */
    size_t fields = 0, longs = 0, w = 0;
    memcpy(dst, p, m);
    dst[m] = delim; /* a sentinel: the last field ends there */
    for (size_t start = 0;; start = i + 1) {
        for (i = start; dst[i] != delim; i++)
            ;
        size_t from = start, to = i;
        while (from < to && csv_blank(dst[from], delim))
            from++;
        while (to > from && csv_blank(dst[to - 1], delim))
            to--;
        size_t len = to - from;
        if (from != w)
            memmove(dst + w, dst + from, len);
        dst[w + len] = '\0';
        if (view)
            view[fields] = (ms_field){dst + w, len};
        if (len < LONG_FIELD) {
            lens[fields++] = (uint8_t)len;
        } else {
            lens[fields++] = LONG_FIELD;
            long_lens[longs++] = len;
        }
        w += len + 1;
        if (i == m)
            break;
    }
    b->n_cells += fields;
    b->n_long += longs;
    b->text_len += w;
    r->rb.view_made = view != NULL;
    on_row_end(0, &r->rb);
    return true;
}

static ms_status feed(reader *r, const char *p, size_t n)
{
    if (!row_builder_room(&r->rb, n))
        return r->rb.status;
    if (plain_line(r, p, n))
        return r->rb.status;
    bool own_line = r->rb.row_line == r->rb.line; /* the row starts on this line */
    if (csv_parse(&r->parser, p, n, on_field, on_row_end, &r->rb) != n) {
        int tolerant = own_line && csv_error(&r->parser) == CSV_EPARSE ? tolerant_line(r, p, n) : 0;
        if (tolerant < 0)
            return ms_error_set(r->err, MS_ERR_NOMEM, r->name, r->rb.line, 0, "out of memory");
        if (tolerant) {
            csv_free(&r->parser);
            if (parser_init(r))
                return ms_error_set(r->err, MS_ERR_NOMEM, r->name, r->rb.line, 0, "out of memory");
        } else if (recover(r)) {
            return ms_error_set(r->err, MS_ERR_NOMEM, r->name, r->rb.line, 0, "out of memory");
        }
    }
    return r->rb.status;
}

static void begin_line(row_builder *rb)
{
    rb->line++;
    if (!rb->row_pending) {
        rb->row_pending = true;
        rb->row_line = rb->line;
    }
}

/* Feed the whole physical lines of s[0..len) to libcsv (all of it at the
 * end of the input), so each row knows its first line; *used: bytes fed. */
static ms_status feed_lines(reader *r, const char *s, size_t len, bool at_eof, size_t *used)
{
    size_t start = 0;
    eol_finder e = {s, len, find_byte(s, 0, len, '\n'), find_byte(s, 0, len, '\r')};
    ms_status st = MS_OK;
    for (size_t i; (i = next_eol(&e, start)) < len; start = i) {
        char c = s[i];
        if (c == '\r' && i + 1 == len && !at_eof)
            break; /* a CR at the block end may be half of a CRLF */
        size_t end = i + 1 + (c == '\r' && i + 1 < len && s[i + 1] == '\n');
        /* a line holding only its end starts no row (libcsv skips it) */
        if (end - start > end - i)
            begin_line(&r->rb);
        else
            r->rb.line++;
        if ((st = feed(r, s + start, end - start)))
            return st;
        i = end;
    }
    if (at_eof && start < len) {
        begin_line(&r->rb);
        if ((st = feed(r, s + start, len - start)))
            return st;
        start = len;
    }
    *used = start;
    r->info->lines = r->rb.line;
    return r->rb.status;
}

static ms_status feed_carry(reader *r, bool at_eof)
{
    size_t used = 0;
    ms_status st = feed_lines(r, r->carry, r->carry_len, at_eof, &used);
    memmove(r->carry, r->carry + used, r->carry_len - used);
    r->carry_len -= used;
    return st;
}

/* Bytes of p up to and including its first line end (all of p when none). */
static size_t through_first_eol(const char *p, size_t n)
{
    size_t lf = find_byte(p, 0, n, '\n'), cr = find_byte(p, 0, n, '\r');
    size_t i = lf < cr ? lf : cr;
    if (i == n)
        return n;
    return i + 1 + (p[i] == '\r' && i + 1 < n && p[i + 1] == '\n');
}

static ms_status append_carry(reader *r, const char *p, size_t n);

/* Input that needs no conversion is fed from the block itself: only a line
 * cut by the block's end is copied, to wait in carry for its rest. */
static ms_status feed_block(reader *r, const char *p, size_t n, bool at_eof)
{
    ms_status st;
    if (r->carry_len) {
        size_t take = through_first_eol(p, n);
        if ((st = append_carry(r, p, take)) || (st = feed_carry(r, at_eof && take == n)))
            return st;
        p += take;
        n -= take;
    }
    size_t used = 0;
    if (n && (st = feed_lines(r, p, n, at_eof, &used)))
        return st;
    return append_carry(r, p + used, n - used);
}

static ms_status append_carry(reader *r, const char *p, size_t n)
{
    if (ms_grow((void **)&r->carry, &r->carry_cap, r->carry_len + n + 1, 1))
        return ms_error_set(r->err, MS_ERR_NOMEM, r->name, 0, 0, "out of memory");
    memcpy(r->carry + r->carry_len, p, n);
    r->carry_len += n;
    return MS_OK;
}

static ms_status convert_block(reader *r, const char *p, size_t n)
{
    char out[BLOCK];
    char *in = (char *)p;
    size_t left = n;
    while (left > 0) {
        char *o = out;
        size_t room = sizeof out;
        size_t rc = iconv(r->cd, &in, &left, &o, &room);
        ms_status st = append_carry(r, out, (size_t)(o - out));
        if (st)
            return st;
        if (rc == (size_t)-1 && errno != E2BIG)
            return ms_error_set(r->err, MS_ERR_ENCODING, r->name, r->rb.line + 1, 0,
                                "bytes not valid in %s (use --encoding)", r->info->encoding);
    }
    return MS_OK;
}

static ms_status detect(reader *r, const char *p, size_t n, size_t *skip)
{
    const unsigned char *u = (const unsigned char *)p;
    *skip = 0;
    if (looks_utf16(u, n))
        return ms_error_set(r->err, MS_ERR_ENCODING, r->name, 1, 1,
                            "the file is UTF-16 (Excel \"Unicode text\"); save it as "
                            "\"CSV UTF-8 (comma delimited)\" and try again");
    const char *enc = r->opt ? r->opt->encoding : NULL;
    bool bom = n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF;
    if (!enc) {
        size_t complete;
        enc = (bom || ms_utf8_valid(p, n, &complete)) ? "UTF-8" : "CP1251";
    }
    bool utf8 = strcasecmp(enc, "UTF-8") == 0 || strcasecmp(enc, "UTF8") == 0;
    if (utf8 && bom)
        *skip = 3;
    ms_c_snprintf(r->info->encoding, sizeof r->info->encoding, "%s%s", utf8 ? "UTF-8" : enc,
                  utf8 && bom ? " (BOM)" : "");
    if (!utf8) {
        r->cd = iconv_open("UTF-8", enc);
        if (r->cd == (iconv_t)-1)
            return ms_error_set(r->err, MS_ERR_USAGE, r->name, 0, 0, "unknown encoding (%s)", enc);
        r->convert = true;
    }
    r->detected = true;
    return MS_OK;
}

static ms_status reader_push(reader *r, const char *p, size_t n, bool at_eof)
{
    ms_status st;
    size_t skip = 0;
    if (!r->detected && (st = detect(r, p, n, &skip)))
        return st;
    p += skip;
    n -= skip;
    if (r->convert && (st = convert_block(r, p, n)))
        return st;
    if (r->info->delimiter == 0) {
        bool in_carry = r->convert || r->carry_len;
        r->info->delimiter = (r->opt && r->opt->delimiter) ? r->opt->delimiter
                             : ms_guess_delimiter(in_carry ? r->carry : p,
                                                  in_carry ? r->carry_len : n, at_eof || n < BLOCK);
        csv_set_delim(&r->parser, (unsigned char)r->info->delimiter);
    }
    return r->convert ? feed_carry(r, at_eof) : feed_block(r, p, n, at_eof);
}

static ms_status reader_finish(reader *r)
{
    ms_status st = feed_carry(r, true);
    if (st)
        return st;
    if (!row_builder_room(&r->rb, 0))
        return r->rb.status;
    if (csv_fini(&r->parser, on_field, on_row_end, &r->rb) != 0) {
        /* The last row swallowed the rest of the file: hand it on, marked,
         * so the caller can quarantine it instead of losing it. */
        csv_set_opts(&r->parser, (unsigned char)(csv_get_opts(&r->parser) & ~CSV_STRICT_FINI));
        r->rb.broken = "a quoted field is not closed before the end of the file";
        /* the open field is the next one */
        r->rb.broken_field = r->rb.b->n_cells - r->rb.row_first + 1;
        if (row_builder_room(&r->rb, 0))
            csv_fini(&r->parser, on_field, on_row_end, &r->rb);
    }
    return r->rb.status;
}

static ms_status reader_init(reader *r, const char *name, const ms_csv_options *opt, batch *b,
                             ms_rows_info *info, ms_error *err)
{
    memset(r, 0, sizeof *r);
    r->cd = (iconv_t)-1;
    r->opt = opt;
    r->info = info;
    r->name = name;
    r->err = err;
    r->rb = (row_builder){.b = b, .info = info, .err = err, .name = name};
    /* CSV_APPEND_NULL is not needed: fields are copied and terminated. */
    if (parser_init(r) != 0)
        return ms_error_set(err, MS_ERR_NOMEM, name, 0, 0, "out of memory");
    return MS_OK;
}

static void reader_free(reader *r)
{
    csv_free(&r->parser);
    ms_free(r->carry);
    ms_free(r->rb.view);
    if (r->cd != (iconv_t)-1)
        iconv_close(r->cd);
}

/* The bytes to read: an open file, or memory. */
typedef struct {
    FILE *f;
    const char *data;
    size_t len;
} source;

/* Read the whole source through r; rows go out by r->rb.hand_over. */
static ms_status produce(reader *r, const source *src)
{
    ms_status st;
    if (!src->f) {
        r->info->bytes_read = src->len;
        st = reader_push(r, src->data, src->len, true);
        return st ? st : reader_finish(r);
    }
    char *block = ms_malloc(BLOCK);
    if (!block)
        return ms_error_set(r->err, MS_ERR_NOMEM, r->name, 0, 0, "out of memory");
    size_t n;
    while ((n = fread(block, 1, BLOCK, src->f)) > 0) {
        r->info->bytes_read += n;
        if ((st = reader_push(r, block, n, false)))
            goto cleanup;
    }
    if (ferror(src->f))
        st = ms_error_set(r->err, MS_ERR_IO, r->name, 0, 0, "read error: %s", strerror(errno));
    else if (r->detected || (st = reader_push(r, "", 0, true)) == MS_OK) /* "" : an empty file */
        st = reader_finish(r);
cleanup:
    ms_free(block);
    return st;
}

/* ---------- on one thread: a full batch is delivered where it is read ---------- */

typedef struct {
    consumer *c;
    batch *b;
} sink;

static ms_status deliver_here(void *owner)
{
    sink *k = owner;
    return deliver(k->c, k->b);
}

static ms_status read_here(const source *src, const char *name, const ms_csv_options *opt,
                           consumer *c, ms_rows_info *info, ms_error *err)
{
    batch b = {0};
    reader r;
    sink k = {c, &b};
    ms_status st = reader_init(&r, name, opt, &b, info, err);
    if (st == MS_OK) {
        r.rb.hand_over = deliver_here;
        r.rb.owner = &k;
        st = produce(&r, src);
        b.info = *info;
        /* rows read before the end, or before a failure, still go out */
        ms_status delivered = deliver(c, &b);
        st = delivered ? delivered : st;
    }
    reader_free(&r);
    batch_free(&b);
    return st;
}

/* ---------- on two threads: one reads and parses, the caller's decodes ----------
 *
 * The reading thread fills batches in turn and hands each over; the
 * caller's thread delivers them in the same order, so the rows, their order
 * and every callback are exactly those of read_here: only the wall time
 * differs.  Callbacks run on the caller's thread only.  A failure on
 * either side stops both; the caller's failure wins, as it would on one
 * thread, where it stops reading. */

enum { SLOTS = 16 };

typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    batch slots[SLOTS];
    bool full[SLOTS];   /* handed over, not yet delivered */
    size_t filling;     /* the slot the reading thread fills */
    bool done;          /* the reading thread has finished */
    bool stop;          /* the caller's side failed: stop reading */
    reader r;
    const source *src;
    ms_status status;   /* the reading thread's */
    ms_error err;
    const ms_row_prep *prep; /* NULL: none */
    bool handed;        /* a batch has been handed over */
} pipeline;

static ms_status hand_over_to_caller(void *owner)
{
    pipeline *p = owner;
    size_t next = (p->filling + 1) % SLOTS;
    pthread_mutex_lock(&p->mu);
    p->full[p->filling] = true;
    pthread_cond_broadcast(&p->cv);
    /* the first batch holds the header: once the caller has it, the prep of
     * every later row can be made (a prep published then is seen here) */
    while (p->prep && !p->handed && p->full[p->filling] && !p->stop)
        pthread_cond_wait(&p->cv, &p->mu);
    p->handed = true;
    while (p->full[next] && !p->stop)
        pthread_cond_wait(&p->cv, &p->mu);
    bool stop = p->stop;
    pthread_mutex_unlock(&p->mu);
    if (stop)
        return MS_ERR_IO; /* not reported: the caller's own failure is */
    p->filling = next;
    p->r.rb.b = &p->slots[next];
    return MS_OK;
}

static void *reading_thread(void *arg)
{
    pipeline *p = arg;
    p->status = produce(&p->r, p->src);
    batch *last = p->r.rb.b;
    last->info = *p->r.info;
    pthread_mutex_lock(&p->mu);
    p->full[p->filling] = last->n_rows > 0;
    p->done = true;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* Deliver batches as they come until the reading thread is done. */
static ms_status deliver_handed_over(pipeline *p, consumer *c)
{
    ms_status st = MS_OK;
    for (size_t j = 0;; j = (j + 1) % SLOTS) {
        pthread_mutex_lock(&p->mu);
        while (!p->full[j] && !p->done)
            pthread_cond_wait(&p->cv, &p->mu);
        bool have = p->full[j];
        pthread_mutex_unlock(&p->mu);
        if (!have)
            return st;
        st = deliver(c, &p->slots[j]);
        pthread_mutex_lock(&p->mu);
        p->full[j] = false;
        p->stop = st != MS_OK;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
        if (st)
            return st;
    }
}

/* *started is false when no thread could be had (then nothing was read). */
static ms_status read_on_two_threads(const source *src, const char *name,
                                     const ms_csv_options *opt, consumer *c, ms_rows_info *info,
                                     ms_error *err, bool *started)
{
    *started = false;
    pipeline *p = ms_calloc(1, sizeof *p);
    if (!p)
        return MS_OK;
    p->src = src;
    p->prep = opt && opt->prep && opt->prep->fn && opt->prep->size ? opt->prep : NULL;
    ms_status st = MS_OK;
    bool sync = pthread_mutex_init(&p->mu, NULL) == 0;
    bool cond = sync && pthread_cond_init(&p->cv, NULL) == 0;
    bool reader = cond && reader_init(&p->r, name, opt, &p->slots[0], info, &p->err) == MS_OK;
    pthread_t t;
    if (reader) {
        p->r.rb.hand_over = hand_over_to_caller;
        p->r.rb.owner = p;
        p->r.rb.prep = p->prep; /* each row's, as it ends (prep_row_end) */
        *started = pthread_create(&t, NULL, reading_thread, p) == 0;
    }
    if (*started) {
        st = deliver_handed_over(p, c);
        pthread_join(t, NULL);
        if (st == MS_OK && p->status != MS_OK) {
            st = p->status;
            if (err)
                *err = p->err;
        }
    }
    if (reader)
        reader_free(&p->r);
    for (size_t i = 0; i < SLOTS; i++)
        batch_free(&p->slots[i]);
    if (cond)
        pthread_cond_destroy(&p->cv);
    if (sync)
        pthread_mutex_destroy(&p->mu);
    ms_free(p);
    return st;
}

static bool use_two_threads(const ms_csv_options *opt, unsigned long long bytes)
{
    unsigned threads = opt ? opt->threads : 0;
    if (threads)
        return threads >= 2;
    return bytes >= TWO_THREADS_FROM && sysconf(_SC_NPROCESSORS_ONLN) >= 2;
}

static ms_status read_source(const source *src, const char *name, const ms_csv_options *opt,
                             ms_row_fn on_row, void *ctx, ms_rows_progress_fn on_progress,
                             ms_rows_info *info, ms_error *err)
{
    consumer c = {on_row, on_progress, ctx, err, name, opt ? opt->prep : NULL, NULL, 0};
    ms_status st = MS_OK;
    bool started = false;
    if (use_two_threads(opt, info->bytes_total))
        st = read_on_two_threads(src, name, opt, &c, info, err, &started);
    if (!started)
        st = read_here(src, name, opt, &c, info, err);
    ms_free(c.view);
    return st;
}

ms_status ms_csv_read_file(const char *path, const ms_csv_options *opt, ms_row_fn on_row,
                           void *ctx, ms_rows_progress_fn on_progress, ms_rows_info *info,
                           ms_error *err)
{
    ms_rows_info local;
    info = info ? info : &local;
    memset(info, 0, sizeof *info);
    FILE *f = fopen(path, "rb");
    if (!f)
        return ms_error_set(err, MS_ERR_IO, path, 0, 0, "cannot open: %s", strerror(errno));
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0)
        info->bytes_total = (unsigned long long)sb.st_size;
    source src = {f, NULL, 0};
    ms_status st = read_source(&src, path, opt, on_row, ctx, on_progress, info, err);
    fclose(f);
    return st;
}

ms_status ms_csv_read_mem(const char *data, size_t len, const char *name,
                          const ms_csv_options *opt, ms_row_fn on_row, void *ctx,
                          ms_rows_info *info, ms_error *err)
{
    ms_rows_info local;
    info = info ? info : &local;
    memset(info, 0, sizeof *info);
    info->bytes_total = len;
    source src = {NULL, data, len};
    return read_source(&src, name, opt, on_row, ctx, NULL, info, err);
}
