/* codebook.c — reading and validating the codebook (docs/codebook.md). */
#include "mentorstat/codebook.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvread.h"
#include "util.h"

enum column { COL_NAME, COL_TYPE, COL_SOURCE, COL_LABEL, COL_MIN, COL_MAX, COL_REVERSE,
              COL_CONSTRUCT, COL_CHOICES, COL_MISSING, COL_DERIVE, COL_CONSTRUCT_LABEL,
              N_COLUMNS };

static const char *const column_names[N_COLUMNS] = {
    "name", "type", "source", "label", "min", "max", "reverse", "construct", "choices", "missing",
    "derive", "construct_label"};

static const char *const type_names[] = {
    "id", "pair", "group", "year", "wave", "scale", "yesno", "choice", "multi",
    "number", "text", "consent", "personal", "ignore"};

typedef struct {
    ms_codebook *cb;
    const char *name;
    int col_of[N_COLUMNS];   /* field index of each known column, -1 when absent */
    size_t n_header;
    bool header_done;
    size_t vars_cap;
    size_t *slots;           /* the names' hash table: variable index + 1, 0 empty */
    size_t n_slots;          /* a power of two, at least twice the variables */
} parse_ctx;

/* ---------- names, case aside, in linear time ---------- */

/* Names are ASCII ([A-Za-z_][A-Za-z0-9_]*): hashed with their letters folded. */
static uint64_t name_hash(const char *p, size_t n)
{
    uint64_t h = MS_FNV_SEED;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)tolower((unsigned char)p[i]);
        h = ms_fnv1a(h, &c, 1);
    }
    return h;
}

/* The variable named so (case aside), or -1. */
static long names_find(const parse_ctx *pc, ms_field name)
{
    if (!pc->n_slots)
        return -1;
    for (size_t i = name_hash(name.ptr, name.len) & (pc->n_slots - 1);; i = (i + 1) & (pc->n_slots - 1)) {
        size_t v = pc->slots[i];
        if (!v)
            return -1;
        const char *other = pc->cb->vars[v - 1].name;
        if (strlen(other) == name.len && !strncasecmp(other, name.ptr, name.len))
            return (long)(v - 1);
    }
}

/* Variable idx into the table, grown to keep it at most half full; -1 out of memory. */
static int names_add(parse_ctx *pc, size_t idx)
{
    if (2 * (idx + 1) > pc->n_slots) {
        size_t n = pc->n_slots ? 2 * pc->n_slots : 64, *slots = ms_calloc(n, sizeof *slots);
        if (!slots)
            return -1;
        size_t *old = pc->slots, n_old = pc->n_slots;
        pc->slots = slots, pc->n_slots = n;
        for (size_t i = 0; i < n_old; i++)
            if (old[i] && names_add(pc, old[i] - 1) != 0)
                return -1; /* cannot happen: the table is large enough */
        ms_free(old);
    }
    const char *name = pc->cb->vars[idx].name;
    size_t i = name_hash(name, strlen(name)) & (pc->n_slots - 1);
    while (pc->slots[i])
        i = (i + 1) & (pc->n_slots - 1);
    pc->slots[i] = idx + 1;
    return 0;
}

const char *ms_vartype_name(ms_vartype type) { return type_names[type]; }

bool ms_vartype_is_grouping(ms_vartype t)
{
    return t == MS_TYPE_GROUP || t == MS_TYPE_YEAR || t == MS_TYPE_WAVE || t == MS_TYPE_CHOICE ||
           t == MS_TYPE_YESNO;
}

bool ms_vartype_is_numeric(ms_vartype t) { return t == MS_TYPE_SCALE || t == MS_TYPE_NUMBER; }

bool ms_vartype_is_categorical(ms_vartype t) { return ms_vartype_is_grouping(t) || t == MS_TYPE_MULTI; }

bool ms_vartype_is_private(ms_vartype t)
{
    return t == MS_TYPE_ID || t == MS_TYPE_PAIR || t == MS_TYPE_PERSONAL;
}

static void variable_free(ms_variable *v)
{
    ms_free(v->name);
    ms_free(v->source);
    ms_free(v->label);
    ms_free(v->construct);
    ms_free(v->construct_label);
    for (size_t i = 0; i < v->n_choices; i++)
        ms_free(v->choices[i].label);
    ms_free(v->choices);
    for (size_t i = 0; i < v->n_missing; i++)
        ms_free(v->missing[i]);
    ms_free(v->missing);
}

