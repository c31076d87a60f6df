/*
 * match.c — ms_match_run: the two banks loaded, checked and turned into a
 * class instance for ms_match_solve, and the result with every table the
 * internal document shows.
 *
 * Classes: a person's class is everything the solver can see of them —
 * their --same answers and their areas; a person who is in both banks (the
 * same id) is a class of their own, so that the one arc from themselves to
 * themselves can be left out.  A bank of thousands has a few hundred
 * classes, which keeps the network small.
 */
#include "mentorstat/match.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mentorstat/codebook.h"
#include "match_int.h"
#include "respondent_code.h"
#include "text.h"
#include "util.h"

/* ---------- one bank, as read ---------- */

typedef struct {
    char *id, *key, *name; /* the code as typed, its key (respondent_code.h) */
    size_t file, line;
    long capacity;
    long *same;          /* loader level index per --same, then --differ variable, -1 missing */
    size_t *raw;         /* (shared variable k, level) pairs, flattened */
    size_t n_raw;
    size_t *wish_raw;    /* mentees: (--prefer variable k, level) pairs, flattened */
    size_t n_wish_raw;
} raw_person;

typedef struct bank {
    const ms_match_options *opt;
    const ms_match_bank *bank;
    bool mentors;
    ms_codebook *cb;
    ms_loader *ld;
    long id_var, name_var, cap_var;   /* id_var -1: people are their rows */
    long *same_var;      /* per --same, then per --differ */
    long *prefer_var;    /* per --prefer (mentees) */
    long split_var;      /* --split: the variable telling the two banks apart, else -1 */
    struct bank *other;  /* --split: the other bank, which this one's rows also feed */
    bool ld_shared;      /* --split, mentees: the mentors' loader read the rows */
    size_t *multi_var;   /* per shared multi variable */
    size_t n_multi;
    raw_person *people;
    size_t n, cap;
    size_t file_base;    /* index of its first file in the result's files */
    ms_match_result *r;  /* where the quarantined rows go */
    bool out_of_memory;  /* while keeping a quarantined row */
} bank;

