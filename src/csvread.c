/* csvread.c — streaming CSV reading: encoding, delimiter, lines, libcsv. */
#include "csvread.h"
#include "util.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

enum { BLOCK = 1 << 18 };

/* where a field lies in the row's text (offsets: the text may move as it grows) */
typedef struct {
    size_t off, len;
} span;

typedef struct {
    /* the row being assembled: field texts back to back, NUL-terminated */
    char *text;
    size_t text_len, text_cap;
    span *spans;
    size_t n_fields, spans_cap;
    ms_field *view;
    size_t view_cap;
    size_t row_line;
    bool row_pending;
    const char *broken;  /* why libcsv could not read the row, or NULL */
    size_t broken_field; /* 1-based field where it broke */
    size_t line;         /* physical line being fed */
    ms_csv_row_fn on_row;
    void *ctx;
    ms_error *err;
    ms_status status;    /* first failure seen inside a libcsv callback */
    const char *name;
} row_builder;

static bool row_builder_nomem(row_builder *rb)
{
    rb->status = ms_error_set(rb->err, MS_ERR_NOMEM, rb->name, rb->row_line, 0, "out of memory");
    return false;
}

/* Room for one more field of len bytes (the rare path of on_field). */
static bool row_builder_reserve(row_builder *rb, size_t len)
{
    if (rb->status != MS_OK)
        return false;
    if (ms_grow((void **)&rb->text, &rb->text_cap, rb->text_len + len + 1, 1) ||
        ms_grow((void **)&rb->spans, &rb->spans_cap, rb->n_fields + 1, sizeof *rb->spans))
        return row_builder_nomem(rb);
    return true;
}

/* libcsv hands each field over in a buffer it reuses: copy it out.  Called
 * for every cell of the file, so the usual path is one branch and a copy. */
static void on_field(void *s, size_t len, void *data)
{
    row_builder *rb = data;
    if ((rb->text_len + len + 1 > rb->text_cap || rb->n_fields == rb->spans_cap) &&
        !row_builder_reserve(rb, len))
        return;
    char *dst = rb->text + rb->text_len;
    if (len <= 8) { /* most answers are a byte or two: no call to memcpy */
        for (size_t i = 0; i < len; i++)
            dst[i] = ((const char *)s)[i];
    } else {
        memcpy(dst, s, len);
    }
    dst[len] = '\0';
    rb->spans[rb->n_fields++] = (span){rb->text_len, len};
    rb->text_len += len + 1;
}

static void on_row_end(int c, void *data)
{
    (void)c;
    row_builder *rb = data;
    if (rb->status == MS_OK && rb->view_cap < rb->n_fields &&
        ms_grow((void **)&rb->view, &rb->view_cap, rb->n_fields, sizeof *rb->view))
        row_builder_nomem(rb);
    if (rb->status == MS_OK) {
        for (size_t i = 0; i < rb->n_fields; i++)
            rb->view[i] = (ms_field){rb->text + rb->spans[i].off, rb->spans[i].len};
        size_t at = rb->broken_field ? rb->broken_field : rb->n_fields + 1;
        ms_csv_row row = {rb->view, rb->n_fields, rb->row_line, rb->broken, rb->broken ? at : 0};
        rb->status = rb->on_row(&row, rb->ctx, rb->err);
    }
    rb->n_fields = 0;
    rb->text_len = 0;
    rb->row_pending = false;
    rb->broken = NULL;
    rb->broken_field = 0;
}

static void row_builder_free(row_builder *rb)
{
    ms_free(rb->text);
    ms_free(rb->spans);
    ms_free(rb->view);
}

bool ms_utf8_valid(const char *s, size_t len, size_t *complete_len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned char c = p[i];
        size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (n == 0 || (n == 2 && c < 0xC2))
            return false;
        if (i + n > len) {
            if (complete_len)
                *complete_len = i;
            for (size_t j = i + 1; j < len; j++)
                if ((p[j] & 0xC0) != 0x80)
                    return false;
            return complete_len != NULL;
        }
        for (size_t j = 1; j < n; j++)
            if ((p[i + j] & 0xC0) != 0x80)
                return false;
        i += n;
    }
    if (complete_len)
        *complete_len = len;
    return true;
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

static char guess_delimiter(const char *s, size_t n)
{
    size_t comma = 0, semi = 0, tab = 0;
    bool quoted = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r'))
            break;
        else if (!quoted)
            comma += c == ',', semi += c == ';', tab += c == '\t';
    }
    if (semi > comma && semi >= tab)
        return ';';
    if (tab > comma && tab > semi)
        return '\t';
    return ',';
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
    ms_csv_info *info;
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

