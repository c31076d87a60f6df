/* xlsxread.c — a sheet of an .xlsx workbook as rows: libzip opens the
 * container, libxml2 streams each XML part (the sheet by SAX2). */
#include "datetime.h"
#include "xlsxread.h"
#include "util.h"
#include "cnum.h"

#include <ctype.h>
#include <libxml/xmlreader.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

enum { MAX_COLUMNS = 16384 };   /* XFD, the last column Excel has */
enum { MAX_ROWS = 1048576 };     /* and its last row */
enum { PROGRESS_ROWS = 1024 };
/* Limits, so that a small file cannot unpack into gigabytes (docs/data-files.md):
 * what all parts read unpack to, a quarter of it for the parts held in
 * memory (shared strings, styles, relations), and the cells of the sheet.
 * MENTORSTAT_XLSX_MAX_MB and MENTORSTAT_XLSX_MAX_CELLS change them. */
#define DEFAULT_MAX_MB 1024ull
#define DEFAULT_MAX_CELLS 50000000ull
enum { MAX_CELL_BYTES = 32767 * 4 };   /* Excel's 32767 characters, in UTF-8 */
enum { MAX_ROW_BYTES = 16 << 20 };

typedef struct {
    char *id, *type, *target;
} relation;

typedef struct {
    char *name, *rid;
    bool hidden;         /* state="hidden" or "veryHidden": not the default sheet */
} sheet_ref;

/* Strings back to back, each NUL-terminated; entry i starts at off[i]. */
typedef struct {
    char *text;
    size_t len, cap;
    size_t *off;
    size_t n, off_cap;
    unsigned char *bad;      /* per entry: it held a character that is none */
    size_t bad_cap;
} strtab;

typedef struct {
    unsigned id;
    char pre[24], post[24]; /* the sign's text before and after the number */
} money_format;

typedef struct {
    zip_t *zip;
    const char *name;        /* the file, for messages */
    ms_error *err;
    char *workbook, *workbook_dir, *workbook_rels;  /* parts: see find_workbook */
    relation *rels;
    size_t n_rels, rels_cap;
    sheet_ref *sheets;
    size_t n_sheets, sheets_cap;
    bool date1904;
    strtab sst;
    unsigned *xf_format;     /* cellXfs: number format id of each style */
    size_t n_xf, xf_cap;
    unsigned *date_formats;  /* custom format ids that show dates */
    size_t n_date_formats, date_formats_cap;
    bool *xf_date;           /* per style, resolved once the styles are read */
    money_format *money;     /* custom formats that show a currency sign */
    size_t n_money, money_cap;
    long *xf_money;          /* per style: its entry of money, -1 none */
    unsigned long long max_bytes, max_held, max_cells;
    unsigned long long bytes, held, cells;  /* unpacked so far, of it held; cells seen */
    const char *refused;     /* why reading stopped: a limit or a DTD */
} book;

/* ---------- one XML part of the archive, as a stream ---------- */

typedef struct {
    book *b;
    const char *path;
    zip_file_t *zf;
    xmlTextReaderPtr r;
    char zip_msg[128];
    char xml_msg[200];
    int xml_line;
    unsigned long long bytes;   /* uncompressed bytes read */
    bool held;                  /* its content is kept in memory */
    int prolog;                 /* the DTD scan: a state of scan_prolog, 0 when done */
    char bang[8];               /* after "<!": the next bytes */
    size_t n_bang;
} part;

/* No workbook has a DTD; one is refused before libxml2 reads it (its
 * entity declarations are where parsers go wrong).  The prolog is scanned:
 * declarations (<?...?>), comments and space, until the first element. */
enum { PRO_DONE, PRO_TEXT, PRO_LT, PRO_PI, PRO_PI_Q, PRO_BANG, PRO_COMMENT, PRO_COMMENT_1,
       PRO_COMMENT_2 };

static bool scan_prolog(part *p, const char *buf, size_t n)
{
    for (size_t i = 0; i < n && p->prolog != PRO_DONE; i++) {
        char c = buf[i];
        switch (p->prolog) {
        case PRO_TEXT: p->prolog = c == '<' ? PRO_LT : PRO_TEXT; break;
        case PRO_LT:
            p->prolog = c == '?' ? PRO_PI : c == '!' ? PRO_BANG : PRO_DONE;
            p->n_bang = 0;
            break;
        case PRO_PI: p->prolog = c == '?' ? PRO_PI_Q : PRO_PI; break;
        case PRO_PI_Q: p->prolog = c == '>' ? PRO_TEXT : c == '?' ? PRO_PI_Q : PRO_PI; break;
        case PRO_BANG:
            p->bang[p->n_bang++] = c;
            if (p->n_bang == 2 && !memcmp(p->bang, "--", 2))
                p->prolog = PRO_COMMENT;
            else if (memcmp(p->bang, "DOCTYPE", p->n_bang) != 0 &&
                     memcmp(p->bang, "--", p->n_bang < 2 ? p->n_bang : 2) != 0)
                p->prolog = PRO_DONE;
            else if (p->n_bang == 7)
                return false; /* <!DOCTYPE */
            break;
        case PRO_COMMENT: p->prolog = c == '-' ? PRO_COMMENT_1 : PRO_COMMENT; break;
        case PRO_COMMENT_1: p->prolog = c == '-' ? PRO_COMMENT_2 : PRO_COMMENT; break;
        case PRO_COMMENT_2: p->prolog = c == '>' ? PRO_TEXT : c == '-' ? PRO_COMMENT_2 : PRO_COMMENT; break;
        }
    }
    return true;
}

static int part_read(void *ctx, char *buf, int len)
{
    part *p = ctx;
    book *b = p->b;
    zip_int64_t n = zip_fread(p->zf, buf, (zip_uint64_t)len);
    if (n < 0) {
        ms_c_snprintf(p->zip_msg, sizeof p->zip_msg, "%s", zip_file_strerror(p->zf));
        return -1;
    }
    p->bytes += (unsigned long long)n;
    b->bytes += (unsigned long long)n;
    b->held += p->held ? (unsigned long long)n : 0;
    if (b->bytes > b->max_bytes || b->held > b->max_held) {
        b->refused = "limit";
        return -1;
    }
    if (p->prolog != PRO_DONE && !scan_prolog(p, buf, (size_t)n)) {
        b->refused = "dtd";
        return -1;
    }
    return (int)n;
}

static int part_noop_close(void *ctx)
{
    (void)ctx;
    return 0;
}

/* libxml2 would print its errors: keep the first one for the message. */
static void on_xml_error(void *ctx, xmlErrorPtr e)
{
    part *p = ctx;
    if (p->xml_msg[0] || !e || e->level < XML_ERR_ERROR) /* a warning damages nothing */
        return;
    ms_c_snprintf(p->xml_msg, sizeof p->xml_msg, "%s", e->message ? e->message : "malformed XML");
    size_t n = strlen(p->xml_msg);
    while (n && (p->xml_msg[n - 1] == '\n' || p->xml_msg[n - 1] == ' '))
        p->xml_msg[--n] = '\0';
    p->xml_line = e->line;
}

