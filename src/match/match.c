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
#include "text.h"
#include "util.h"

/* ---------- one bank, as read ---------- */

typedef struct {
    char *id, *key, *name; /* the code as typed, its key (respondent_code.h) */
    size_t file, line;
    long capacity;
    long *same;          /* loader level index per --same variable, -1 missing */
    size_t *raw;         /* (shared variable k, level) pairs, flattened */
    size_t n_raw;
} raw_person;

typedef struct {
    const ms_match_options *opt;
    const ms_match_bank *bank;
    bool mentors;
    ms_codebook *cb;
    ms_loader *ld;
    long id_var, name_var, cap_var;
    long *same_var;      /* per --same */
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
    }
    ms_free(b->people);
    ms_free(b->same_var);
    ms_free(b->multi_var);
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

static ms_status on_record(const ms_record *rec, void *ctx, ms_error *err)
{
    bank *b = ctx;
    const ms_value *id = &rec->values[b->id_var];
    long capacity;
    if (id->missing || !id->text_len)
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
    if (!(p->id = ms_strndup(id->typed, id->typed_len)) ||
        !(p->key = ms_strndup(id->text, id->text_len)))
        return nomem(err);
    if (b->name_var >= 0 && !rec->values[b->name_var].missing &&
        !(p->name = ms_strndup(rec->values[b->name_var].text,
                               rec->values[b->name_var].text_len)))
        return nomem(err);
    size_t n_same = b->opt->n_same, n_raw = 0;
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
    return MS_OK;
}

/* Kept for the page, then handed to the caller (stderr, --quarantine). */
static void on_quarantine(const ms_quarantined *q, void *ctx)
{
    bank *b = ctx;
    ms_match_result *r = b->r;
    char *reason = NULL, *id = NULL;
    long col = q->columns ? q->columns[b->id_var] : -1;
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
            b->mentors, r->files[b->file_base + ms_loader_n_files(b->ld) - 1], q->line,
            q->reason->column, reason, id};
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

