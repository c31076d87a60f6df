/* aggregate.c — exact value counts, co-moments and paired values. */
#include "mentorstat/aggregate.h"
#include "aggregate_int.h"

#include <gsl/gsl_heapsort.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

#define NO_VAR ((size_t)-1)

/* ---------- frequency tables ---------- */

void ms_freq_clear(ms_freq *f)
{
    ms_free(f->values);
    ms_free(f->counts);
    memset(f, 0, sizeof *f);
}

double ms_freq_total(const ms_freq *f)
{
    double n = 0;
    for (size_t i = 0; i < f->k; i++)
        n += f->counts[i];
    return n;
}

static size_t freq_lower_bound(const ms_freq *f, double x)
{
    size_t lo = 0, hi = f->k;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->values[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Position of x on a regular grid, or -1 when it is not one of its values. */
static long grid_index(const ms_freq *f, double x)
{
    if (!(f->grid > 0) || !(x >= f->values[0] && x <= f->values[f->k - 1]))
        return -1;
    /* x * grid is within rounding of an integer on the grid; +0.5 and a
     * truncating cast round it without a libm call (values are >= origin) */
    double i = (double)(long)(x * f->grid - f->grid_origin + 0.5);
    if (!(i >= 0 && i < (double)f->k) || f->values[(size_t)i] != x)
        return -1;
    return (long)i;
}

ms_status ms_freq_add(ms_freq *f, double x, double count)
{
    long g = grid_index(f, x);
    if (g >= 0) {
        f->counts[g] += count;
        return MS_OK;
    }
    size_t i = freq_lower_bound(f, x);
    if (i < f->k && f->values[i] == x) {
        f->counts[i] += count;
        return MS_OK;
    }
    size_t cap = f->cap;
    if (ms_grow((void **)&f->values, &cap, f->k + 1, sizeof *f->values) ||
        ms_grow((void **)&f->counts, &f->cap, f->k + 1, sizeof *f->counts))
        return MS_ERR_NOMEM;
    memmove(f->values + i + 1, f->values + i, (f->k - i) * sizeof *f->values);
    memmove(f->counts + i + 1, f->counts + i, (f->k - i) * sizeof *f->counts);
    f->values[i] = x;
    f->counts[i] = count;
    f->k++;
    f->grid = 0; /* an off-grid value: binary search from now on */
    return MS_OK;
}

ms_status ms_freq_merge(ms_freq *dst, const ms_freq *src)
{
    for (size_t i = 0; i < src->k; i++)
        if (ms_freq_add(dst, src->values[i], src->counts[i]))
            return MS_ERR_NOMEM;
    dst->missing += src->missing;
    return MS_OK;
}

/* Every level of a scale is present from the start, with count 0, so tables
 * and charts keep levels nobody chose; a construct's table starts with every
 * possible mean of its items, which also makes adding O(1). */
static bool grid_of(double min, double max, double k, ms_grid *g)
{
    if (min != floor(min) || max != floor(max) || (max - min) * k > 1000)
        return false;
    *g = (ms_grid){k, min * k, (size_t)((max - min) * k) + 1};
    return true;
}

static ms_status freq_seed_grid(ms_freq *f, double min, double max, double k)
{
    ms_grid g;
    if (!grid_of(min, max, k, &g))
        return MS_OK;
    for (size_t i = 0; i < g.n; i++) /* the value grid_position checks against */
        if (ms_freq_add(f, (g.origin + (double)i) / g.step, 0))
            return MS_ERR_NOMEM;
    f->grid = g.step;
    f->grid_origin = g.origin;
    return MS_OK;
}

/* A scale's levels, or the possible means of a construct's items: the
 * grid measure m's tables are seeded with (0 when none). */
static double grid_step(const ms_aggregate *agg, size_t m, double *min, double *max)
{
    size_t v = agg->measure_var[m];
    if (!ms_measure_range(agg, m, min, max))
        return 0;
    if (v != NO_VAR)
        return agg->cb->vars[v].type == MS_TYPE_SCALE ? 1 : 0;
    return (double)agg->cb->constructs[m - (agg->n_measures - agg->cb->n_constructs)].n_items;
}

static ms_status freq_seed(const ms_aggregate *agg, size_t m, ms_freq *f)
{
    double min, max, k = grid_step(agg, m, &min, &max);
    return k > 0 ? freq_seed_grid(f, min, max, k) : MS_OK;
}

/* The seeded grids and the construct items' measures, set up once so that
 * adding a row reads dense arrays only. */
static ms_status adding_plan(ms_aggregate *agg)
{
    const ms_codebook *cb = agg->cb;
    size_t n_items = 0, *measure_of_var = ms_calloc(cb->n_vars + 1, sizeof *measure_of_var);
    for (size_t k = 0; k < cb->n_constructs; k++)
        n_items += cb->constructs[k].n_items;
    agg->grids = ms_calloc(agg->n_measures + 1, sizeof *agg->grids);
    agg->grid_n = ms_calloc(agg->n_measures + 1, sizeof *agg->grid_n);
    agg->item_measure = ms_calloc(n_items + 1, sizeof *agg->item_measure);
    if (!measure_of_var || !agg->grids || !agg->grid_n || !agg->item_measure) {
        ms_free(measure_of_var);
        return MS_ERR_NOMEM;
    }
    for (size_t m = 0; m < agg->n_measures; m++) {
        double min, max, k = grid_step(agg, m, &min, &max);
        if (k > 0)
            grid_of(min, max, k, &agg->grids[m]);
        agg->grid_n[m] = (double)agg->grids[m].n;
        if (agg->measure_var[m] != NO_VAR)
            measure_of_var[agg->measure_var[m]] = m;
    }
    for (size_t k = 0, at = 0; k < cb->n_constructs; k++)
        for (size_t i = 0; i < cb->constructs[k].n_items; i++)
            agg->item_measure[at++] = measure_of_var[cb->constructs[k].items[i]];
    ms_free(measure_of_var);
    return MS_OK;
}

/* ---------- cells ---------- */

static void comoments_clear(ms_comoments *c)
{
    ms_free(c->sum);
    ms_free(c->cross);
}

static void cell_clear(const ms_aggregate *agg, ms_cell *c)
{
    for (size_t m = 0; c->measures && m < agg->n_measures; m++)
        ms_freq_clear(&c->measures[m]);
    for (size_t v = 0; c->categories && v < agg->cb->n_vars; v++)
        ms_freq_clear(&c->categories[v]);
    for (size_t k = 0; c->constructs && k < agg->cb->n_constructs; k++)
        comoments_clear(&c->constructs[k]);
    ms_free(c->measures);
    ms_free(c->categories);
    ms_free(c->answered);
    ms_free(c->constructs);
    memset(c, 0, sizeof *c);
}

static ms_status cell_init(const ms_aggregate *agg, ms_cell *c)
{
    const ms_codebook *cb = agg->cb;
    memset(c, 0, sizeof *c);
    c->measures = ms_calloc(agg->n_measures, sizeof *c->measures);
    c->categories = ms_calloc(cb->n_vars, sizeof *c->categories);
    c->answered = ms_calloc(cb->n_vars, sizeof *c->answered);
    c->constructs = ms_calloc(cb->n_constructs, sizeof *c->constructs);
    if (!c->measures || !c->categories || !c->answered || !c->constructs)
        return MS_ERR_NOMEM;
    for (size_t m = 0; m < agg->n_measures; m++)
        if (freq_seed(agg, m, &c->measures[m]))
            return MS_ERR_NOMEM;
    for (size_t k = 0; k < cb->n_constructs; k++) {
        size_t n = cb->constructs[k].n_items;
        ms_comoments *co = &c->constructs[k];
        co->k = n;
        co->sum = ms_calloc(n, sizeof *co->sum);
        co->cross = ms_calloc(n * n, sizeof *co->cross);
        if (!co->sum || !co->cross)
            return MS_ERR_NOMEM;
    }
    return MS_OK;
}

/* ---------- create / destroy ---------- */

void ms_aggregate_destroy(ms_aggregate *agg)
{
    if (!agg)
        return;
    if (agg->measure_var) {
        cell_clear(agg, &agg->all);
        cell_clear(agg, &agg->no_first_by);
        for (size_t b = 0; agg->by && b < agg->n_by; b++) {
            for (size_t l = 0; l < agg->by[b].n_cells; l++)
                cell_clear(agg, &agg->by[b].cells[l]);
            ms_free(agg->by[b].cells);
        }
    }
    for (size_t v = 0; agg->levels && v < agg->cb->n_vars; v++)
        ms_levels_clear(&agg->levels[v]);
    for (size_t i = 0; i < agg->n_resp; i++) {
        ms_free(agg->resp[i].id);
        ms_free(agg->resp[i].values);
    }
    ms_free(agg->resp);
    ms_free(agg->repeat_keys);
    ms_free(agg->row_keys);
    for (size_t m = 0; agg->pair_diffs && m < agg->n_measures; m++)
        ms_freq_clear(&agg->pair_diffs[m]);
    ms_free(agg->pair_diffs);
    ms_free(agg->pair_sums);
    ms_free(agg->levels);
    ms_free(agg->by);
    ms_free(agg->measure_var);
    ms_free(agg->categorical);
    ms_free(agg->grids);
    ms_free(agg->grid_n);
    ms_free(agg->item_measure);
    ms_free(agg);
}

static ms_status copy_choice_levels(ms_aggregate *agg)
{
    const ms_codebook *cb = agg->cb;
    for (size_t v = 0; v < cb->n_vars; v++) {
        const ms_variable *var = &cb->vars[v];
        ms_levels *lv = &agg->levels[v];
        if (var->type == MS_TYPE_YESNO) {
            if (ms_levels_init_yesno(lv, var))
                return MS_ERR_NOMEM;
            continue;
        }
        if (!ms_vartype_is_categorical(var->type))
            continue;
        for (size_t i = 0; i < var->n_choices; i++) {
            if (ms_levels_intern(lv, var->choices[i].label, strlen(var->choices[i].label)) < 0)
                return MS_ERR_NOMEM;
            lv->numbers[i] = var->choices[i].value;
        }
        lv->fixed = var->n_choices > 0;
    }
    return MS_OK;
}

static long first_of_type(const ms_codebook *cb, ms_vartype t)
{
    for (size_t v = 0; v < cb->n_vars; v++)
        if (cb->vars[v].type == t)
            return (long)v;
    return -1;
}

/* ---------- reading (mentorstat/aggregate.h) ---------- */

const ms_codebook *ms_aggregate_codebook(const ms_aggregate *agg)
{
    return agg->cb;
}

size_t ms_aggregate_n_measures(const ms_aggregate *agg)
{
    return agg->n_measures;
}

size_t ms_aggregate_measure_var(const ms_aggregate *agg, size_t m)
{
    return agg->measure_var[m];
}

const ms_levels *ms_aggregate_levels(const ms_aggregate *agg, size_t var)
{
    return &agg->levels[var];
}

const ms_cell *ms_aggregate_all(const ms_aggregate *agg)
{
    return &agg->all;
}

size_t ms_aggregate_n_by(const ms_aggregate *agg)
{
    return agg->n_by;
}

const ms_by *ms_aggregate_by(const ms_aggregate *agg, size_t b)
{
    return &agg->by[b];
}

const ms_tally *ms_aggregate_rows(const ms_aggregate *agg)
{
    return &agg->rows;
}

long ms_aggregate_id_var(const ms_aggregate *agg)
{
    return agg->id_var;
}

long ms_aggregate_wave_var(const ms_aggregate *agg)
{
    return agg->wave_var;
}

long ms_aggregate_year_var(const ms_aggregate *agg)
{
    return agg->year_var;
}

long ms_aggregate_pair_var(const ms_aggregate *agg)
{
    return agg->pair_var;
}

void ms_aggregate_count_rows(ms_aggregate *agg, const ms_tally *rows)
{
    ms_tally_add(&agg->rows, rows);
}

void ms_aggregate_set_count_duplicates(ms_aggregate *agg, bool on)
{
    agg->count_duplicates = on;
}

ms_status ms_aggregate_create(const ms_codebook *cb, const size_t *by_vars, size_t n_by,
                              ms_aggregate **out, ms_error *err)
{
    ms_aggregate *agg = ms_calloc(1, sizeof *agg);
    *out = NULL;
    if (!agg)
        goto nomem;
    agg->cb = cb;
    size_t n_numeric = 0;
    for (size_t v = 0; v < cb->n_vars; v++)
        n_numeric += ms_vartype_is_numeric(cb->vars[v].type);
    agg->n_measures = n_numeric + cb->n_constructs;
    agg->measure_var = ms_calloc(agg->n_measures, sizeof *agg->measure_var);
    agg->levels = ms_calloc(cb->n_vars, sizeof *agg->levels);
    agg->by = ms_calloc(n_by, sizeof *agg->by);
    if (!agg->measure_var || !agg->levels || !agg->by)
        goto nomem;
    for (size_t v = 0, m = 0; v < cb->n_vars; v++)
        if (ms_vartype_is_numeric(cb->vars[v].type))
            agg->measure_var[m++] = v;
    for (size_t k = 0; k < cb->n_constructs; k++)
        agg->measure_var[n_numeric + k] = NO_VAR;
    agg->n_by = n_by;
    for (size_t b = 0; b < n_by; b++)
        agg->by[b].var = by_vars[b];
    if (!(agg->categorical = ms_calloc(cb->n_vars + 1, sizeof *agg->categorical)))
        goto nomem;
    for (size_t v = 0; v < cb->n_vars; v++)
        if (ms_vartype_is_categorical(cb->vars[v].type))
            agg->categorical[agg->n_categorical++] = v;
    agg->id_var = first_of_type(cb, MS_TYPE_ID);
    agg->wave_var = first_of_type(cb, MS_TYPE_WAVE);
    agg->year_var = first_of_type(cb, MS_TYPE_YEAR);
    agg->pair_var = first_of_type(cb, MS_TYPE_PAIR);
    if (copy_choice_levels(agg) || adding_plan(agg) || cell_init(agg, &agg->all))
        goto nomem;
    *out = agg;
    return MS_OK;
nomem:
    ms_aggregate_destroy(agg);
    return ms_error_set(err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

/* ---------- measures ---------- */

const char *ms_measure_name(const ms_aggregate *agg, size_t m)
{
    size_t v = agg->measure_var[m];
    if (v != NO_VAR)
        return agg->cb->vars[v].name;
    return agg->cb->constructs[m - (agg->n_measures - agg->cb->n_constructs)].name;
}

const char *ms_measure_label(const ms_aggregate *agg, size_t m)
{
    size_t v = agg->measure_var[m];
    if (v != NO_VAR)
        return agg->cb->vars[v].label;
    return agg->cb->constructs[m - (agg->n_measures - agg->cb->n_constructs)].label;
}

bool ms_measure_range(const ms_aggregate *agg, size_t m, double *min, double *max)
{
    size_t v = agg->measure_var[m];
    if (v != NO_VAR) {
        *min = agg->cb->vars[v].min;
        *max = agg->cb->vars[v].max;
        return agg->cb->vars[v].has_range;
    }
    const ms_construct *c = &agg->cb->constructs[m - (agg->n_measures - agg->cb->n_constructs)];
    *min = c->min;
    *max = c->max;
    return !isnan(c->min);
}

/* ---------- adding a record ---------- */

/* The aggregate's own index of a record's level (levels are kept by label). */
static long own_level(ms_aggregate *agg, const ms_record *rec, size_t v, size_t level)
{
    const ms_levels *src = &rec->levels[v];
    if (level >= src->n)
        return -1;
    ms_levels *lv = &agg->levels[v];
    const char *label = src->labels[level];
    size_t len = src->lengths[level];
    if (level < lv->n && lv->lengths[level] == len && memcmp(lv->labels[level], label, len) == 0)
        return (long)level; /* the usual case: same order as the loader */
    bool fixed = lv->fixed;
    lv->fixed = false;
    long i = ms_levels_intern(lv, label, len);
    lv->fixed = fixed;
    return i;
}

/* A row's measures as numbers (NAN when missing) and as positions on their
 * grids (-1 when missing or off the grid): computed once, added to a cell or two. */
typedef struct {
    double *x;
    long *at;
    double *items;   /* every construct's items in turn, side by side */
} row_measures;

/* n: g->n as a double (an unsigned conversion per value cost a tenth of adding) */
static inline long grid_position(const ms_grid *g, double n, double x)
{
    if (g->step == 1) { /* a scale: its integer levels from origin on (NAN fails) */
        double i = x - g->origin;
        return i >= 0 && i < n && i == (double)(long)i ? (long)i : -1;
    }
    if (g->n == 0 || !(x == x))
        return -1;
    /* +0.5 and a truncating cast round without a libm call; the seeded
     * value is recomputed the way freq_seed_grid made it, to be exact */
    double i = (double)(long)(x * g->step - g->origin + 0.5);
    if (!(i >= 0 && i < n))
        return -1;
    if ((g->origin + i) / g->step != x)
        return -1;
    return (long)i;
}

static void measure_values(const ms_aggregate *agg, const ms_record *rec, row_measures *rm)
{
    const ms_codebook *cb = agg->cb;
    size_t n_numeric = agg->n_measures - cb->n_constructs;
    const ms_grid *g = agg->grids;
    const double *grid_n = agg->grid_n;
    for (size_t m = 0; m < n_numeric; m++) {
        const ms_value *val = &rec->values[agg->measure_var[m]];
        double x = val->missing ? NAN : val->value;
        rm->x[m] = x;
        rm->at[m] = grid_position(&g[m], grid_n[m], x);
    }
    const size_t *item = agg->item_measure;
    double *v = rm->items;
    for (size_t k = 0, m = n_numeric; k < cb->n_constructs; k++, m++) {
        size_t n = cb->constructs[k].n_items;
        double s = 0;
        for (size_t i = 0; i < n; i++)
            s += *v++ = rm->x[*item++]; /* NAN when one is missing */
        rm->x[m] = s / (double)n;
        rm->at[m] = grid_position(&g[m], grid_n[m], rm->x[m]);
    }
}

static inline __attribute__((always_inline)) void
add_cross(double *restrict sum, double *restrict cross, const double *restrict v, size_t k)
{
    for (size_t i = 0; i < k; i++, cross += k) {
        sum[i] += v[i];
        for (size_t j = i; j < k; j++) /* upper triangle: symmetric */
            cross[j] += v[i] * v[j];
    }
}

/* v: the construct's items side by side, so no product looks up an index;
 * mean: theirs (measure_values), NAN when one of them is. */
static void add_comoments(ms_comoments *co, const double *restrict v, double mean)
{
    size_t k = co->k;
    bool same = true, gap = false;
    for (size_t i = 0; isnan(mean) && i < k; i++) /* else none is: NAN stays in a sum */
        gap |= isnan(v[i]);
    if (gap)
        return; /* listwise: complete cases only */
    for (size_t i = 1; i < k; i++)
        same &= v[i] == v[0];
    co->n += 1;
    co->straightlined += same;
    /* constructs have a few items: with k a constant the loops unroll (each
     * sum and product is the same operation either way) */
    switch (k) {
    case 3: add_cross(co->sum, co->cross, v, 3); break;
    case 4: add_cross(co->sum, co->cross, v, 4); break;
    case 5: add_cross(co->sum, co->cross, v, 5); break;
    case 6: add_cross(co->sum, co->cross, v, 6); break;
    default: add_cross(co->sum, co->cross, v, k); break;
    }
}

static ms_status add_to_cell(ms_aggregate *agg, ms_cell *cell, const ms_record *rec,
                             const row_measures *rm)
{
    const ms_codebook *cb = agg->cb;
    cell->rows += 1;
    const long *at = rm->at;
    const double *x = rm->x;
    ms_freq *f = cell->measures;
    for (size_t m = 0, n = agg->n_measures; m < n; m++, f++) {
        if (at[m] >= 0 && f->grid > 0) /* a seeded table still on its grid */
            f->counts[at[m]] += 1;
        else if (isnan(x[m]))
            f->missing += 1;
        else if (ms_freq_add(f, x[m], 1))
            return MS_ERR_NOMEM;
    }
    for (size_t c = 0; c < agg->n_categorical; c++) {
        size_t v = agg->categorical[c];
        const ms_value *val = &rec->values[v];
        ms_freq *f = &cell->categories[v];
        if (val->missing) {
            f->missing += 1;
            continue;
        }
        cell->answered[v] += 1;
        size_t n = cb->vars[v].type == MS_TYPE_MULTI ? val->n_levels : 1;
        for (size_t i = 0; i < n; i++) {
            size_t lvl = cb->vars[v].type == MS_TYPE_MULTI ? val->levels[i] : (size_t)val->value;
            long own = cb->vars[v].type == MS_TYPE_YESNO ? (long)lvl : own_level(agg, rec, v, lvl);
            if (own < 0)
                return MS_ERR_NOMEM;
            /* levels 0..k-1 all seen: the table's entry i is level i */
            if ((size_t)own < f->k && f->values[own] == (double)own)
                f->counts[own] += 1;
            else if (ms_freq_add(f, (double)own, 1))
                return MS_ERR_NOMEM;
        }
    }
    const double *v = rm->items, *mean = rm->x + (agg->n_measures - cb->n_constructs);
    for (size_t k = 0; k < cb->n_constructs; k++) {
        add_comoments(&cell->constructs[k], v, mean[k]);
        v += cb->constructs[k].n_items;
    }
    return MS_OK;
}

static ms_status by_cell(ms_aggregate *agg, ms_by *by, size_t level, ms_cell **out);

ms_status ms_aggregate_by_cell(ms_aggregate *agg, size_t b, size_t level, ms_cell **out)
{
    return by_cell(agg, &agg->by[b], level, out);
}

static ms_status by_cell(ms_aggregate *agg, ms_by *by, size_t level, ms_cell **out)
{
    if (level >= by->n_cells) {
        if (ms_grow((void **)&by->cells, &by->cap, level + 1, sizeof *by->cells))
            return MS_ERR_NOMEM;
        for (size_t l = by->n_cells; l <= level; l++) {
            by->n_cells = l + 1;
            if (cell_init(agg, &by->cells[l]))
                return MS_ERR_NOMEM;
        }
    }
    *out = &by->cells[level];
    return MS_OK;
}

/* The aggregate's level of the record's year, MS_NO_YEAR without one. */
static size_t respondent_year(ms_aggregate *agg, const ms_record *rec)
{
    if (agg->year_var < 0 || rec->values[agg->year_var].missing)
        return MS_NO_YEAR;
    long y = own_level(agg, rec, (size_t)agg->year_var, (size_t)rec->values[agg->year_var].value);
    return y < 0 ? MS_NO_YEAR : (size_t)y;
}

/* Hash of a cell's text, led by a byte telling a missing cell from an empty one. */
static uint64_t hash_cell(uint64_t h, const ms_value *v)
{
    unsigned char present = v && !v->missing;
    h = ms_fnv1a(h, &present, 1);
    return present ? ms_fnv1a(h, v->text, v->text_len) : h;
}

/* Who answered, without a wave: the file's scope, the year's label (not its
 * level: levels differ between merged aggregates), the code and the pair. */
static uint64_t repeat_key(const ms_aggregate *agg, const ms_record *rec)
{
    uint64_t h = ms_fnv1a(MS_FNV_SEED, &agg->scope, sizeof agg->scope);
    const ms_value *year = agg->year_var >= 0 ? &rec->values[agg->year_var] : NULL;
    const ms_levels *lv = year ? &rec->levels[agg->year_var] : NULL;
    bool has_year = year && !year->missing && (size_t)year->value < lv->n;
    const char *label = has_year ? lv->labels[(size_t)year->value] : "";
    h = ms_fnv1a(h, label, strlen(label) + 1);
    h = hash_cell(h, &rec->values[agg->id_var]);
    return agg->pair_var >= 0 ? hash_cell(h, &rec->values[agg->pair_var]) : h;
}

static ms_status add_repeat_key(ms_aggregate *agg, const ms_record *rec)
{
    if (ms_grow((void **)&agg->repeat_keys, &agg->repeat_keys_cap, agg->n_repeat_keys + 1,
                sizeof *agg->repeat_keys))
        return MS_ERR_NOMEM;
    agg->repeat_keys[agg->n_repeat_keys++] = repeat_key(agg, rec);
    return MS_OK;
}

static ms_status add_respondent(ms_aggregate *agg, const ms_record *rec, const double *mv)
{
    const ms_value *id = &rec->values[agg->id_var];
    const ms_value *wave = agg->wave_var >= 0 ? &rec->values[agg->wave_var] : NULL;
    if (id->missing || (wave && wave->missing))
        return MS_OK;
    if (!wave) /* nobody to pair: a hash is enough to count repeats */
        return add_repeat_key(agg, rec);
    /* without a wave variable every respondent is in "wave" 0: duplicates still show */
    long w = wave ? own_level(agg, rec, (size_t)agg->wave_var, (size_t)wave->value) : 0;
    if (w < 0 || ms_grow((void **)&agg->resp, &agg->resp_cap, agg->n_resp + 1, sizeof *agg->resp))
        return MS_ERR_NOMEM;
    ms_respondent *r = &agg->resp[agg->n_resp];
    r->id = ms_strndup(id->text, id->text_len);
    r->values = ms_malloc(agg->n_measures * sizeof *r->values);
    if (!r->id || !r->values) {
        ms_free(r->id);
        ms_free(r->values);
        return MS_ERR_NOMEM;
    }
    r->wave = (size_t)w;
    r->scope = agg->scope;
    r->year = respondent_year(agg, rec);
    r->line = rec->line;
    memcpy(r->values, mv, agg->n_measures * sizeof *mv);
    agg->n_resp++;
    return MS_OK;
}

bool ms_aggregate_reads_codes(const ms_aggregate *agg)
{
    return agg->id_var >= 0 && (agg->wave_var >= 0 || agg->count_duplicates);
}

ms_status ms_aggregate_add(ms_aggregate *agg, const ms_record *rec, ms_error *err)
{
    /* constructs' items are numeric variables, each in one construct at most:
     * fewer than the measures */
    enum { ON_STACK = 256 };
    double xbuf[ON_STACK], itembuf[ON_STACK];
    long atbuf[ON_STACK];
    size_t n = agg->n_measures;
    bool small = n <= ON_STACK;
    row_measures rm = {small ? xbuf : ms_malloc(n * sizeof *rm.x),
                       small ? atbuf : ms_malloc(n * sizeof *rm.at),
                       small ? itembuf : ms_malloc(n * sizeof *rm.items)};
    ms_status st = MS_ERR_NOMEM;
    if (!rm.x || !rm.at || !rm.items)
        goto cleanup;
    measure_values(agg, rec, &rm);
    if (!agg->all_deferred && add_to_cell(agg, &agg->all, rec, &rm))
        goto cleanup;
    for (size_t b = 0; b < agg->n_by; b++) {
        size_t v = agg->by[b].var;
        const ms_value *val = &rec->values[v];
        if (val->missing) {
            if (b == 0 && agg->all_deferred && add_to_cell(agg, &agg->no_first_by, rec, &rm))
                goto cleanup;
            continue;
        }
        long own = agg->cb->vars[v].type == MS_TYPE_YESNO ? (long)val->value
                                                          : own_level(agg, rec, v, (size_t)val->value);
        ms_cell *cell;
        if (own < 0 || by_cell(agg, &agg->by[b], (size_t)own, &cell) ||
            add_to_cell(agg, cell, rec, &rm))
            goto cleanup;
    }
    if (ms_aggregate_reads_codes(agg) && add_respondent(agg, rec, rm.x))
        goto cleanup;
    if (agg->count_duplicates) {
        if (ms_grow((void **)&agg->row_keys, &agg->row_keys_cap, agg->n_row_keys + 1,
                    sizeof *agg->row_keys))
            goto cleanup;
        agg->row_keys[agg->n_row_keys++] = (ms_row_key){ms_record_row_hash(rec), rec->file_index,
                                                              rec->line};
    }
    st = MS_OK;
cleanup:
    if (!small) {
        ms_free(rm.x);
        ms_free(rm.at);
        ms_free(rm.items);
    }
    if (st)
        ms_error_set(err, st, rec->file, rec->line, 0, "out of memory");
    return st;
}

/* ---------- merging ---------- */

static ms_status merge_cell(ms_aggregate *dst, ms_cell *d, const ms_aggregate *src,
                            const ms_cell *s, size_t **level_map)
{
    const ms_codebook *cb = dst->cb;
    d->rows += s->rows;
    for (size_t m = 0; m < dst->n_measures; m++)
        if (ms_freq_merge(&d->measures[m], &s->measures[m]))
            return MS_ERR_NOMEM;
    for (size_t v = 0; v < cb->n_vars; v++) {
        const ms_freq *sf = &s->categories[v];
        d->answered[v] += s->answered[v];
        d->categories[v].missing += sf->missing;
        for (size_t i = 0; i < sf->k; i++)
            if (ms_freq_add(&d->categories[v], (double)level_map[v][(size_t)sf->values[i]],
                            sf->counts[i]))
                return MS_ERR_NOMEM;
    }
    for (size_t k = 0; k < cb->n_constructs; k++) {
        ms_comoments *dc = &d->constructs[k];
        const ms_comoments *sc = &s->constructs[k];
        dc->n += sc->n;
        dc->straightlined += sc->straightlined;
        for (size_t i = 0; i < dc->k; i++)
            dc->sum[i] += sc->sum[i];
        for (size_t i = 0; i < dc->k * dc->k; i++)
            dc->cross[i] += sc->cross[i];
    }
    (void)src;
    return MS_OK;
}

static ms_status build_level_maps(ms_aggregate *dst, const ms_aggregate *src, size_t **maps)
{
    for (size_t v = 0; v < dst->cb->n_vars; v++) {
        const ms_levels *sl = &src->levels[v];
        if (!(maps[v] = ms_calloc(sl->n + 1, sizeof **maps)))
            return MS_ERR_NOMEM;
        ms_levels *dl = &dst->levels[v];
        bool fixed = dl->fixed;
        dl->fixed = false;
        for (size_t i = 0; i < sl->n; i++) {
            long j = ms_levels_intern(dl, sl->labels[i], strlen(sl->labels[i]));
            if (j < 0) {
                dl->fixed = fixed;
                return MS_ERR_NOMEM;
            }
            maps[v][i] = (size_t)j;
        }
        dl->fixed = fixed;
    }
    return MS_OK;
}

static ms_status merge_respondents(ms_aggregate *dst, const ms_aggregate *src, size_t **maps)
{
    for (size_t i = 0; i < src->n_resp; i++) {
        const ms_respondent *r = &src->resp[i];
        if (ms_grow((void **)&dst->resp, &dst->resp_cap, dst->n_resp + 1, sizeof *dst->resp))
            return MS_ERR_NOMEM;
        ms_respondent *d = &dst->resp[dst->n_resp];
        d->id = ms_strdup(r->id);
        d->values = ms_malloc(dst->n_measures * sizeof *d->values);
        if (!d->id || !d->values) {
            ms_free(d->id);
            ms_free(d->values);
            return MS_ERR_NOMEM;
        }
        memcpy(d->values, r->values, dst->n_measures * sizeof *d->values);
        d->wave = dst->wave_var >= 0 ? maps[dst->wave_var][r->wave] : 0;
        d->scope = r->scope;
        d->year = dst->year_var >= 0 && r->year != MS_NO_YEAR ? maps[dst->year_var][r->year]
                                                               : MS_NO_YEAR;
        d->line = r->line;
        dst->n_resp++;
    }
    return MS_OK;
}

ms_status ms_aggregate_merge(ms_aggregate *dst, const ms_aggregate *src, ms_error *err)
{
    size_t **maps = ms_calloc(dst->cb->n_vars, sizeof *maps);
    ms_status st = MS_ERR_NOMEM;
    if (dst->n_by != src->n_by || dst->n_measures != src->n_measures) {
        st = ms_error_set(err, MS_ERR_USAGE, NULL, 0, 0, "cannot merge summaries of different shape");
        goto cleanup;
    }
    if (!maps || build_level_maps(dst, src, maps) || merge_cell(dst, &dst->all, src, &src->all, maps))
        goto cleanup;
    for (size_t b = 0; b < dst->n_by; b++) {
        const ms_by *sb = &src->by[b];
        for (size_t l = 0; l < sb->n_cells; l++) {
            ms_cell *cell;
            if (by_cell(dst, &dst->by[b], maps[dst->by[b].var][l], &cell) ||
                merge_cell(dst, cell, src, &sb->cells[l], maps))
                goto cleanup;
        }
        dst->by[b].withheld_groups += sb->withheld_groups;
        dst->by[b].withheld_rows += sb->withheld_rows;
    }
    if (src->n_resp && merge_respondents(dst, src, maps))
        goto cleanup;
    if (src->n_repeat_keys) {
        if (ms_grow((void **)&dst->repeat_keys, &dst->repeat_keys_cap,
                    dst->n_repeat_keys + src->n_repeat_keys, sizeof *dst->repeat_keys))
            goto cleanup;
        memcpy(dst->repeat_keys + dst->n_repeat_keys, src->repeat_keys,
               src->n_repeat_keys * sizeof *src->repeat_keys);
        dst->n_repeat_keys += src->n_repeat_keys;
    }
    if (src->n_row_keys) {
        if (ms_grow((void **)&dst->row_keys, &dst->row_keys_cap,
                    dst->n_row_keys + src->n_row_keys, sizeof *dst->row_keys))
            goto cleanup;
        memcpy(dst->row_keys + dst->n_row_keys, src->row_keys,
               src->n_row_keys * sizeof *src->row_keys);
        dst->n_row_keys += src->n_row_keys;
    }
    if (src->pair_diffs) {
        if (!dst->pair_diffs && !(dst->pair_diffs = ms_calloc(dst->n_measures, sizeof *dst->pair_diffs)))
            goto cleanup;
        for (size_t m = 0; m < dst->n_measures; m++)
            if (ms_freq_merge(&dst->pair_diffs[m], &src->pair_diffs[m]))
                goto cleanup;
    }
    if (src->pair_sums) {
        if (!dst->pair_sums && !(dst->pair_sums = ms_calloc(3 * dst->n_measures, sizeof *dst->pair_sums)))
            goto cleanup;
        for (size_t i = 0; i < 3 * dst->n_measures; i++)
            dst->pair_sums[i] += src->pair_sums[i];
    }
    dst->pair_duplicates += src->pair_duplicates;
    for (int k = 0; k < 3; k++)
        dst->pair_links[k] += src->pair_links[k];
    ms_tally_add(&dst->rows, &src->rows);
    st = MS_OK;
cleanup:
    for (size_t v = 0; maps && v < dst->cb->n_vars; v++)
        ms_free(maps[v]);
    ms_free(maps);
    if (st == MS_ERR_NOMEM)
        ms_error_set(err, st, NULL, 0, 0, "out of memory");
    return st;
}

/* ---------- level order ---------- */

void ms_levels_natural_order(const ms_levels *lv, size_t *order)
{
    bool numeric = !lv->fixed;
    for (size_t i = 0; i < lv->n; i++) {
        order[i] = i;
        numeric = numeric && !isnan(lv->numbers[i]);
    }
    if (!numeric)
        return;
    /* insertion sort: levels are few, and it is stable */
    for (size_t i = 1; i < lv->n; i++)
        for (size_t j = i; j > 0 && lv->numbers[order[j - 1]] > lv->numbers[order[j]]; j--) {
            size_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
}

/* ---------- paired differences ---------- */

/* Order by who (scope, year, id), then wave and line; 0 from who_cmp: one person. */
static int who_cmp(const ms_respondent *x, const ms_respondent *y)
{
    if (x->scope != y->scope)
        return x->scope < y->scope ? -1 : 1;
    if (x->year != y->year)
        return x->year < y->year ? -1 : 1;
    return strcmp(x->id, y->id);
}

static int respondent_cmp(const void *a, const void *b)
{
    const ms_respondent *x = *(const ms_respondent *const *)a, *y = *(const ms_respondent *const *)b;
    int c = who_cmp(x, y);
    if (c)
        return c;
    if (x->wave != y->wave)
        return x->wave < y->wave ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* fn gets every respondent seen in both waves; with `singles`, also those
 * seen in one of them only (the other side NULL). */
static ms_status match_waves(const ms_aggregate *agg, size_t w_from, size_t w_to, bool singles,
                             ms_pair_fn fn, void *ctx, double *duplicates)
{
    const ms_respondent **r = ms_calloc(agg->n_resp + 1, sizeof *r);
    if (!r)
        return MS_ERR_NOMEM;
    for (size_t i = 0; i < agg->n_resp; i++)
        r[i] = &agg->resp[i];
    gsl_heapsort(r, agg->n_resp, sizeof *r, respondent_cmp);
    const ms_respondent *from = NULL, *to = NULL;
    ms_status st = MS_OK;
    for (size_t i = 0; i <= agg->n_resp && st == MS_OK; i++) {
        bool new_id = i == agg->n_resp || i == 0 || who_cmp(r[i], r[i - 1]) != 0;
        if (new_id && ((from && to) || (singles && (from || to))))
            st = fn(from, to, ctx);
        if (i == agg->n_resp)
            break;
        if (new_id)
            from = to = NULL;
        else if (r[i]->wave == r[i - 1]->wave) {
            *duplicates += 1; /* the first answer of a wave counts */
            continue;
        }
        if (r[i]->wave == w_from)
            from = r[i];
        else if (r[i]->wave == w_to)
            to = r[i];
    }
    ms_free(r);
    return st;
}

/* The first two wave levels in natural order: "from" and "to" (*found is
 * false without an id, a wave variable or two of its levels). */
static ms_status wave_pair(const ms_aggregate *agg, size_t *from, size_t *to, bool *found)
{
    *found = false;
    if (agg->id_var < 0 || agg->wave_var < 0 || agg->levels[agg->wave_var].n < 2)
        return MS_OK;
    const ms_levels *lv = &agg->levels[agg->wave_var];
    size_t *order = ms_calloc(lv->n, sizeof *order);
    if (!order)
        return MS_ERR_NOMEM;
    ms_levels_natural_order(lv, order);
    *from = order[0];
    *to = order[1];
    *found = true;
    ms_free(order);
    return MS_OK;
}

ms_status ms_aggregate_each_pair(const ms_aggregate *agg, ms_pair_fn fn, void *ctx,
                                 double *duplicates, bool *waves)
{
    size_t from, to;
    *duplicates = 0;
    ms_status st = wave_pair(agg, &from, &to, waves);
    return st == MS_OK && *waves ? match_waves(agg, from, to, false, fn, ctx, duplicates) : st;
}

static ms_status count_link(const ms_respondent *from, const ms_respondent *to, void *ctx)
{
    ms_link_counts *c = ctx;
    c->both += from && to;
    c->only_from += from && !to;
    c->only_to += to && !from;
    return MS_OK;
}

ms_status ms_aggregate_link_counts(const ms_aggregate *agg, ms_link_counts *out, bool *waves)
{
    size_t from, to;
    double duplicates = 0;
    *out = (ms_link_counts){agg->pair_links[0], agg->pair_links[1], agg->pair_links[2]};
    ms_status st = wave_pair(agg, &from, &to, waves);
    return st == MS_OK && *waves ? match_waves(agg, from, to, true, count_link, out, &duplicates)
                                 : st;
}

typedef struct {
    const ms_aggregate *agg;
    ms_freq *diffs;
} diffs_ctx;

static ms_status add_diffs(const ms_respondent *from, const ms_respondent *to, void *ctx)
{
    diffs_ctx *d = ctx;
    for (size_t m = 0; m < d->agg->n_measures; m++)
        if (!isnan(from->values[m]) && !isnan(to->values[m]) &&
            ms_freq_add(&d->diffs[m], to->values[m] - from->values[m], 1))
            return MS_ERR_NOMEM;
    return MS_OK;
}

static ms_status no_pair(const ms_respondent *from, const ms_respondent *to, void *ctx)
{
    (void)from, (void)to, (void)ctx;
    return MS_OK;
}

ms_status ms_aggregate_paired_diffs(const ms_aggregate *agg, ms_freq *diffs, double *duplicates)
{
    diffs_ctx d = {agg, diffs};
    bool waves;
    ms_status st = ms_aggregate_each_pair(agg, add_diffs, &d, duplicates, &waves);
    if (!waves)
        return st;
    *duplicates += agg->pair_duplicates;
    for (size_t m = 0; st == MS_OK && agg->pair_diffs && m < agg->n_measures; m++)
        st = ms_freq_merge(&diffs[m], &agg->pair_diffs[m]);
    return st;
}

typedef struct {
    const ms_aggregate *agg;
    double *sums;
} sums_ctx;

static ms_status add_sums(const ms_respondent *from, const ms_respondent *to, void *ctx)
{
    sums_ctx *c = ctx;
    for (size_t m = 0; m < c->agg->n_measures; m++) {
        if (isnan(from->values[m]) || isnan(to->values[m]))
            continue;
        c->sums[3 * m] += 1;
        c->sums[3 * m + 1] += from->values[m];
        c->sums[3 * m + 2] += to->values[m];
    }
    return MS_OK;
}

ms_status ms_aggregate_paired_sums(const ms_aggregate *agg, double *sums)
{
    sums_ctx c = {agg, sums};
    double duplicates;
    bool waves;
    memset(sums, 0, 3 * agg->n_measures * sizeof *sums);
    ms_status st = ms_aggregate_each_pair(agg, add_sums, &c, &duplicates, &waves);
    for (size_t i = 0; st == MS_OK && agg->pair_sums && i < 3 * agg->n_measures; i++)
        sums[i] += agg->pair_sums[i];
    return st;
}

static int key_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Rows whose hash was seen before (64 bits: about 1e-9 chance of a false
 * repeat among 300 000 rows). */
static ms_status count_repeat_keys(const ms_aggregate *agg, double *repeats)
{
    uint64_t *k = ms_malloc((agg->n_repeat_keys + 1) * sizeof *k);
    if (!k)
        return MS_ERR_NOMEM;
    memcpy(k, agg->repeat_keys, agg->n_repeat_keys * sizeof *k);
    gsl_heapsort(k, agg->n_repeat_keys, sizeof *k, key_cmp);
    for (size_t i = 1; i < agg->n_repeat_keys; i++)
        *repeats += k[i] == k[i - 1];
    ms_free(k);
    return MS_OK;
}

static int row_key_cmp(const void *a, const void *b)
{
    const ms_row_key *x = a, *y = b;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    if (x->file != y->file)
        return x->file < y->file ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

static int row_place_cmp(const void *a, const void *b)
{
    const ms_row_key *x = a, *y = b;
    if (x->file != y->file)
        return x->file < y->file ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

ms_status ms_aggregate_identical_rows(const ms_aggregate *agg, double *identical,
                                      ms_row_key *first, ms_row_key *of, size_t max,
                                      size_t *n_first)
{
    size_t n = agg->n_row_keys;
    *identical = 0;
    *n_first = 0;
    if (n < 2)
        return MS_OK;
    ms_row_key *k = ms_malloc(2 * n * sizeof *k), *rep = k + n;
    if (!k)
        return MS_ERR_NOMEM;
    memcpy(k, agg->row_keys, n * sizeof *k);
    gsl_heapsort(k, n, sizeof *k, row_key_cmp);
    size_t n_rep = 0, origin = 0;
    for (size_t i = 1; i < n; i++) {
        if (k[i].hash != k[i - 1].hash) {
            origin = i;
            continue;
        }
        rep[n_rep] = k[i];
        rep[n_rep].hash = origin; /* the first row of its kind, by place */
        n_rep++;
    }
    *identical = (double)n_rep;
    gsl_heapsort(rep, n_rep, sizeof *rep, row_place_cmp);
    for (size_t i = 0; i < n_rep && i < max; i++) {
        if (of)
            of[i] = k[rep[i].hash];
        first[i] = rep[i];
        first[i].hash = k[rep[i].hash].hash;
        (*n_first)++;
    }
    ms_free(k);
    return MS_OK;
}

ms_status ms_aggregate_count_duplicates(const ms_aggregate *agg, double *duplicates)
{
    *duplicates = 0;
    if (agg->n_repeat_keys) {
        ms_status st = count_repeat_keys(agg, duplicates);
        *duplicates += agg->pair_duplicates;
        return st;
    }
    ms_status st = agg->n_resp ? match_waves(agg, 0, (size_t)-1, false, no_pair, NULL, duplicates)
                               : MS_OK;
    *duplicates += agg->pair_duplicates;
    return st;
}

/* ---------- deferring the total while loading ---------- */

/* Only an empty aggregate may defer `all`: it is then exactly the merge of
 * the first --by variable's cells and of the rows without its value. */
ms_status ms_aggregate_defer_total(ms_aggregate *agg)
{
    if (agg->n_by == 0 || agg->all.rows > 0 || agg->by[0].n_cells > 0)
        return MS_OK;
    if (cell_init(agg, &agg->no_first_by)) {
        cell_clear(agg, &agg->no_first_by);
        return MS_ERR_NOMEM;
    }
    agg->all_deferred = true;
    return MS_OK;
}

ms_status ms_aggregate_settle_total(ms_aggregate *agg, bool failed)
{
    if (failed && agg->all_deferred) {
        /* a failed read may leave a cell half made: never merge it */
        agg->all_deferred = false;
        cell_clear(agg, &agg->no_first_by);
    }
    if (!agg->all_deferred)
        return MS_OK;
    agg->all_deferred = false;
    ms_status st = MS_ERR_NOMEM;
    size_t **same = ms_calloc(agg->cb->n_vars, sizeof *same);
    if (!same || build_level_maps(agg, agg, same))
        goto cleanup;
    const ms_by *first = &agg->by[0];
    for (size_t l = 0; l < first->n_cells; l++)
        if (merge_cell(agg, &agg->all, agg, &first->cells[l], same))
            goto cleanup;
    if (merge_cell(agg, &agg->all, agg, &agg->no_first_by, same))
        goto cleanup;
    st = MS_OK;
cleanup:
    for (size_t v = 0; same && v < agg->cb->n_vars; v++)
        ms_free(same[v]);
    ms_free(same);
    cell_clear(agg, &agg->no_first_by);
    return st;
}