static ms_status nomem(book *b)
{
    return ms_error_set(b->err, MS_ERR_NOMEM, b->name, 0, 0, "out of memory");
}

static ms_status damaged(part *p)
{
    book *b = p->b;
    if (b->refused && !strcmp(b->refused, "limit"))
        return ms_error_set(b->err, MS_ERR_PARSE, b->name, 0, 0,
                            "the workbook unpacks to more than %llu MB%s (%s): refusing it "
                            "(MENTORSTAT_XLSX_MAX_MB raises the limit)",
                            (b->held > b->max_held ? b->max_held : b->max_bytes) >> 20,
                            b->held > b->max_held ? " of shared strings and styles" : "",
                            p->path);
    if (b->refused && !strcmp(b->refused, "dtd"))
        return ms_error_set(b->err, MS_ERR_PARSE, b->name, 0, 0,
                            "damaged .xlsx workbook: %s declares a DTD (<!DOCTYPE>), which no "
                            "workbook has: refusing it",
                            p->path);
    if (b->refused)
        return ms_error_set(b->err, MS_ERR_PARSE, b->name, 0, 0,
                            "the sheet has more than %llu cells (%s): refusing it "
                            "(MENTORSTAT_XLSX_MAX_CELLS raises the limit)",
                            b->max_cells, p->path);
    if (p->zip_msg[0])
        return ms_error_set(p->b->err, MS_ERR_PARSE, p->b->name, 0, 0,
                            "damaged .xlsx workbook: %s cannot be unpacked (%s)", p->path,
                            p->zip_msg);
    return ms_error_set(p->b->err, MS_ERR_PARSE, p->b->name, 0, 0,
                        "damaged .xlsx workbook: %s, line %d: %s", p->path, p->xml_line,
                        p->xml_msg[0] ? p->xml_msg : "malformed XML");
}

/* *absent (when given) is set instead of failing for a part not there. */
static ms_status part_open(book *b, const char *path, part *p, bool *absent)
{
    memset(p, 0, sizeof *p);
    p->b = b;
    p->path = path;
    p->held = true; /* the small parts are kept; the sheet is streamed */
    p->prolog = PRO_TEXT;
    if (absent)
        *absent = false;
    if (!(p->zf = zip_fopen(b->zip, path, 0))) {
        if (absent) {
            *absent = true;
            return MS_OK;
        }
        return ms_error_set(b->err, MS_ERR_PARSE, b->name, 0, 0,
                            "not a readable .xlsx workbook: the archive has no %s", path);
    }
    p->r = xmlReaderForIO(part_read, part_noop_close, p, path, NULL, XML_PARSE_NONET);
    if (!p->r) /* the reader is made before anything is read: only memory fails it */
        return nomem(b);
    xmlTextReaderSetStructuredErrorHandler(p->r, on_xml_error, p);
    return MS_OK;
}

static void part_close(part *p)
{
    if (p->r)
        xmlFreeTextReader(p->r);
    if (p->zf)
        zip_fclose(p->zf);
    p->r = NULL;
    p->zf = NULL;
}

/* 1: a node; 0: the end; -1: failed (the error is set). */
static int part_next(part *p, ms_status *st)
{
    int rc = xmlTextReaderRead(p->r);
    if (rc == 1 && xmlTextReaderNodeType(p->r) == XML_READER_TYPE_DOCUMENT_TYPE)
        p->b->refused = "dtd"; /* one the scan did not see (another encoding) */
    if (rc < 0 || p->zip_msg[0] || p->xml_msg[0] || p->b->refused) {
        *st = damaged(p);
        return -1;
    }
    return rc;
}

static bool is_start(xmlTextReaderPtr r, const char *local)
{
    return xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT &&
           strcmp((const char *)xmlTextReaderConstLocalName(r), local) == 0;
}

static bool is_end(xmlTextReaderPtr r, const char *local)
{
    return xmlTextReaderNodeType(r) == XML_READER_TYPE_END_ELEMENT &&
           strcmp((const char *)xmlTextReaderConstLocalName(r), local) == 0;
}

static bool is_text(xmlTextReaderPtr r)
{
    int t = xmlTextReaderNodeType(r);
    return t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA ||
           t == XML_READER_TYPE_WHITESPACE || t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

/* An element that is its own end (<c r="A1"/>) sends no END node. */
static bool is_empty_element(xmlTextReaderPtr r) { return xmlTextReaderIsEmptyElement(r) == 1; }

typedef struct {
    const char *name;   /* local name */
    char *buf;
    size_t size;
    bool found;         /* false also when the value did not fit */
} attr_want;

/* The wanted attributes of the current element, copied, in one pass. */
static void read_attrs(xmlTextReaderPtr r, attr_want *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        w[i].found = false;
        w[i].buf[0] = '\0';
    }
    if (xmlTextReaderMoveToFirstAttribute(r) != 1)
        return;
    do {
        const char *local = (const char *)xmlTextReaderConstLocalName(r);
        for (size_t i = 0; local && i < n; i++) {
            if (w[i].found || strcmp(local, w[i].name) != 0)
                continue;
            const char *v = (const char *)xmlTextReaderConstValue(r);
            size_t len = v ? strlen(v) : 0;
            if (len < w[i].size) {
                memcpy(w[i].buf, v ? v : "", len + 1);
                w[i].found = true;
            }
        }
    } while (xmlTextReaderMoveToNextAttribute(r) == 1);
    xmlTextReaderMoveToElement(r);
}

/* ---------- strings ---------- */

static int hex_digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static size_t put_utf8(char *out, unsigned cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    out[0] = (char)(0xE0 | cp >> 12);
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

/* The code unit of an _xHHHH_ escape at s (n bytes left), or -1. */
static long escape_at(const char *s, size_t n)
{
    if (n < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_')
        return -1;
    int h[4] = {hex_digit(s[2]), hex_digit(s[3]), hex_digit(s[4]), hex_digit(s[5])};
    if (h[0] < 0 || h[1] < 0 || h[2] < 0 || h[3] < 0)
        return -1;
    return h[0] << 12 | h[1] << 8 | h[2] << 4 | h[3];
}

/* OOXML writes characters XML cannot hold as _xHHHH_ (_x000D_ for CR):
 * decode them in place; returns the new length.  A surrogate pair of
 * escapes is one character; a lone surrogate or _x0000_ is none, and
 * becomes U+FFFD (*bad counts them), so the text stays valid UTF-8. */
static size_t decode_escapes(char *s, size_t n, size_t *bad)
{
    if (n == 0 || !memchr(s, '_', n)) /* an empty inline string has no buffer yet */
        return n;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        long cp = escape_at(s + i, n - i);
        if (cp < 0) {
            s[o++] = s[i++];
            continue;
        }
        i += 7;
        long low = cp >= 0xD800 && cp <= 0xDBFF ? escape_at(s + i, n - i) : -1;
        if (low >= 0xDC00 && low <= 0xDFFF) {
            unsigned c = 0x10000 + ((unsigned)(cp - 0xD800) << 10) + (unsigned)(low - 0xDC00);
            s[o++] = (char)(0xF0 | c >> 18);
            s[o++] = (char)(0x80 | ((c >> 12) & 0x3F));
            s[o++] = (char)(0x80 | ((c >> 6) & 0x3F));
            s[o++] = (char)(0x80 | (c & 0x3F));
            i += 7;
        } else if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
            o += put_utf8(s + o, 0xFFFD);
            ++*bad;
        } else {
            o += put_utf8(s + o, (unsigned)cp);
        }
    }
    s[o] = '\0';
    return o;
}