static ms_status find_id(bank *b, ms_error *err)
{
    b->id_var = -1;
    for (size_t v = 0; v < b->cb->n_vars && b->id_var < 0; v++)
        if (b->cb->vars[v].type == MS_TYPE_ID)
            b->id_var = (long)v;
    if (b->id_var < 0)
        return ms_error_set(err, MS_ERR_USAGE, b->cb->path, 0, 0,
                            "the bank of %s needs an id variable to name its people",
                            b->mentors ? "mentors" : "mentees");
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
    ms_status st = ms_loader_create(b->cb, &lo, &b->ld, err);
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
        if (me->cb->vars[v].type != MS_TYPE_MULTI)
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

static ms_status find_same(bank *b, ms_error *err)
{
    size_t n = b->opt->n_same;
    if (!(b->same_var = ms_malloc((n + 1) * sizeof *b->same_var)))
        return nomem(err);
    for (size_t s = 0; s < n; s++) {
        long v = ms_codebook_find(b->cb, b->opt->same[s]);
        if (v < 0)
            return ms_error_set(err, MS_ERR_USAGE, b->cb->path, 0, 0,
                                "--same names no variable of this codebook (%s)",
                                b->opt->same[s]);
        if (b->cb->vars[v].type != MS_TYPE_GROUP)
            return ms_error_set(err, MS_ERR_USAGE, b->cb->path, b->cb->vars[v].line, 0,
                                "--same needs a group variable (%s is %s)",
                                b->cb->vars[v].name, ms_vartype_name(b->cb->vars[v].type));
        b->same_var[s] = v;
    }
    return MS_OK;
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
    if (!(p->same = ms_malloc((b->opt->n_same + 1) * sizeof *p->same)) ||
        !(p->areas = ms_malloc((rp->n_raw + 1) * sizeof *p->areas)))
        return nomem(err);
    for (size_t s = 0; s < b->opt->n_same; s++)
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
    size_t n = bd->me.opt->n_same;
    r->n_same = n;
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
    long self;           /* the mentee's index when the person is in both banks, else -1 */
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

static bool compatible(const ms_match_person *m, const ms_match_person *e, size_t n_same)
{
    for (size_t s = 0; s < n_same; s++)
        if (m->same[s] >= 0 && e->same[s] >= 0 && m->same[s] != e->same[s])
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

typedef struct {
    size_t *mentor_class, *mentee_class, *mentor_rep, *mentee_rep;
    size_t n_mentor_classes, n_mentee_classes;
    long *mentor_self, *mentee_self;
    int *score;
} instance;

static void instance_free(instance *in)
{
    ms_free(in->mentor_class), ms_free(in->mentee_class);
    ms_free(in->mentor_rep), ms_free(in->mentee_rep);
    ms_free(in->mentor_self), ms_free(in->mentee_self);
    ms_free(in->score);
}

/* A person in both banks: their mentee index on both sides. */
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
    if (!(ix = ms_malloc((r->n_mentees + 1) * sizeof *ix)))
        return nomem(err);
    for (size_t j = 0; j < r->n_mentees; j++)
        ix[j] = (id_ref){r->mentees[j].key, j};
    qsort(ix, r->n_mentees, sizeof *ix, cmp_id_ref);
    for (size_t i = 0; i < r->n_mentors; i++) {
        id_ref key = {r->mentors[i].key, 0};
        size_t lo = 0, hi = r->n_mentees;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (strcmp(ix[mid].id, key.id) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        in->mentor_self[i] = lo < r->n_mentees && !strcmp(ix[lo].id, key.id) ? (long)ix[lo].i : -1;
        if (in->mentor_self[i] >= 0)
            in->mentee_self[in->mentor_self[i]] = in->mentor_self[i];
    }
    ms_free(ix);
    return MS_OK;
}

static ms_status make_instance(const builder *bd, instance *in, ms_error *err)
{
    const ms_match_result *r = bd->r;
    ms_status st = find_selves(bd, in, err);
    if (st != MS_OK)
        return st;
    in->mentor_class = ms_malloc((r->n_mentors + 1) * sizeof *in->mentor_class);
    in->mentee_class = ms_malloc((r->n_mentees + 1) * sizeof *in->mentee_class);
    if (!in->mentor_class || !in->mentee_class)
        return nomem(err);
    if ((st = classify(r->mentors, in->mentor_self, r->n_mentors, r->n_same, in->mentor_class,
                       &in->mentor_rep, &in->n_mentor_classes, err)) != MS_OK ||
        (st = classify(r->mentees, in->mentee_self, r->n_mentees, r->n_same, in->mentee_class,
                       &in->mentee_rep, &in->n_mentee_classes, err)) != MS_OK)
        return st;
    size_t nc = in->n_mentor_classes, nd = in->n_mentee_classes;
    if (nc && nd > (size_t)-1 / sizeof(int) / nc)
        return nomem(err);
    if (!(in->score = ms_malloc(nc * nd * sizeof *in->score + 1)))
        return nomem(err);
    for (size_t c = 0; c < nc; c++)
        for (size_t d = 0; d < nd; d++) {
            size_t i = in->mentor_rep[c], j = in->mentee_rep[d];
            const ms_match_person *m = &r->mentors[i], *e = &r->mentees[j];
            bool self = in->mentor_self[i] >= 0 && in->mentor_self[i] == in->mentee_self[j];
            in->score[c * nd + d] = !self && compatible(m, e, r->n_same) ? common_areas(m, e) : 0;
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

static ms_status make_pairs(ms_match_result *r, const long *mentor_of, ms_error *err)
{
    if (!(r->pairs = ms_malloc((r->n_mentees + 1) * sizeof *r->pairs)))
        return nomem(err);
    for (size_t j = 0; j < r->n_mentees; j++) {
        ms_match_person *e = &r->mentees[j];
        if ((e->mentor = mentor_of[j]) < 0)
            continue;
        ms_match_person *m = &r->mentors[e->mentor];
        m->assigned++;
        e->score = common_areas(m, e);
        r->pairs[r->n_pairs++] = (ms_match_pair){(size_t)e->mentor, j, e->score, 0};
        for (size_t a = 0; a < e->n_areas; a++)
            r->areas[e->areas[a]].covered += has_area(m, e->areas[a]);
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
static ms_status explain_unmatched(ms_match_result *r, const instance *in, ms_error *err)
{
    size_t nc = in->n_mentor_classes, nd = in->n_mentee_classes;
    for (size_t j = 0; j < r->n_mentees; j++) {
        ms_match_person *e = &r->mentees[j];
        size_t d = in->mentee_class[j];
        for (size_t c = 0; c < nc && !e->any_allowed; c++)
            e->any_allowed = in->score[c * nd + d] > 0;
        if (e->mentor >= 0)
            continue;
        if (!(e->uncovered = ms_malloc((e->n_areas + 1) * sizeof *e->uncovered)))
            return nomem(err);
        for (size_t a = 0; a < e->n_areas; a++) {
            bool offered = false;
            for (size_t i = 0; i < r->n_mentors && !offered; i++) {
                const ms_match_person *m = &r->mentors[i];
                offered = m->capacity > 0 && compatible(m, e, r->n_same) &&
                          in->mentor_self[i] != (long)j && has_area(m, e->areas[a]);
            }
            if (!offered)
                e->uncovered[e->n_uncovered++] = e->areas[a];
        }
    }
    return MS_OK;
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
    long *mentor_of = ms_malloc((r->n_mentees + 1) * sizeof *mentor_of);
    ms_status st = cap && mentor_of ? make_instance(bd, &in, err) : nomem(err);
    if (st != MS_OK)
        goto cleanup;
    bool any = false;
    for (size_t k = 0; k < in.n_mentor_classes * in.n_mentee_classes && !any; k++)
        any = in.score[k] > 0 && r->mentors[in.mentor_rep[k / in.n_mentee_classes]].capacity > 0;
    if (!any) {
        st = ms_error_set(err, MS_ERR_NODATA, r->mentees[0].file, r->mentees[0].line, 0,
                          "no feasible pair: for none of the %zu mentees from this row on does "
                          "a mentor with room offer a requested area%s",
                          r->n_mentees, r->n_same ? " with the same --same answers" : "");
        goto cleanup;
    }
    for (size_t i = 0; i < r->n_mentors; i++)
        cap[i] = r->mentors[i].capacity;
    ms_match_problem p = {r->n_mentors, r->n_mentees, cap, in.mentor_class, in.mentee_class,
                          in.n_mentor_classes, in.n_mentee_classes, in.score};
    ms_match_totals t;
    if ((st = ms_match_solve(&p, mentor_of, &t, err)) != MS_OK)
        goto cleanup;
    r->matched = t.matched;
    r->total_score = t.total_score;
    r->order_cost = t.order_cost;
    count_areas(r);
    if ((st = make_pairs(r, mentor_of, err)) == MS_OK)
        st = explain_unmatched(r, &in, err);
cleanup:
    instance_free(&in);
    ms_free(cap);
    ms_free(mentor_of);
    return st;
}

/* ---------- the whole run ---------- */

static ms_status open_bank(bank *b, const ms_match_options *opt, bool mentors, ms_error *err)
{
    b->opt = opt;
    b->mentors = mentors;
    b->bank = mentors ? &opt->mentors : &opt->mentees;
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
    size_t n = opt->mentors.n_files + opt->mentees.n_files;
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
    builder bd = {0};
    ms_match_result *r = ms_calloc(1, sizeof *r);
    if (!r)
        return nomem(err);
    bd.r = r;
    r->names = opt->names;
    bd.me.file_base = opt->mentors.n_files;
    bd.mr.r = bd.me.r = r;
    ms_status st = copy_files(r, opt, err);
    if (st == MS_OK)
        st = open_bank(&bd.mr, opt, true, err);
    if (st == MS_OK)
        st = open_bank(&bd.me, opt, false, err);
    if (st == MS_OK)
        st = find_shared(&bd.mr, &bd.me, err);
    if (st == MS_OK)
        st = bank_read(&bd.mr, err);
    if (st == MS_OK)
        st = bank_read(&bd.me, err);
    if (st == MS_OK)
        st = check_banks(&bd, err);
    if (st == MS_OK) {
        r->mentor_rows = ms_loader_total(bd.mr.ld);
        r->mentee_rows = ms_loader_total(bd.me.ld);
        st = make_areas(&bd, err);
    }
    if (st == MS_OK)
        st = make_same_levels(&bd, err);
    if (st == MS_OK)
        st = make_people(&bd, err);
    if (st == MS_OK)
        st = solve(&bd, err);
    for (int side = 0; side < 2; side++) {
        for (size_t k = 0; bd.area_map[side] && k < bd.me.n_multi; k++)
            ms_free(bd.area_map[side][k]);
        for (size_t s = 0; bd.same_map[side] && s < opt->n_same; s++)
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
    ms_free(r->pairs);
    for (size_t a = 0; a < r->n_areas; a++) {
        ms_free(r->areas[a].var);
        ms_free(r->areas[a].label);
    }
    ms_free(r->areas);
    for (size_t s = 0; s < r->n_same; s++) {
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