static ms_status nomem(ms_error *err)
{
    return ms_error_set(err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

static void bank_free(bank *b)
{
    for (size_t i = 0; i < b->n; i++) {
        ms_free(b->people[i].id);
        ms_free(b->people[i].key);
        ms_free(b->people[i].name);
        ms_free(b->people[i].same);
        ms_free(b->people[i].raw);
        ms_free(b->people[i].wish_raw);
    }
    ms_free(b->people);
    ms_free(b->same_var);
    ms_free(b->prefer_var);
    ms_free(b->multi_var);
    if (!b->ld_shared)
        ms_loader_destroy(b->ld);
    ms_codebook_destroy(b->cb);
}

static const char *bank_file(const bank *b, size_t file)
{
    return b->bank->files[file];
}

/* The row's capacity, or MS_ERR_DATA (the loader quarantines the row). */
static ms_status take_capacity(const bank *b, const ms_record *rec, long *capacity,
                               ms_error *err)
{
    *capacity = b->opt->capacity;
    if (!b->mentors || b->cap_var < 0)
        return MS_OK;
    const ms_value *v = &rec->values[b->cap_var];
    if (v->missing)
        return MS_OK; /* left blank: the default, one mentee */
    if (!(v->value >= 0) || v->value != floor(v->value) || v->value > 1000000)
        return ms_error_set(err, MS_ERR_DATA, rec->file, rec->line,
                            (size_t)(rec->columns[b->cap_var] + 1),
                            "%s: capacity must be a whole number of mentees, 0 or more (%g)",
                            b->cb->vars[b->cap_var].name, v->value);
    *capacity = (long)v->value;
    return MS_OK;
}

static size_t n_attrs(const ms_match_options *o)
{
    return o->n_same + o->n_differ;
}

/* A bank without a code column: a person is their row, named by its line
 * (with the file's base name when the bank has several files). */
static ms_status row_code(const bank *b, const ms_record *rec, raw_person *p, ms_error *err)
{
    char code[1100];
    const char *slash = strrchr(rec->file, '/');
    if (b->bank->n_files > 1)
        snprintf(code, sizeof code, "%.1000s:%zu", slash ? slash + 1 : rec->file, rec->line);
    else
        snprintf(code, sizeof code, "%zu", rec->line);
    if (!(p->id = ms_strdup(code)) || !(p->key = ms_strdup(code)))
        return nomem(err);
    ms_code_key(p->key, strlen(p->key));
    return MS_OK;
}

static ms_status take_levels(const ms_value *v, size_t k, size_t **out, size_t *n, ms_error *err)
{
    size_t m = v->missing ? 0 : v->n_levels ? v->n_levels : 1;
    size_t *grown = ms_reallocarray(*out, 2 * (*n + m) + 1, sizeof *grown);
    if (!grown)
        return nomem(err);
    *out = grown;
    for (size_t l = 0; l < m; l++, ++*n) {
        grown[2 * *n] = k;
        grown[2 * *n + 1] = v->n_levels ? v->levels[l] : (size_t)v->value;
    }
    return MS_OK;
}

static ms_status on_record(const ms_record *rec, void *ctx, ms_error *err)
{
    bank *b = ctx;
    long capacity;
    if (b->split_var >= 0) {
        const ms_value *v = &rec->values[b->split_var];
        const char *label = v->missing ? "" : rec->levels[b->split_var].labels[(size_t)v->value];
        int role = ms_match_role_of(label, strlen(label));
        if (role < 0)
            return ms_error_set(err, MS_ERR_DATA, rec->file, rec->line,
                                (size_t)(rec->columns[b->split_var] + 1),
                                "%s: the answer says neither mentor nor mentee, so the row is in "
                                "neither bank (%s)",
                                b->cb->vars[b->split_var].name, label);
        if (role != (int)b->mentors)
            b = b->other;
    }
    const ms_value *id = b->id_var >= 0 ? &rec->values[b->id_var] : NULL;
    if (id && (id->missing || !id->text_len))
        return ms_error_set(err, MS_ERR_DATA, rec->file, rec->line,
                            (size_t)(rec->columns[b->id_var] + 1),
                            "%s: the row has no code, and a person of the bank must have one",
                            b->cb->vars[b->id_var].name);
    ms_status st = take_capacity(b, rec, &capacity, err);
    if (st != MS_OK)
        return st;
    if (ms_grow((void **)&b->people, &b->cap, b->n + 1, sizeof *b->people))
        return nomem(err);
    raw_person *p = &b->people[b->n++];
    memset(p, 0, sizeof *p);
    p->file = b->file_base + rec->file_index;
    p->line = rec->line;
    p->capacity = capacity;
    if (!id)
        st = row_code(b, rec, p, err);
    else if (!(p->id = ms_strndup(id->typed, id->typed_len)) ||
             !(p->key = ms_strndup(id->text, id->text_len)))
        return nomem(err);
    if (st != MS_OK)
        return st;
    if (b->name_var >= 0 && !rec->values[b->name_var].missing &&
        !(p->name = ms_strndup(rec->values[b->name_var].text,
                               rec->values[b->name_var].text_len)))
        return nomem(err);
    size_t n_same = n_attrs(b->opt), n_raw = 0;
    if (!(p->same = ms_malloc((n_same + 1) * sizeof *p->same)))
        return nomem(err);
    for (size_t s = 0; s < n_same; s++) {
        const ms_value *v = &rec->values[b->same_var[s]];
        p->same[s] = v->missing ? -1 : (long)v->value;
    }
    for (size_t k = 0; k < b->n_multi; k++)
        if (!rec->values[b->multi_var[k]].missing)
            n_raw += rec->values[b->multi_var[k]].n_levels;
    if (!(p->raw = ms_malloc((2 * n_raw + 1) * sizeof *p->raw)))
        return nomem(err);
    for (size_t k = 0; k < b->n_multi; k++) {
        const ms_value *v = &rec->values[b->multi_var[k]];
        for (size_t l = 0; !v->missing && l < v->n_levels; l++) {
            p->raw[2 * p->n_raw] = k;
            p->raw[2 * p->n_raw + 1] = v->levels[l];
            p->n_raw++;
        }
    }
    for (size_t k = 0; !b->mentors && k < b->opt->n_prefer; k++)
        if ((st = take_levels(&rec->values[b->prefer_var[k]], k, &p->wish_raw, &p->n_wish_raw,
                              err)) != MS_OK)
            return st;
    return MS_OK;
}

/* Kept for the page, then handed to the caller (stderr, --quarantine). */
static void on_quarantine(const ms_quarantined *q, void *ctx)
{
    bank *b = ctx;
    ms_match_result *r = b->r;
    char *reason = NULL, *id = NULL;
    bool neither = false;
    if (b->split_var >= 0) {
        /* the row's bank by its own cell, when the cells line up */
        long sc = q->columns ? q->columns[b->split_var] : -1;
        ms_field f = sc >= 0 && (size_t)sc < q->n_fields
                         ? ms_field_trim((ms_field){q->fields[sc], q->lengths[sc]})
                         : (ms_field){"", 0};
        int role = ms_match_role_of(f.ptr, f.len);
        neither = role < 0;
        if (role == 0)
            b = b->other;
        ms_tally *t = neither ? &r->other_rows : b->mentors ? &r->mentor_rows : &r->mentee_rows;
        t->read++, t->quarantined++;
    }
    long col = q->columns && b->id_var >= 0 ? q->columns[b->id_var] : -1;
    if (col >= 0 && (size_t)col < q->n_fields) {
        ms_field f = ms_field_trim((ms_field){q->fields[col], q->lengths[col]});
        if (f.len && !(id = ms_strndup(f.ptr, f.len)))
            b->out_of_memory = true;
    }
    if (ms_grow((void **)&r->skipped, &r->skipped_cap, r->n_skipped + 1, sizeof *r->skipped) ||
        !(reason = ms_strdup(q->reason->message))) {
        b->out_of_memory = true;
        ms_free(id);
    } else {
        r->skipped[r->n_skipped++] = (ms_match_skipped){
            b->mentors && !neither, neither,
            r->files[b->file_base + ms_loader_n_files(((bank *)ctx)->ld) - 1], q->line,
            q->reason->column, reason, id};
        if (!id && b->id_var < 0) {
            /* a bank without codes: the person is their row */
            char line[32];
            snprintf(line, sizeof line, "%zu", q->line);
            if (!(r->skipped[r->n_skipped - 1].id = ms_strdup(line)))
                b->out_of_memory = true;
        }
    }
    if (b->opt->on_quarantine)
        b->opt->on_quarantine(q, b->opt->ctx);
}

static long find_personal_name(const ms_codebook *cb)
{
    static const char *const names[] = {"fio", "name", "full_name"};
    for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
        long v = ms_codebook_find(cb, names[k]);
        if (v >= 0 && cb->vars[v].type == MS_TYPE_PERSONAL)
            return v;
    }
    return -1;
}

/* The id variable, or none: then each person is their row. */
static ms_status find_id(bank *b, ms_error *err)
{
    b->id_var = -1;
    for (size_t v = 0; v < b->cb->n_vars && b->id_var < 0; v++)
        if (b->cb->vars[v].type == MS_TYPE_ID)
            b->id_var = (long)v;
    b->name_var = b->opt->names ? find_personal_name(b->cb) : -1;
    if (b->opt->names && b->name_var < 0)
        return ms_error_set(err, MS_ERR_USAGE, b->cb->path, 0, 0,
                            "--names needs a personal variable named fio (or name, "
                            "full_name) holding the person's name");
    return MS_OK;
}

static ms_status find_capacity(bank *b, ms_error *err)
{
    b->cap_var = -1;
    if (!b->mentors || !b->opt->capacity_var)
        return MS_OK;
    b->cap_var = ms_codebook_find(b->cb, b->opt->capacity_var);
    if (b->cap_var < 0)
        return ms_error_set(err, MS_ERR_USAGE, b->cb->path, 0, 0,
                            "--capacity names no variable of the mentors' codebook (%s)",
                            b->opt->capacity_var);
    const ms_variable *v = &b->cb->vars[b->cap_var];
    if (v->type != MS_TYPE_NUMBER)
        return ms_error_set(err, MS_ERR_USAGE, b->cb->path, v->line, 0,
                            "--capacity needs a number variable (%s is %s)", v->name,
                            ms_vartype_name(v->type));
    return MS_OK;
}

static ms_status bank_read(bank *b, ms_error *err)
{
    ms_load_options lo = {
        .encoding = b->opt->encoding,
        .delimiter = b->opt->delimiter,
        .on_record = on_record,
        .record_ctx = b,
        .on_quarantine = on_quarantine,
        .ctx = b,
        .keep_personal = b->name_var >= 0,
        .threads = b->opt->threads,
        .sheet = b->bank->sheet,
        .record_rejects = true,
    };
    ms_status st = MS_OK;
    if (b->ld_shared) /* --split: the mentors' reading gave this bank its rows */
        return b->n ? MS_OK : ms_error_set(err, MS_ERR_NODATA, b->bank->files[0], 1, 0,
                                           "--split: no row says mentee (%s)", b->opt->split);
    st = ms_loader_create(b->cb, &lo, &b->ld, err);
    for (size_t i = 0; st == MS_OK && i < b->bank->n_files; i++) {
        st = ms_loader_read_file(b->ld, b->bank->files[i], err);
        if (st == MS_OK && b->out_of_memory)
            st = nomem(err);
    }
    if (st != MS_OK)
        return st;
    ms_tally t = ms_loader_total(b->ld);
    if (b->n == 0)
        return ms_error_set(err, MS_ERR_NODATA, b->bank->files[b->bank->n_files - 1], 1, 0,
                            "the bank of %s is empty: no usable row with consent after the "
                            "header (%llu read, %llu quarantined, %llu excluded)",
                            b->mentors ? "mentors" : "mentees", t.read, t.quarantined,
                            t.excluded);
    return MS_OK;
}

/* ---------- checks across the banks ---------- */

static ms_status find_shared(bank *mr, bank *me, ms_error *err)
{
    size_t n = me->cb->n_vars;
    mr->multi_var = ms_malloc((n + 1) * sizeof *mr->multi_var);
    me->multi_var = ms_malloc((n + 1) * sizeof *me->multi_var);
    if (!mr->multi_var || !me->multi_var)
        return nomem(err);
    for (size_t v = 0; v < n; v++) {
        bool prefer = false;
        for (size_t k = 0; k < me->opt->n_prefer; k++)
            prefer |= (long)v == me->prefer_var[k];
        if (me->cb->vars[v].type != MS_TYPE_MULTI || prefer)
            continue;
        long w = ms_codebook_find(mr->cb, me->cb->vars[v].name);
        if (w < 0 || mr->cb->vars[w].type != MS_TYPE_MULTI)
            continue;
        me->multi_var[me->n_multi++] = v;
        mr->multi_var[mr->n_multi++] = (size_t)w;
    }
    if (me->n_multi == 0) {
        const ms_variable *first = NULL;
        for (size_t v = 0; v < n && !first; v++)
            if (me->cb->vars[v].type == MS_TYPE_MULTI)
                first = &me->cb->vars[v];
        return ms_error_set(err, MS_ERR_USAGE, me->cb->path, first ? first->line : 1, 0,
                            "no multi variable shares its name with one of %s: the areas "
                            "requested and offered must be such a pair (%s)",
                            mr->cb->path, first ? first->name : "no multi variable here");
    }
    return MS_OK;
}

/* A variable of the bank's codebook named by an option, of one of the
 * types given (a bitmask of 1u << type). */
static ms_status find_var(const bank *b, const char *option, const char *name, unsigned types,
                          const char *what, long *out, ms_error *err)
{
    long v = ms_codebook_find(b->cb, name);
    if (v < 0)
        return ms_error_set(err, MS_ERR_USAGE, b->cb->path, 0, 0,
                            "%s names no variable of this codebook (%s)", option, name);
    if (!(types & (1u << b->cb->vars[v].type)))
        return ms_error_set(err, MS_ERR_USAGE, b->cb->path, b->cb->vars[v].line, 0,
                            "%s needs %s (%s is %s)", option, what, b->cb->vars[v].name,
                            ms_vartype_name(b->cb->vars[v].type));
    *out = v;
    return MS_OK;
}

static ms_status find_same(bank *b, ms_error *err)
{
    const ms_match_options *o = b->opt;
    size_t n = n_attrs(o);
    ms_status st = MS_OK;
    b->split_var = -1;
    if (!(b->same_var = ms_malloc((n + 1) * sizeof *b->same_var)) ||
        !(b->prefer_var = ms_malloc((o->n_prefer + 1) * sizeof *b->prefer_var)))
        return nomem(err);
    for (size_t s = 0; st == MS_OK && s < n; s++)
        st = find_var(b, s < o->n_same ? "--same" : "--differ",
                      s < o->n_same ? o->same[s] : o->differ[s - o->n_same],
                      1u << MS_TYPE_GROUP, "a group variable", &b->same_var[s], err);
    for (size_t k = 0; st == MS_OK && !b->mentors && k < o->n_prefer; k++)
        st = find_var(b, "--prefer", o->prefer[k],
                      1u << MS_TYPE_MULTI | 1u << MS_TYPE_CHOICE | 1u << MS_TYPE_GROUP,
                      "a multi, choice or group variable naming mentors", &b->prefer_var[k],
                      err);
    if (st == MS_OK && o->split)
        st = find_var(b, "--split", o->split,
                      1u << MS_TYPE_GROUP | 1u << MS_TYPE_CHOICE,
                      "a group or choice variable (mentor or mentee)", &b->split_var, err);
    return st;
}

typedef struct {
    const char *id;
    size_t i;
} id_ref;

static int cmp_id_ref(const void *a, const void *b)
{
    const id_ref *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* b's ids sorted (ties by bank order). */
static ms_status sorted_by_id(const bank *b, id_ref **out, ms_error *err)
{
    id_ref *ix = ms_malloc((b->n + 1) * sizeof *ix);
    if (!ix)
        return nomem(err);
    for (size_t i = 0; i < b->n; i++)
        ix[i] = (id_ref){b->people[i].key, i};
    qsort(ix, b->n, sizeof *ix, cmp_id_ref);
    *out = ix;
    return MS_OK;
}

/* The index of key in ix (sorted), or -1. */
static long find_key(const id_ref *ix, size_t n, const char *key)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(ix[mid].id, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && !strcmp(ix[lo].id, key) ? (long)ix[lo].i : -1;
}

static ms_status check_duplicates(const bank *b, const id_ref *ix, ms_error *err)
{
    for (size_t k = 1; k < b->n; k++) {
        const raw_person *first = &b->people[ix[k - 1].i], *p = &b->people[ix[k].i];
        if (strcmp(first->key, p->key))
            continue;
        return ms_error_set(err, MS_ERR_DATA, bank_file(b, p->file - b->file_base), p->line, 0,
                            "duplicate id in the bank of %s (%s), first on line %zu of %s",
                            b->mentors ? "mentors" : "mentees", p->id, first->line,
                            bank_file(b, first->file - b->file_base));
    }
    return MS_OK;
}

/* ---------- labels of both banks in one list ---------- */

typedef struct {
    char **labels;
    size_t n, cap;
} label_set;

static long label_add(label_set *s, const char *label)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->labels[i], label))
            return (long)i;
    if (ms_grow((void **)&s->labels, &s->cap, s->n + 1, sizeof *s->labels) ||
        !(s->labels[s->n] = ms_strdup(label)))
        return -1;
    return (long)s->n++;
}