static int buf_append(char **buf, size_t *len, size_t *cap, const char *p, size_t n)
{
    if (ms_grow((void **)buf, cap, *len + n + 1, 1))
        return -1;
    memcpy(*buf + *len, p, n);
    *len += n;
    (*buf)[*len] = '\0';
    return 0;
}

static void strtab_free(strtab *t)
{
    ms_free(t->text);
    ms_free(t->off);
    ms_free(t->bad);
}

/* The text appended since the last entry becomes entry n. */
static int strtab_close_entry(strtab *t, size_t start)
{
    if (buf_append(&t->text, &t->len, &t->cap, "", 0) ||
        ms_grow((void **)&t->off, &t->off_cap, t->n + 1, sizeof *t->off) ||
        ms_grow((void **)&t->bad, &t->bad_cap, t->n + 1, sizeof *t->bad))
        return -1;
    size_t bad = 0;
    t->len = start + decode_escapes(t->text + start, t->len - start, &bad);
    t->text[t->len++] = '\0';
    t->bad[t->n] = bad > 0;
    t->off[t->n++] = start;
    return 0;
}

/* Shared strings: each <si>'s <t> texts joined, phonetic runs (<rPh>) left out. */
static ms_status load_shared_strings(book *b, const char *path)
{
    part p;
    bool absent;
    ms_status st = part_open(b, path, &p, &absent);
    if (st || absent)
        return st;
    bool in_si = false, in_t = false, in_rph = false;
    size_t start = 0;
    xmlTextReaderPtr r = p.r;
    int rc;
    while ((rc = part_next(&p, &st)) == 1) {
        bool empty = is_empty_element(r);
        if (is_start(r, "si")) {
            in_si = true;
            start = b->sst.len;
            in_t = in_rph = false;
        } else if (in_si && is_start(r, "t")) {
            in_t = !empty;
        } else if (in_si && is_start(r, "rPh")) {
            in_rph = !empty;
        } else if (is_end(r, "t")) {
            in_t = false;
        } else if (is_end(r, "rPh")) {
            in_rph = false;
        } else if (in_si && in_t && !in_rph && is_text(r)) {
            const char *v = (const char *)xmlTextReaderConstValue(r);
            if (v && buf_append(&b->sst.text, &b->sst.len, &b->sst.cap, v, strlen(v))) {
                st = nomem(b);
                break;
            }
        }
        if ((is_start(r, "si") && empty) || is_end(r, "si")) {
            in_si = false;
            if (strtab_close_entry(&b->sst, start)) {
                st = nomem(b);
                break;
            }
        }
    }
    part_close(&p);
    return st;
}

/* ---------- styles: which cell styles show dates ---------- */

static bool builtin_date_format(unsigned id)
{
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
           (id >= 50 && id <= 58);
}

bool ms_xlsx_format_is_date(const char *code)
{
    for (const char *c = code; *c; c++) {
        if (*c == '"') { /* literal text */
            while (c[1] && c[1] != '"')
                c++;
            if (c[1])
                c++;
        } else if (*c == '[') { /* colour, condition, locale; [h] [mm] [ss] are elapsed time */
            const char *close = strchr(c, ']');
            if (!close)
                return false;
            char l = (char)tolower((unsigned char)c[1]);
            if (l == 'h' || l == 'm' || l == 's') {
                const char *q = c + 1;
                while (q < close && tolower((unsigned char)*q) == l)
                    q++;
                if (q == close)
                    return true;
            }
            c = close;
        } else if (*c == '\\' || *c == '_' || *c == '*') { /* the next character is literal */
            if (c[1])
                c++;
        } else if (strchr("dmyhDMYH", *c)) {
            return true;
        }
    }
    return false;
}

/* The literal text of a format's first section: quoted, escaped (\\₽) or a
 * locale's currency ([$₽-419]); before the first digit placeholder into pre,
 * after it into post. */
static void format_literals(const char *code, char *pre, size_t npre, char *post, size_t npost)
{
    size_t lp = 0, lq = 0;
    bool digits = false;
    pre[0] = post[0] = '\0';
    for (const char *c = code; *c && *c != ';'; c++) {
        const char *from = c, *to = c; /* the literal [from, to) */
        if (*c == '"') {
            from = c + 1;
            while (c[1] && c[1] != '"')
                c++;
            to = c + 1;
            c += c[1] != '\0';
        } else if (*c == '\\' && c[1]) {
            from = ++c, to = c + 1;
            while ((*to & 0xC0) == 0x80)
                c = to++;
        } else if (*c == '[' && c[1] == '$') {
            from = c + 2, to = from;
            while (*to && *to != '-' && *to != ']')
                to++;
            while (*c && *c != ']')
                c++;
            if (!*c)
                break;
        } else if (*c == '[') {
            while (*c && *c != ']')
                c++;
            if (!*c)
                break;
        } else if (strchr("0#?", *c)) {
            digits = true;
        }
        size_t n = (size_t)(to - from);
        char *dst = digits ? post : pre;
        size_t *len = digits ? &lq : &lp, cap = digits ? npost : npre;
        if (n && *len + n < cap) {
            memcpy(dst + *len, from, n);
            *len += n;
            dst[*len] = '\0';
        }
    }
}

bool ms_xlsx_format_currency(const char *code, char *pre, size_t npre, char *post, size_t npost)
{
    static const char *const signs[] = {"$", "\xE2\x82\xAC", "\xC2\xA3", "\xC2\xA5",
                                        "\xE2\x82\xBD", "\xE2\x82\xB4", "\xE2\x82\xB8",
                                        "руб", "р."};
    format_literals(code, pre, npre, post, npost);
    for (size_t i = 0; i < sizeof signs / sizeof *signs; i++)
        if (strstr(pre, signs[i]) || strstr(post, signs[i]))
            return !ms_xlsx_format_is_date(code);
    pre[0] = post[0] = '\0';
    return false;
}

static int unsigned_cmp(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return (x > y) - (x < y);
}