void ms_codebook_destroy(ms_codebook *cb)
{
    if (!cb)
        return;
    for (size_t i = 0; i < cb->n_vars; i++)
        variable_free(&cb->vars[i]);
    ms_free(cb->vars);
    for (size_t i = 0; i < cb->n_constructs; i++) {
        ms_free(cb->constructs[i].name);
        ms_free(cb->constructs[i].label);
        ms_free(cb->constructs[i].items);
    }
    ms_free(cb->constructs);
    ms_free(cb->path);
    ms_free(cb);
}

long ms_codebook_find(const ms_codebook *cb, const char *name)
{
    for (size_t i = 0; i < cb->n_vars; i++)
        if (strcasecmp(cb->vars[i].name, name) == 0)
            return (long)i;
    return -1;
}

static ms_status header(parse_ctx *pc, const ms_row *row, ms_error *err)
{
    for (int c = 0; c < N_COLUMNS; c++)
        pc->col_of[c] = -1;
    for (size_t i = 0; i < row->n_fields; i++) {
        ms_field f = ms_field_trim(row->fields[i]);
        int found = -1;
        for (int c = 0; c < N_COLUMNS; c++)
            if (ms_field_equal_ci(f, column_names[c]))
                found = c;
        if (found < 0)
            return ms_error_set(err, MS_ERR_CODEBOOK, pc->name, row->line, i + 1,
                                "unknown codebook column (%.*s)", (int)f.len, f.ptr);
        if (pc->col_of[found] >= 0)
            return ms_error_set(err, MS_ERR_CODEBOOK, pc->name, row->line, i + 1,
                                "duplicate codebook column (%s)", column_names[found]);
        pc->col_of[found] = (int)i;
    }
    for (int c = COL_NAME; c <= COL_TYPE; c++)
        if (pc->col_of[c] < 0)
            return ms_error_set(err, MS_ERR_CODEBOOK, pc->name, row->line, 0,
                                "the codebook has no '%s' column", column_names[c]);
    pc->n_header = row->n_fields;
    pc->header_done = true;
    return MS_OK;
}

static ms_field cell(const parse_ctx *pc, const ms_row *row, enum column c)
{
    int i = pc->col_of[c];
    if (i < 0 || (size_t)i >= row->n_fields)
        return (ms_field){"", 0};
    return ms_field_trim(row->fields[i]);
}

static size_t colno(const parse_ctx *pc, enum column c) { return (size_t)pc->col_of[c] + 1; }

static bool valid_name(ms_field f)
{
    if (f.len == 0 || !(isalpha((unsigned char)f.ptr[0]) || f.ptr[0] == '_'))
        return false;
    for (size_t i = 1; i < f.len; i++)
        if (!(isalnum((unsigned char)f.ptr[i]) || f.ptr[i] == '_'))
            return false;
    return true;
}

static ms_status parse_choices(ms_variable *v, ms_field f, const char *file, size_t line,
                               size_t col, ms_error *err)
{
    size_t n = 1;
    for (size_t i = 0; i < f.len; i++)
        n += f.ptr[i] == '|';
    v->choices = ms_calloc(n, sizeof *v->choices);
    if (!v->choices)
        return ms_error_set(err, MS_ERR_NOMEM, file, line, col, "out of memory");
    const char *p = f.ptr, *end = f.ptr + f.len;
    while (p <= end) {
        const char *bar = memchr(p, '|', (size_t)(end - p));
        const char *stop = bar ? bar : end;
        const char *eq = memchr(p, '=', (size_t)(stop - p));
        ms_field val = ms_field_trim((ms_field){p, eq ? (size_t)(eq - p) : 0});
        ms_field lab = eq ? ms_field_trim((ms_field){eq + 1, (size_t)(stop - eq - 1)}) : val;
        double x;
        if (!eq || lab.len == 0 || !ms_parse_number(val, &x))
            return ms_error_set(err, MS_ERR_CODEBOOK, file, line, col,
                                "choices must read value=label|value=label (%.*s)",
                                (int)(stop - p), p);
        for (size_t i = 0; i < v->n_choices; i++)
            if (v->choices[i].value == x || ms_field_equal_ci(lab, v->choices[i].label))
                return ms_error_set(err, MS_ERR_CODEBOOK, file, line, col,
                                    "choice given twice (%.*s)", (int)(stop - p), p);
        v->choices[v->n_choices].value = x;
        if (!(v->choices[v->n_choices].label = ms_strndup(lab.ptr, lab.len)))
            return ms_error_set(err, MS_ERR_NOMEM, file, line, col, "out of memory");
        v->n_choices++;
        if (!bar)
            break;
        p = bar + 1;
    }
    return MS_OK;
}

