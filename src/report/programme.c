/*
 * programme.c — reading programme.ini, the file that names an
 * organisation's questionnaires (report.h; its keys: docs/programme.md).
 *
 * libinih does the INI grammar; it does not pass line numbers to the
 * handler (Debian builds it without INI_HANDLER_LINENO), so the file is fed
 * through our own line reader, which counts lines: when the handler runs,
 * the reader's count is the line of the key.  The reader also notes the line
 * of every [section] header (for messages about a whole questionnaire) and
 * refuses lines longer than inih's buffer instead of letting inih split them
 * silently.  Only the first error is kept.
 *
 * File lists (data, earlier, entry, exit, by, [organisation] ...) are words
 * separated by spaces; a word may be "double quoted" to hold spaces, ';' and
 * '#' ("" is a quote inside).  inih ends a value at a ';' after a space (an
 * inline comment), which would cut «"Анкета ; 2024.csv"», so list values are
 * read again from the raw line, with the same comment rule outside quotes.
 */
#include "mentorstat/report.h"
#include "cnum.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <iconv.h>
#include <ini.h>

#include "csvread.h"
#include "util.h"

typedef struct {
    const char *path; /* as given: used in messages */
    char *dir;        /* directory of the file, "" or ending in '/' */
    const char *text; /* the whole file */
    size_t len, pos;
    size_t line;             /* lines handed to inih so far */
    size_t line_start;       /* offset of that line in text */
    size_t line_len;         /* its bytes, newline included */
    bool key_since_header;   /* inih has a key to continue (its prev_name) */
    bool continuation;       /* the handler's line continues the last key */
    bool raw_list;           /* the list being read is the raw line's, not inih's */
    size_t section_line;     /* line of the last [section] header */
    size_t long_line;        /* first line too long for inih, 0 if none */
    int max_line;            /* inih's line buffer */
    size_t headers;          /* [section] lines read so far */
    size_t headers_seen;     /* ... of which the handler has seen keys */
    unsigned programme_keys; /* bit per [programme] key already seen */
    unsigned q_keys;         /* bit per questionnaire key already seen */
    ms_programme *p;
    ms_status st;
    ms_error *err;
} ini_ctx;

/* Indexed by ms_role. */
static const char *const roles[] = {
    "",
    "mentors_bank",         "mentees_requests", "mentees_satisfaction",
    "mentors_satisfaction", "entry_exit",       "survey",
};

/* ---------- the line reader ---------- */

/* fgets-like: one line (with its newline) per call, so ctx->line is the line
 * inih is parsing when it calls the handler. */
static char *read_line(char *str, int num, void *stream)
{
    ini_ctx *c = stream;
    if (c->pos >= c->len || c->long_line)
        return NULL;
    const char *start = c->text + c->pos;
    const char *nl = memchr(start, '\n', c->len - c->pos);
    size_t n = nl ? (size_t)(nl - start) + 1 : c->len - c->pos;
    c->line++;
    c->line_start = c->pos;
    c->line_len = n;
    c->max_line = num;
    if (num < 3 || n > (size_t)num - 1) {
        c->long_line = c->line; /* stop here; reported after parsing */
        return NULL;
    }
    memcpy(str, start, n);
    str[n] = '\0';
    c->pos += n;
    const char *s = str;
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s == '[') {
        c->section_line = c->line;
        c->headers++;
        c->key_since_header = false;
    }
    return str;
}

/* ---------- errors ---------- */

static int vfail_at(ini_ctx *c, size_t line, size_t col, const char *fmt, va_list ap)
{
    if (c->st != MS_OK)
        return 0;
    char msg[sizeof c->err->message];
    ms_c_vsnprintf(msg, sizeof msg, fmt, ap);
    c->st = ms_error_set(c->err, MS_ERR_PROGRAMME, c->path, line, col, "%s", msg);
    return 0;
}

static int fail(ini_ctx *c, const char *fmt, ...) MS_PRINTF(2, 3);
static int fail_section(ini_ctx *c, const char *fmt, ...) MS_PRINTF(2, 3);

/* Keep the first problem only; returning 0 tells inih this line failed. */
static int fail(ini_ctx *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail_at(c, c->line, 0, fmt, ap);
    va_end(ap);
    return 0;
}

/* A problem with the [section] header itself: its own line. */
static int fail_section(ini_ctx *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail_at(c, c->section_line ? c->section_line : c->line, 0, fmt, ap);
    va_end(ap);
    return 0;
}

/* A problem at a column of the current line (1-based, in characters). */
static int fail_col(ini_ctx *c, size_t col, const char *fmt, ...) MS_PRINTF(3, 4);
static int fail_col(ini_ctx *c, size_t col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail_at(c, c->line, col, fmt, ap);
    va_end(ap);
    return 0;
}

static int nomem(ini_ctx *c)
{
    if (c->st == MS_OK)
        c->st = ms_error_set(c->err, MS_ERR_NOMEM, c->path, c->line, 0, "out of memory");
    return 0;
}

/* ---------- values ---------- */

static bool parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end || errno || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static bool parse_bool(const char *s, bool *out)
{
    static const char *const yes[] = {"yes", "true", "1", "да"};
    static const char *const no[] = {"no", "false", "0", "нет"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
        if (!strcasecmp(s, yes[i]))
            return *out = true, true;
        if (!strcasecmp(s, no[i]))
            return *out = false, true;
    }
    return false;
}