static ms_status load_styles(book *b, const char *path)
{
    part p;
    bool absent;
    ms_status st = part_open(b, path, &p, &absent);
    if (st || absent)
        return st;
    char id[16], code[512];
    attr_want fmt[2] = {{"numFmtId", id, sizeof id, false}, {"formatCode", code, sizeof code, false}};
    bool in_xfs = false;
    xmlTextReaderPtr r = p.r;
    while (st == MS_OK && part_next(&p, &st) == 1) {
        if (is_start(r, "numFmt")) {
            read_attrs(r, fmt, 2);
            money_format m = {0};
            if (fmt[0].found && fmt[1].found &&
                ms_xlsx_format_currency(code, m.pre, sizeof m.pre, m.post, sizeof m.post)) {
                m.id = (unsigned)strtoul(id, NULL, 10);
                if (ms_grow((void **)&b->money, &b->money_cap, b->n_money + 1, sizeof *b->money))
                    st = nomem(b);
                else
                    b->money[b->n_money++] = m;
            } else if (fmt[0].found && fmt[1].found && ms_xlsx_format_is_date(code)) {
                if (ms_grow((void **)&b->date_formats, &b->date_formats_cap,
                            b->n_date_formats + 1, sizeof *b->date_formats))
                    st = nomem(b);
                else
                    b->date_formats[b->n_date_formats++] = (unsigned)strtoul(id, NULL, 10);
            }
        } else if (is_start(r, "cellXfs")) {
            in_xfs = !is_empty_element(r);
        } else if (is_end(r, "cellXfs")) {
            in_xfs = false;
        } else if (in_xfs && is_start(r, "xf")) {
            read_attrs(r, fmt, 1);
            if (ms_grow((void **)&b->xf_format, &b->xf_cap, b->n_xf + 1, sizeof *b->xf_format))
                st = nomem(b);
            else
                b->xf_format[b->n_xf++] = fmt[0].found ? (unsigned)strtoul(id, NULL, 10) : 0;
        }
    }
    part_close(&p);
    if (st == MS_OK && b->n_xf && (!(b->xf_date = ms_calloc(b->n_xf, sizeof *b->xf_date)) ||
                                   !(b->xf_money = ms_calloc(b->n_xf, sizeof *b->xf_money))))
        st = nomem(b);
    /* sorted once, looked up per style: n log n, not styles x formats */
    if (st == MS_OK && b->n_date_formats)
        qsort(b->date_formats, b->n_date_formats, sizeof *b->date_formats, unsigned_cmp);
    for (size_t i = 0; st == MS_OK && i < b->n_xf; i++) {
        unsigned f = b->xf_format[i];
        b->xf_date[i] = builtin_date_format(f) ||
                        (b->n_date_formats && bsearch(&f, b->date_formats, b->n_date_formats,
                                                      sizeof *b->date_formats, unsigned_cmp));
        b->xf_money[i] = -1; /* few currency formats: looked up one by one */
        for (size_t m = 0; m < b->n_money; m++)
            b->xf_money[i] = b->money[m].id == f ? (long)m : b->xf_money[i];
    }
    return st;
}

/* ---------- the workbook: its sheets and where their parts are ---------- */

static void free_relations(book *b)
{
    for (size_t i = 0; i < b->n_rels; i++) {
        ms_free(b->rels[i].id);
        ms_free(b->rels[i].type);
        ms_free(b->rels[i].target);
    }
    b->n_rels = 0;
}

/* The relations of a part (`path`), their targets relative to `dir` (which
 * ends in '/', or is ""), or absolute from the archive's root.  A part
 * without a relations file has none when `optional`. */
static ms_status load_relations(book *b, const char *path, const char *dir, bool optional)
{
    part p;
    bool absent = false;
    ms_status st = part_open(b, path, &p, optional ? &absent : NULL);
    if (st || absent) {
        part_close(&p);
        return st;
    }
    char id[256], type[256], target[1024];
    attr_want w[3] = {{"Id", id, sizeof id, false}, {"Type", type, sizeof type, false},
                      {"Target", target, sizeof target, false}};
    while (st == MS_OK && part_next(&p, &st) == 1) {
        if (!is_start(p.r, "Relationship"))
            continue;
        read_attrs(p.r, w, 3);
        if (!w[0].found || !w[2].found)
            continue;
        if (ms_grow((void **)&b->rels, &b->rels_cap, b->n_rels + 1, sizeof *b->rels))
            st = nomem(b);
        else {
            relation *rel = &b->rels[b->n_rels];
            rel->id = ms_strdup(id);
            rel->type = ms_strdup(type);
            size_t size = strlen(dir) + strlen(target) + 1;
            if ((rel->target = ms_malloc(size)))
                ms_c_snprintf(rel->target, size, "%s%s", target[0] == '/' ? "" : dir,
                              target + (target[0] == '/'));
            b->n_rels++;
            if (!rel->id || !rel->type || !rel->target)
                st = nomem(b);
        }
    }
    part_close(&p);
    return st;
}

static ms_status load_workbook(book *b)
{
    part p;
    ms_status st = part_open(b, b->workbook, &p, NULL);
    if (st) {
        part_close(&p);
        return st;
    }
    char name[256], rid[256], state[32], d1904[16];
    attr_want w[3] = {{"name", name, sizeof name, false}, {"id", rid, sizeof rid, false},
                      {"state", state, sizeof state, false}};
    attr_want pr = {"date1904", d1904, sizeof d1904, false};
    while (st == MS_OK && part_next(&p, &st) == 1) {
        if (is_start(p.r, "workbookPr")) {
            read_attrs(p.r, &pr, 1);
            b->date1904 = pr.found && (strcmp(d1904, "1") == 0 || strcmp(d1904, "true") == 0);
        }
        if (!is_start(p.r, "sheet"))
            continue;
        read_attrs(p.r, w, 3);
        if (!w[0].found || !w[1].found)
            continue;
        if (ms_grow((void **)&b->sheets, &b->sheets_cap, b->n_sheets + 1, sizeof *b->sheets))
            st = nomem(b);
        else {
            sheet_ref *s = &b->sheets[b->n_sheets++];
            s->name = ms_strdup(name);
            s->rid = ms_strdup(rid);
            s->hidden = w[2].found && strcmp(state, "visible") != 0;
            if (!s->name || !s->rid)
                st = nomem(b);
        }
    }
    part_close(&p);
    if (st == MS_OK && b->n_sheets == 0)
        st = ms_error_set(b->err, MS_ERR_PARSE, b->name, 0, 0,
                          "damaged .xlsx workbook: %s lists no sheets", b->workbook);
    return st;
}

static const relation *relation_by_id(const book *b, const char *id)
{
    for (size_t i = 0; i < b->n_rels; i++)
        if (strcmp(b->rels[i].id, id) == 0)
            return &b->rels[i];
    return NULL;
}