static ms_status parse_missing(ms_variable *v, ms_field f, const char *file, size_t line,
                               size_t col, ms_error *err)
{
    size_t n = 1;
    for (size_t i = 0; i < f.len; i++)
        n += f.ptr[i] == '|';
    if (!(v->missing = ms_calloc(n, sizeof *v->missing)))
        return ms_error_set(err, MS_ERR_NOMEM, file, line, col, "out of memory");
    const char *p = f.ptr, *end = f.ptr + f.len;
    for (;;) {
        const char *bar = memchr(p, '|', (size_t)(end - p));
        ms_field m = ms_field_trim((ms_field){p, (size_t)((bar ? bar : end) - p)});
        if (m.len && !(v->missing[v->n_missing++] = ms_strndup(m.ptr, m.len)))
            return ms_error_set(err, MS_ERR_NOMEM, file, line, col, "out of memory");
        if (!bar)
            return MS_OK;
        p = bar + 1;
    }
}

static ms_status parse_range(parse_ctx *pc, const ms_row *row, ms_variable *v, ms_error *err)
{
    ms_field lo = cell(pc, row, COL_MIN), hi = cell(pc, row, COL_MAX);
    if (lo.len && !ms_parse_number(lo, &v->min))
        return ms_error_set(err, MS_ERR_CODEBOOK, pc->name, row->line, colno(pc, COL_MIN),
                            "min is not a number (%.*s)", (int)lo.len, lo.ptr);
    if (hi.len && !ms_parse_number(hi, &v->max))
        return ms_error_set(err, MS_ERR_CODEBOOK, pc->name, row->line, colno(pc, COL_MAX),
                            "max is not a number (%.*s)", (int)hi.len, hi.ptr);
    if ((lo.len == 0) != (hi.len == 0) || (v->type == MS_TYPE_SCALE && lo.len == 0)) {
        enum column c = lo.len ? COL_MAX : COL_MIN;
        return ms_error_set(err, MS_ERR_CODEBOOK, pc->name, row->line,
                            pc->col_of[c] >= 0 ? colno(pc, c) : 0,
                            "%s needs both min and max (%s)", ms_vartype_name(v->type), v->name);
    }
    v->has_range = lo.len != 0;
    if (v->has_range && v->min >= v->max)
        return ms_error_set(err, MS_ERR_CODEBOOK, pc->name, row->line, colno(pc, COL_MIN),
                            "min must be below max (%g >= %g)", v->min, v->max);
    return MS_OK;
}

static ms_status parse_flags(parse_ctx *pc, const ms_row *row, ms_variable *v, ms_error *err)
{
    ms_field rev = cell(pc, row, COL_REVERSE);
    if (rev.len == 0 || ms_field_equal_ci(rev, "0"))
        return MS_OK;
    if (!ms_field_equal_ci(rev, "1"))
        return ms_error_set(err, MS_ERR_CODEBOOK, pc->name, row->line, colno(pc, COL_REVERSE),
                            "reverse must be 1 or empty (%.*s)", (int)rev.len, rev.ptr);
    if (!v->has_range)
        return ms_error_set(err, MS_ERR_CODEBOOK, pc->name, row->line, colno(pc, COL_REVERSE),
                            "a reverse-keyed item needs min and max (%s)", v->name);
    v->reverse = true;
    return MS_OK;
}