/* A path relative to the programme file's directory. */
static char *resolve(const ini_ctx *c, const char *path, size_t n)
{
    bool absolute = n && path[0] == '/';
    size_t d = absolute ? 0 : strlen(c->dir);
    char *s = ms_malloc(d + n + 1);
    if (!s)
        return NULL;
    memcpy(s, c->dir, d);
    memcpy(s + d, path, n);
    s[d + n] = '\0';
    return s;
}

/* The value of the handler's line as written, before inih cut it at an
 * inline comment: after the first '=' or ':' of a key line (inih splits
 * there), or the whole of an indented continuation line.  Falls back to
 * inih's value when the raw text does not start with it. */
static const char *raw_value(ini_ctx *c, const char *value, const char **end)
{
    const char *s = c->text + c->line_start, *e = s + c->line_len;
    if (c->line == 1 && c->line_len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
        s += 3;
    if (!c->continuation) {
        while (s < e && *s != '=' && *s != ':')
            s++;
        s += s < e;
    }
    while (e > s && isspace((unsigned char)e[-1]))
        e--;
    const char *v = s;
    while (v < e && isspace((unsigned char)*v))
        v++;
    size_t n = strlen(value);
    c->raw_list = (size_t)(e - v) >= n && !memcmp(v, value, n);
    *end = c->raw_list ? e : value + n;
    return c->raw_list ? s : value;
}

/* 1-based column, in UTF-8 characters, of p on the current line (0, none,
 * when the list is inih's copy: found by fuzz_programme). */
static size_t column_of(const ini_ctx *c, const char *p)
{
    if (!c->raw_list)
        return 0;
    size_t col = 1;
    for (const char *s = c->text + c->line_start; s < p; s++)
        col += ((unsigned char)*s & 0xC0) != 0x80;
    return col;
}

/* A "quoted" word starting at *s: its name with "" made ", in *out. */
static int quoted_word(ini_ctx *c, const char **s, const char *end, char **out)
{
    const char *open = *s, *p = open + 1;
    size_t n = 0;
    char *w = ms_malloc((size_t)(end - open));
    if (!w)
        return nomem(c);
    for (;; p++) {
        if (p == end) {
            ms_free(w);
            return fail_col(c, column_of(c, open),
                            "unclosed quote: end the file name with \" (%.*s)",
                            (int)(end - open), open);
        }
        if (*p == '"' && (p + 1 == end || p[1] != '"'))
            break;
        p += *p == '"'; /* "" is one quote */
        w[n++] = *p;
    }
    w[n] = '\0';
    *s = p + 1;
    if (*s < end && !isspace((unsigned char)**s)) {
        ms_free(w);
        return fail_col(c, column_of(c, *s),
                        "a space must follow a quoted file name (%.*s)",
                        (int)(p + 1 - open), open);
    }
    if (!n) {
        ms_free(w);
        return fail_col(c, column_of(c, open), "an empty file name (\"\")");
    }
    *out = w;
    return 1;
}

/* The next word of [*s, end) in *out, NULL at the end of the value or at a
 * comment (';' after a space, as inih has it outside quotes). */
static int next_word(ini_ctx *c, const char **s, const char *begin, const char *end,
                     char **out)
{
    *out = NULL;
    while (*s < end && isspace((unsigned char)**s))
        (*s)++;
    if (*s == end || (**s == ';' && *s > begin && isspace((unsigned char)(*s)[-1])))
        return 1;
    if (**s == '"')
        return quoted_word(c, s, end, out);
    const char *w = *s;
    while (*s < end && !isspace((unsigned char)**s))
        (*s)++;
    return (*out = ms_strndup(w, (size_t)(*s - w))) ? 1 : nomem(c);
}

/* Append the words of value to a list (continuation lines of a multi-line
 * value arrive as further calls with the same key). */
static int append_words(ini_ctx *c, const char *value, bool paths, char ***list, size_t *n)
{
    const char *end, *s = raw_value(c, value, &end), *begin = s;
    for (;;) {
        char *w;
        if (!next_word(c, &s, begin, end, &w))
            return 0;
        if (!w)
            return 1;
        char **grown = ms_reallocarray(*list, *n + 1, sizeof **list);
        if (grown)
            *list = grown;
        char *item = grown && paths ? resolve(c, w, strlen(w)) : w;
        if (item != w)
            ms_free(w);
        if (!grown || !item) {
            if (item == w)
                ms_free(w);
            return nomem(c);
        }
        grown[(*n)++] = item;
    }
}

static int set_string(ini_ctx *c, char **field, const char *value)
{
    char *s = ms_strdup(value);
    if (!s)
        return nomem(c);
    ms_free(*field);
    *field = s;
    return 1;
}

/* ---------- [programme] ---------- */

static int pk_organisation(ini_ctx *c, ms_programme *p, const char *value)
{
    return set_string(c, &p->organisation, value);
}

static int pk_year(ini_ctx *c, ms_programme *p, const char *value)
{
    long v;
    if (!parse_long(value, 1900, 2200, &v))
        return fail(c, "year must be a year such as 2024 (%s)", value);
    p->year = (int)v;
    return 1;
}

static int pk_language(ini_ctx *c, ms_programme *p, const char *value)
{
    if (strcasecmp(value, "ru") && strcasecmp(value, "en"))
        return fail(c, "language must be ru or en (%s)", value);
    p->language[0] = (char)tolower((unsigned char)value[0]);
    p->language[1] = (char)tolower((unsigned char)value[1]);
    p->language[2] = '\0';
    return 1;
}

static int pk_min_group(ini_ctx *c, ms_programme *p, const char *value)
{
    long v;
    if (!parse_long(value, 1, 1000, &v))
        return fail(c, "min_group must be a whole number from 1 to 1000 (%s)", value);
    p->min_group = (int)v;
    return 1;
}

static int pk_quotes(ini_ctx *c, ms_programme *p, const char *value)
{
    if (!parse_bool(value, &p->quotes))
        return fail(c, "quotes must be yes or no (%s)", value);
    return 1;
}

static int pk_top_box(ini_ctx *c, ms_programme *p, const char *value)
{
    char *end;
    p->top_box = ms_c_strtod(value, &end);
    if (end == value || *end || !(p->top_box >= 1 && p->top_box <= 10))
        return fail(c, "top_box must be a number from 1 to 10 (%s)", value);
    return 1;
}

static int pk_pairs(ini_ctx *c, ms_programme *p, const char *value)
{
    if (!parse_bool(value, &p->pairs))
        return fail(c, "pairs must be yes or no (%s)", value);
    return 1;
}

/* `names = internal` (default: an organisation's `name` only in the office's
 * copy, the published one says О1, О2, …) or `published` (the schools agreed
 * to be named in public). */
static int pk_names(ini_ctx *c, ms_programme *p, const char *value)
{
    if (strcmp(value, "published") && strcmp(value, "internal"))
        return fail(c, "names must be published or internal (%s)", value);
    p->names_internal = !strcmp(value, "internal");
    return 1;
}

static int pk_signatory(ini_ctx *c, ms_programme *p, const char *value)
{
    return set_string(c, &p->signatory, value);
}

/* The keys of [programme]; each may be given once (a bit per entry). */
static const struct {
    const char *name;
    int (*set)(ini_ctx *c, ms_programme *p, const char *value);
} programme_keys[] = {
    {"organisation", pk_organisation}, {"year", pk_year},     {"language", pk_language},
    {"min_group", pk_min_group},       {"quotes", pk_quotes}, {"top_box", pk_top_box},
    {"pairs", pk_pairs},               {"signatory", pk_signatory},
    {"names", pk_names},
};

static int programme_key(ini_ctx *c, const char *name, const char *value)
{
    size_t k = 0, n = sizeof programme_keys / sizeof *programme_keys;
    while (k < n && strcasecmp(name, programme_keys[k].name))
        k++;
    if (k == n)
        return fail(c, "unknown key in [programme] (%s)", name);
    if (c->programme_keys & (1u << k))
        return fail(c, "key given twice in [programme] (%s)", name);
    c->programme_keys |= 1u << k;
    return programme_keys[k].set(c, c->p, value);
}

/* ---------- [questionnaire NAME] ---------- */

static bool valid_name(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
            return false;
    return true;
}

/* The handler saw a section it has not seen before: start a questionnaire. */
static int begin_questionnaire(ini_ctx *c, const char *section)
{
    const char *name = section + strlen("questionnaire");
    while (*name == ' ' || *name == '\t')
        name++;
    if (!valid_name(name))
        return fail_section(c,
                            "a questionnaire needs a name of Latin letters, digits, _ or - "
                            "([questionnaire NAME]) (%s)",
                            section);
    ms_programme *p = c->p;
    for (size_t i = 0; i < p->n_q; i++)
        if (!strcmp(p->q[i].name, name))
            return fail_section(c, "questionnaire defined twice (%s, first on line %zu)", name,
                                p->q[i].line);
    ms_questionnaire *grown = ms_reallocarray(p->q, p->n_q + 1, sizeof *p->q);
    if (!grown)
        return nomem(c);
    p->q = grown;
    ms_questionnaire *q = &p->q[p->n_q++];
    memset(q, 0, sizeof *q);
    q->line = c->section_line;
    c->q_keys = 0;
    return (q->name = ms_strdup(name)) ? 1 : nomem(c);
}

/* entry/exit files: appended to the list, each with its wave. */
static int append_wave_files(ini_ctx *c, const char *value, char ***list, size_t *n,
                             int **waves, size_t *n_waves, int wave)
{
    size_t before = *n;
    if (!append_words(c, value, true, list, n))
        return 0;
    int *grown = ms_reallocarray(*waves, *n + 1, sizeof **waves);
    if (!grown)
        return nomem(c);
    *waves = grown;
    for (size_t i = *n_waves; i < *n; i++)
        grown[i] = i < before ? -1 : wave;
    *n_waves = *n;
    return 1;
}

static int qk_role(ini_ctx *c, ms_questionnaire *q, const char *value)
{
    for (size_t r = 1; r < sizeof roles / sizeof *roles; r++)
        if (!strcmp(value, roles[r])) {
            q->role = (ms_role)r;
            return 1;
        }
    return fail(c,
                "unknown role (%s); roles: mentors_bank, mentees_requests, "
                "mentees_satisfaction, mentors_satisfaction, entry_exit, survey",
                value);
}

static int qk_title(ini_ctx *c, ms_questionnaire *q, const char *value)
{
    return set_string(c, &q->title, value);
}

static int qk_codebook(ini_ctx *c, ms_questionnaire *q, const char *value)
{
    if (!*value)
        return fail(c, "codebook needs a file name (%s)", value);
    ms_free(q->codebook);
    return (q->codebook = resolve(c, value, strlen(value))) ? 1 : nomem(c);
}

static int qk_data(ini_ctx *c, ms_questionnaire *q, const char *value)
{
    return append_words(c, value, true, &q->data, &q->n_data);
}

static int qk_earlier(ini_ctx *c, ms_questionnaire *q, const char *value)
{
    return append_words(c, value, true, &q->earlier, &q->n_earlier);
}

static int qk_by(ini_ctx *c, ms_questionnaire *q, const char *value)
{
    return append_words(c, value, false, &q->by, &q->n_by);
}

static int qk_participants(ini_ctx *c, ms_questionnaire *q, const char *value)
{
    if (!parse_long(value, 1, 10000000, &q->participants))
        return fail(c, "participants must be a whole number above 0 (%s)", value);
    return 1;
}

static int qk_entry(ini_ctx *c, ms_questionnaire *q, const char *value)
{
    return append_wave_files(c, value, &q->data, &q->n_data, &q->data_wave, &q->n_data_wave, 0);
}

static int qk_exit(ini_ctx *c, ms_questionnaire *q, const char *value)
{
    return append_wave_files(c, value, &q->data, &q->n_data, &q->data_wave, &q->n_data_wave, 1);
}

static int qk_entry_earlier(ini_ctx *c, ms_questionnaire *q, const char *value)
{
    return append_wave_files(c, value, &q->earlier, &q->n_earlier, &q->earlier_wave,
                             &q->n_earlier_wave, 0);
}

static int qk_exit_earlier(ini_ctx *c, ms_questionnaire *q, const char *value)
{
    return append_wave_files(c, value, &q->earlier, &q->n_earlier, &q->earlier_wave,
                             &q->n_earlier_wave, 1);
}

/* `years = 2023 2025`: whole years, appended (continuation lines add). */
static int qk_years(ini_ctx *c, ms_questionnaire *q, const char *value)
{
    const char *s = value;
    q->years_line = q->years_line ? q->years_line : c->line;
    while (*s) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s)
            break;
        char word[32];
        size_t n = strcspn(s, " \t");
        snprintf(word, sizeof word, "%.*s", (int)(n < sizeof word ? n : sizeof word - 1), s);
        long y;
        if (n >= sizeof word || !parse_long(word, 1900, 2200, &y))
            return fail(c, "years must be years 1900–2200 separated by spaces (%s)", word);
        int *grown = ms_reallocarray(q->years, q->n_years + 1, sizeof *grown);
        if (!grown)
            return nomem(c);
        q->years = grown;
        q->years[q->n_years++] = (int)y;
        s += n;
    }
    return 1;
}

