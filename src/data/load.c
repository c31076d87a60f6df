/* load.c — response files through a codebook: header matching, decoding,
 * quarantine and consent, one row at a time. */
#include "mentorstat/load.h"
#include "cnum.h"

#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvread.h"
#include "datetime.h"
#include "header_rows.h"
#include "respondent_code.h"
#include "rows.h"
#include "util.h"

/* A level cell (group, year, wave, choice) holds one of a few texts in row
 * after row.  The reading thread numbers the texts it meets in a cell
 * (level_texts, its own) and writes the number into the row's prep; the
 * caller's thread keeps what decode_cell made of each number the first time
 * (level_memo, its own) and takes it for every later row.  decode_cell's
 * result depends on the text and the levels interned so far, and a text
 * once interned stays found, so the kept result is what decoding again would
 * give; the first time still goes through decode_cell, so levels are interned
 * in the order they were.  A rejected cell is not kept: it is decoded (and
 * rejected) again each time. */
enum { LEVEL_TEXTS = 16, LEVEL_TEXT_MAX = 64 };
typedef struct {
    unsigned n;
    uint8_t len[LEVEL_TEXTS];
    char text[LEVEL_TEXTS][LEVEL_TEXT_MAX];
} level_texts;
typedef struct {
    bool known, missing;
    double value;
} level_memo;

/* How to decode one variable's cell, set up once from the header so that a
 * row reads one dense array instead of the codebook. */
typedef struct {
    size_t var, col;
    bool bare_number;   /* scale/number without choices or missing codes: digits
                           need no trimming, missing codes or strtod */
    bool reverse, has_range;
    double min, max;
    unsigned lo, hi;    /* the one- and two-digit answers in range: lo..hi */
    size_t slot;        /* bare_number or memo: its byte in a row's prep */
    level_memo *memo;   /* a level cell's results by the reading thread's number
                           for its text (LEVEL_TEXTS of them), or NULL */
} cell_plan;

/* What the reading thread works out of a row before handing it over
 * (csvread.h, ms_row_prep), so that the caller's thread, which adds, has less
 * to do.  Byte 0: PREP_BLANK for a blank line, else the row's
 * ms_header_row_kind; byte 1: whether every bare-number cell was prepped;
 * then a byte for each bare-number cell: its one- or two-digit answer when it
 * is in range, PREP_EMPTY when the cell is empty (missing, as decode_cell
 * reads it), else NOT_PREPPED (the cell then goes the usual way), and for
 * each level cell its text's number (level_texts). */
enum {
    PREP_EMPTY = UINT8_MAX - 2,
    PREP_BLANK = UINT8_MAX - 1,
    NOT_PREPPED = UINT8_MAX,
    PREP_FIRST_CELL = 2
};

/* A bare-number cell's plan in short, for rows whose bare numbers were all
 * prepped: such a cell cannot fail, so they are set in one tight loop. */
typedef struct {
    size_t var, slot;
    bool reverse;
    double min_plus_max; /* reverse keying: min + max - x, as decode_numeric */
} bare_cell;
typedef struct {
    size_t col, slot;   /* its column, its byte in the prep */
    unsigned lo, hi;    /* a bare number: the answers taken */
    level_texts *texts; /* a level cell: the texts met so far */
} prep_cell;

struct ms_loader {
    const ms_codebook *cb;
    ms_load_options opt;
    ms_levels *levels;        /* per variable */
    ms_value *values;         /* per variable, the current row */
    size_t *multi;            /* chosen levels of every multi variable of the row */
    size_t multi_cap;
    size_t *multi_start;      /* per variable: offset of its levels in multi */
    long *col_var;            /* data column -> variable, -1 when unused */
    size_t n_cols, col_cap;
    long *var_col;            /* variable -> data column, -1 when absent */
    struct source_key *by_source; /* the variables by the hash of their source column */
    cell_plan *plan;          /* from the header: every read variable but consent */
    size_t n_plan;
    bare_cell *bare;          /* the plan's bare numbers with a prep byte */
    size_t n_bare;
    size_t *rest;             /* the plan's other cells, by index, in the plan's order */
    size_t n_rest;
    /* For the reading thread: written with the plan, then published by
     * prep_ready (release); it reads them only after seeing it set. */
    prep_cell *prep_cells;    /* the bare numbers', then from n_vars on the level cells' */
    size_t n_prep_cells, n_prep_levels, prep_cols;
    level_texts *texts;       /* per variable; written by the reading thread only */
    level_memo *memos;        /* per variable, LEVEL_TEXTS each; the caller's thread's */
    atomic_bool prep_ready;
    ms_row_prep prep;
    size_t *consent;          /* consent variables */
    size_t n_consent;
    bool any_multi;
    char **keys;              /* per id/pair variable: the row's code as its key */
    size_t *key_cap;
    const char **q_fields;    /* scratch for on_quarantine */
    size_t *q_lengths;
    size_t q_cap;
    bool header_done;
    char **header;            /* the file's header cells, trimmed */
    size_t n_header;
    ms_header_shape header_shape;
    size_t data_rows;         /* of the file so far, header rows and blank lines not counted */
    ms_held_row held;         /* its first data row, until the second tells what it is */
    long given_var, given_level; /* ms_loader_give_level: var -1 when none */
    long year_var, year_level;   /* ms_loader_give_year: var -1 when none */
    ms_file_report *files;
    size_t n_files, files_cap;
    ms_tally total;
};

static bool prep_row(const ms_row *row, void *out, void *ctx);

static const char *const yes_words[] = {"да", "yes", "1", "true", "д", "y"};
static const char *const no_words[] = {"нет", "no", "0", "false", "н", "n"};

void ms_levels_clear(ms_levels *lv)
{
    for (size_t i = 0; i < lv->n; i++)
        ms_free(lv->labels[i]);
    ms_free(lv->labels);
    ms_free(lv->lengths);
    ms_free(lv->numbers);
    memset(lv, 0, sizeof *lv);
}

static long levels_find(const ms_levels *lv, ms_field f)
{
    for (size_t i = 0; i < lv->n; i++)
        if (lv->lengths[i] == f.len && memcmp(lv->labels[i], f.ptr, f.len) == 0)
            return (long)i;
    return -1;
}

static long levels_add(ms_levels *lv, const char *label, size_t len)
{
    size_t cap = lv->cap, lengths_cap = lv->cap;
    if (ms_grow((void **)&lv->labels, &cap, lv->n + 1, sizeof *lv->labels))
        return -1;
    if (ms_grow((void **)&lv->lengths, &lengths_cap, lv->n + 1, sizeof *lv->lengths))
        return -1;
    if (ms_grow((void **)&lv->numbers, &lv->cap, lv->n + 1, sizeof *lv->numbers))
        return -1;
    lv->cap = cap < lv->cap ? cap : lv->cap;
    lv->cap = lengths_cap < lv->cap ? lengths_cap : lv->cap;
    if (!(lv->labels[lv->n] = ms_strndup(label, len)))
        return -1;
    lv->lengths[lv->n] = strlen(lv->labels[lv->n]); /* a NUL in label ends it */
    double x;
    lv->numbers[lv->n] = ms_parse_number((ms_field){label, len}, &x) ? x : NAN;
    return (long)lv->n++;
}

