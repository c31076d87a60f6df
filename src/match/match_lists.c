/*
 * match_lists.c — the lists of pairs a curator gives `match`: pairs that
 * continue (--keep, e.g. last year's annex fed back) and pairs that must
 * not be formed (--exclude), read as CSV and resolved to the banks' people
 * by their codes (respondent_code.h: the same person however typed).
 */
#include "match_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvread.h"
#include "respondent_code.h"
#include "text.h"
#include "util.h"

static bool has_word(const char *s, size_t len, const char *word, const char *not_then)
{
    size_t n = strlen(word), m = not_then ? strlen(not_then) : 0;
    for (size_t i = 0; i + n <= len; i++)
        if (!strncasecmp(s + i, word, n) &&
            !(m && i + n + m <= len && !strncasecmp(s + i + n, not_then, m)))
            return true;
    return false;
}

int ms_match_role_of(const char *s, size_t len)
{
    bool mentee = has_word(s, len, "mentee", NULL) || has_word(s, len, "mentored", NULL) ||
                  has_word(s, len, "аставляем", NULL) || has_word(s, len, "одопечн", NULL);
    bool mentor = has_word(s, len, "mentor", "ed") || has_word(s, len, "аставник", NULL) ||
                  has_word(s, len, "аставниц", NULL);
    return mentor == mentee ? -1 : mentor;
}

typedef struct {
    const char *key;
    size_t i;
} code_ref;

static int cmp_code(const void *a, const void *b)
{
    return strcmp(((const code_ref *)a)->key, ((const code_ref *)b)->key);
}

typedef struct {
    const char *path;
    const ms_match_result *r;
    code_ref *codes[2];          /* [mentors?] sorted by key */
    long col[2];                 /* [mentors?] column; -1 before the first row */
    bool started;
    ms_match_listed *pairs;
    size_t n, cap;
} list_ctx;

static ms_status nomem(ms_error *err)
{
    return ms_error_set(err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

/* The person of one code (a cell's part), or an error at its place. */
static ms_status resolve(list_ctx *c, bool mentors, ms_field code, size_t line, size_t col,
                         size_t *out, ms_error *err)
{
    /* `code — name`, as the annex writes with --names */
    for (size_t k = 0; k + 5 <= code.len; k++)
        if (!memcmp(code.ptr + k, " \xe2\x80\x94 ", 5)) {
            code.len = k;
            break;
        }
    code = ms_field_trim(code);
    char *key = ms_strndup(code.ptr, code.len);
    if (!key)
        return nomem(err);
    ms_code_key(key, code.len);
    code_ref want = {key, 0};
    size_t n = mentors ? c->r->n_mentors : c->r->n_mentees;
    const code_ref *hit = bsearch(&want, c->codes[mentors], n, sizeof want, cmp_code);
    ms_free(key);
    if (!hit)
        return ms_error_set(err, MS_ERR_DATA, c->path, line, col,
                            "no %s of the bank has this code: not in the bank's file, or its "
                            "row was quarantined or excluded (no consent); correct the code "
                            "or remove the line (%.*s)",
                            mentors ? "mentor" : "mentee", (int)code.len, code.ptr);
    *out = hit->i;
    return MS_OK;
}

static ms_status on_row(const ms_row *row, void *ctx, ms_error *err)
{
    list_ctx *c = ctx;
    if (ms_fields_blank(row->fields, row->n_fields))
        return MS_OK;
    if (row->broken)
        return ms_error_set(err, MS_ERR_DATA, c->path, row->line, row->broken_field, "%s",
                            row->broken);
    if (!c->started) {
        c->started = true;
        c->col[0] = c->col[1] = -1;
        for (size_t k = 0; k < row->n_fields; k++) {
            int role = ms_match_role_of(row->fields[k].ptr, row->fields[k].len);
            if (role >= 0 && c->col[role] < 0)
                c->col[role] = (long)k;
        }
        if (c->col[0] >= 0 && c->col[1] >= 0)
            return MS_OK; /* a header */
        c->col[1] = 0, c->col[0] = 1;
    }
    size_t need = (size_t)(c->col[0] > c->col[1] ? c->col[0] : c->col[1]);
    if (row->n_fields <= need)
        return ms_error_set(err, MS_ERR_DATA, c->path, row->line, row->n_fields + 1,
                            "a pair needs a mentor's code and a mentee's code (%zu fields)",
                            row->n_fields);
    ms_field mf = ms_field_trim(row->fields[c->col[1]]);
    ms_field ef = ms_field_trim(row->fields[c->col[0]]);
    if (!mf.len || !ef.len)
        return ms_error_set(err, MS_ERR_DATA, c->path, row->line,
                            (size_t)(mf.len ? c->col[0] : c->col[1]) + 1,
                            "a pair needs a mentor's code and a mentee's code (blank)");
    size_t mentor;
    ms_status st = resolve(c, true, mf, row->line, (size_t)c->col[1] + 1, &mentor, err);
    /* the mentees of a group, `;`-separated */
    for (const char *p = ef.ptr, *end = ef.ptr + ef.len; st == MS_OK && p < end;) {
        const char *semi = memchr(p, ';', (size_t)(end - p));
        ms_field part = ms_field_trim((ms_field){p, (size_t)((semi ? semi : end) - p)});
        p = semi ? semi + 1 : end;
        if (!part.len)
            continue;
        size_t mentee;
        if ((st = resolve(c, false, part, row->line, (size_t)c->col[0] + 1, &mentee, err)))
            break;
        if (ms_grow((void **)&c->pairs, &c->cap, c->n + 1, sizeof *c->pairs))
            return nomem(err);
        c->pairs[c->n++] = (ms_match_listed){mentor, mentee, row->line, (size_t)c->col[0] + 1};
    }
    return st;
}

static code_ref *sorted_codes(const ms_match_person *p, size_t n)
{
    code_ref *c = ms_malloc((n + 1) * sizeof *c);
    for (size_t i = 0; c && i < n; i++)
        c[i] = (code_ref){p[i].key, i};
    if (c)
        qsort(c, n, sizeof *c, cmp_code);
    return c;
}

ms_status ms_match_read_list(const char *path, const ms_match_result *r,
                             ms_match_listed **out, size_t *n, ms_error *err)
{
    list_ctx c = {.path = path, .r = r};
    ms_csv_options opt = {.threads = 1};
    ms_status st = MS_OK;
    *out = NULL, *n = 0;
    c.codes[1] = sorted_codes(r->mentors, r->n_mentors);
    c.codes[0] = sorted_codes(r->mentees, r->n_mentees);
    if (!c.codes[0] || !c.codes[1])
        st = nomem(err);
    if (st == MS_OK)
        st = ms_csv_read_file(path, &opt, on_row, &c, NULL, NULL, err);
    ms_free(c.codes[0]);
    ms_free(c.codes[1]);
    if (st != MS_OK) {
        ms_free(c.pairs);
        return st;
    }
    *out = c.pairs;
    *n = c.n;
    return MS_OK;
}