static ms_status parse_derive(parse_ctx *pc, const ms_row *row, ms_variable *v,
                              ms_error *err)
{
    ms_field d = cell(pc, row, COL_DERIVE);
    if (d.len == 0)
        return MS_OK;
    if (v->type != MS_TYPE_YEAR)
        return ms_error_set(err, MS_ERR_CODEBOOK, pc->name, row->line, colno(pc, COL_DERIVE),
                            "derive is only for a year variable (%s is %s)", v->name,
                            ms_vartype_name(v->type));
    static const char dmy[] = "_dmy";
    size_t nd = strlen(dmy);
    if (d.len > nd && ms_field_equal_ci((ms_field){d.ptr + d.len - nd, nd}, dmy))
        v->day_first = true, d.len -= nd; /* school_year_dmy: 24/04/2025 */
    if (ms_field_equal_ci(d, "school_year"))
        v->derive = MS_DERIVE_SCHOOL_YEAR;
    else if (ms_field_equal_ci(d, "calendar_year"))
        v->derive = MS_DERIVE_CALENDAR_YEAR;
    else if (ms_field_equal_ci(d, "file") && !v->day_first)
        v->derive = MS_DERIVE_FILE;
    else
        return ms_error_set(err, MS_ERR_CODEBOOK, pc->name, row->line, colno(pc, COL_DERIVE),
                            "derive must be school_year, calendar_year (either with _dmy "
                            "for dd/mm/yyyy) or file (%.*s)",
                            (int)(d.len + nd * v->day_first), d.ptr);
    return MS_OK;
}

static ms_status parse_text_columns(parse_ctx *pc, const ms_row *row, ms_variable *v,
                                    ms_field name, ms_error *err)
{
    ms_field src = cell(pc, row, COL_SOURCE), lab = cell(pc, row, COL_LABEL);
    ms_field con = cell(pc, row, COL_CONSTRUCT);
    v->source = src.len ? ms_strndup(src.ptr, src.len) : ms_strndup(name.ptr, name.len);
    v->label = lab.len ? ms_strndup(lab.ptr, lab.len) : ms_strndup(name.ptr, name.len);
    if (!v->source || !v->label)
        return ms_error_set(err, MS_ERR_NOMEM, pc->name, row->line, 0, "out of memory");
    if (con.len) {
        if (!ms_vartype_is_numeric(v->type))
            return ms_error_set(err, MS_ERR_CODEBOOK, pc->name, row->line,
                                colno(pc, COL_CONSTRUCT),
                                "only scale and number items can form a construct (%s is %s)",
                                v->name, ms_vartype_name(v->type));
        if (!(v->construct = ms_strndup(con.ptr, con.len)))
            return ms_error_set(err, MS_ERR_NOMEM, pc->name, row->line, 0, "out of memory");
    }
    ms_field cl = cell(pc, row, COL_CONSTRUCT_LABEL);
    if (cl.len && !con.len)
        return ms_error_set(err, MS_ERR_CODEBOOK, pc->name, row->line,
                            colno(pc, COL_CONSTRUCT_LABEL),
                            "construct_label needs a construct (%.*s)", (int)cl.len, cl.ptr);
    if (cl.len && !(v->construct_label = ms_strndup(cl.ptr, cl.len)))
        return ms_error_set(err, MS_ERR_NOMEM, pc->name, row->line, 0, "out of memory");
    return MS_OK;
}