static int qk_sheet(ini_ctx *c, ms_questionnaire *q, const char *value)
{
    return set_string(c, &q->sheet, value);
}

/* Which file list a key fills: this year's or earlier files, as one list
 * (data, earlier) or by wave (entry, exit ...); the two ways exclude each other. */
enum { FILES_NONE, FILES_NOW, FILES_NOW_WAVES, FILES_EARLIER, FILES_EARLIER_WAVES };

/* The keys of [questionnaire NAME]: a list may be given again (its lines
 * add up), any other key once (a bit per entry). */
static const struct {
    const char *name;
    int (*set)(ini_ctx *c, ms_questionnaire *q, const char *value);
    bool list;
    int files;
} q_keys[] = {
    {"role", qk_role, false, FILES_NONE},
    {"title", qk_title, false, FILES_NONE},
    {"codebook", qk_codebook, false, FILES_NONE},
    {"data", qk_data, true, FILES_NOW},
    {"earlier", qk_earlier, true, FILES_EARLIER},
    {"by", qk_by, true, FILES_NONE},
    {"participants", qk_participants, false, FILES_NONE},
    {"entry", qk_entry, true, FILES_NOW_WAVES},
    {"exit", qk_exit, true, FILES_NOW_WAVES},
    {"entry.earlier", qk_entry_earlier, true, FILES_EARLIER_WAVES},
    {"exit.earlier", qk_exit_earlier, true, FILES_EARLIER_WAVES},
    {"sheet", qk_sheet, false, FILES_NONE},
    {"years", qk_years, true, FILES_NONE},
};