long ms_levels_intern(ms_levels *lv, const char *label, size_t len)
{
    long i = levels_find(lv, (ms_field){label, len});
    if (i >= 0 || lv->fixed)
        return i;
    return levels_add(lv, label, len);
}

/* The label of a yes/no level: the questionnaire's own answer (an English
 * form's «yes» is not published as «да»), a known word in lower case as the
 * report's text writes it, «нет»/«да» when the codebook gives none. */
static const char *yesno_label(const ms_variable *v, int yes)
{
    const char *const *words = yes ? yes_words : no_words;
    for (size_t i = 0; v && i < v->n_choices; i++) {
        if (v->choices[i].value != yes)
            continue;
        ms_field f = {v->choices[i].label, strlen(v->choices[i].label)};
        for (size_t k = 0; k < sizeof yes_words / sizeof *yes_words; k++)
            if (ms_field_equal_ci(f, words[k]))
                return words[k];
        return v->choices[i].label;
    }
    return words[0];
}

ms_status ms_levels_init_yesno(ms_levels *lv, const ms_variable *v)
{
    const char *no = yesno_label(v, 0), *yes = yesno_label(v, 1);
    if (levels_add(lv, no, strlen(no)) < 0 || levels_add(lv, yes, strlen(yes)) < 0)
        return MS_ERR_NOMEM;
    lv->numbers[0] = 0, lv->numbers[1] = 1;
    lv->fixed = true;
    return MS_OK;
}

static ms_status levels_from_choices(ms_levels *lv, const ms_variable *v)
{
    for (size_t i = 0; i < v->n_choices; i++)
        if (levels_add(lv, v->choices[i].label, strlen(v->choices[i].label)) < 0)
            return MS_ERR_NOMEM;
    for (size_t i = 0; i < v->n_choices; i++)
        lv->numbers[i] = v->choices[i].value;
    lv->fixed = v->n_choices > 0;
    return MS_OK;
}

static void free_header(ms_loader *ld)
{
    for (size_t i = 0; i < ld->n_header; i++)
        ms_free(ld->header[i]);
    ms_free(ld->header);
    ld->header = NULL;
    ld->n_header = 0;
}

void ms_loader_destroy(ms_loader *ld)
{
    if (!ld)
        return;
    for (size_t i = 0; ld->levels && i < ld->cb->n_vars; i++)
        ms_levels_clear(&ld->levels[i]);
    ms_free(ld->levels);
    ms_free(ld->values);
    ms_free(ld->multi);
    ms_free(ld->multi_start);
    ms_free(ld->col_var);
    ms_free(ld->var_col);
    ms_free(ld->by_source);
    ms_free(ld->plan);
    ms_free(ld->bare);
    ms_free(ld->rest);
    ms_free(ld->prep_cells);
    ms_free(ld->texts);
    ms_free(ld->memos);
    ms_free(ld->consent);
    ms_free(ld->q_fields);
    ms_free(ld->q_lengths);
    free_header(ld);
    ms_held_row_clear(&ld->held);
    for (size_t i = 0; ld->keys && i < ld->cb->n_vars; i++)
        ms_free(ld->keys[i]);
    ms_free(ld->keys);
    ms_free(ld->key_cap);
    for (size_t i = 0; i < ld->n_files; i++) {
        ms_free(ld->files[i].path);
        for (size_t j = 0; j < ld->files[i].n_unused; j++)
            ms_free(ld->files[i].unused_columns[j]);
        ms_free(ld->files[i].unused_columns);
    }
    ms_free(ld->files);
    ms_free(ld);
}