static ms_status variable_row(parse_ctx *pc, const ms_row *row, ms_error *err)
{
    ms_codebook *cb = pc->cb;
    if (row->n_fields > pc->n_header)
        return ms_error_set(err, MS_ERR_CODEBOOK, pc->name, row->line, pc->n_header + 1,
                            "more fields than header columns (%zu > %zu)", row->n_fields,
                            pc->n_header);
    ms_field name = cell(pc, row, COL_NAME), type = cell(pc, row, COL_TYPE);
    if (!valid_name(name))
        return ms_error_set(err, MS_ERR_CODEBOOK, pc->name, row->line, colno(pc, COL_NAME),
                            "invalid variable name, want [A-Za-z_][A-Za-z0-9_]* (%.*s)",
                            (int)name.len, name.ptr);
    long dup = names_find(pc, name);
    if (dup >= 0)
        return ms_error_set(err, MS_ERR_CODEBOOK, pc->name, row->line, colno(pc, COL_NAME),
                            "duplicate variable name (%.*s, first on line %zu)", (int)name.len,
                            name.ptr, cb->vars[dup].line);
    int t = -1;
    for (size_t i = 0; i < sizeof type_names / sizeof *type_names; i++)
        if (ms_field_equal_ci(type, type_names[i]))
            t = (int)i;
    if (t < 0)
        return ms_error_set(err, MS_ERR_CODEBOOK, pc->name, row->line, colno(pc, COL_TYPE),
                            "unknown type (%.*s)", (int)type.len, type.ptr);
    if (ms_grow((void **)&cb->vars, &pc->vars_cap, cb->n_vars + 1, sizeof *cb->vars))
        return ms_error_set(err, MS_ERR_NOMEM, pc->name, row->line, 0, "out of memory");
    ms_variable *v = &cb->vars[cb->n_vars++];
    memset(v, 0, sizeof *v);
    v->type = (ms_vartype)t;
    v->line = row->line;
    if (!(v->name = ms_strndup(name.ptr, name.len)) || names_add(pc, cb->n_vars - 1))
        return ms_error_set(err, MS_ERR_NOMEM, pc->name, row->line, 0, "out of memory");
    ms_status st;
    if ((st = parse_range(pc, row, v, err)) || (st = parse_flags(pc, row, v, err)) ||
        (st = parse_text_columns(pc, row, v, name, err)) ||
        (st = parse_derive(pc, row, v, err)))
        return st;
    ms_field ch = cell(pc, row, COL_CHOICES), mi = cell(pc, row, COL_MISSING);
    if (ch.len && (st = parse_choices(v, ch, pc->name, row->line, colno(pc, COL_CHOICES), err)))
        return st;
    if (mi.len && (st = parse_missing(v, mi, pc->name, row->line, colno(pc, COL_MISSING), err)))
        return st;
    return MS_OK;
}

static bool row_is_blank(const ms_row *row)
{
    for (size_t i = 0; i < row->n_fields; i++)
        if (ms_field_trim(row->fields[i]).len)
            return false;
    return true;
}

static ms_status on_row(const ms_row *row, void *ctx, ms_error *err)
{
    parse_ctx *pc = ctx;
    if (row->broken)
        return ms_error_set(err, MS_ERR_CODEBOOK, pc->name, row->line, row->broken_field, "%s",
                            row->broken);
    if (row_is_blank(row))
        return MS_OK;
    return pc->header_done ? variable_row(pc, row, err) : header(pc, row, err);
}

static ms_status add_construct_item(ms_codebook *cb, size_t var, size_t *cap)
{
    const ms_variable *v = &cb->vars[var];
    ms_construct *c = NULL;
    for (size_t i = 0; i < cb->n_constructs; i++)
        if (strcasecmp(cb->constructs[i].name, v->construct) == 0)
            c = &cb->constructs[i];
    if (!c) {
        if (ms_grow((void **)&cb->constructs, cap, cb->n_constructs + 1, sizeof *c))
            return MS_ERR_NOMEM;
        c = &cb->constructs[cb->n_constructs++];
        memset(c, 0, sizeof *c);
        if (!(c->name = ms_strdup(v->construct)) ||
            !(c->items = ms_calloc(cb->n_vars, sizeof *c->items)))
            return MS_ERR_NOMEM;
        c->min = v->min;
        c->max = v->max;
    }
    if (!v->has_range || v->min != c->min || v->max != c->max)
        c->min = c->max = NAN; /* no common range: no quality index */
    c->items[c->n_items++] = var;
    return MS_OK;
}

/* The label of construct c: the one its items give (they may repeat it or
 * leave it out), else its name; two different labels are an error. */
static ms_status construct_label(ms_codebook *cb, ms_construct *c, const char *name,
                                 int label_col, ms_error *err)
{
    const ms_variable *first = NULL;
    for (size_t i = 0; i < c->n_items; i++) {
        const ms_variable *v = &cb->vars[c->items[i]];
        if (!v->construct_label)
            continue;
        if (!first)
            first = v;
        else if (strcmp(first->construct_label, v->construct_label))
            return ms_error_set(err, MS_ERR_CODEBOOK, name, v->line, (size_t)label_col + 1,
                                "construct %s has two labels: «%s» on line %zu and «%s» (%s)",
                                c->name, first->construct_label, first->line,
                                v->construct_label, v->construct_label);
    }
    if (!(c->label = ms_strdup(first ? first->construct_label : c->name)))
        return ms_error_set(err, MS_ERR_NOMEM, name, 0, 0, "out of memory");
    return MS_OK;
}