/* A key filling this kind of file list was given in the section. */
static bool seen_files(const ini_ctx *c, int files)
{
    for (size_t k = 0; k < sizeof q_keys / sizeof *q_keys; k++)
        if (q_keys[k].files == files && (c->q_keys & (1u << k)))
            return true;
    return false;
}

static int questionnaire_key(ini_ctx *c, const char *name, const char *value)
{
    if (c->p->n_q == 0) /* the section header was refused: found by fuzz_programme */
        return fail(c, "key in a refused [questionnaire] section (%s)", name);
    ms_questionnaire *q = &c->p->q[c->p->n_q - 1];
    size_t k = 0, n = sizeof q_keys / sizeof *q_keys;
    while (k < n && strcasecmp(name, q_keys[k].name))
        k++;
    if (k == n)
        return fail(c, "unknown key in [questionnaire %s] (%s)", q->name, name);
    if (!q_keys[k].list && (c->q_keys & (1u << k)))
        return fail(c, "key given twice in [questionnaire %s] (%s)", q->name, name);
    c->q_keys |= 1u << k;
    if (seen_files(c, FILES_NOW) && seen_files(c, FILES_NOW_WAVES))
        return fail(c, "[questionnaire %s]: give data, or entry and exit, not both (%s)",
                    q->name, name);
    if (seen_files(c, FILES_EARLIER) && seen_files(c, FILES_EARLIER_WAVES))
        return fail(c, "[questionnaire %s]: give earlier, or entry.earlier and exit.earlier, "
                       "not both (%s)", q->name, name);
    return q_keys[k].set(c, q, value);
}