static void label_set_free(label_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        ms_free(s->labels[i]);
    ms_free(s->labels);
}

/* map[l] = index in s of level l of the loader's variable v */
static long *map_levels(label_set *s, const ms_loader *ld, size_t v)
{
    const ms_levels *lv = ms_loader_levels(ld, v);
    long *map = ms_malloc((lv->n + 1) * sizeof *map);
    for (size_t l = 0; map && l < lv->n; l++)
        if ((map[l] = label_add(s, lv->labels[l])) < 0) {
            ms_free(map);
            return NULL;
        }
    return map;
}

/* ---------- the result's people ---------- */

typedef struct {
    ms_match_result *r;
    bank mr, me;
    long **area_map[2];  /* [mentors?][k][level] -> area */
    long **same_map[2];  /* [mentors?][s][level] -> same level */
    ms_match_listed *excluded;   /* --exclude, sorted by (mentor, mentee) */
    size_t n_excluded;
    ms_match_wish *wishes;       /* --prefer, resolved */
    size_t n_wishes;
} builder;

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

static ms_status make_person(builder *bd, const bank *b, const raw_person *rp,
                             ms_match_person *p, ms_error *err)
{
    int side = b->mentors;
    p->id = rp->id, p->key = rp->key, p->name = rp->name;
    p->file = bd->r->files[rp->file];
    p->line = rp->line;
    p->capacity = rp->capacity;
    p->mentor = -1;
    if (!(p->same = ms_malloc((n_attrs(b->opt) + 1) * sizeof *p->same)) ||
        !(p->areas = ms_malloc((rp->n_raw + 1) * sizeof *p->areas)))
        return nomem(err);
    for (size_t s = 0; s < n_attrs(b->opt); s++)
        p->same[s] = rp->same[s] < 0 ? -1 : bd->same_map[side][s][rp->same[s]];
    for (size_t k = 0; k < rp->n_raw; k++)
        p->areas[k] = (size_t)bd->area_map[side][rp->raw[2 * k]][rp->raw[2 * k + 1]];
    qsort(p->areas, rp->n_raw, sizeof *p->areas, cmp_size);
    for (size_t k = 0; k < rp->n_raw; k++)
        if (k == 0 || p->areas[k] != p->areas[p->n_areas - 1])
            p->areas[p->n_areas++] = p->areas[k];
    return MS_OK;
}

static ms_status make_areas(builder *bd, ms_error *err)
{
    ms_match_result *r = bd->r;
    size_t n_multi = bd->me.n_multi;
    for (int side = 0; side < 2; side++)
        if (!(bd->area_map[side] = ms_calloc(n_multi + 1, sizeof(long *))))
            return nomem(err);
    for (size_t k = 0; k < n_multi; k++) {
        label_set set = {0};
        bd->area_map[0][k] = map_levels(&set, bd->me.ld, bd->me.multi_var[k]);
        bd->area_map[1][k] = map_levels(&set, bd->mr.ld, bd->mr.multi_var[k]);
        ms_match_area *grown = NULL;
        if (bd->area_map[0][k] && bd->area_map[1][k])
            grown = ms_reallocarray(r->areas, r->n_areas + set.n + 1, sizeof *r->areas);
        if (!grown) {
            label_set_free(&set);
            return nomem(err);
        }
        r->areas = grown;
        for (size_t l = 0; l < set.n; l++) {
            ms_match_area *a = &r->areas[r->n_areas + l];
            memset(a, 0, sizeof *a);
            a->label = set.labels[l];
            a->var = ms_strdup(bd->me.cb->vars[bd->me.multi_var[k]].name);
            if (!a->var) {
                for (size_t m = l + 1; m < set.n; m++)
                    ms_free(set.labels[m]);
                ms_free(set.labels);
                r->n_areas += l + 1;
                return nomem(err);
            }
        }
        /* the levels' area indices count from this variable's first area */
        for (int side = 0; side < 2; side++) {
            const bank *b = side ? &bd->mr : &bd->me;
            size_t nl = ms_loader_levels(b->ld, b->multi_var[k])->n;
            for (size_t l = 0; l < nl; l++)
                bd->area_map[side][k][l] += (long)r->n_areas;
        }
        r->n_areas += set.n;
        ms_free(set.labels);
    }
    return MS_OK;
}