/* Types are URIs that differ between transitional and strict OOXML: their end is what counts. */
static const relation *relation_by_type(const book *b, const char *type_end)
{
    size_t el = strlen(type_end);
    for (size_t i = 0; i < b->n_rels; i++) {
        size_t tl = strlen(b->rels[i].type);
        if (tl >= el && strcmp(b->rels[i].type + tl - el, type_end) == 0)
            return &b->rels[i];
    }
    return NULL;
}

/* The workbook part is the package's officeDocument (_rels/.rels), almost
 * always xl/workbook.xml; its relations are DIR/_rels/NAME.rels. */
static ms_status find_workbook(book *b)
{
    ms_status st = load_relations(b, "_rels/.rels", "", true);
    const relation *doc = st == MS_OK ? relation_by_type(b, "/officeDocument") : NULL;
    if (st == MS_OK && !(b->workbook = ms_strdup(doc ? doc->target : "xl/workbook.xml")))
        st = nomem(b);
    free_relations(b);
    if (st)
        return st;
    const char *slash = strrchr(b->workbook, '/');
    size_t dir = slash ? (size_t)(slash - b->workbook) + 1 : 0, size = strlen(b->workbook) + 12;
    if (!(b->workbook_dir = ms_strndup(b->workbook, dir)) ||
        !(b->workbook_rels = ms_malloc(size)))
        return nomem(b);
    ms_c_snprintf(b->workbook_rels, size, "%s_rels/%s.rels", b->workbook_dir, b->workbook + dir);
    return MS_OK;
}

static ms_status no_such_sheet(book *b, const char *wanted)
{
    char list[400];
    size_t n = 0;
    list[0] = '\0';
    for (size_t i = 0; i < b->n_sheets && n + 1 < sizeof list; i++) {
        int w =
            ms_c_snprintf(list + n, sizeof list - n, "%s\"%s\"", i ? ", " : "", b->sheets[i].name);
        n = w < 0 ? n : n + (size_t)w;
    }
    return ms_error_set(b->err, MS_ERR_USAGE, b->name, 0, 0,
                        "no sheet \"%s\" in the workbook (its sheets: %s)", wanted, list);
}

static ms_status choose_sheet(book *b, const char *wanted, const sheet_ref **out,
                              const relation **part_rel)
{
    *out = NULL;
    /* Excel keeps sheet names unique regardless of case: "лист1" is Лист1 */
    for (size_t i = 0; i < b->n_sheets && !*out; i++)
        if (wanted ? ms_field_equal_ci((ms_field){b->sheets[i].name, strlen(b->sheets[i].name)},
                                         wanted)
                   : !b->sheets[i].hidden)
            *out = &b->sheets[i];
    for (size_t i = 0; i < b->n_sheets && !*out && !wanted; i++)
        *out = &b->sheets[i]; /* every sheet hidden: the first */
    if (!*out)
        return no_such_sheet(b, wanted);
    if (!(*part_rel = relation_by_id(b, (*out)->rid)))
        return ms_error_set(b->err, MS_ERR_PARSE, b->name, 0, 0,
                            "damaged .xlsx workbook: sheet \"%s\" has no part (%s)", (*out)->name,
                            (*out)->rid);
    return MS_OK;
}

/* ---------- values ---------- */

bool ms_xlsx_serial_text(double serial, bool date1904, char *buf, size_t size)
{
    if (!(serial >= 0) || serial >= 2958466.0)
        return false;
    long long secs = llround(serial * 86400.0), days = secs / 86400, sod = secs % 86400;
    long y, m, d;
    if (!date1904 && days == 60) { /* Excel's 1900-02-29, kept from Lotus 1-2-3 */
        y = 1900, m = 2, d = 29;
    } else {
        /* day 0 is 1904-01-01 (1904 system), or 1899-12-31 counting Excel's
         * false leap day (1900 system): days from 1970-01-01 */
        long long unix_days = date1904 ? days - 24107 : days < 60 ? days - 25568 : days - 25569;
        ms_civil_from_days((long)unix_days, &y, &m, &d); /* datetime.h: the one conversion */
    }
    if (y > 9999)
        return false;
    ms_c_snprintf(buf, size, "%04ld-%02ld-%02ld %02lld:%02lld:%02lld", y, m, d, sod / 3600,
                  sod / 60 % 60, sod % 60);
    return true;
}

/* Digits as Excel writes whole numbers: already the shortest text. */
static bool plain_integer(const char *s, size_t n)
{
    size_t i = s[0] == '-';
    if (n == i || n - i > 15 || (s[i] == '0' && n - i > 1))
        return false;
    for (; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* A numeric cell's text: a date, the shortest round-trip decimal, or (not a
 * number at all) the text as written, for the loader to judge. */
static const char *number_text(const char *v, size_t *n, bool date, bool date1904, char *buf,
                               size_t size)
{
    if (*n == 0 || (!date && plain_integer(v, *n)))
        return v;
    char *end;
    double x = ms_c_strtod(v, &end);
    if (end != v + *n || !isfinite(x))
        return v;
    if (!date || !ms_xlsx_serial_text(x, date1904, buf, size)) {
        for (int prec = 15; prec <= 17; prec++) {
            ms_c_snprintf(buf, size, "%.*g", prec, x);
            if (ms_c_strtod(buf, NULL) == x)
                break;
        }
    }
    *n = strlen(buf);
    return buf;
}

/* A t="d" cell (ISO 8601 text) in the form dates take here. */
static const char *iso_date_text(const char *v, size_t *n, char *buf, size_t size)
{
    if (*n < 10 || v[4] != '-' || v[7] != '-')
        return v;
    char time[9] = "00:00:00";
    if (*n >= 19 && (v[10] == 'T' || v[10] == ' '))
        memcpy(time, v + 11, 8);
    ms_c_snprintf(buf, size, "%.10s %s", v, time);
    *n = strlen(buf);
    return buf;
}

/* ---------- the sheet ---------- */

typedef struct {
    size_t col, off, len;
} cell_mark;

typedef struct {
    book *b;
    part p;
    const char *sheet;
    ms_row_fn on_row;
    void *ctx;
    ms_rows_progress_fn on_progress;
    ms_rows_info *info;
    /* the row being read: cell texts back to back, NUL-terminated */
    char *text;
    size_t text_len, text_cap;
    cell_mark *cells;
    size_t n_cells, cells_cap;
    ms_field *fields;
    size_t fields_cap;
    size_t row, next_col, width;
    const char *broken;
    size_t broken_field;
    char broken_msg[120];       /* a broken row's reason, when it names a cell */
    bool cell_broken;           /* the cell being read is not kept (odd reference, too long) */
    size_t formulas, first_formula, plain; /* the row's non-empty cells with and without <f> */
    /* the cell being read */
    char *val;
    size_t val_len, val_cap;
    size_t col;
    char type[16];
    long style;
    bool in_cell, in_v, in_is, in_t, in_rph, in_formula;
    char empty[1];              /* what empty fields point at (the loader may write to it) */
    size_t rows_handed;
    xmlParserCtxtPtr parser;
    ms_status status;           /* the first failure inside a SAX callback */
} sheet_reader;

/* "C14" -> column 3, row 14; false when it is not a cell reference
 * (A0, A-1, a1, C014, letters or digits missing or left over). */
static bool parse_ref(const char *ref, size_t *col, size_t *row)
{
    size_t c = 0, r = 0, i = 0;
    for (; ref[i] >= 'A' && ref[i] <= 'Z' && i < 3; i++)
        c = c * 26 + (size_t)(ref[i] - 'A' + 1);
    if (i == 0 || ref[i] < '1' || ref[i] > '9')
        return false;
    for (; ref[i] >= '0' && ref[i] <= '9' && r <= MAX_ROWS; i++)
        r = r * 10 + (size_t)(ref[i] - '0');
    if (ref[i] || r > MAX_ROWS)
        return false;
    *col = c, *row = r;
    return true;
}

/* The row is quarantined at this cell, the first reason kept. */
static void break_row(sheet_reader *s, size_t col, const char *fmt, const char *ref)
{
    if (s->broken)
        return;
    snprintf(s->broken_msg, sizeof s->broken_msg, fmt, ref);
    s->broken = s->broken_msg;
    s->broken_field = col;
}

/* SAX2 hands attributes over as (local name, prefix, URI, value, value end). */
typedef struct {
    const xmlChar **at;
    int n;
} sax_attrs;

static void copy_attrs(sax_attrs a, attr_want *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        w[i].found = false;
        w[i].buf[0] = '\0';
    }
    for (int k = 0; k < a.n; k++) {
        const xmlChar *const *at = a.at + 5 * k;
        size_t len = (size_t)(at[4] - at[3]);
        for (size_t i = 0; i < n; i++)
            if (!w[i].found && strcmp((const char *)at[0], w[i].name) == 0 && len < w[i].size) {
                memcpy(w[i].buf, at[3], len);
                w[i].buf[len] = '\0';
                w[i].found = true;
            }
    }
}