/* ---------- [matching] ---------- */

static int mk_mentors(ini_ctx *c, ms_matching *m, const char *value)
{
    return set_string(c, &m->mentors, value);
}

static int mk_mentees(ini_ctx *c, ms_matching *m, const char *value)
{
    return set_string(c, &m->mentees, value);
}

static int mk_capacity(ini_ctx *c, ms_matching *m, const char *value)
{
    return set_string(c, &m->capacity, value);
}

static int mk_same(ini_ctx *c, ms_matching *m, const char *value)
{
    return append_words(c, value, false, &m->same, &m->n_same);
}

static int mk_names(ini_ctx *c, ms_matching *m, const char *value)
{
    if (!parse_bool(value, &m->names))
        return fail(c, "names must be yes or no (%s)", value);
    return 1;
}

static int mk_differ(ini_ctx *c, ms_matching *m, const char *value)
{
    return append_words(c, value, false, &m->differ, &m->n_differ);
}

/* keep and exclude: one file each, a path relative to the programme file. */
static int set_list_path(ini_ctx *c, const char *key, char **path, const char *value)
{
    if (*path)
        return fail(c, "%s given twice in [matching] (%s)", key, value);
    return (*path = resolve(c, value, strlen(value))) ? 1 : nomem(c);
}

static int mk_keep(ini_ctx *c, ms_matching *m, const char *value)
{
    return set_list_path(c, "keep", &m->keep, value);
}

static int mk_exclude(ini_ctx *c, ms_matching *m, const char *value)
{
    return set_list_path(c, "exclude", &m->exclude, value);
}

static int mk_spread(ini_ctx *c, ms_matching *m, const char *value)
{
    if (!parse_bool(value, &m->spread))
        return fail(c, "spread must be yes or no (%s)", value);
    return 1;
}

/* A whole number of areas (0..1000) or a percentage of the requests (50%). */
static int mk_min_score(ini_ctx *c, ms_matching *m, const char *value)
{
    char *end;
    long v = strtol(value, &end, 10);
    bool share = end != value && *end == '%' && !end[1];
    if (end == value || (*end && !share) || v < 0 || v > (share ? 100 : 1000))
        return fail(c, "min_score must be a whole number of areas or a percentage such "
                       "as 50%% (%s)",
                    value);
    *(share ? &m->min_share : &m->min_score) = (int)v;
    return 1;
}

static int mk_prefer(ini_ctx *c, ms_matching *m, const char *value)
{
    return append_words(c, value, false, &m->prefer, &m->n_prefer);
}

static int mk_split(ini_ctx *c, ms_matching *m, const char *value)
{
    return set_string(c, &m->split, value);
}

/* The keys of [matching]. */
static const struct {
    const char *name;
    int (*set)(ini_ctx *c, ms_matching *m, const char *value);
} matching_keys[] = {
    {"mentors", mk_mentors}, {"mentees", mk_mentees}, {"capacity", mk_capacity},
    {"same", mk_same},       {"names", mk_names},     {"differ", mk_differ},
    {"keep", mk_keep},       {"exclude", mk_exclude}, {"spread", mk_spread},
    {"min_score", mk_min_score}, {"prefer", mk_prefer}, {"split", mk_split},
};

static int matching_key(ini_ctx *c, const char *name, const char *value)
{
    ms_programme *p = c->p;
    if (!p->matching && !(p->matching = ms_calloc(1, sizeof *p->matching)))
        return nomem(c);
    ms_matching *m = p->matching;
    if (!m->line)
        m->line = c->section_line;
    for (size_t k = 0; k < sizeof matching_keys / sizeof *matching_keys; k++)
        if (!strcasecmp(name, matching_keys[k].name))
            return matching_keys[k].set(c, m, value);
    return fail(c, "unknown key in [matching] (%s)", name);
}

/* ---------- [organisation KEY] ---------- */

static int begin_organisation(ini_ctx *c, const char *section)
{
    const char *key = section + strlen("organisation");
    while (*key == ' ' || *key == '\t')
        key++;
    if (!valid_name(key))
        return fail_section(c,
                            "an organisation needs a key of Latin letters, digits, _ or - "
                            "([organisation KEY]) (%s)",
                            section);
    ms_programme *p = c->p;
    for (size_t i = 0; i < p->n_orgs; i++)
        if (!strcmp(p->orgs[i].key, key))
            return fail_section(c, "organisation defined twice (%s, first on line %zu)", key,
                                p->orgs[i].line);
    ms_organisation *grown = ms_reallocarray(p->orgs, p->n_orgs + 1, sizeof *p->orgs);
    if (!grown)
        return nomem(c);
    p->orgs = grown;
    ms_organisation *o = &p->orgs[p->n_orgs++];
    memset(o, 0, sizeof *o);
    o->line = c->section_line;
    return (o->key = ms_strdup(key)) ? 1 : nomem(c);
}

/* `name = ...`, or `QUESTIONNAIRE = files` / `QUESTIONNAIRE.earlier = files`
 * (questionnaires are matched after parsing: they may come later). */