static ms_status build_constructs(ms_codebook *cb, const char *name, int construct_col,
                                  int label_col, ms_error *err)
{
    size_t cap = 0;
    for (size_t i = 0; i < cb->n_vars; i++)
        if (cb->vars[i].construct && add_construct_item(cb, i, &cap))
            return ms_error_set(err, MS_ERR_NOMEM, name, 0, 0, "out of memory");
    for (size_t i = 0; i < cb->n_constructs; i++) {
        const ms_construct *c = &cb->constructs[i];
        if (c->n_items < 2)
            return ms_error_set(err, MS_ERR_CODEBOOK, name, cb->vars[c->items[0]].line,
                                (size_t)construct_col + 1,
                                "a construct needs at least 2 items (%s has 1)", c->name);
        if (ms_codebook_find(cb, c->name) >= 0)
            return ms_error_set(err, MS_ERR_CODEBOOK, name, cb->vars[c->items[0]].line,
                                (size_t)construct_col + 1,
                                "a construct cannot share a variable's name (%s)", c->name);
        ms_status st = construct_label(cb, &cb->constructs[i], name, label_col, err);
        if (st != MS_OK)
            return st;
    }
    return MS_OK;
}

ms_status ms_codebook_check_by(const ms_codebook *cb, const char *name, size_t *index,
                               ms_error *err)
{
    long i = ms_codebook_find(cb, name);
    if (i < 0)
        return ms_error_set(err, MS_ERR_USAGE, cb->path, 0, 0,
                            "--by names no variable of the codebook (%s)", name);
    const ms_variable *v = &cb->vars[i];
    if (!ms_vartype_is_grouping(v->type))
        return ms_error_set(err, MS_ERR_USAGE, cb->path, v->line, 1,
                            "--by needs a categorical variable (%s is %s)", v->name,
                            ms_vartype_name(v->type));
    if (index)
        *index = (size_t)i;
    return MS_OK;
}

static ms_status finish(parse_ctx *pc, ms_status st, const char *name, ms_codebook **out,
                        ms_error *err)
{
    ms_codebook *cb = pc->cb;
    ms_free(pc->slots);
    pc->slots = NULL;
    if (st == MS_OK && !pc->header_done)
        st = ms_error_set(err, MS_ERR_CODEBOOK, name, 1, 0, "the codebook is empty");
    if (st == MS_OK && cb->n_vars == 0)
        st = ms_error_set(err, MS_ERR_CODEBOOK, name, 2, 0, "the codebook defines no variable");
    if (st == MS_OK)
        st = build_constructs(cb, name, pc->col_of[COL_CONSTRUCT],
                              pc->col_of[COL_CONSTRUCT_LABEL], err);
    if (st == MS_OK && !(cb->path = ms_strdup(name)))
        st = ms_error_set(err, MS_ERR_NOMEM, name, 0, 0, "out of memory");
    if (st != MS_OK) {
        ms_codebook_destroy(cb);
        cb = NULL;
    }
    *out = cb;
    return st;
}

ms_status ms_codebook_parse(const char *text, size_t len, const char *name, ms_codebook **out,
                            ms_error *err)
{
    parse_ctx pc = {.name = name};
    *out = NULL;
    if (!(pc.cb = ms_calloc(1, sizeof *pc.cb)))
        return ms_error_set(err, MS_ERR_NOMEM, name, 0, 0, "out of memory");
    ms_status st = ms_csv_read_mem(text, len, name, NULL, on_row, &pc, NULL, err);
    return finish(&pc, st, name, out, err);
}

ms_status ms_codebook_load(const char *path, ms_codebook **out, ms_error *err)
{
    parse_ctx pc = {.name = path};
    *out = NULL;
    if (!(pc.cb = ms_calloc(1, sizeof *pc.cb)))
        return ms_error_set(err, MS_ERR_NOMEM, path, 0, 0, "out of memory");
    ms_status st = ms_csv_read_file(path, NULL, on_row, &pc, NULL, NULL, err);
    return finish(&pc, st, path, out, err);
}