static ms_status begin_row(sheet_reader *s, sax_attrs a)
{
    char r[24];
    attr_want w = {"r", r, sizeof r, false};
    copy_attrs(a, &w, 1);
    char *end;
    unsigned long long n = w.found ? strtoull(r, &end, 10) : 0;
    bool odd = w.found && !(r[0] >= '1' && r[0] <= '9' && *end == '\0' && n <= MAX_ROWS);
    s->row = w.found && !odd ? (size_t)n : s->row + 1;
    s->n_cells = s->text_len = 0;
    s->next_col = 1;
    s->broken = NULL;
    s->broken_field = 0;
    if (odd)
        break_row(s, 1, "odd row number \"%.40s\": the row is not read", r);
    s->formulas = s->first_formula = s->plain = 0;
    return MS_OK;
}

static ms_status begin_cell(sheet_reader *s, sax_attrs a)
{
    char ref[24], style[24];
    attr_want w[3] = {{"r", ref, sizeof ref, false}, {"t", s->type, sizeof s->type, false},
                      {"s", style, sizeof style, false}};
    copy_attrs(a, w, 3);
    size_t col = 0, row = 0;
    s->cell_broken = false;
    if (w[0].found && !parse_ref(ref, &col, &row)) {
        break_row(s, s->next_col, "odd cell reference \"%.40s\": the row is not read", ref);
        s->cell_broken = true;
        col = s->next_col;
    } else if (w[0].found && col < s->next_col) {
        break_row(s, col, "cell %.40s again, or after a later cell of its row: the row is "
                  "not read", ref);
        s->cell_broken = true;
    } else if (w[0].found && row != s->row) {
        break_row(s, col, "cell %.40s in another row: the row is not read", ref);
        s->cell_broken = true;
    }
    s->col = col ? col : s->next_col;
    if (++s->b->cells > s->b->max_cells) {
        s->b->refused = "cells";
        return damaged(&s->p);
    }
    if (s->col > MAX_COLUMNS) {
        ms_status st = ms_error_set(s->b->err, MS_ERR_PARSE, s->b->name, s->row, 0,
                                    "damaged .xlsx workbook: a cell beyond column XFD (%s)", ref);
        if (s->b->err)
            ms_c_snprintf(s->b->err->sheet, sizeof s->b->err->sheet, "%s", s->sheet);
        return st;
    }
    s->style = w[2].found ? strtol(style, NULL, 10) : -1;
    s->val_len = 0;
    s->in_cell = true;
    s->in_v = s->in_is = s->in_t = s->in_rph = s->in_formula = false;
    return MS_OK;
}

static bool is_date_style(const sheet_reader *s)
{
    return s->style >= 0 && (size_t)s->style < s->b->n_xf && s->b->xf_date[s->style];
}

/* A number in a currency format as the sheet shows it, «0₽» or «$5»: an
 * answer «0 ₽» that Sheets stored as the number 0 is then the same answer as
 * the text «0 ₽» beside it (answers match ignoring spaces), not the level «0». */
static const char *money_text(const sheet_reader *s, const char *v, size_t *n, char *buf,
                              size_t size)
{
    if (s->style < 0 || (size_t)s->style >= s->b->n_xf || s->b->xf_money[s->style] < 0 || !*n)
        return v;
    const money_format *m = &s->b->money[s->b->xf_money[s->style]];
    char num[64];
    ms_c_snprintf(num, sizeof num, "%.*s", (int)*n, v);
    ms_c_snprintf(buf, size, "%s%s%s", m->pre, num, m->post);
    *n = strlen(buf);
    return buf;
}