static int organisation_key(ini_ctx *c, const char *name, const char *value)
{
    if (c->p->n_orgs == 0)
        return fail(c, "key in a refused [organisation] section (%s)", name);
    ms_organisation *o = &c->p->orgs[c->p->n_orgs - 1];
    if (!strcasecmp(name, "name")) {
        if (o->name)
            return fail(c, "key given twice in [organisation %s] (name)", o->key);
        return set_string(c, &o->name, value);
    }
    const char *dot = strchr(name, '.');
    bool earlier = dot && !strcasecmp(dot, ".earlier");
    if (dot && !earlier)
        return fail(c, "unknown key in [organisation %s]: use QUESTIONNAIRE or "
                       "QUESTIONNAIRE.earlier (%s)", o->key, name);
    size_t qlen = dot ? (size_t)(dot - name) : strlen(name);
    ms_org_files *f = NULL;
    for (size_t i = 0; i < o->n_files; i++)
        if (o->files[i].earlier == earlier && strlen(o->files[i].questionnaire) == qlen &&
            !strncmp(o->files[i].questionnaire, name, qlen))
            f = &o->files[i]; /* continuation lines of the same key */
    if (!f) {
        ms_org_files *grown = ms_reallocarray(o->files, o->n_files + 1, sizeof *o->files);
        if (!grown)
            return nomem(c);
        o->files = grown;
        f = &o->files[o->n_files++];
        memset(f, 0, sizeof *f);
        f->earlier = earlier;
        f->line = c->line;
        if (!(f->questionnaire = ms_strndup(name, qlen)))
            return nomem(c);
    }
    return append_words(c, value, true, &f->files, &f->n_files);
}

static bool section_is(const char *section, const char *kind)
{
    size_t n = strlen(kind);
    return !strncasecmp(section, kind, n) &&
           (section[n] == '\0' || section[n] == ' ' || section[n] == '\t');
}

static int on_key(void *user, const char *section, const char *name, const char *value)
{
    ini_ctx *c = user;
    if (c->st != MS_OK)
        return 0;
    /* a new header, even one repeating the last name, starts a new section */
    bool new_section = c->headers != c->headers_seen;
    c->headers_seen = c->headers;
    const char *raw = c->text + c->line_start;
    if (c->line == 1 && c->line_len >= 3 && !memcmp(raw, "\xEF\xBB\xBF", 3))
        raw += 3;
    c->continuation = c->key_since_header && isspace((unsigned char)*raw);
    c->key_since_header = *name != '\0'; /* inih continues only a named key */
    if (!strcasecmp(section, "programme"))
        return programme_key(c, name, value);
    if (section_is(section, "questionnaire")) {
        if (new_section && !begin_questionnaire(c, section))
            return 0;
        return questionnaire_key(c, name, value);
    }
    if (section_is(section, "organisation")) {
        if (new_section && !begin_organisation(c, section))
            return 0;
        return organisation_key(c, name, value);
    }
    if (!strcasecmp(section, "matching"))
        return matching_key(c, name, value);
    if (!*section)
        return fail(c, "key outside a section: start with [programme] (%s)", name);
    return fail_section(c,
                        "unknown section; sections: [programme], [questionnaire NAME], "
                        "[organisation KEY], [matching] (%s)",
                        section);
}

/* ---------- after parsing ---------- */

const char *ms_role_name(ms_role role)
{
    return (size_t)role < sizeof roles / sizeof *roles ? roles[role] : "";
}

static const char *default_title(ms_role role, bool ru)
{
    static const char *const titles[][2] = {
        {"", ""},
        {"Банк наставников", "Bank of mentors"},
        {"Запросы наставляемых", "Mentees' requests"},
        {"Удовлетворённость наставляемых", "Satisfaction of mentees"},
        {"Удовлетворённость наставников", "Satisfaction of mentors"},
        {"Входное и итоговое анкетирование", "Entry and exit questionnaires"},
        {"", ""}, /* survey: its section's name */
    };
    return titles[role][ru ? 0 : 1];
}

static ms_status append_copies(char ***list, size_t *n, char *const *files, size_t k)
{
    char **grown = ms_reallocarray(*list, *n + k, sizeof **list);
    if (!grown)
        return MS_ERR_NOMEM;
    *list = grown;
    for (size_t i = 0; i < k; i++) {
        if (!(grown[*n] = ms_strdup(files[i])))
            return MS_ERR_NOMEM;
        (*n)++;
    }
    return MS_OK;
}

/* Files [from, to) of a questionnaire's list came from organisation o; the
 * list's own files before them from none. */
static ms_status tag_org(size_t **org, size_t from, size_t to, size_t o)
{
    size_t *grown = ms_reallocarray(*org, to + 1, sizeof *grown);
    if (!grown)
        return MS_ERR_NOMEM;
    for (size_t i = *org ? from : 0; i < from; i++)
        grown[i] = MS_NO_ORG;
    for (size_t i = from; i < to; i++)
        grown[i] = o;
    *org = grown;
    return MS_OK;
}

/* Each organisation's files name a questionnaire, and are pooled into it: the
 * municipal report's sections on the whole territory read the pooled data,
 * each file tagged with its organisation (respondent codes are its own). */