static ms_status feed(reader *r, const char *p, size_t n)
{
    if (csv_parse(&r->parser, p, n, on_field, on_row_end, &r->rb) != n && recover(r))
        return ms_error_set(r->err, MS_ERR_NOMEM, r->name, r->rb.line, 0, "out of memory");
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

/* Feed whole physical lines to libcsv so each row knows its first line. */
static ms_status feed_lines(reader *r, bool at_eof)
{
    size_t start = 0;
    char *s = r->carry;
    eol_finder e = {s, r->carry_len, find_byte(s, 0, r->carry_len, '\n'),
                    find_byte(s, 0, r->carry_len, '\r')};
    ms_status st = MS_OK;
    for (size_t i; (i = next_eol(&e, start)) < r->carry_len; start = i) {
        char c = s[i];
        if (c == '\r' && i + 1 == r->carry_len && !at_eof)
            break; /* a CR at the block end may be half of a CRLF */
        size_t end = i + 1 + (c == '\r' && i + 1 < r->carry_len && s[i + 1] == '\n');
        /* a line holding only its end starts no row (libcsv skips it) */
        if (end - start > end - i)
            begin_line(&r->rb);
        else
            r->rb.line++;
        if ((st = feed(r, s + start, end - start)))
            return st;
        i = end;
    }
    if (at_eof && start < r->carry_len) {
        begin_line(&r->rb);
        if ((st = feed(r, s + start, r->carry_len - start)))
            return st;
        start = r->carry_len;
    }
    memmove(s, s + start, r->carry_len - start);
    r->carry_len -= start;
    r->info->lines = r->rb.line;
    return r->rb.status;
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
    snprintf(r->info->encoding, sizeof r->info->encoding, "%s%s", utf8 ? "UTF-8" : enc,
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
    st = r->convert ? convert_block(r, p, n) : append_carry(r, p, n);
    if (st)
        return st;
    if (r->info->delimiter == 0)
        r->info->delimiter = (r->opt && r->opt->delimiter) ? r->opt->delimiter
                                                            : guess_delimiter(r->carry, r->carry_len);
    csv_set_delim(&r->parser, (unsigned char)r->info->delimiter);
    return feed_lines(r, at_eof);
}

static ms_status reader_finish(reader *r)
{
    ms_status st = feed_lines(r, true);
    if (st)
        return st;
    if (csv_fini(&r->parser, on_field, on_row_end, &r->rb) != 0) {
        /* The last row swallowed the rest of the file: hand it on, marked,
         * so the caller can quarantine it instead of losing it. */
        csv_set_opts(&r->parser, (unsigned char)(csv_get_opts(&r->parser) & ~CSV_STRICT_FINI));
        r->rb.broken = "a quoted field is not closed before the end of the file";
        r->rb.broken_field = r->rb.n_fields + 1; /* the open field is the next one */
        csv_fini(&r->parser, on_field, on_row_end, &r->rb);
    }
    return r->rb.status;
}

static ms_status reader_init(reader *r, const char *name, const ms_csv_options *opt,
                             ms_csv_row_fn on_row, void *ctx, ms_csv_info *info, ms_error *err)
{
    memset(r, 0, sizeof *r);
    memset(info, 0, sizeof *info);
    r->cd = (iconv_t)-1;
    r->opt = opt;
    r->info = info;
    r->name = name;
    r->err = err;
    r->rb = (row_builder){.on_row = on_row, .ctx = ctx, .err = err, .name = name};
    /* CSV_APPEND_NULL is not needed: fields are copied and terminated. */
    if (parser_init(r) != 0)
        return ms_error_set(err, MS_ERR_NOMEM, name, 0, 0, "out of memory");
    return MS_OK;
}

static void reader_free(reader *r)
{
    csv_free(&r->parser);
    row_builder_free(&r->rb);
    ms_free(r->carry);
    if (r->cd != (iconv_t)-1)
        iconv_close(r->cd);
}

ms_status ms_csv_read_file(const char *path, const ms_csv_options *opt, ms_csv_row_fn on_row,
                           void *ctx, ms_csv_progress_fn on_progress, ms_csv_info *info,
                           ms_error *err)
{
    ms_csv_info local;
    info = info ? info : &local;
    reader r;
    char *block = NULL;
    ms_status st = reader_init(&r, path, opt, on_row, ctx, info, err);
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (st == MS_OK)
            st = ms_error_set(err, MS_ERR_IO, path, 0, 0, "cannot open: %s", strerror(errno));
        goto cleanup;
    }
    if (st)
        goto cleanup;
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0)
        info->bytes_total = (unsigned long long)sb.st_size;
    block = ms_malloc(BLOCK);
    if (!block) {
        st = ms_error_set(err, MS_ERR_NOMEM, path, 0, 0, "out of memory");
        goto cleanup;
    }
    size_t n;
    while ((n = fread(block, 1, BLOCK, f)) > 0) {
        info->bytes_read += n;
        if ((st = reader_push(&r, block, n, false)))
            goto cleanup;
        if (on_progress)
            on_progress(info, ctx);
    }
    if (ferror(f)) {
        st = ms_error_set(err, MS_ERR_IO, path, 0, 0, "read error: %s", strerror(errno));
        goto cleanup;
    }
    if (!r.detected && (st = reader_push(&r, "", 0, true)))
        goto cleanup;
    st = reader_finish(&r);
cleanup:
    if (f)
        fclose(f);
    ms_free(block);
    reader_free(&r);
    return st;
}