static ms_status make_same_levels(builder *bd, ms_error *err)
{
    ms_match_result *r = bd->r;
    size_t n = n_attrs(bd->me.opt);
    r->n_same = bd->me.opt->n_same;
    r->n_differ = bd->me.opt->n_differ;
    if (!(r->same_vars = ms_calloc(n + 1, sizeof *r->same_vars)) ||
        !(r->same_levels = ms_calloc(n + 1, sizeof *r->same_levels)) ||
        !(r->n_same_levels = ms_calloc(n + 1, sizeof *r->n_same_levels)))
        return nomem(err);
    for (int side = 0; side < 2; side++)
        if (!(bd->same_map[side] = ms_calloc(n + 1, sizeof(long *))))
            return nomem(err);
    for (size_t s = 0; s < n; s++) {
        label_set set = {0};
        bd->same_map[0][s] = map_levels(&set, bd->me.ld, (size_t)bd->me.same_var[s]);
        bd->same_map[1][s] = map_levels(&set, bd->mr.ld, (size_t)bd->mr.same_var[s]);
        r->same_levels[s] = set.labels;
        r->n_same_levels[s] = set.n;
        const ms_variable *v = &bd->me.cb->vars[bd->me.same_var[s]];
        if (!bd->same_map[0][s] || !bd->same_map[1][s] ||
            !(r->same_vars[s] = ms_strdup(v->label ? v->label : v->name)))
            return nomem(err);
    }
    return MS_OK;
}

static ms_status make_people(builder *bd, ms_error *err)
{
    ms_match_result *r = bd->r;
    if (!(r->mentors = ms_calloc(bd->mr.n + 1, sizeof *r->mentors)) ||
        !(r->mentees = ms_calloc(bd->me.n + 1, sizeof *r->mentees)))
        return nomem(err);
    ms_status st = MS_OK;
    for (size_t i = 0; st == MS_OK && i < bd->mr.n; i++) {
        r->n_mentors = i + 1;
        st = make_person(bd, &bd->mr, &bd->mr.people[i], &r->mentors[i], err);
        /* now the result's */
        bd->mr.people[i].id = bd->mr.people[i].key = bd->mr.people[i].name = NULL;
    }
    for (size_t j = 0; st == MS_OK && j < bd->me.n; j++) {
        r->n_mentees = j + 1;
        st = make_person(bd, &bd->me, &bd->me.people[j], &r->mentees[j], err);
        bd->me.people[j].id = bd->me.people[j].key = bd->me.people[j].name = NULL;
    }
    return st;
}

/* ---------- classes of equals and the solver's instance ---------- */

typedef struct {
    const ms_match_person *p;
    long self;           /* own index when the person must be a class alone (in both
                            banks, in an excluded pair), -2 a kept mentee, else -1 */
    size_t n_same, index;
} class_key;