static ms_status attach_organisations(ini_ctx *c)
{
    ms_programme *p = c->p;
    for (size_t i = 0; i < p->n_orgs; i++) {
        ms_organisation *o = &p->orgs[i];
        for (size_t j = 0; j < o->n_files; j++) {
            ms_org_files *f = &o->files[j];
            size_t q = 0;
            while (q < p->n_q && strcmp(p->q[q].name, f->questionnaire))
                q++;
            if (q == p->n_q)
                return ms_error_set(c->err, MS_ERR_PROGRAMME, c->path, f->line, 0,
                                    "organisation %s: no [questionnaire %s] in the programme (%s)",
                                    o->key, f->questionnaire, f->questionnaire);
            f->q = q;
            ms_questionnaire *dq = &p->q[q];
            size_t before = f->earlier ? dq->n_earlier : dq->n_data;
            if (f->earlier ? append_copies(&dq->earlier, &dq->n_earlier, f->files, f->n_files) ||
                                 tag_org(&dq->earlier_org, before, dq->n_earlier, i)
                           : append_copies(&dq->data, &dq->n_data, f->files, f->n_files) ||
                                 tag_org(&dq->data_org, before, dq->n_data, i))
                return ms_error_set(c->err, MS_ERR_NOMEM, c->path, 0, 0, "out of memory");
        }
    }
    return MS_OK;
}

/* entry/exit files: only for entry_exit, and this year needs both. */
static ms_status check_waves(ini_ctx *c, const ms_questionnaire *q)
{
    if (!q->n_data_wave && !q->n_earlier_wave)
        return MS_OK;
    if (q->role != MS_ROLE_ENTRY_EXIT)
        return ms_error_set(c->err, MS_ERR_PROGRAMME, c->path, q->line, 0,
                            "questionnaire %s: entry and exit files are for role entry_exit "
                            "(%s)", q->name, ms_role_name(q->role));
    bool entry = false, has_exit = false;
    for (size_t i = 0; i < q->n_data_wave; i++)
        entry = entry || q->data_wave[i] == 0, has_exit = has_exit || q->data_wave[i] == 1;
    if (q->n_data_wave && !(entry && has_exit))
        return ms_error_set(c->err, MS_ERR_PROGRAMME, c->path, q->line, 0,
                            "questionnaire %s needs both entry and exit files (%s)", q->name,
                            entry ? "exit" : "entry");
    return MS_OK;
}

static ms_status check_questionnaires(ini_ctx *c)
{
    ms_programme *p = c->p;
    if (p->n_q == 0)
        return ms_error_set(c->err, MS_ERR_PROGRAMME, c->path, 0, 0,
                            "no questionnaire: add a [questionnaire NAME] section");
    for (size_t i = 0; i < p->n_q; i++) {
        ms_questionnaire *q = &p->q[i];
        const char *missing = !q->role       ? "role"
                              : !q->codebook ? "codebook"
                              : !q->n_data   ? "data"
                                             : NULL;
        if (missing)
            return ms_error_set(c->err, MS_ERR_PROGRAMME, c->path, q->line, 0,
                                "questionnaire %s needs a %s key (%s)", q->name, missing, q->name);
        ms_status st = check_waves(c, q);
        if (st != MS_OK)
            return st;
        if (q->n_years && q->n_years != q->n_data + q->n_earlier)
            return ms_error_set(c->err, MS_ERR_PROGRAMME, c->path, q->years_line, 0,
                                "questionnaire %s: years gives %zu years for %zu files (one per "
                                "file of data, then of earlier) (%s)",
                                q->name, q->n_years, q->n_data + q->n_earlier, q->name);
        /* a survey is called by its section's name: two of them are told apart */
        if (!q->title && !(q->title = ms_strdup(q->role == MS_ROLE_SURVEY
                                                    ? q->name
                                                    : default_title(q->role,
                                                                    !strcmp(p->language, "ru")))))
            return ms_error_set(c->err, MS_ERR_NOMEM, c->path, 0, 0, "out of memory");
    }
    return MS_OK;
}

static ms_status read_whole(const char *path, char **text, size_t *len, ms_error *err)
{
    FILE *f = fopen(path, "rb");
    ms_status st = MS_OK;
    size_t cap = 0;
    *text = NULL;
    *len = 0;
    if (!f)
        return ms_error_set(err, MS_ERR_IO, path, 0, 0, "cannot open the programme file: %s",
                            strerror(errno));
    for (;;) {
        if (ms_grow((void **)text, &cap, *len + 4096 + 1, 1)) {
            st = ms_error_set(err, MS_ERR_NOMEM, path, 0, 0, "out of memory");
            goto cleanup;
        }
        size_t got = fread(*text + *len, 1, cap - *len - 1, f);
        *len += got;
        if (got == 0)
            break;
    }
    if (ferror(f))
        st = ms_error_set(err, MS_ERR_IO, path, 0, 0, "cannot read the programme file: %s",
                          strerror(errno));
    else
        (*text)[*len] = '\0';
cleanup:
    fclose(f);
    if (st != MS_OK) {
        ms_free(*text);
        *text = NULL;
    }
    return st;
}

static ms_status set_dir(ini_ctx *c)
{
    const char *slash = strrchr(c->path, '/');
    size_t n = slash ? (size_t)(slash - c->path) + 1 : 0;
    c->dir = ms_strndup(c->path, n);
    return c->dir ? MS_OK : ms_error_set(c->err, MS_ERR_NOMEM, c->path, 0, 0, "out of memory");
}

/* Turn inih's answer into our error (inih reports the first bad line; the
 * handler may already have explained a line). */