ms_status ms_loader_create(const ms_codebook *cb, const ms_load_options *opt, ms_loader **out,
                           ms_error *err)
{
    ms_status st = MS_OK;
    ms_loader *ld = ms_calloc(1, sizeof *ld);
    *out = NULL;
    if (!ld)
        return ms_error_set(err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    ld->cb = cb;
    ld->opt = *opt;
    ld->given_var = -1;
    ld->year_var = -1;
    ld->levels = ms_calloc(cb->n_vars, sizeof *ld->levels);
    ld->values = ms_calloc(cb->n_vars, sizeof *ld->values);
    ld->multi_start = ms_calloc(cb->n_vars, sizeof *ld->multi_start);
    ld->var_col = ms_calloc(cb->n_vars, sizeof *ld->var_col);
    ld->plan = ms_calloc(cb->n_vars, sizeof *ld->plan);
    ld->bare = ms_calloc(cb->n_vars, sizeof *ld->bare);
    ld->rest = ms_calloc(cb->n_vars, sizeof *ld->rest);
    ld->prep_cells = ms_calloc(2 * cb->n_vars, sizeof *ld->prep_cells);
    ld->texts = ms_calloc(cb->n_vars, sizeof *ld->texts);
    ld->memos = ms_calloc(cb->n_vars * LEVEL_TEXTS, sizeof *ld->memos);
    ld->consent = ms_calloc(cb->n_vars, sizeof *ld->consent);
    ld->keys = ms_calloc(cb->n_vars, sizeof *ld->keys);
    ld->key_cap = ms_calloc(cb->n_vars, sizeof *ld->key_cap);
    if (!ld->levels || !ld->values || !ld->multi_start || !ld->var_col || !ld->plan ||
        !ld->bare || !ld->rest ||
        !ld->prep_cells || !ld->texts || !ld->memos || !ld->consent || !ld->keys ||
        !ld->key_cap) {
        st = ms_error_set(err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < cb->n_vars; i++)
        if (ms_vartype_is_categorical(cb->vars[i].type) && cb->vars[i].type != MS_TYPE_YESNO &&
            levels_from_choices(&ld->levels[i], &cb->vars[i])) {
            st = ms_error_set(err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
            goto cleanup;
        }
    for (size_t i = 0; i < cb->n_vars; i++)
        if (cb->vars[i].type == MS_TYPE_YESNO && ms_levels_init_yesno(&ld->levels[i], &cb->vars[i])) {
            st = ms_error_set(err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
            goto cleanup;
        }
    atomic_init(&ld->prep_ready, false);
    ld->prep = (ms_row_prep){prep_row, ld, PREP_FIRST_CELL + cb->n_vars};
    *out = ld;
    ld = NULL;
cleanup:
    ms_loader_destroy(ld);
    return st;
}

const ms_levels *ms_loader_levels(const ms_loader *ld, size_t var) { return &ld->levels[var]; }
ms_tally ms_loader_total(const ms_loader *ld) { return ld->total; }
size_t ms_loader_n_files(const ms_loader *ld) { return ld->n_files; }
const ms_file_report *ms_loader_file(const ms_loader *ld, size_t i) { return &ld->files[i]; }

/* ---------- header ---------- */

static ms_status note_unused(ms_file_report *fr, ms_field f)
{
    if (ms_grow((void **)&fr->unused_columns, &fr->unused_cap, fr->n_unused + 1, sizeof(char *)))
        return MS_ERR_NOMEM;
    if (!(fr->unused_columns[fr->n_unused] = ms_strndup(f.ptr, f.len)))
        return MS_ERR_NOMEM;
    fr->n_unused++;
    return MS_OK;
}

/* A variable no column is read into: given to every row of the file (a wave,
 * a year), or a year the programme gives per file (derive = file). */
static bool given(const ms_loader *ld, size_t v)
{
    return (long)v == ld->given_var || (long)v == ld->year_var ||
           ld->cb->vars[v].derive == MS_DERIVE_FILE;
}

/* A code nobody reads (ms_load_options.skip_codes): no plan, so it stays missing. */
static bool unread_code(const ms_loader *ld, size_t v)
{
    ms_vartype t = ld->cb->vars[v].type;
    return ld->opt.skip_codes && (t == MS_TYPE_ID || t == MS_TYPE_PAIR);
}

/* Which of 0..99 pass the range test of decode_bare_number (a NAN bound
 * rejects nothing, as x < NAN is false): an integer compare per answer
 * instead of a conversion and two double compares on the busier thread. */
static void plan_digits(cell_plan *p)
{
    double lo = p->has_range && p->min > 0 ? ceil(p->min) : 0;
    double hi = p->has_range && p->max < 99 ? floor(p->max) : 99;
    bool none = hi < 0 || lo > 99;
    p->lo = none ? 1 : (unsigned)lo;
    p->hi = none ? 0 : (unsigned)hi;
}

/* A cell decode_cell reads as a level of a text (no date to read first). */
static bool memo_level(const ms_variable *v)
{
    return (v->type == MS_TYPE_GROUP || v->type == MS_TYPE_YEAR || v->type == MS_TYPE_WAVE ||
            v->type == MS_TYPE_CHOICE) && v->derive == MS_DERIVE_NONE;
}

static void plan_rows(ms_loader *ld)
{
    const ms_codebook *cb = ld->cb;
    ld->n_plan = ld->n_consent = ld->n_prep_cells = ld->n_prep_levels = 0;
    ld->n_bare = ld->n_rest = 0;
    ld->any_multi = false;
    for (size_t v = 0; v < cb->n_vars; v++) {
        const ms_variable *var = &cb->vars[v];
        ld->values[v] = (ms_value){.missing = true}; /* stays so without a column */
        ld->any_multi = ld->any_multi || var->type == MS_TYPE_MULTI;
        if (var->type == MS_TYPE_CONSENT) {
            ld->consent[ld->n_consent++] = v;
            continue;
        }
        if (ld->var_col[v] < 0 || given(ld, v) || unread_code(ld, v))
            continue;
        ld->plan[ld->n_plan++] = (cell_plan){
            .var = v,
            .col = (size_t)ld->var_col[v],
            .bare_number = ms_vartype_is_numeric(var->type) && !var->n_missing && !var->n_choices,
            .reverse = var->reverse,
            .has_range = var->has_range,
            .min = var->min,
            .max = var->max,
        };
        cell_plan *p = &ld->plan[ld->n_plan - 1];
        plan_digits(p);
        size_t slot = PREP_FIRST_CELL + ld->n_prep_cells + ld->n_prep_levels;
        if (p->bare_number) {
            p->slot = slot;
            ld->bare[ld->n_bare++] = (bare_cell){v, slot, var->reverse, var->min + var->max};
            ld->prep_cells[ld->n_prep_cells++] = (prep_cell){p->col, slot, p->lo, p->hi, NULL};
            continue;
        }
        ld->rest[ld->n_rest++] = ld->n_plan - 1;
        if (memo_level(var)) { /* the numbers are the file's: both sides start empty */
            p->slot = slot;
            ld->texts[v].n = 0;
            p->memo = &ld->memos[v * LEVEL_TEXTS];
            memset(p->memo, 0, LEVEL_TEXTS * sizeof *p->memo);
            ld->prep_cells[cb->n_vars + ld->n_prep_levels++] =
                (prep_cell){p->col, slot, 0, 0, &ld->texts[v]};
        }
    }
    ld->prep_cols = ld->n_cols;
    atomic_store_explicit(&ld->prep_ready, true, memory_order_release);
    if (ld->given_var >= 0) /* no row overwrites it: it is in no plan */
        ld->values[ld->given_var] = (ms_value){.value = (double)ld->given_level};
    if (ld->year_var >= 0)
        ld->values[ld->year_var] = (ms_value){.value = (double)ld->year_level};
}

/* derive = file with no year given by the programme (check, analyze): the
 * year in the file's name, else missing.  After plan_rows. */
static ms_status name_years(ms_loader *ld, const char *path)
{
    int y = ms_year_in_name(path);
    for (size_t v = 0; y && v < ld->cb->n_vars; v++) {
        if (ld->cb->vars[v].derive != MS_DERIVE_FILE || (long)v == ld->year_var)
            continue;
        char label[16];
        int n = snprintf(label, sizeof label, "%d", y);
        long level = ms_levels_intern(&ld->levels[v], label, (size_t)n);
        if (level < 0)
            return MS_ERR_NOMEM;
        ld->values[v] = (ms_value){.value = (double)level};
    }
    return MS_OK;
}

ms_status ms_loader_give_level(ms_loader *ld, long var, long level, ms_error *err)
{
    if (var >= 0 && (size_t)var >= ld->cb->n_vars)
        return ms_error_set(err, MS_ERR_USAGE, ld->cb->path, 0, 0,
                            "no variable %ld in the codebook", var);
    if (var >= 0 && (!ms_vartype_is_grouping(ld->cb->vars[var].type) ||
                     ld->cb->vars[var].type == MS_TYPE_YESNO || level < 0 ||
                     (size_t)level >= ld->levels[var].n))
        return ms_error_set(err, MS_ERR_USAGE, ld->cb->path, ld->cb->vars[var].line, 0,
                            "files cannot be given level %ld of %s: it has %zu choices (%s)",
                            level + 1, ld->cb->vars[var].name, ld->levels[var].n,
                            ms_vartype_name(ld->cb->vars[var].type));
    ld->given_var = var;
    ld->given_level = level;
    return MS_OK;
}

ms_status ms_loader_give_year(ms_loader *ld, long var, int year, ms_error *err)
{
    if (var < 0) {
        ld->year_var = -1;
        return MS_OK;
    }
    if ((size_t)var >= ld->cb->n_vars || ld->cb->vars[var].type != MS_TYPE_YEAR)
        return ms_error_set(err, MS_ERR_USAGE, ld->cb->path, 0, 0,
                            "files can be given a year only in a year variable (%ld)", var);
    char label[16];
    int n = snprintf(label, sizeof label, "%d", year);
    long level = ms_levels_intern(&ld->levels[var], label, (size_t)n);
    if (level < 0)
        return ms_error_set(err, MS_ERR_NOMEM, ld->cb->path, 0, 0, "out of memory");
    ld->year_var = var;
    ld->year_level = level;
    return MS_OK;
}

/* Every cell of the row, trimmed, each closed by a unit separator: two rows
 * hash alike when they hold the same answers (a sheet pasted twice). */
uint64_t ms_record_row_hash(const ms_record *rec)
{
    const ms_row *row = rec->row;
    static const unsigned char sep = 0x1f;
    uint64_t h = MS_FNV_SEED;
    for (size_t c = 0; c < row->n_fields; c++) {
        ms_field f = ms_field_trim(row->fields[c]);
        h = ms_fnv1a(ms_fnv1a(h, f.ptr, f.len), &sep, 1);
    }
    return h;
}

/* The header is matched against the sources through their hashes, sorted
 * once: (columns + variables) log variables, not columns x variables. */
struct source_key {
    uint64_t hash;
    size_t var;
};

static int source_key_cmp(const void *a, const void *b)
{
    const struct source_key *x = a, *y = b;
    return x->hash != y->hash ? (x->hash > y->hash) - (x->hash < y->hash)
                              : (x->var > y->var) - (x->var < y->var);
}

static int index_sources(ms_loader *ld)
{
    const ms_codebook *cb = ld->cb;
    if (ld->by_source)
        return 0;
    if (!(ld->by_source = ms_calloc(cb->n_vars + 1, sizeof *ld->by_source)))
        return -1;
    for (size_t v = 0; v < cb->n_vars; v++)
        ld->by_source[v] = (struct source_key){
            ms_field_hash_ci((ms_field){cb->vars[v].source, strlen(cb->vars[v].source)}), v};
    qsort(ld->by_source, cb->n_vars, sizeof *ld->by_source, source_key_cmp);
    return 0;
}

/* A source "#N" (digits) names the N-th column whatever its header, for a
 * column with none (docs/codebook.md): N, 0 for "#0", -1 for a header. */
static long source_position(const char *s)
{
    if (s[0] != '#' || !s[1] || strspn(s + 1, "0123456789") != strlen(s + 1) || strlen(s) > 10)
        return -1;
    return strtol(s + 1, NULL, 10);
}

/* The columns named by position, before any header is matched: such a column
 * is read by its variable only. */
static ms_status match_positions(ms_loader *ld, const ms_row *row, ms_error *err)
{
    const ms_file_report *fr = &ld->files[ld->n_files - 1];
    const ms_codebook *cb = ld->cb;
    for (size_t v = 0; v < cb->n_vars; v++) {
        long n = source_position(cb->vars[v].source);
        if (n < 0)
            continue;
        if (n == 0 || (size_t)n > row->n_fields)
            return ms_error_set(err, MS_ERR_DATA, fr->path, row->line, n > 0 ? (size_t)n : 0,
                                "no column %s for codebook variable %s (%s:%zu): the file has "
                                "%zu columns, counted from #1",
                                cb->vars[v].source, cb->vars[v].name, cb->path, cb->vars[v].line,
                                row->n_fields);
        if (ld->col_var[n - 1] >= 0)
            return ms_error_set(err, MS_ERR_DATA, fr->path, row->line, (size_t)n,
                                "column %s is named by two codebook variables, %s and %s (%s:%zu)",
                                cb->vars[v].source, cb->vars[ld->col_var[n - 1]].name,
                                cb->vars[v].name, cb->path, cb->vars[v].line);
        ld->var_col[v] = n - 1;
        ld->col_var[n - 1] = (long)v;
    }
    return MS_OK;
}

/* The variables whose source is column c's header, in codebook order: the
 * first not yet given a column reads it, so the k-th codebook row with a
 * repeated source reads the k-th column so headed (Google Forms repeats a
 * question's title).  More such columns than rows is ambiguous: refused. */
static ms_status match_column(ms_loader *ld, const ms_row *row, size_t c, ms_error *err)
{
    const ms_file_report *fr = &ld->files[ld->n_files - 1];
    const ms_codebook *cb = ld->cb;
    ms_field h = ms_field_trim(row->fields[c]);
    struct source_key key = {ms_field_hash_ci(h), 0};
    size_t lo = 0, hi = cb->n_vars, rows = 0;
    long taken = -1; /* the last column so headed, when every row has one */
    while (lo < hi) { /* the first key of this hash */
        size_t mid = lo + (hi - lo) / 2;
        if (source_key_cmp(&ld->by_source[mid], &key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t k = lo; k < cb->n_vars && ld->by_source[k].hash == key.hash; k++) {
        size_t v = ld->by_source[k].var;
        if (!ms_field_equal_ci(h, cb->vars[v].source) || source_position(cb->vars[v].source) >= 0)
            continue;
        rows++;
        if (ld->var_col[v] >= 0) {
            taken = ld->var_col[v];
            continue;
        }
        ld->var_col[v] = (long)c;
        ld->col_var[c] = (long)v;
        return MS_OK;
    }
    if (rows)
        return ms_error_set(err, MS_ERR_DATA, fr->path, row->line, c + 1,
                            "two columns are headed \"%.*s\" (columns %ld and %zu) and the codebook "
                            "has %zu row%s with this source: give each column its own row (the "
                            "k-th row with a source reads the k-th column so headed) or rename one",
                            (int)h.len, h.ptr, taken + 1, c + 1, rows,
                            rows == 1 ? "" : "s");
    return MS_OK;
}

static ms_status match_header(ms_loader *ld, const ms_row *row, ms_error *err)
{
    ms_file_report *fr = &ld->files[ld->n_files - 1];
    const ms_codebook *cb = ld->cb;
    if (ms_grow((void **)&ld->col_var, &ld->col_cap, row->n_fields + 1, sizeof *ld->col_var) ||
        index_sources(ld))
        return ms_error_set(err, MS_ERR_NOMEM, fr->path, row->line, 0, "out of memory");
    ld->n_cols = row->n_fields;
    for (size_t v = 0; v < cb->n_vars; v++)
        ld->var_col[v] = -1;
    for (size_t c = 0; c < row->n_fields; c++)
        ld->col_var[c] = -1;
    ms_status st = match_positions(ld, row, err);
    for (size_t c = 0; c < row->n_fields && st == MS_OK; c++) {
        ms_field h = ms_field_trim(row->fields[c]);
        if (ld->col_var[c] >= 0)
            continue; /* named by its position */
        st = match_column(ld, row, c, err);
        if (st == MS_OK && ld->col_var[c] < 0 && h.len && note_unused(fr, h))
            return ms_error_set(err, MS_ERR_NOMEM, fr->path, row->line, 0, "out of memory");
    }
    if (st != MS_OK)
        return st;
    for (size_t v = 0; v < cb->n_vars; v++)
        if (ld->var_col[v] < 0 && cb->vars[v].type != MS_TYPE_IGNORE && !given(ld, v))
            return ms_error_set(err, MS_ERR_DATA, fr->path, row->line, 0,
                                "no column \"%s\" for codebook variable %s (%s:%zu)",
                                cb->vars[v].source, cb->vars[v].name, cb->path, cb->vars[v].line);
    free_header(ld);
    if (!(ld->header = ms_calloc(row->n_fields + 1, sizeof *ld->header)))
        return ms_error_set(err, MS_ERR_NOMEM, fr->path, row->line, 0, "out of memory");
    for (size_t c = 0; c < row->n_fields; c++, ld->n_header++) {
        ms_field h = ms_field_trim(row->fields[c]);
        if (!(ld->header[c] = ms_strndup(h.ptr, h.len)))
            return ms_error_set(err, MS_ERR_NOMEM, fr->path, row->line, 0, "out of memory");
    }
    ld->data_rows = 0;
    ld->header_shape = ms_header_shape_of(ld->header, ld->n_header);
    plan_rows(ld);
    if (name_years(ld, fr->path) != MS_OK)
        return ms_error_set(err, MS_ERR_NOMEM, fr->path, row->line, 0, "out of memory");
    ld->header_done = true;
    return MS_OK;
}

/* ---------- one cell ---------- */

typedef struct {
    ms_loader *ld;
    const ms_row *row;
    ms_error reason;
    const char *file;
} row_ctx;

static ms_status reject(row_ctx *rc, size_t col, const char *fmt, ms_field f, const char *name)
{
    char what[160];
    ms_c_snprintf(what, sizeof what, fmt, name);
    int shown = f.len > 60 ? 60 : (int)f.len;
    return ms_error_set(&rc->reason, MS_ERR_DATA, rc->file, rc->row->line, col + 1, "%s (%.*s%s)",
                        what, shown, f.ptr, f.len > 60 ? "…" : "");
}

static bool is_missing_code(const ms_variable *v, ms_field f)
{
    for (size_t i = 0; i < v->n_missing; i++)
        if (ms_field_equal_ci(f, v->missing[i]))
            return true;
    return false;
}

static bool match_choice(const ms_variable *v, ms_field f, size_t *index)
{
    double x;
    bool numeric = ms_parse_number(f, &x);
    for (size_t i = 0; i < v->n_choices; i++)
        if (ms_field_same_answer(f, v->choices[i].label) || (numeric && x == v->choices[i].value)) {
            *index = i;
            return true;
        }
    return false;
}

static int yes_no(ms_field f)
{
    for (size_t i = 0; i < sizeof yes_words / sizeof *yes_words; i++) {
        if (ms_field_equal_ci(f, yes_words[i]))
            return 1;
        if (ms_field_equal_ci(f, no_words[i]))
            return 0;
    }
    return -1;
}

static ms_status decode_numeric(row_ctx *rc, size_t var, size_t col, ms_field f, ms_value *out)
{
    const ms_variable *v = &rc->ld->cb->vars[var];
    size_t ci;
    double x;
    if (v->n_choices && match_choice(v, f, &ci))
        x = v->choices[ci].value;
    else if (!ms_parse_answer_number(f, &x))
        return reject(rc, col, "%s: not a number", f, v->name);
    if (v->has_range && (x < v->min || x > v->max)) {
        char what[96];
        ms_c_snprintf(what, sizeof what, "%%s: outside %g..%g", v->min, v->max);
        return reject(rc, col, what, f, v->name);
    }
    out->value = v->reverse ? v->min + v->max - x : x;
    return MS_OK;
}

static ms_status decode_yesno(row_ctx *rc, size_t var, size_t col, ms_field f, ms_value *out)
{
    const ms_variable *v = &rc->ld->cb->vars[var];
    size_t ci;
    int yn = v->n_choices ? (match_choice(v, f, &ci) ? v->choices[ci].value == 1 : -1) : yes_no(f);
    if (yn < 0)
        return reject(rc, col, "%s: not a yes/no answer", f, v->name);
    out->value = yn;
    return MS_OK;
}

static bool is_plain_year(ms_field f)
{
    if (f.len == 0 || f.len > 7 || (f.ptr[0] == '0' && f.len > 1))
        return false;
    for (size_t i = 0; i < f.len; i++)
        if (f.ptr[i] < '0' || f.ptr[i] > '9')
            return false;
    return true;
}

/* The choice that takes the text a person typed into «Другое»: the one
 * labelled «Другое», «Иное», "Other" (any case, any tail: «Другое (укажите)»),
 * or -2 when there is none. */
static long other_choice(const ms_variable *v)
{
    static const char *const other[] = {"другое", "иное", "other"};
    for (size_t i = 0; i < v->n_choices; i++)
        for (size_t k = 0; k < sizeof other / sizeof *other; k++)
            if (ms_prefix_ci((ms_field){v->choices[i].label, strlen(v->choices[i].label)},
                             other[k]))
                return (long)i;
    return -2;
}

static ms_status decode_level(row_ctx *rc, size_t var, size_t col, ms_field f, ms_value *out)
{
    const ms_variable *v = &rc->ld->cb->vars[var];
    size_t ci;
    char derived[16];
    if (v->derive != MS_DERIVE_NONE) {
        ms_datetime dt;
        if (!ms_datetime_parse_order(f.ptr, f.len, v->day_first, &dt))
            return reject(rc, col, "%s: not a date", f, v->name);
        int n = ms_c_snprintf(derived, sizeof derived, "%d",
                              v->derive == MS_DERIVE_SCHOOL_YEAR ? ms_school_year(&dt) : dt.year);
        f = (ms_field){derived, (size_t)n};
    }
    if (v->n_choices) {
        long other;
        if (match_choice(v, f, &ci))
            out->value = (double)ci;
        else if ((other = other_choice(v)) >= 0) /* the text typed into «Другое» */
            out->value = (double)other;
        else
            return reject(rc, col, "%s: not one of the choices", f, v->name);
        return MS_OK;
    }
    double x;
    char canon[64];
    if (v->type == MS_TYPE_YEAR && v->derive == MS_DERIVE_NONE) {
        if (!ms_parse_number(f, &x) || x != floor(x) || fabs(x) > 1e6)
            return reject(rc, col, "%s: not a year", f, v->name);
        /* the label is the canonical "%.0f" text; plain digits already are
         * (and printing a double for every row costs more than the rest) */
        f = ms_field_trim(f);
        if (!is_plain_year(f)) {
            int n = ms_c_snprintf(canon, sizeof canon, "%.0f", x);
            f = (ms_field){canon, (size_t)n};
        }
    }
    long i = ms_levels_intern(&rc->ld->levels[var], f.ptr, f.len);
    if (i < 0)
        return ms_error_set(&rc->reason, MS_ERR_NOMEM, rc->file, rc->row->line, col + 1,
                            "out of memory");
    out->value = (double)i;
    return MS_OK;
}

static ms_status push_multi(row_ctx *rc, size_t var, size_t level)
{
    ms_loader *ld = rc->ld;
    size_t at = ld->multi_start[var] + ld->values[var].n_levels;
    for (size_t i = ld->multi_start[var]; i < at; i++)
        if (ld->multi[i] == level)
            return MS_OK; /* the same answer twice counts once */
    if (ms_grow((void **)&ld->multi, &ld->multi_cap, at + 1, sizeof *ld->multi))
        return MS_ERR_NOMEM;
    ld->multi[at] = level;
    ld->values[var].n_levels++;
    return MS_OK;
}

/* Length of the next part of a multi answer: a whole choice label when one
 * matches (labels may contain commas) and ';', ',' or "/ " follows it, else up
 * to ';' or, in an answer with no ';' (a Sheets or Yandex answer is joined by
 * ';' only), up to ", ". */
static size_t multi_part(const ms_variable *v, ms_field rest, bool semicolons, size_t *skip)
{
    size_t best = 0;
    for (size_t i = 0; i < v->n_choices; i++) {
        size_t m = ms_prefix_ci(rest, v->choices[i].label);
        if (m > best && (m == rest.len || rest.ptr[m] == ';' || rest.ptr[m] == ',' ||
                         (rest.ptr[m] == '/' && m + 1 < rest.len && rest.ptr[m + 1] == ' ')))
            best = m;
    }
    if (!best)
        for (best = 0; best < rest.len; best++)
            if (rest.ptr[best] == ';' || (!semicolons && rest.ptr[best] == ',' &&
                                          best + 1 < rest.len && rest.ptr[best + 1] == ' '))
                break;
    *skip = best < rest.len ? 1 : 0;
    return best;
}

static ms_status decode_multi(row_ctx *rc, size_t var, size_t col, ms_field f)
{
    const ms_variable *v = &rc->ld->cb->vars[var];
    bool semicolons = memchr(f.ptr, ';', f.len) != NULL;
    while (f.len) {
        size_t skip, n = multi_part(v, f, semicolons, &skip);
        ms_field part = ms_field_trim((ms_field){f.ptr, n});
        if (part.len && !is_missing_code(v, part)) { /* «Затрудняюсь ответить» ticked too */
            long lvl;
            size_t ci;
            if (v->n_choices) /* a listed option, else the free text of «Другое» */
                lvl = match_choice(v, part, &ci) ? (long)ci : other_choice(v);
            else
                lvl = ms_levels_intern(&rc->ld->levels[var], part.ptr, part.len);
            if (lvl == -2)
                return reject(rc, col, "%s: not one of the choices", part, v->name);
            if (lvl < 0 || push_multi(rc, var, (size_t)lvl))
                return ms_error_set(&rc->reason, MS_ERR_NOMEM, rc->file, rc->row->line, col + 1,
                                    "out of memory");
        }
        f = ms_field_trim((ms_field){f.ptr + n + skip, f.len - n - skip});
    }
    rc->ld->values[var].missing = rc->ld->values[var].n_levels == 0;
    return MS_OK;
}

/* Every stage that links rows (waves, pairs, duplicates) sees the code's
 * key (respondent_code.h), made in a buffer of the variable's own so that a
 * quarantined row still shows the cell as typed. */
static ms_status decode_code(row_ctx *rc, size_t var, size_t col, ms_field f, ms_value *out)
{
    ms_loader *ld = rc->ld;
    if (ms_grow((void **)&ld->keys[var], &ld->key_cap[var], f.len + 1, 1))
        return ms_error_set(&rc->reason, MS_ERR_NOMEM, rc->file, rc->row->line, col + 1,
                            "out of memory");
    char *key = ld->keys[var];
    memcpy(key, f.ptr, f.len);
    out->typed = f.ptr; /* the row's own cell, as typed: no copy on the hot path */
    out->typed_len = f.len;
    out->text = key;
    out->text_len = ms_code_key(key, f.len);
    out->missing = out->text_len == 0;
    return MS_OK;
}

/* Answers are mostly a byte or two: a memchr call per cell cost 7 % of a run. */
static inline bool has_nul(ms_field f)
{
    if (f.len > 16)
        return memchr(f.ptr, '\0', f.len) != NULL;
    for (size_t i = 0; i < f.len; i++)
        if (f.ptr[i] == '\0')
            return true;
    return false;
}

static ms_status decode_cell(row_ctx *rc, size_t var, size_t col, ms_field f)
{
    const ms_variable *v = &rc->ld->cb->vars[var];
    ms_value *out = &rc->ld->values[var];
    if (has_nul(f))
        return reject(rc, col, "%s: NUL byte in the cell", (ms_field){"", 0}, v->name);
    f = ms_field_trim(f);
    out->missing = f.len == 0 || is_missing_code(v, f);
    if (out->missing)
        return MS_OK;
    switch (v->type) {
    case MS_TYPE_SCALE:
    case MS_TYPE_NUMBER:
        return decode_numeric(rc, var, col, f, out);
    case MS_TYPE_YESNO:
    case MS_TYPE_CONSENT:
        return decode_yesno(rc, var, col, f, out);
    case MS_TYPE_GROUP:
    case MS_TYPE_YEAR:
    case MS_TYPE_WAVE:
    case MS_TYPE_CHOICE:
        return decode_level(rc, var, col, f, out);
    case MS_TYPE_MULTI:
        return decode_multi(rc, var, col, f);
    case MS_TYPE_ID:
    case MS_TYPE_PAIR:
        return decode_code(rc, var, col, f, out);
    case MS_TYPE_TEXT:
        out->text = f.ptr;
        out->text_len = f.len;
        ((char *)f.ptr)[f.len] = '\0'; /* the row buffer is ours until the next row */
        return MS_OK;
    case MS_TYPE_PERSONAL:
        if (rc->ld->opt.keep_personal) {
            out->text = f.ptr;
            out->text_len = f.len;
            ((char *)f.ptr)[f.len] = '\0';
            return MS_OK;
        }
        out->missing = true; /* never kept */
        return MS_OK;
    case MS_TYPE_IGNORE:
        out->missing = true; /* never kept */
        return MS_OK;
    }
    return MS_OK;
}

/* ---------- one row ---------- */

/* A place in a workbook reads file:sheet!C14. */
static void in_sheet(ms_error *err, const ms_row *row)
{
    if (err && row->sheet)
        ms_c_snprintf(err->sheet, sizeof err->sheet, "%s", row->sheet);
}

static void quarantine(row_ctx *rc)
{
    ms_loader *ld = rc->ld;
    in_sheet(&rc->reason, rc->row);
    ld->files[ld->n_files - 1].tally.quarantined++;
    ld->total.quarantined++;
    if (!ld->opt.on_quarantine)
        return;
    size_t n = rc->row->n_fields;
    size_t cap = ld->q_cap;
    if (ms_grow((void **)&ld->q_fields, &cap, n, sizeof *ld->q_fields) ||
        ms_grow((void **)&ld->q_lengths, &ld->q_cap, n, sizeof *ld->q_lengths))
        n = 0; /* out of memory: the reason still goes out, without the cells */
    for (size_t i = 0; i < n; i++) {
        ld->q_fields[i] = rc->row->fields[i].ptr;
        ld->q_lengths[i] = rc->row->fields[i].len;
    }
    bool lined_up = !rc->row->broken && rc->row->n_fields == ld->n_cols;
    ms_quarantined q = {rc->file, rc->row->line, ld->q_fields, ld->q_lengths, n, &rc->reason,
                        lined_up ? ld->var_col : NULL};
    ld->opt.on_quarantine(&q, ld->opt.ctx);
}

static bool consented(const ms_loader *ld)
{
    for (size_t i = 0; i < ld->n_consent; i++) {
        const ms_value *val = &ld->values[ld->consent[i]];
        if (val->missing || val->value != 1)
            return false;
    }
    return true;
}

static ms_status decode_var(row_ctx *rc, size_t v)
{
    long col = rc->ld->var_col[v];
    return col < 0 ? MS_OK : decode_cell(rc, v, (size_t)col, rc->row->fields[col]);
}

/* A one- or two-digit answer's value (the usual answer), or -1. */
static inline int two_digits(ms_field f)
{
    unsigned d0 = f.len ? (unsigned)(unsigned char)f.ptr[0] - '0' : 10, d1;
    if (f.len == 1 && d0 < 10)
        return (int)d0;
    if (f.len == 2 && d0 < 10 && (d1 = (unsigned)(unsigned char)f.ptr[1] - '0') < 10)
        return (int)(10 * d0 + d1);
    return -1;
}

static inline void set_bare_number(const cell_plan *p, double x, ms_value *out)
{
    out->missing = false;
    out->value = p->reverse ? p->min + p->max - x : x;
}

/* The common answer, bare digits in range; false sends the cell the long way. */
static inline bool decode_bare_number(const cell_plan *p, ms_field f, ms_value *out)
{
    double x;
    int d = two_digits(f);
    if (d >= 0) {
        if ((unsigned)d < p->lo || (unsigned)d > p->hi)
            return false;
        x = d;
    } else if (!ms_parse_small_int(f.ptr, f.len, &x) ||
               (p->has_range && (x < p->min || x > p->max))) {
        return false;
    }
    set_bare_number(p, x, out);
    return true;
}

/* memcmp's answer for the few dozen bytes of a label, without a call (the
 * calls, three or four a row, were about 7 % of the reading thread's prep) */
static inline bool same_bytes(const char *a, const char *b, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x, y;
        memcpy(&x, a + i, 8);
        memcpy(&y, b + i, 8);
        if (x != y)
            return false;
    }
    for (; i < n; i++)
        if (a[i] != b[i])
            return false;
    return true;
}

/* On the reading thread: the number of a level cell's text (level_texts),
 * a new one for a text not met before, NOT_PREPPED when the texts are all
 * taken or this one is long. */
static uint8_t text_number(level_texts *t, ms_field f)
{
    for (unsigned i = 0; i < t->n; i++)
        if (t->len[i] == f.len && same_bytes(t->text[i], f.ptr, f.len))
            return (uint8_t)i;
    if (t->n == LEVEL_TEXTS || f.len > LEVEL_TEXT_MAX)
        return NOT_PREPPED;
    memcpy(t->text[t->n], f.ptr, f.len);
    t->len[t->n] = (uint8_t)f.len;
    return (uint8_t)t->n++;
}

/* ms_row_prep's fn, on the reading thread: whether the row is blank or a
 * header row, as on_row asks, and the answers decode_bare_number takes as one
 * or two digits, by the same test (plan_digits).  The header is the file's,
 * kept until its reading ends. */
static bool prep_row(const ms_row *row, void *out, void *ctx)
{
    ms_loader *ld = ctx;
    if (!atomic_load_explicit(&ld->prep_ready, memory_order_acquire) || row->broken ||
        row->n_fields != ld->prep_cols)
        return false;
    uint8_t *head = out;
    head[0] = ms_fields_blank(row->fields, row->n_fields)
                  ? PREP_BLANK
                  : (uint8_t)ms_header_row_kind_shaped(row, ld->header, ld->n_header,
                                                       &ld->header_shape);
    bool all_bare = true;
    for (const prep_cell *c = ld->prep_cells, *end = c + ld->n_prep_cells; c < end; c++) {
        ms_field f = row->fields[c->col];
        int d = two_digits(f);
        bool in = d >= 0 && (unsigned)d >= c->lo && (unsigned)d <= c->hi;
        uint8_t b = in ? (uint8_t)d : f.len == 0 ? PREP_EMPTY : NOT_PREPPED;
        head[c->slot] = b;
        all_bare &= b != NOT_PREPPED;
    }
    const prep_cell *lc = ld->prep_cells + ld->cb->n_vars;
    for (size_t i = 0; i < ld->n_prep_levels; i++)
        head[lc[i].slot] = text_number(lc[i].texts, row->fields[lc[i].col]);
    head[1] = all_bare;
    return true;
}

/* One cell of the plan: from the row's prep (prep_row's, or NULL) when it
 * has the answer or its level cell's number is known, else decoded. */
static ms_status decode_planned(row_ctx *rc, const cell_plan *p, const uint8_t *prep,
                                size_t *multi_used)
{
    ms_loader *ld = rc->ld;
    uint8_t pre = prep && p->slot ? prep[p->slot] : NOT_PREPPED;
    if (p->bare_number && pre != NOT_PREPPED) {
        if (pre == PREP_EMPTY)
            ld->values[p->var] = (ms_value){.missing = true};
        else
            set_bare_number(p, pre, &ld->values[p->var]);
        return MS_OK;
    }
    level_memo *memo = p->memo && pre != NOT_PREPPED ? &p->memo[pre] : NULL;
    if (memo && memo->known) {
        ld->values[p->var] = (ms_value){.missing = memo->missing, .value = memo->value};
        return MS_OK;
    }
    ms_field f = rc->row->fields[p->col];
    if (p->bare_number && decode_bare_number(p, f, &ld->values[p->var]))
        return MS_OK;
    ld->values[p->var] = (ms_value){.missing = true};
    ld->multi_start[p->var] = *multi_used;
    ms_status st = decode_cell(rc, p->var, p->col, f);
    if (st)
        return st;
    *multi_used += ld->values[p->var].n_levels;
    if (memo)
        *memo = (level_memo){true, ld->values[p->var].missing, ld->values[p->var].value};
    return MS_OK;
}

/* Decode every cell; consent first, since a refusal is excluded whatever
 * else the row holds.  Returns MS_OK with *excluded set for a refusal. */
static ms_status decode_row(row_ctx *rc, bool *excluded)
{
    ms_loader *ld = rc->ld;
    ms_status st;
    size_t multi_used = 0;
    *excluded = false;
    /* a cell decoded the long way starts from nothing; a bare number
     * overwrites all that is read of a number (levels stay empty) */
    for (size_t i = 0; i < ld->n_consent; i++) {
        ld->values[ld->consent[i]] = (ms_value){.missing = true};
        if ((st = decode_var(rc, ld->consent[i])))
            return st;
    }
    if (!consented(ld)) {
        *excluded = true;
        return MS_OK;
    }
    const uint8_t *prep = rc->row->prep; /* prep_row's, or NULL */
    if (prep && prep[1]) { /* every bare number prepped: none of them can fail */
        for (const bare_cell *c = ld->bare, *end = c + ld->n_bare; c < end; c++) {
            ms_value *out = &ld->values[c->var];
            double x = prep[c->slot];
            bool empty = prep[c->slot] == PREP_EMPTY;
            out->missing = empty;
            out->value = empty ? 0 : c->reverse ? c->min_plus_max - x : x;
        }
        for (size_t i = 0; i < ld->n_rest; i++)
            if ((st = decode_planned(rc, &ld->plan[ld->rest[i]], prep, &multi_used)))
                return st;
    } else {
        for (const cell_plan *p = ld->plan, *end = ld->plan + ld->n_plan; p < end; p++)
            if ((st = decode_planned(rc, p, prep, &multi_used)))
                return st;
    }
    /* ld->multi may have moved while it grew: point into it only now */
    for (size_t v = 0; ld->any_multi && v < ld->cb->n_vars; v++)
        if (ld->values[v].n_levels)
            ld->values[v].levels = ld->multi + ld->multi_start[v];
    return MS_OK;
}

static ms_status data_row(row_ctx *rc, const ms_row *row, ms_error *err);

/* A header row inside the data: read, excluded, counted with its kind. */
static void header_row(ms_loader *ld, const ms_row *row, ms_header_kind kind)
{
    ms_file_report *fr = &ld->files[ld->n_files - 1];
    fr->tally.read++, fr->tally.excluded++;
    ld->total.read++, ld->total.excluded++;
    if (!fr->header_rows[kind]++)
        fr->header_line[kind] = row->line;
}

/* The first data row, held, is an answer after all: read it now. */
static ms_status flush_held(row_ctx *rc, ms_error *err)
{
    ms_loader *ld = rc->ld;
    if (!ld->held.held)
        return MS_OK;
    rc->row = &ld->held.row;
    ms_status st = data_row(rc, &ld->held.row, err);
    ms_held_row_clear(&ld->held);
    return st;
}

static ms_status on_row(const ms_row *row, void *ctx, ms_error *err)
{
    row_ctx *rc = ctx;
    ms_loader *ld = rc->ld;
    if (row->odd_quote) {
        ms_file_report *fr = &ld->files[ld->n_files - 1];
        if (!fr->odd_quote_rows++)
            fr->odd_quote_line = row->line, fr->odd_quote_col = row->odd_quote;
    }
    rc->row = row;
    if (!ld->header_done) {
        ms_status st = match_header(ld, row, err);
        if (st)
            in_sheet(err, row);
        return st;
    }
    const uint8_t *prep = row->prep; /* prep_row's, or NULL */
    if (prep ? *prep == PREP_BLANK : !row->broken && ms_fields_blank(row->fields, row->n_fields))
        return MS_OK; /* a blank line, as the xlsx reader skips an empty row */
    ms_header_kind kind =
        prep ? (ms_header_kind)*prep
             : ms_header_row_kind_shaped(row, ld->header, ld->n_header, &ld->header_shape);
    if (kind != MS_HEADER_NONE) {
        if (kind == MS_HEADER_IMPORT_ID && ld->held.held && ld->data_rows == 1) {
            header_row(ld, &ld->held.row, MS_HEADER_QUESTIONS); /* the row above it */
            ms_held_row_clear(&ld->held);
        }
        header_row(ld, row, kind);
        return MS_OK;
    }
    if (ld->data_rows++ == 0) { /* held until the next row says what it is */
        if (ms_held_row_set(&ld->held, row) != MS_OK)
            return ms_error_set(err, MS_ERR_NOMEM, rc->file, row->line, 0, "out of memory");
        return MS_OK;
    }
    ms_status st = flush_held(rc, err);
    rc->row = row;
    return st != MS_OK ? st : data_row(rc, row, err);
}

/* A data row: read, then quarantined, excluded or accepted and handed on. */
static ms_status data_row(row_ctx *rc, const ms_row *row, ms_error *err)
{
    ms_loader *ld = rc->ld;
    rc->row = row;
    ms_tally *ft = &ld->files[ld->n_files - 1].tally;
    ft->read++;
    ld->total.read++;
    if (row->broken) {
        ms_error_set(&rc->reason, MS_ERR_DATA, rc->file, row->line, row->broken_field, "%s",
                     row->broken);
        quarantine(rc);
        return MS_OK;
    }
    if (row->n_fields != ld->n_cols) {
        size_t col = (row->n_fields < ld->n_cols ? row->n_fields : ld->n_cols) + 1;
        ms_error_set(&rc->reason, MS_ERR_DATA, rc->file, row->line, col,
                     "expected %zu fields, found %zu", ld->n_cols, row->n_fields);
        quarantine(rc);
        return MS_OK;
    }
    bool excluded;
    ms_status st = decode_row(rc, &excluded);
    if (st == MS_ERR_NOMEM) {
        in_sheet(&rc->reason, row);
        *err = rc->reason;
        return st;
    }
    if (st != MS_OK) {
        quarantine(rc);
        return MS_OK;
    }
    if (excluded) {
        ft->excluded++;
        ld->total.excluded++;
        return MS_OK;
    }
    ft->accepted++;
    ld->total.accepted++;
    ms_record rec = {ld->values, ld->levels, rc->file,     ld->n_files - 1,
                     row->line,  ld->var_col, row};
    if (!ld->opt.on_record)
        return MS_OK;
    if (!ld->opt.record_rejects)
        return ld->opt.on_record(&rec, ld->opt.record_ctx, err);
    rc->reason = (ms_error){0};
    st = ld->opt.on_record(&rec, ld->opt.record_ctx, &rc->reason);
    if (st != MS_ERR_DATA) {
        if (st != MS_OK && err)
            *err = rc->reason;
        return st;
    }
    ft->accepted--;
    ld->total.accepted--;
    quarantine(rc);
    return MS_OK;
}

static void on_block(const ms_rows_info *info, void *ctx)
{
    row_ctx *rc = ctx;
    if (rc->ld->opt.on_progress)
        rc->ld->opt.on_progress(info->bytes_read, info->bytes_total, rc->ld->opt.ctx);
}

static ms_status begin_file(ms_loader *ld, const char *name, row_ctx *rc, ms_error *err)
{
    if (ms_grow((void **)&ld->files, &ld->files_cap, ld->n_files + 1, sizeof *ld->files))
        return ms_error_set(err, MS_ERR_NOMEM, name, 0, 0, "out of memory");
    ms_file_report *fr = &ld->files[ld->n_files];
    memset(fr, 0, sizeof *fr);
    if (!(fr->path = ms_strdup(name)))
        return ms_error_set(err, MS_ERR_NOMEM, name, 0, 0, "out of memory");
    ld->n_files++;
    ld->header_done = false;
    /* no reading thread runs between files: the next file's plan is not yet made */
    atomic_store_explicit(&ld->prep_ready, false, memory_order_relaxed);
    *rc = (row_ctx){.ld = ld, .file = fr->path};
    return MS_OK;
}

static ms_status end_file(ms_loader *ld, ms_status st, const ms_rows_info *info, ms_error *err)
{
    ms_file_report *fr = &ld->files[ld->n_files - 1];
    ms_c_snprintf(fr->encoding, sizeof fr->encoding, "%s", info->encoding);
    fr->delimiter = info->delimiter;
    ms_c_snprintf(fr->sheet, sizeof fr->sheet, "%s", info->sheet);
    if (st == MS_OK && !ld->header_done)
        st = ms_error_set(err, MS_ERR_NODATA, fr->path, 1, 0, "the %s is empty (no header row)",
                          info->sheet[0] ? "sheet" : "file");
    if (st == MS_ERR_NODATA && err && info->sheet[0])
        ms_c_snprintf(err->sheet, sizeof err->sheet, "%s", info->sheet);
    return st;
}

static ms_rows_options rows_options(const ms_loader *ld)
{
    return (ms_rows_options){{ld->opt.encoding, ld->opt.delimiter, ld->opt.threads, &ld->prep},
                             ld->opt.sheet};
}

ms_status ms_loader_read_file(ms_loader *ld, const char *path, ms_error *err)
{
    row_ctx rc;
    ms_rows_info info = {0};
    ms_status st = begin_file(ld, path, &rc, err);
    if (st)
        return st;
    ms_rows_options o = rows_options(ld);
    st = ms_rows_read_file(path, &o, on_row, &rc, on_block, &info, err);
    if (st == MS_OK)
        st = flush_held(&rc, err);
    ms_held_row_clear(&ld->held);
    return end_file(ld, st, &info, err);
}

ms_status ms_loader_read_mem(ms_loader *ld, const char *data, size_t len, const char *name,
                             ms_error *err)
{
    row_ctx rc;
    ms_rows_info info = {0};
    ms_status st = begin_file(ld, name, &rc, err);
    if (st)
        return st;
    ms_rows_options o = rows_options(ld);
    st = ms_rows_read_mem(data, len, name, &o, on_row, &rc, &info, err);
    if (st == MS_OK)
        st = flush_held(&rc, err);
    ms_held_row_clear(&ld->held);
    return end_file(ld, st, &info, err);
}