ms_status ms_csv_read_mem(const char *data, size_t len, const char *name,
                          const ms_csv_options *opt, ms_csv_row_fn on_row, void *ctx,
                          ms_csv_info *info, ms_error *err)
{
    ms_csv_info local;
    info = info ? info : &local;
    reader r;
    ms_status st = reader_init(&r, name, opt, on_row, ctx, info, err);
    if (st == MS_OK) {
        info->bytes_total = info->bytes_read = len;
        st = reader_push(&r, data, len, true);
    }
    if (st == MS_OK)
        st = reader_finish(&r);
    reader_free(&r);
    return st;
}

static bool is_space_at(const char *p, size_t n, size_t *w)
{
    if (n >= 1 && (p[0] == ' ' || p[0] == '\t')) {
        *w = 1;
        return true;
    }
    if (n >= 2 && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0) {
        *w = 2;
        return true;
    }
    return false;
}

ms_field ms_field_trim(ms_field f)
{
    size_t w;
    while (f.len && is_space_at(f.ptr, f.len, &w)) {
        f.ptr += w;
        f.len -= w;
    }
    while (f.len) {
        if (f.ptr[f.len - 1] == ' ' || f.ptr[f.len - 1] == '\t')
            f.len--;
        else if (f.len >= 2 && (unsigned char)f.ptr[f.len - 2] == 0xC2 &&
                 (unsigned char)f.ptr[f.len - 1] == 0xA0)
            f.len -= 2;
        else
            break;
    }
    return f;
}

/* Decode one UTF-8 code point (invalid bytes are taken as themselves). */
static unsigned next_cp(const unsigned char **p, const unsigned char *end)
{
    const unsigned char *s = *p;
    unsigned c = *s++;
    if (c >= 0xC0 && c < 0xE0 && s < end && (*s & 0xC0) == 0x80)
        c = ((c & 0x1F) << 6) | (*s++ & 0x3F);
    else if (c >= 0xE0 && c < 0xF0 && s + 1 < end && (s[0] & 0xC0) == 0x80 && (s[1] & 0xC0) == 0x80) {
        c = ((c & 0x0F) << 12) | ((s[0] & 0x3F) << 6) | (s[1] & 0x3F);
        s += 2;
    }
    *p = s;
    return c;
}

static unsigned fold_cp(unsigned c)
{
    if (c == 0x401 || c == 0x451)
        return 0x435; /* ё reads as е in forms typed by hand */
    if (c >= 'A' && c <= 'Z')
        return c + 32;
    if (c >= 0x410 && c <= 0x42F)
        return c + 0x20;
    if (c >= 0x400 && c <= 0x40F)
        return c + 0x50;
    return c;
}

bool ms_field_equal_ci(ms_field a, const char *b)
{
    const unsigned char *p = (const unsigned char *)a.ptr, *pe = p + a.len;
    const unsigned char *q = (const unsigned char *)b, *qe = q + strlen(b);
    while (p < pe && q < qe)
        if (fold_cp(next_cp(&p, pe)) != fold_cp(next_cp(&q, qe)))
            return false;
    return p == pe && q == qe;
}

size_t ms_prefix_ci(ms_field text, const char *prefix)
{
    const unsigned char *p = (const unsigned char *)text.ptr, *pe = p + text.len;
    const unsigned char *q = (const unsigned char *)prefix, *qe = q + strlen(prefix);
    while (q < qe) {
        if (p >= pe || fold_cp(next_cp(&p, pe)) != fold_cp(next_cp(&q, qe)))
            return 0;
    }
    return (size_t)(p - (const unsigned char *)text.ptr);
}