static ms_status end_cell(sheet_reader *s)
{
    book *b = s->b;
    char buf[64], shown[128];
    const char *v = s->val ? s->val : "";
    size_t n = s->val_len;
    s->in_cell = false;
    if (s->col + 1 > s->next_col)
        s->next_col = s->col + 1;
    if (s->cell_broken)
        return MS_OK; /* its value overwrites nothing */
    if (strcmp(s->type, "s") == 0) {
        char *end;
        unsigned long long i = strtoull(v, &end, 10);
        if (n && *end == '\0' && i < b->sst.n) {
            v = b->sst.text + b->sst.off[i];
            n = strlen(v);
            if (b->sst.bad[i])
                break_row(s, s->col, "%s", "a character that is none (_xD800_, a lone "
                          "surrogate, or _x0000_; shown as \xEF\xBF\xBD): the row is not read");
        } else {
            if (!s->broken) {
                s->broken = "the cell names a shared string the workbook does not have";
                s->broken_field = s->col;
            }
            n = 0;
        }
    } else if (strcmp(s->type, "inlineStr") == 0) {
        size_t bad = 0;
        n = s->val_len = decode_escapes(s->val, n, &bad);
        if (bad)
            break_row(s, s->col, "%s", "a character that is none (_xD800_, a lone "
                      "surrogate, or _x0000_; shown as \xEF\xBF\xBD): the row is not read");
    } else if (strcmp(s->type, "b") == 0) {
        v = n == 1 && v[0] == '1' ? "TRUE" : n == 1 && v[0] == '0' ? "FALSE" : v;
        n = strlen(v);
    } else if (strcmp(s->type, "d") == 0) {
        v = iso_date_text(v, &n, buf, sizeof buf);
    } else if (strcmp(s->type, "str") != 0 && strcmp(s->type, "e") != 0) {
        v = number_text(v, &n, is_date_style(s), b->date1904, buf, sizeof buf);
        v = money_text(s, v, &n, shown, sizeof shown);
    }
    if (n == 0)
        return MS_OK;
    if (s->text_len + n > MAX_ROW_BYTES) {
        break_row(s, s->col, "%s", "a row longer than 16 MB: the row is not read");
        return MS_OK;
    }
    if (s->in_formula)
        s->first_formula = s->formulas++ ? s->first_formula : s->col;
    else
        s->plain++;
    size_t off = s->text_len;
    if (ms_grow((void **)&s->cells, &s->cells_cap, s->n_cells + 1, sizeof *s->cells) ||
        ms_grow((void **)&s->text, &s->text_cap, off + n + 1, 1))
        return nomem(b);
    memcpy(s->text + off, v, n);
    s->text[off + n] = '\0';
    s->text_len = off + n + 1;
    s->cells[s->n_cells++] = (cell_mark){s->col, off, n};
    return MS_OK;
}

static ms_status end_row(sheet_reader *s)
{
    size_t last = 0;
    for (size_t i = 0; i < s->n_cells; i++)
        last = s->cells[i].col > last ? s->cells[i].col : last;
    if (last == 0 && !s->broken)
        return MS_OK; /* a row of empty cells, as libcsv skips a blank line */
    if (!s->width)
        s->width = last;
    else if (s->formulas && !s->plain && !s->broken) {
        /* =SUM(J2:J27) under the answers: someone's calculation, no answer */
        s->broken = "a row of formulas only (a calculation under the answers, not an answer)";
        s->broken_field = s->first_formula;
    }
    size_t n = last > s->width ? last : s->width;
    n = n > s->broken_field ? n : s->broken_field; /* a broken row reaches its break */
    if (ms_grow((void **)&s->fields, &s->fields_cap, n, sizeof *s->fields))
        return nomem(s->b);
    s->empty[0] = '\0';
    for (size_t i = 0; i < n; i++)
        s->fields[i] = (ms_field){s->empty, 0};
    for (size_t i = 0; i < s->n_cells; i++)
        s->fields[s->cells[i].col - 1] = (ms_field){s->text + s->cells[i].off, s->cells[i].len};
    ms_row row = {s->fields, n, s->row, s->broken, s->broken_field, s->sheet, 0, s->formulas, NULL};
    s->info->lines = s->row;
    s->info->bytes_read = s->p.bytes;
    ms_status st = s->on_row(&row, s->ctx, s->b->err);
    s->n_cells = 0; /* handed over once, even if a damaged sheet ends the row twice */
    s->broken = NULL;
    if (st == MS_OK && ++s->rows_handed % PROGRESS_ROWS == 0 && s->on_progress)
        s->on_progress(s->info, s->ctx);
    return st;
}

/* The sheet goes through libxml2's SAX2 push parser, not xmlTextReader as
 * the small parts do: with no tree built and freed node by node, a 200 MB
 * sheet reads in half the time.  A callback's failure stops the parser. */

static bool *inside(sheet_reader *s, const char *local)
{
    return !strcmp(local, "v") ? &s->in_v : !strcmp(local, "is") ? &s->in_is
         : !strcmp(local, "t") ? &s->in_t : !strcmp(local, "rPh") ? &s->in_rph : NULL;
}

static void sax_failed(sheet_reader *s, ms_status st)
{
    if (st != MS_OK && s->status == MS_OK) {
        s->status = st;
        xmlStopParser(s->parser);
    }
}

static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                     int n_ns, const xmlChar **ns, int n_attrs, int n_defaulted,
                     const xmlChar **attrs)
{
    (void)prefix, (void)uri, (void)n_ns, (void)ns, (void)n_defaulted;
    sheet_reader *s = ctx;
    const char *name = (const char *)local;
    bool *flag;
    if (s->status != MS_OK)
        return;
    if (!strcmp(name, "row"))
        sax_failed(s, begin_row(s, (sax_attrs){attrs, n_attrs}));
    else if (!strcmp(name, "c"))
        sax_failed(s, begin_cell(s, (sax_attrs){attrs, n_attrs}));
    else if (s->in_cell && !strcmp(name, "f"))
        s->in_formula = true;
    else if (s->in_cell && (flag = inside(s, name)))
        *flag = true;
}

static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
    (void)prefix, (void)uri;
    sheet_reader *s = ctx;
    const char *name = (const char *)local;
    bool *flag;
    if (s->status != MS_OK)
        return;
    if (!strcmp(name, "row"))
        sax_failed(s, end_row(s));
    else if (!strcmp(name, "c"))
        sax_failed(s, s->in_cell ? end_cell(s) : MS_OK);
    else if ((flag = inside(s, name)))
        *flag = false;
}

static void on_text(void *ctx, const xmlChar *text, int len)
{
    sheet_reader *s = ctx;
    if (s->status != MS_OK || !s->in_cell || s->cell_broken ||
        !(s->in_v || (s->in_is && s->in_t && !s->in_rph)))
        return;
    if (s->val_len + (size_t)len > MAX_CELL_BYTES) {
        break_row(s, s->col, "%s", "a cell longer than Excel's 32767 characters: the row is "
                  "not read");
        s->cell_broken = true;
        return;
    }
    if (buf_append(&s->val, &s->val_len, &s->val_cap, (const char *)text, (size_t)len))
        sax_failed(s, nomem(s->b));
}

/* <!DOCTYPE> in a sheet the prolog scan did not see (another encoding). */
static void on_dtd(void *ctx, const xmlChar *name, const xmlChar *id, const xmlChar *sys)
{
    (void)name, (void)id, (void)sys;
    sheet_reader *s = ctx;
    s->b->refused = "dtd";
    sax_failed(s, damaged(&s->p));
}

static void on_sheet_error(void *ctx, xmlErrorPtr e)
{
    on_xml_error(&((sheet_reader *)ctx)->p, e);
}