static ms_status parse_result(ini_ctx *c, int rc)
{
    if (c->long_line && (c->st == MS_OK || c->err->line > c->long_line))
        return ms_error_set(c->err, MS_ERR_PROGRAMME, c->path, c->long_line, 0,
                            "line too long (over %d bytes): continue a list on indented "
                            "lines below its key (line %zu)",
                            c->max_line - 2, c->long_line);
    if (rc > 0 && (c->st == MS_OK || c->err->line > (size_t)rc))
        return ms_error_set(c->err, MS_ERR_PROGRAMME, c->path, (size_t)rc, 0,
                            "not a [section] or key = value line (line %d)", rc);
    if (rc < 0 && c->st == MS_OK)
        return ms_error_set(c->err, MS_ERR_NOMEM, c->path, 0, 0, "out of memory");
    return c->st;
}

/* A programme file that is not UTF-8 (Notepad's "ANSI" on a Russian
 * Windows) is CP1251, converted as a CSV file is; bytes that are neither
 * are refused at their line.  Every text of the programme, and every
 * output that shows one, is then valid UTF-8. */
static ms_status to_utf8(const char *path, char **text, size_t *len, ms_error *err)
{
    if (ms_utf8_valid(*text, *len, NULL))
        return MS_OK;
    iconv_t cd = iconv_open("UTF-8", "CP1251");
    if (cd == (iconv_t)-1)
        return ms_error_set(err, MS_ERR_ENCODING, path, 0, 0,
                            "the programme file is not UTF-8, and CP1251 is not available");
    size_t cap = *len * 3 + 1, left = *len, room = cap - 1;
    char *out = ms_malloc(cap), *in = *text, *o = out;
    ms_status st = MS_OK;
    if (!out)
        st = ms_error_set(err, MS_ERR_NOMEM, path, 0, 0, "out of memory");
    else if (iconv(cd, &in, &left, &o, &room) == (size_t)-1) {
        size_t line = 1;
        const char *bol = *text;
        for (const char *c = *text; c < in; c++)
            if (*c == '\n')
                line++, bol = c + 1;
        st = ms_error_set(err, MS_ERR_ENCODING, path, line, (size_t)(in - bol) + 1,
                          "the programme file is neither UTF-8 nor CP1251 (byte 0x%02X): save "
                          "it as UTF-8",
                          (unsigned)(unsigned char)*in);
    }
    iconv_close(cd);
    if (st != MS_OK) {
        ms_free(out);
        return st;
    }
    *o = '\0';
    ms_free(*text);
    *text = out;
    *len = (size_t)(o - out);
    return MS_OK;
}

ms_status ms_programme_load(const char *path, ms_programme **out, ms_error *err)
{
    ms_error local;
    ini_ctx c = {.path = path, .err = err ? err : &local};
    char *text = NULL;
    size_t len = 0;
    *out = NULL;
    ms_status st = read_whole(path, &text, &len, c.err);
    if (st == MS_OK && (st = to_utf8(path, &text, &len, c.err)) != MS_OK)
        ms_free(text);
    if (st != MS_OK)
        return st;
    c.text = text;
    c.len = len;
    if (!(c.p = ms_calloc(1, sizeof *c.p)) || !(c.p->path = ms_strdup(path))) {
        st = ms_error_set(c.err, MS_ERR_NOMEM, path, 0, 0, "out of memory");
        goto cleanup;
    }
    strcpy(c.p->language, "ru");
    c.p->min_group = 5;
    c.p->top_box = 8;
    c.p->names_internal = true; /* a school is named in public only by its consent */
    if ((st = set_dir(&c)) != MS_OK)
        goto cleanup;
    st = parse_result(&c, ini_parse_stream(read_line, &c, on_key, &c));
    if (st == MS_OK)
        st = attach_organisations(&c);
    if (st == MS_OK)
        st = check_questionnaires(&c);
cleanup:
    ms_free(text);
    ms_free(c.dir);
    if (st != MS_OK) {
        ms_programme_destroy(c.p);
        return st;
    }
    *out = c.p;
    return MS_OK;
}

static void free_list(char **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ms_free(list[i]);
    ms_free(list);
}

void ms_programme_destroy(ms_programme *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n_q; i++) {
        ms_questionnaire *q = &p->q[i];
        ms_free(q->name);
        ms_free(q->title);
        ms_free(q->sheet);
        ms_free(q->years);
        ms_free(q->codebook);
        free_list(q->data, q->n_data);
        free_list(q->earlier, q->n_earlier);
        ms_free(q->data_org);
        ms_free(q->earlier_org);
        free_list(q->by, q->n_by);
        ms_free(q->data_wave);
        ms_free(q->earlier_wave);
    }
    ms_free(p->q);
    if (p->matching) {
        ms_free(p->matching->mentors);
        ms_free(p->matching->mentees);
        ms_free(p->matching->capacity);
        free_list(p->matching->same, p->matching->n_same);
        free_list(p->matching->differ, p->matching->n_differ);
        free_list(p->matching->prefer, p->matching->n_prefer);
        ms_free(p->matching->keep);
        ms_free(p->matching->split);
        ms_free(p->matching->exclude);
        ms_free(p->matching);
    }
    for (size_t i = 0; i < p->n_orgs; i++) {
        ms_organisation *o = &p->orgs[i];
        for (size_t j = 0; j < o->n_files; j++) {
            ms_free(o->files[j].questionnaire);
            free_list(o->files[j].files, o->files[j].n_files);
        }
        ms_free(o->files);
        ms_free(o->key);
        ms_free(o->name);
    }
    ms_free(p->orgs);
    ms_free(p->path);
    ms_free(p->organisation);
    ms_free(p->signatory);
    ms_free(p);
}