static int cmp_key(const void *a, const void *b)
{
    const class_key *x = a, *y = b;
    for (size_t s = 0; s < x->n_same; s++)
        if (x->p->same[s] != y->p->same[s])
            return x->p->same[s] < y->p->same[s] ? -1 : 1;
    if (x->self != y->self)
        return x->self < y->self ? -1 : 1;
    if (x->p->n_areas != y->p->n_areas)
        return x->p->n_areas < y->p->n_areas ? -1 : 1;
    for (size_t k = 0; k < x->p->n_areas; k++)
        if (x->p->areas[k] != y->p->areas[k])
            return x->p->areas[k] < y->p->areas[k] ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

/* class_of[i] for n people, classes numbered by their first member's bank
 * order; rep[c] is that first member. */
static ms_status classify(const ms_match_person *people, const long *self, size_t n,
                          size_t n_same, size_t *class_of, size_t **rep_out, size_t *n_classes,
                          ms_error *err)
{
    class_key *keys = ms_malloc((n + 1) * sizeof *keys);
    size_t *rep = ms_malloc((n + 1) * sizeof *rep), *first = ms_malloc((n + 1) * sizeof *first);
    if (!keys || !rep || !first) {
        ms_free(keys), ms_free(rep), ms_free(first);
        return nomem(err);
    }
    for (size_t i = 0; i < n; i++)
        keys[i] = (class_key){&people[i], self[i], n_same, i};
    qsort(keys, n, sizeof *keys, cmp_key);
    /* a run of equal keys starts with its first member in bank order */
    for (size_t k = 0; k < n; k++) {
        class_key a = keys[k], b = k ? keys[k - 1] : keys[k];
        a.index = b.index = 0;
        first[keys[k].index] = k && cmp_key(&a, &b) == 0 ? first[keys[k - 1].index]
                                                          : keys[k].index;
    }
    *n_classes = 0;
    for (size_t i = 0; i < n; i++)
        if (first[i] == i) {
            rep[*n_classes] = i;
            class_of[i] = (*n_classes)++;
        } else {
            class_of[i] = class_of[first[i]];
        }
    ms_free(keys);
    ms_free(first);
    *rep_out = rep;
    return MS_OK;
}

/* --same equal and --differ different, where both answered */
static bool compatible(const ms_match_result *r, const ms_match_person *m,
                       const ms_match_person *e)
{
    for (size_t s = 0; s < r->n_same + r->n_differ; s++)
        if (m->same[s] >= 0 && e->same[s] >= 0 && (m->same[s] == e->same[s]) != (s < r->n_same))
            return false;
    return true;
}

static int common_areas(const ms_match_person *m, const ms_match_person *e)
{
    int n = 0;
    for (size_t a = 0, b = 0; a < m->n_areas && b < e->n_areas;) {
        if (m->areas[a] == e->areas[b])
            n++, a++, b++;
        else if (m->areas[a] < e->areas[b])
            a++;
        else
            b++;
    }
    return n;
}

/* The least score of a new pair for mentee e: --min-score, and the share of
 * e's requests with --min-score P% (rounded up); never below 1. */
static int least_score(const ms_match_result *r, const ms_match_person *e)
{
    long need = r->min_score > 1 ? r->min_score : 1;
    long share = ((long)r->min_share * (long)e->n_areas + 99) / 100;
    return (int)(share > need ? share : need);
}

static int cmp_listed(const void *a, const void *b)
{
    const ms_match_listed *x = a, *y = b;
    if (x->mentor != y->mentor)
        return x->mentor < y->mentor ? -1 : 1;
    return (x->mentee > y->mentee) - (x->mentee < y->mentee);
}

static bool is_excluded(const builder *bd, size_t i, size_t j)
{
    ms_match_listed key = {i, j, 0, 0};
    return bd->n_excluded &&
           bsearch(&key, bd->excluded, bd->n_excluded, sizeof key, cmp_listed) != NULL;
}

typedef struct {
    size_t *mentor_class, *mentee_class, *mentor_rep, *mentee_rep;
    size_t n_mentor_classes, n_mentee_classes;
    long *mentor_self, *mentee_self;
    long *mentor_solo, *mentee_solo;
    int *score;
} instance;

static void instance_free(instance *in)
{
    ms_free(in->mentor_class), ms_free(in->mentee_class);
    ms_free(in->mentor_rep), ms_free(in->mentee_rep);
    ms_free(in->mentor_self), ms_free(in->mentee_self);
    ms_free(in->mentor_solo), ms_free(in->mentee_solo);
    ms_free(in->score);
}

/* A person in both banks (banks with codes): their mentee index on both sides. */
static ms_status find_selves(const builder *bd, instance *in, ms_error *err)
{
    const ms_match_result *r = bd->r;
    id_ref *ix = NULL;
    in->mentor_self = ms_malloc((r->n_mentors + 1) * sizeof *in->mentor_self);
    in->mentee_self = ms_malloc((r->n_mentees + 1) * sizeof *in->mentee_self);
    if (!in->mentor_self || !in->mentee_self)
        return nomem(err);
    for (size_t j = 0; j < r->n_mentees; j++)
        in->mentee_self[j] = -1;
    for (size_t i = 0; i < r->n_mentors; i++)
        in->mentor_self[i] = -1;
    /* row numbers of two files are no person's code */
    if ((bd->mr.id_var < 0 || bd->me.id_var < 0) && !bd->r->split)
        return MS_OK;
    if (!(ix = ms_malloc((r->n_mentees + 1) * sizeof *ix)))
        return nomem(err);
    for (size_t j = 0; j < r->n_mentees; j++)
        ix[j] = (id_ref){r->mentees[j].key, j};
    qsort(ix, r->n_mentees, sizeof *ix, cmp_id_ref);
    for (size_t i = 0; i < r->n_mentors; i++) {
        long j = find_key(ix, r->n_mentees, r->mentors[i].key);
        in->mentor_self[i] = j;
        if (j >= 0)
            in->mentee_self[j] = j;
    }
    ms_free(ix);
    return MS_OK;
}

/* Who must be a class alone: the pairing of that person differs from their
 * equals' (self, exclusions), or is fixed (kept mentees). */
static ms_status find_solos(const builder *bd, instance *in, ms_error *err)
{
    const ms_match_result *r = bd->r;
    in->mentor_solo = ms_malloc((r->n_mentors + 1) * sizeof *in->mentor_solo);
    in->mentee_solo = ms_malloc((r->n_mentees + 1) * sizeof *in->mentee_solo);
    if (!in->mentor_solo || !in->mentee_solo)
        return nomem(err);
    for (size_t i = 0; i < r->n_mentors; i++)
        in->mentor_solo[i] = in->mentor_self[i] >= 0 ? (long)i : -1;
    for (size_t j = 0; j < r->n_mentees; j++)
        in->mentee_solo[j] = r->mentees[j].kept       ? -2
                             : in->mentee_self[j] >= 0 ? (long)j
                                                       : -1;
    for (size_t k = 0; k < bd->n_excluded; k++) {
        size_t i = bd->excluded[k].mentor, j = bd->excluded[k].mentee;
        in->mentor_solo[i] = (long)i;
        if (!r->mentees[j].kept)
            in->mentee_solo[j] = (long)j;
    }
    return MS_OK;
}

/* The score of a new pair of these two people, 0 when not allowed; *below
 * set when only the minimum score forbids it. */
static int pair_score(const builder *bd, const instance *in, size_t i, size_t j, bool *below)
{
    const ms_match_result *r = bd->r;
    const ms_match_person *m = &r->mentors[i], *e = &r->mentees[j];
    if (e->kept || (in->mentor_self[i] >= 0 && in->mentor_self[i] == in->mentee_self[j]) ||
        !compatible(r, m, e) || is_excluded(bd, i, j))
        return 0;
    int s = common_areas(m, e);
    if (s > 0 && s < least_score(r, e)) {
        *below = true;
        return 0;
    }
    return s;
}

static ms_status make_instance(const builder *bd, instance *in, ms_error *err)
{
    const ms_match_result *r = bd->r;
    ms_status st = find_selves(bd, in, err);
    if (st == MS_OK)
        st = find_solos(bd, in, err);
    if (st != MS_OK)
        return st;
    in->mentor_class = ms_malloc((r->n_mentors + 1) * sizeof *in->mentor_class);
    in->mentee_class = ms_malloc((r->n_mentees + 1) * sizeof *in->mentee_class);
    if (!in->mentor_class || !in->mentee_class)
        return nomem(err);
    size_t n_attr = r->n_same + r->n_differ;
    if ((st = classify(r->mentors, in->mentor_solo, r->n_mentors, n_attr, in->mentor_class,
                       &in->mentor_rep, &in->n_mentor_classes, err)) != MS_OK ||
        (st = classify(r->mentees, in->mentee_solo, r->n_mentees, n_attr, in->mentee_class,
                       &in->mentee_rep, &in->n_mentee_classes, err)) != MS_OK)
        return st;
    size_t nc = in->n_mentor_classes, nd = in->n_mentee_classes;
    if (nc && nd > (size_t)-1 / sizeof(int) / nc)
        return nomem(err);
    if (!(in->score = ms_malloc(nc * nd * sizeof *in->score + 1)))
        return nomem(err);
    for (size_t c = 0; c < nc; c++)
        for (size_t d = 0; d < nd; d++) {
            bool below = false;
            in->score[c * nd + d] =
                pair_score(bd, in, in->mentor_rep[c], in->mentee_rep[d], &below);
        }
    return MS_OK;
}

/* ---------- from the solution to the tables ---------- */

static int cmp_pair(const void *a, const void *b)
{
    const ms_match_pair *x = a, *y = b;
    if (x->mentor != y->mentor)
        return x->mentor < y->mentor ? -1 : 1;
    return (x->mentee > y->mentee) - (x->mentee < y->mentee);
}

static bool has_area(const ms_match_person *p, size_t area)
{
    return bsearch(&area, p->areas, p->n_areas, sizeof *p->areas, cmp_size) != NULL;
}

/* Mentee j's first wish (make_wishes keeps them in mentee order). */
static size_t first_wish_of(const builder *bd, size_t j)
{
    size_t lo = 0, hi = bd->n_wishes;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (bd->wishes[mid].mentee < j)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The rank of mentor i among mentee j's wishes (1 = first), 0 none. */
static int wish_rank(const builder *bd, size_t i, size_t j)
{
    for (size_t w = first_wish_of(bd, j); w < bd->n_wishes && bd->wishes[w].mentee == j; w++)
        if (bd->wishes[w].mentor == i)
            return (int)bd->me.opt->n_prefer + 1 - bd->wishes[w].gain;
    return 0;
}

/* A new pair's mentee who named a mentor ranked above theirs: the best-
 * ranked such mentor (the first in the bank among equals), so that the
 * reason line can say why the wish was not honoured. */
static void find_wished(const builder *bd, ms_match_pair *p, int own_rank)
{
    int best_gain = own_rank ? (int)bd->me.opt->n_prefer + 1 - own_rank : 0;
    p->wished = -1;
    for (size_t w = first_wish_of(bd, p->mentee);
         !p->kept && w < bd->n_wishes && bd->wishes[w].mentee == p->mentee; w++) {
        const ms_match_wish *x = &bd->wishes[w];
        if (x->gain > best_gain || (p->wished >= 0 && x->gain == best_gain &&
                                    (long)x->mentor < p->wished && x->mentor != p->mentor)) {
            best_gain = x->gain;
            p->wished = (long)x->mentor;
        }
    }
    if (p->wished >= 0)
        p->wished_rank = (int)bd->me.opt->n_prefer + 1 - best_gain;
}

static ms_status make_pairs(builder *bd, const long *mentor_of, ms_error *err)
{
    ms_match_result *r = bd->r;
    if (!(r->pairs = ms_calloc(r->n_mentees + 1, sizeof *r->pairs)))
        return nomem(err);
    r->total_score = 0;
    for (size_t j = 0; j < r->n_mentees; j++) {
        ms_match_person *e = &r->mentees[j];
        if ((e->mentor = mentor_of[j]) < 0)
            continue;
        ms_match_person *m = &r->mentors[e->mentor];
        m->assigned++;
        e->score = common_areas(m, e);
        r->total_score += e->score;
        r->pairs[r->n_pairs++] = (ms_match_pair){.mentor = (size_t)e->mentor, .mentee = j,
                                                 .score = e->score, .kept = e->kept > 0};
        for (size_t a = 0; a < e->n_areas; a++)
            r->areas[e->areas[a]].covered += has_area(m, e->areas[a]);
    }
    for (size_t k = 0; k < r->n_pairs; k++) {
        ms_match_pair *p = &r->pairs[k];
        r->mentees[p->mentee].wish = bd->n_wishes ? wish_rank(bd, p->mentor, p->mentee) : 0;
        find_wished(bd, p, r->mentees[p->mentee].wish);
    }
    qsort(r->pairs, r->n_pairs, sizeof *r->pairs, cmp_pair);
    for (size_t k = 0; k < r->n_pairs; k++) {
        if (k == 0 || r->pairs[k].mentor != r->pairs[k - 1].mentor)
            r->n_groups++;
        r->pairs[k].group = r->n_groups;
    }
    return MS_OK;
}

/* Stage 5: for whom the search goes on, and for which requests no mentor of
 * the bank (who may take anyone and is compatible) would do. */
static ms_status explain_unmatched(const builder *bd, const instance *in, ms_error *err)
{
    ms_match_result *r = bd->r;
    size_t nc = in->n_mentor_classes, nd = in->n_mentee_classes;
    for (size_t j = 0; j < r->n_mentees; j++) {
        ms_match_person *e = &r->mentees[j];
        size_t d = in->mentee_class[j];
        for (size_t c = 0; c < nc && !e->any_allowed; c++)
            e->any_allowed = in->score[c * nd + d] > 0;
        if (e->mentor >= 0)
            continue;
        for (size_t i = 0; i < r->n_mentors && !e->any_allowed && !e->below_min; i++)
            if (r->mentors[i].capacity > 0)
                pair_score(bd, in, i, j, &e->below_min);
        if (!(e->uncovered = ms_malloc((e->n_areas + 1) * sizeof *e->uncovered)))
            return nomem(err);
        for (size_t a = 0; a < e->n_areas; a++) {
            bool offered = false;
            for (size_t i = 0; i < r->n_mentors && !offered; i++) {
                const ms_match_person *m = &r->mentors[i];
                offered = m->capacity > 0 && compatible(r, m, e) &&
                          in->mentor_self[i] != (long)j && !is_excluded(bd, i, j) &&
                          has_area(m, e->areas[a]);
            }
            if (!offered)
                e->uncovered[e->n_uncovered++] = e->areas[a];
        }
    }
    return MS_OK;
}

/* Is alternative a better to show than b: free before full; a higher score;
 * then (full) someone who can move rather than lose their mentor; then bank
 * order. */
static bool better_alt(const ms_match_alt *a, const ms_match_alt *b)
{
    if ((a->free > 0) != (b->free > 0))
        return a->free > 0;
    if (a->score != b->score)
        return a->score > b->score;
    if (a->rehomed != b->rehomed)
        return a->rehomed;
    if (a->rehomed_delta != b->rehomed_delta)
        return a->rehomed_delta > b->rehomed_delta;
    return a->mentor < b->mentor;
}

/* A full mentor i2 taken instead of i for mentee j: which of i2's new
 * mentees would give way — one who can take i's freed place if any (the
 * least loss of score), else the first. */
static void displace(const ms_match_result *r, const instance *in, const size_t *first,
                     size_t i, size_t i2, ms_match_alt *alt)
{
    size_t nd = in->n_mentee_classes;
    alt->displaced = -1;
    for (size_t k = first[i2]; k < first[i2 + 1]; k++) {
        const ms_match_pair *q = &r->pairs[k];
        if (q->kept)
            continue;
        int s = in->score[in->mentor_class[i] * nd + in->mentee_class[q->mentee]];
        ms_match_alt cand = *alt;
        cand.displaced = (long)q->mentee;
        cand.rehomed = s > 0;
        cand.rehomed_delta = s - q->score;
        if (alt->displaced < 0 || (cand.rehomed && !alt->rehomed) ||
            (cand.rehomed == alt->rehomed && cand.rehomed_delta > alt->rehomed_delta))
            *alt = cand;
    }
}

enum { SHOWN_ALTS = 3 };

/* Per new pair: the other suitable mentors with free places (the best
 * three, and how many in all) and the best full one, with what taking them
 * instead would change. */
static ms_status explain_pairs(ms_match_result *r, const instance *in, ms_error *err)
{
    size_t nd = in->n_mentee_classes;
    size_t *first = ms_calloc(r->n_mentors + 2, sizeof *first);
    if (!first)
        return nomem(err);
    for (size_t k = 0; k < r->n_pairs; k++)
        first[r->pairs[k].mentor + 1]++;
    for (size_t i = 0; i < r->n_mentors; i++)
        first[i + 1] += first[i];
    ms_status st = MS_OK;
    for (size_t k = 0; k < r->n_pairs && st == MS_OK; k++) {
        ms_match_pair *p = &r->pairs[k];
        if (p->kept)
            continue;
        ms_match_alt best[SHOWN_ALTS + 1], full = {.score = 0};
        size_t n = 0, d = in->mentee_class[p->mentee];
        if (p->wished >= 0)
            p->wished_score = in->score[in->mentor_class[p->wished] * nd + d];
        for (size_t i = 0; i < r->n_mentors; i++) {
            const ms_match_person *m = &r->mentors[i];
            int s = in->score[in->mentor_class[i] * nd + d];
            if (i == p->mentor || s <= 0 || m->capacity <= 0)
                continue;
            ms_match_alt a = {i, m->capacity - m->assigned, s, -1, false, 0};
            if (a.free > 0) {
                p->n_free_alts++;
                size_t at = n < SHOWN_ALTS ? n++ : SHOWN_ALTS;
                if (at == SHOWN_ALTS && !better_alt(&a, &best[SHOWN_ALTS - 1]))
                    continue;
                if (at == SHOWN_ALTS)
                    at = SHOWN_ALTS - 1;
                while (at > 0 && better_alt(&a, &best[at - 1]))
                    best[at] = best[at - 1], at--;
                best[at] = a;
            } else if (s >= full.score) {
                displace(r, in, first, p->mentor, i, &a);
                if (a.displaced >= 0 && (full.score == 0 || better_alt(&a, &full)))
                    full = a;
            }
        }
        size_t total = n + (full.score > 0);
        if (!total)
            continue;
        if (!(p->alts = ms_malloc(total * sizeof *p->alts))) {
            st = nomem(err);
            break;
        }
        memcpy(p->alts, best, n * sizeof *best);
        if (full.score > 0)
            p->alts[n] = full;
        p->n_alts = total;
    }
    ms_free(first);
    return st;
}

static void count_areas(ms_match_result *r)
{
    for (size_t j = 0; j < r->n_mentees; j++)
        for (size_t a = 0; a < r->mentees[j].n_areas; a++)
            r->areas[r->mentees[j].areas[a]].requests++;
    for (size_t i = 0; i < r->n_mentors; i++)
        for (size_t a = 0; a < r->mentors[i].n_areas; a++)
            r->areas[r->mentors[i].areas[a]].offers += r->mentors[i].capacity > 0;
    for (size_t a = 0; a < r->n_areas; a++)
        r->areas[a].orphan = r->areas[a].requests > 0 && r->areas[a].offers == 0;
}

static ms_status solve(builder *bd, ms_error *err)
{
    ms_match_result *r = bd->r;
    instance in = {0};
    long *cap = ms_malloc((r->n_mentors + 1) * sizeof *cap);
    long *load = ms_malloc((r->n_mentors + 1) * sizeof *load);
    long *mentor_of = ms_malloc((r->n_mentees + 1) * sizeof *mentor_of);
    ms_status st = cap && load && mentor_of ? make_instance(bd, &in, err) : nomem(err);
    if (st != MS_OK)
        goto cleanup;
    bool any = r->n_kept > 0;
    for (size_t k = 0; k < in.n_mentor_classes * in.n_mentee_classes && !any; k++)
        any = in.score[k] > 0 && r->mentors[in.mentor_rep[k / in.n_mentee_classes]].capacity > 0;
    if (!any) {
        st = ms_error_set(err, MS_ERR_NODATA, r->mentees[0].file, r->mentees[0].line, 0,
                          "no feasible pair: for none of the %zu mentees from this row on does "
                          "a mentor with room offer a requested area%s",
                          r->n_mentees,
                          r->n_differ || r->n_excluded || r->min_score > 1 || r->min_share
                              ? " within the rules given (--same, --differ, --exclude, "
                                "--min-score)"
                          : r->n_same ? " with the same --same answers"
                                      : "");
        goto cleanup;
    }
    for (size_t i = 0; i < r->n_mentors; i++) {
        load[i] = r->mentors[i].kept;
        cap[i] = r->mentors[i].capacity - load[i];
    }
    ms_match_problem p = {r->n_mentors,  r->n_mentees,  cap,         in.mentor_class,
                          in.mentee_class, in.n_mentor_classes, in.n_mentee_classes, in.score,
                          load,          bd->wishes,    bd->n_wishes, r->spread_on, 0};
    ms_match_totals t;
    if ((st = ms_match_solve(&p, mentor_of, &t, err)) != MS_OK)
        goto cleanup;
    for (size_t j = 0; j < r->n_mentees; j++)
        if (r->mentees[j].kept)
            mentor_of[j] = r->mentees[j].mentor;
    r->matched = t.matched + r->n_kept;
    r->wishes = t.wishes;
    r->spread = t.spread;
    r->order_cost = t.order_cost;
    count_areas(r);
    if ((st = make_pairs(bd, mentor_of, err)) == MS_OK)
        st = explain_unmatched(bd, &in, err);
    if (st == MS_OK)
        st = explain_pairs(r, &in, err);
cleanup:
    instance_free(&in);
    ms_free(cap);
    ms_free(load);
    ms_free(mentor_of);
    return st;
}

/* ---------- the curator's lists and the mentees' wishes ---------- */

/* --keep: the pairs that continue, taken off the capacities. */
static ms_status apply_keep(builder *bd, ms_error *err)
{
    ms_match_result *r = bd->r;
    const char *path = bd->me.opt->keep;
    ms_match_listed *list = NULL;
    size_t n = 0;
    ms_status st = path ? ms_match_read_list(path, r, &list, &n, err) : MS_OK;
    for (size_t k = 0; st == MS_OK && k < n; k++) {
        ms_match_person *m = &r->mentors[list[k].mentor], *e = &r->mentees[list[k].mentee];
        if (e->kept)
            st = ms_error_set(err, MS_ERR_DATA, path, list[k].line, list[k].col,
                              "a mentee kept with two mentors (%s, also with %s)", e->id,
                              r->mentors[e->mentor].id);
        else if (!strcmp(m->key, e->key) && (bd->mr.id_var >= 0 || r->split))
            st = ms_error_set(err, MS_ERR_DATA, path, list[k].line, list[k].col,
                              "a person cannot mentor themself (%s)", e->id);
        else if (m->kept + 1 > m->capacity)
            st = ms_error_set(err, MS_ERR_DATA, path, list[k].line, list[k].col,
                              "over the mentor's capacity: %s takes at most %ld (%s)", m->id,
                              m->capacity, e->id);
        else {
            e->kept = 1;
            e->mentor = (long)list[k].mentor;
            m->kept++;
            r->n_kept++;
        }
    }
    ms_free(list);
    return st;
}

/* --exclude: pairs that must not be formed (a kept one among them is a
 * contradiction). */
static ms_status apply_exclude(builder *bd, ms_error *err)
{
    ms_match_result *r = bd->r;
    const char *path = bd->me.opt->exclude;
    if (!path)
        return MS_OK;
    ms_status st = ms_match_read_list(path, r, &bd->excluded, &bd->n_excluded, err);
    for (size_t k = 0; st == MS_OK && k < bd->n_excluded; k++) {
        const ms_match_person *e = &r->mentees[bd->excluded[k].mentee];
        if (e->kept && e->mentor == (long)bd->excluded[k].mentor)
            st = ms_error_set(err, MS_ERR_DATA, path, bd->excluded[k].line, bd->excluded[k].col,
                              "the pair is also kept (--keep): it cannot both continue and "
                              "not be formed (%s, %s)",
                              r->mentors[e->mentor].id, e->id);
    }
    if (st == MS_OK) {
        qsort(bd->excluded, bd->n_excluded, sizeof *bd->excluded, cmp_listed);
        size_t u = 0;
        for (size_t k = 0; k < bd->n_excluded; k++)
            if (!u || cmp_listed(&bd->excluded[k], &bd->excluded[u - 1]))
                bd->excluded[u++] = bd->excluded[k];
        r->n_excluded = bd->n_excluded = u;
    }
    return st;
}

/* --prefer: the mentors each mentee named, by the mentors' codes; rank k of
 * n_prefer is worth n_prefer - k (the first choice the most).  A name that
 * is no mentor's code is counted, not an error (forms offer lists). */
static ms_status make_wishes(builder *bd, ms_error *err)
{
    ms_match_result *r = bd->r;
    const bank *b = &bd->me;
    size_t total = 0, np = b->opt->n_prefer;
    r->prefer_on = np > 0;
    if (!np)
        return MS_OK;
    for (size_t j = 0; j < b->n; j++)
        total += b->people[j].n_wish_raw;
    id_ref *ix = ms_malloc((r->n_mentors + 1) * sizeof *ix);
    ms_status st = MS_OK;
    if (!ix || !(bd->wishes = ms_malloc((total + 1) * sizeof *bd->wishes)))
        st = nomem(err);
    for (size_t i = 0; st == MS_OK && i < r->n_mentors; i++)
        ix[i] = (id_ref){r->mentors[i].key, i};
    if (st == MS_OK)
        qsort(ix, r->n_mentors, sizeof *ix, cmp_id_ref);
    for (size_t j = 0; st == MS_OK && j < b->n; j++) {
        const raw_person *rp = &b->people[j];
        size_t start = bd->n_wishes;
        for (size_t w = 0; w < rp->n_wish_raw; w++) {
            size_t k = rp->wish_raw[2 * w], l = rp->wish_raw[2 * w + 1];
            const char *label = ms_loader_levels(b->ld, (size_t)b->prefer_var[k])->labels[l];
            char *key = ms_strdup(label);
            if (!key) {
                st = nomem(err);
                break;
            }
            ms_code_key(key, strlen(key));
            long i = find_key(ix, r->n_mentors, key);
            ms_free(key);
            if (i < 0) {
                r->n_wish_unknown++;
                continue;
            }
            int gain = (int)(np - k);
            size_t at = start;
            while (at < bd->n_wishes && !(bd->wishes[at].mentor == (size_t)i &&
                                          bd->wishes[at].mentee == j))
                at++;
            if (at == bd->n_wishes) {
                bd->wishes[bd->n_wishes++] = (ms_match_wish){(size_t)i, j, gain};
                r->mentees[j].n_wishes++;
            } else if (gain > bd->wishes[at].gain) {
                bd->wishes[at].gain = gain;
            }
        }
    }
    ms_free(ix);
    return st;
}

/* ---------- the whole run ---------- */

static ms_status open_bank(bank *b, const ms_match_options *opt, bool mentors, ms_error *err)
{
    b->opt = opt;
    b->mentors = mentors;
    b->bank = mentors || opt->split ? &opt->mentors : &opt->mentees;
    if (!b->bank->codebook || b->bank->n_files == 0)
        return ms_error_set(err, MS_ERR_USAGE, NULL, 0, 0,
                            "--%s needs a codebook and at least one data file",
                            mentors ? "mentors" : "mentees");
    ms_status st = ms_codebook_load(b->bank->codebook, &b->cb, err);
    if (st == MS_OK)
        st = find_id(b, err);
    if (st == MS_OK)
        st = find_capacity(b, err);
    if (st == MS_OK)
        st = find_same(b, err);
    return st;
}

static ms_status copy_files(ms_match_result *r, const ms_match_options *opt, ms_error *err)
{
    size_t n = opt->mentors.n_files + (opt->split ? 0 : opt->mentees.n_files);
    if (!(r->files = ms_calloc(n + 1, sizeof *r->files)))
        return nomem(err);
    for (size_t i = 0; i < n; i++, r->n_files++) {
        const char *f = i < opt->mentors.n_files ? opt->mentors.files[i]
                                                 : opt->mentees.files[i - opt->mentors.n_files];
        if (!(r->files[i] = ms_strdup(f)))
            return nomem(err);
    }
    return MS_OK;
}

static ms_status check_banks(builder *bd, ms_error *err)
{
    id_ref *ix = NULL;
    ms_status st = sorted_by_id(&bd->mr, &ix, err);
    if (st == MS_OK)
        st = check_duplicates(&bd->mr, ix, err);
    ms_free(ix);
    ix = NULL;
    if (st == MS_OK)
        st = sorted_by_id(&bd->me, &ix, err);
    if (st == MS_OK)
        st = check_duplicates(&bd->me, ix, err);
    ms_free(ix);
    return st;
}

ms_status ms_match_run(const ms_match_options *opt, ms_match_result **out, ms_error *err)
{
    ms_error local;
    err = err ? err : &local;
    *out = NULL;
    if (opt->capacity < 0)
        return ms_error_set(err, MS_ERR_USAGE, NULL, 0, 0,
                            "--capacity must be a whole number, 0 or more (%ld)", opt->capacity);
    if (opt->min_score < 0 || opt->min_score > 1000 || opt->min_share < 0 ||
        opt->min_share > 100)
        return ms_error_set(err, MS_ERR_USAGE, NULL, 0, 0,
                            "--min-score must be a whole number of areas or a percentage up "
                            "to 100%% (%d, %d%%)",
                            opt->min_score, opt->min_share);
    builder bd = {0};
    ms_match_result *r = ms_calloc(1, sizeof *r);
    if (!r)
        return nomem(err);
    bd.r = r;
    r->names = opt->names;
    r->spread_on = opt->spread;
    r->min_score = opt->min_score;
    r->min_share = opt->min_share;
    r->split = opt->split != NULL;
    bd.me.file_base = opt->split ? 0 : opt->mentors.n_files;
    bd.mr.r = bd.me.r = r;
    ms_status st = copy_files(r, opt, err);
    if (st == MS_OK)
        st = open_bank(&bd.mr, opt, true, err);
    if (st == MS_OK)
        st = open_bank(&bd.me, opt, false, err);
    if (st == MS_OK)
        st = find_shared(&bd.mr, &bd.me, err);
    if (st == MS_OK && opt->split) {
        /* one reading of the file feeds both banks */
        bd.mr.other = &bd.me, bd.me.other = &bd.mr;
        bd.me.ld_shared = true;
    }
    if (st == MS_OK)
        st = bank_read(&bd.mr, err);
    if (st == MS_OK && opt->split)
        bd.me.ld = bd.mr.ld;
    if (st == MS_OK)
        st = bank_read(&bd.me, err);
    if (st == MS_OK)
        st = check_banks(&bd, err);
    if (st == MS_OK) {
        r->mentors_by_row = bd.mr.id_var < 0;
        r->mentees_by_row = bd.me.id_var < 0;
        if (opt->split) {
            /* the quarantined were counted by their answer (on_quarantine) */
            ms_tally t = ms_loader_total(bd.mr.ld);
            r->mentor_rows.read += bd.mr.n, r->mentor_rows.accepted = bd.mr.n;
            r->mentee_rows.read += bd.me.n, r->mentee_rows.accepted = bd.me.n;
            r->other_rows.read += t.excluded, r->other_rows.excluded = t.excluded;
        } else {
            r->mentor_rows = ms_loader_total(bd.mr.ld);
            r->mentee_rows = ms_loader_total(bd.me.ld);
        }
        st = make_areas(&bd, err);
    }
    if (st == MS_OK)
        st = make_same_levels(&bd, err);
    if (st == MS_OK)
        st = make_people(&bd, err);
    if (st == MS_OK)
        st = apply_keep(&bd, err);
    if (st == MS_OK)
        st = apply_exclude(&bd, err);
    if (st == MS_OK)
        st = make_wishes(&bd, err);
    if (st == MS_OK)
        st = solve(&bd, err);
    ms_free(bd.excluded);
    ms_free(bd.wishes);
    for (int side = 0; side < 2; side++) {
        for (size_t k = 0; bd.area_map[side] && k < bd.me.n_multi; k++)
            ms_free(bd.area_map[side][k]);
        for (size_t s = 0; bd.same_map[side] && s < n_attrs(opt); s++)
            ms_free(bd.same_map[side][s]);
        ms_free(bd.area_map[side]);
        ms_free(bd.same_map[side]);
    }
    bank_free(&bd.mr);
    bank_free(&bd.me);
    if (st != MS_OK) {
        ms_match_result_destroy(r);
        return st;
    }
    *out = r;
    return MS_OK;
}

static void people_free(ms_match_person *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ms_free(p[i].id);
        ms_free(p[i].key);
        ms_free(p[i].name);
        ms_free(p[i].areas);
        ms_free(p[i].same);
        ms_free(p[i].uncovered);
    }
    ms_free(p);
}

void ms_match_result_destroy(ms_match_result *r)
{
    if (!r)
        return;
    people_free(r->mentors, r->n_mentors);
    people_free(r->mentees, r->n_mentees);
    for (size_t k = 0; k < r->n_pairs; k++)
        ms_free(r->pairs[k].alts);
    ms_free(r->pairs);
    for (size_t a = 0; a < r->n_areas; a++) {
        ms_free(r->areas[a].var);
        ms_free(r->areas[a].label);
    }
    ms_free(r->areas);
    for (size_t s = 0; s < r->n_same + r->n_differ; s++) {
        ms_free(r->same_vars ? r->same_vars[s] : NULL);
        for (size_t l = 0; r->same_levels && l < r->n_same_levels[s]; l++)
            ms_free(r->same_levels[s][l]);
        ms_free(r->same_levels ? r->same_levels[s] : NULL);
    }
    ms_free(r->same_vars);
    ms_free(r->same_levels);
    ms_free(r->n_same_levels);
    for (size_t k = 0; k < r->n_skipped; k++) {
        ms_free(r->skipped[k].reason);
        ms_free(r->skipped[k].id);
    }
    ms_free(r->skipped);
    for (size_t i = 0; i < r->n_files; i++)
        ms_free(r->files[i]);
    ms_free(r->files);
    ms_free(r);
}