static ms_status parse_sheet(sheet_reader *s)
{
    xmlSAXHandler h;
    memset(&h, 0, sizeof h);
    h.initialized = XML_SAX2_MAGIC;
    h.startElementNs = on_start;
    h.endElementNs = on_end;
    h.characters = h.cdataBlock = h.ignorableWhitespace = on_text;
    h.serror = on_sheet_error;
    h.internalSubset = on_dtd;
    if (!(s->parser = xmlCreatePushParserCtxt(&h, s, NULL, 0, s->p.path)))
        return nomem(s->b);
    xmlCtxtUseOptions(s->parser, XML_PARSE_NONET);
    enum { CHUNK = 1 << 16 };
    char *chunk = ms_malloc(CHUNK);
    ms_status st = chunk ? MS_OK : nomem(s->b);
    for (int n = 1; st == MS_OK && n > 0;) {
        n = part_read(&s->p, chunk, CHUNK);
        int rc = xmlParseChunk(s->parser, chunk, n > 0 ? n : 0, n <= 0);
        st = s->status != MS_OK ? s->status
           : n < 0 || rc != 0 || s->p.xml_msg[0] ? damaged(&s->p) : MS_OK;
    }
    ms_free(chunk);
    xmlFreeParserCtxt(s->parser);
    return st;
}

static ms_status read_sheet(sheet_reader *s, const char *path)
{
    ms_status st = MS_OK;
    memset(&s->p, 0, sizeof s->p);
    s->p.b = s->b;
    s->p.path = path;
    s->p.prolog = PRO_TEXT;
    if (!(s->p.zf = zip_fopen(s->b->zip, path, 0)))
        st = ms_error_set(s->b->err, MS_ERR_PARSE, s->b->name, 0, 0,
                          "not a readable .xlsx workbook: the archive has no %s", path);
    zip_stat_t zs;
    zip_stat_init(&zs);
    if (st == MS_OK && zip_stat(s->b->zip, path, 0, &zs) == 0 && (zs.valid & ZIP_STAT_SIZE))
        s->info->bytes_total = zs.size;
    if (st == MS_OK)
        st = parse_sheet(s);
    s->info->bytes_read = s->p.bytes;
    if (st == MS_OK && s->on_progress && s->rows_handed)
        s->on_progress(s->info, s->ctx);
    part_close(&s->p);
    ms_free(s->text);
    ms_free(s->cells);
    ms_free(s->fields);
    ms_free(s->val);
    return st;
}

/* ---------- the whole ---------- */

static void book_free(book *b)
{
    free_relations(b);
    ms_free(b->rels);
    ms_free(b->workbook);
    ms_free(b->workbook_dir);
    ms_free(b->workbook_rels);
    for (size_t i = 0; i < b->n_sheets; i++) {
        ms_free(b->sheets[i].name);
        ms_free(b->sheets[i].rid);
    }
    ms_free(b->sheets);
    strtab_free(&b->sst);
    ms_free(b->xf_format);
    ms_free(b->date_formats);
    ms_free(b->xf_date);
    ms_free(b->xf_money);
    ms_free(b->money);
    if (b->zip)
        zip_discard(b->zip);
}

static ms_status read_book(book *b, const char *wanted, ms_row_fn on_row, void *ctx,
                           ms_rows_progress_fn on_progress, ms_rows_info *info)
{
    const sheet_ref *sheet;
    const relation *rel, *aux;
    ms_status st = find_workbook(b);
    if (st == MS_OK)
        st = load_workbook(b);
    if (st == MS_OK)
        st = load_relations(b, b->workbook_rels, b->workbook_dir, false);
    if (st == MS_OK)
        st = choose_sheet(b, wanted, &sheet, &rel);
    if (st == MS_OK && (aux = relation_by_type(b, "/styles")))
        st = load_styles(b, aux->target);
    if (st == MS_OK && (aux = relation_by_type(b, "/sharedStrings")))
        st = load_shared_strings(b, aux->target);
    if (st != MS_OK)
        return st;
    ms_c_snprintf(info->encoding, sizeof info->encoding, "xlsx");
    ms_c_snprintf(info->sheet, sizeof info->sheet, "%s", sheet->name);
    info->delimiter = 0;
    sheet_reader s = {.b = b, .sheet = sheet->name, .on_row = on_row, .ctx = ctx,
                      .on_progress = on_progress, .info = info};
    return read_sheet(&s, rel->target);
}

/* A positive whole number from the environment, else the default. */
static unsigned long long env_limit(const char *var, unsigned long long dflt)
{
    const char *v = getenv(var);
    char *end;
    unsigned long long n = v && *v ? strtoull(v, &end, 10) : 0;
    return v && *v && *end == '\0' && n > 0 ? n : dflt;
}

static void limits(book *b)
{
    unsigned long long mb = env_limit("MENTORSTAT_XLSX_MAX_MB", DEFAULT_MAX_MB);
    b->max_bytes = mb > (1ull << 43) ? 1ull << 63 : mb << 20;
    b->max_held = b->max_bytes / 4;
    b->max_cells = env_limit("MENTORSTAT_XLSX_MAX_CELLS", DEFAULT_MAX_CELLS);
}

static ms_status read_opened(zip_t *zip, const char *name, const char *sheet,
                             ms_row_fn on_row, void *ctx, ms_rows_progress_fn on_progress,
                             ms_rows_info *info, ms_error *err)
{
    book b = {.zip = zip, .name = name, .err = err};
    limits(&b);
    ms_status st = read_book(&b, sheet, on_row, ctx, on_progress, info);
    book_free(&b);
    return st;
}

static ms_status not_a_zip(const char *name, zip_error_t *ze, ms_error *err)
{
    ms_status st = zip_error_code_zip(ze) == ZIP_ER_MEMORY
                       ? ms_error_set(err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory")
                       : ms_error_set(err, MS_ERR_PARSE, name, 0, 0,
                                      "not a readable .xlsx workbook (%s)", zip_error_strerror(ze));
    zip_error_fini(ze);
    return st;
}

ms_status ms_xlsx_read_file(const char *path, const char *sheet, ms_row_fn on_row,
                            void *ctx, ms_rows_progress_fn on_progress, ms_rows_info *info,
                            ms_error *err)
{
    ms_rows_info local;
    info = info ? info : &local;
    memset(info, 0, sizeof *info);
    int code = 0;
    zip_t *zip = zip_open(path, ZIP_RDONLY, &code);
    if (!zip) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, code);
        return not_a_zip(path, &ze, err);
    }
    return read_opened(zip, path, sheet, on_row, ctx, on_progress, info, err);
}

ms_status ms_xlsx_read_mem(const char *data, size_t len, const char *name, const char *sheet,
                           ms_row_fn on_row, void *ctx, ms_rows_info *info, ms_error *err)
{
    ms_rows_info local;
    info = info ? info : &local;
    memset(info, 0, sizeof *info);
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    zip_t *zip = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
    if (!zip) {
        if (src)
            zip_source_free(src);
        return not_a_zip(name, &ze, err);
    }
    zip_error_fini(&ze);
    return read_opened(zip, name, sheet, on_row, ctx, NULL, info, err);
}
