/* results.c — from an aggregate to every figure of the contract. */
#include "mentorstat/results.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mentorstat/scrub.h"
#include "util.h"

/* ---------- items ---------- */

static double top_box_threshold(double min, double max, double share)
{
    double levels = max - min + 1;
    return max - round(levels * share) + 1;
}

static void item_result(const ms_aggregate *agg, size_t m, const ms_cell *cell,
                        const ms_results_options *opt, ms_item_result *it)
{
    const ms_codebook *cb = ms_aggregate_codebook(agg);
    const ms_freq *f = &cell->measures[m];
    it->measure = m;
    it->name = ms_measure_name(agg, m);
    it->label = ms_measure_label(agg, m);
    it->is_construct = m >= ms_aggregate_n_measures(agg) - cb->n_constructs;
    it->has_range = ms_measure_range(agg, m, &it->min, &it->max);
    it->counts = f;
    it->n = ms_freq_total(f);
    it->missing = f->missing;
    it->why = NULL;
    ms_desc_from_counts(f->values, f->counts, f->k, &it->desc, &it->why);
    it->top_box = it->index = (ms_interval){NAN, NAN, NAN};
    it->top_box_from = NAN;
    if (!it->has_range)
        return;
    ms_moments mo;
    const char *why = NULL;
    if (ms_moments_from_counts(f->values, f->counts, f->k, &mo) == MS_OK)
        ms_quality_index(&mo, it->min, it->max, &it->index, &why);
    if (it->is_construct || cb->vars[ms_aggregate_measure_var(agg, m)].type != MS_TYPE_SCALE)
        return;
    it->top_box_from = top_box_threshold(it->min, it->max, opt->top_box_share);
    double hits = 0;
    for (size_t i = 0; i < f->k; i++)
        hits += f->values[i] >= it->top_box_from ? f->counts[i] : 0;
    ms_wilson(hits, it->n, &it->top_box, &why);
}

/* ---------- categories ---------- */

/* A level typed by the respondents themselves (a variable without
 * `choices`) may be published by its label only when min_group of them gave
 * it and the scrubber finds nothing personal in it (an e-mail, a phone, a
 * name typed into a "form" column). */
static bool free_variable(const ms_aggregate *agg, size_t v)
{
    ms_vartype t = ms_aggregate_codebook(agg)->vars[v].type;
    return ms_aggregate_codebook(agg)->vars[v].n_choices == 0 &&
           (t == MS_TYPE_GROUP || t == MS_TYPE_CHOICE || t == MS_TYPE_MULTI);
}

static bool personal_label(const char *label)
{
    char *out = NULL;
    ms_scrub_counts k = {0};
    ms_error err;
    ms_status st = ms_scrub_text(label, NULL, 0, true, &out, &k, &err);
    ms_free(out);
    return st != MS_OK || k.emails + k.phones + k.names > 0;
}

static bool publishable_level(const ms_results_options *opt, double count, const char *label)
{
    return count >= opt->min_group && !personal_label(label);
}

/* Levels of a free variable not publishable by label become one level,
 * opt->other_label, last. */
static void fold_levels(const ms_results_options *opt, ms_category_result *c)
{
    size_t k = 0;
    double other = 0;
    bool folded = false;
    for (size_t i = 0; i < c->n_levels; i++) {
        if (c->counts[i] > 0 && publishable_level(opt, c->counts[i], c->levels[i])) {
            c->levels[k] = c->levels[i];
            c->counts[k++] = c->counts[i];
        } else if (c->counts[i] > 0) {
            other += c->counts[i], folded = true;
        }
    }
    if (folded) {
        c->levels[k] = opt->other_label;
        c->counts[k++] = other;
    }
    c->n_levels = k;
}

static ms_status category_result(const ms_aggregate *agg, size_t v,
                                 const ms_results_options *opt, ms_category_result *c)
{
    const ms_codebook *cb = ms_aggregate_codebook(agg);
    const ms_levels *lv = ms_aggregate_levels(agg, v);
    const ms_freq *f = &ms_aggregate_all(agg)->categories[v];
    size_t *order = ms_calloc(lv->n + 1, sizeof *order);
    c->levels = ms_calloc(lv->n + 1, sizeof *c->levels);
    c->counts = ms_calloc(lv->n + 1, sizeof *c->counts);
    if (!order || !c->levels || !c->counts) {
        ms_free(order);
        return MS_ERR_NOMEM;
    }
    ms_levels_natural_order(lv, order);
    for (size_t i = 0; i < lv->n; i++) {
        c->levels[i] = lv->labels[order[i]];
        for (size_t j = 0; j < f->k; j++)
            if ((size_t)f->values[j] == order[i])
                c->counts[i] = f->counts[j];
    }
    c->n_levels = lv->n;
    c->var = v;
    c->name = cb->vars[v].name;
    c->label = cb->vars[v].label;
    c->n = ms_aggregate_all(agg)->answered[v];
    c->missing = f->missing;
    if (opt->min_group > 0 && free_variable(agg, v))
        fold_levels(opt, c);
    ms_free(order);
    return MS_OK;
}

/* ---------- constructs ---------- */

static ms_status construct_result(const ms_aggregate *agg, size_t k, const ms_item_result *score,
                                  ms_construct_result *c)
{
    const ms_codebook *cb = ms_aggregate_codebook(agg);
    const ms_comoments *co = &ms_aggregate_all(agg)->constructs[k];
    c->construct = k;
    c->name = cb->constructs[k].name;
    c->label = cb->constructs[k].label;
    c->k = co->k;
    c->n = co->n;
    c->straightlined = co->straightlined;
    c->score = score;
    c->corrected_r = ms_calloc(co->k, sizeof *c->corrected_r);
    c->alpha_if_deleted = ms_calloc(co->k, sizeof *c->alpha_if_deleted);
    c->item_names = ms_calloc(co->k, sizeof *c->item_names);
    if (!c->corrected_r || !c->alpha_if_deleted || !c->item_names)
        return MS_ERR_NOMEM;
    for (size_t i = 0; i < co->k; i++)
        c->item_names[i] = cb->vars[cb->constructs[k].items[i]].name;
    c->why = NULL;
    double *cross = ms_calloc(co->k * co->k, sizeof *cross);
    if (!cross)
        return MS_ERR_NOMEM;
    for (size_t i = 0; i < co->k; i++) /* the aggregate keeps the upper triangle */
        for (size_t j = i; j < co->k; j++)
            cross[i * co->k + j] = cross[j * co->k + i] = co->cross[i * co->k + j];
    ms_alpha(co->sum, cross, co->k, co->n, &c->alpha, c->corrected_r, c->alpha_if_deleted,
             &c->why);
    ms_free(cross);
    return MS_OK;
}

/* ---------- the small-group decision ---------- */

static ms_status suppress_by(const ms_aggregate *agg, size_t b, const ms_results_options *opt,
                             ms_suppression *s)
{
    const ms_by *by = ms_aggregate_by(agg, b);
    const double *parts = opt->parts ? opt->parts[b] : NULL;
    double min_group = opt->min_group;
    bool free_var = min_group > 0 && free_variable(agg, by->var);
    s->var = by->var;
    s->by = ms_aggregate_codebook(agg)->vars[by->var].name;
    s->n_levels = ms_aggregate_levels(agg, by->var)->n;
    double *n = ms_calloc(s->n_levels + 1, sizeof *n);
    s->hiding = ms_calloc(s->n_levels + 1, sizeof *s->hiding);
    s->levels = ms_calloc(s->n_levels + 1, sizeof *s->levels);
    if (!n || !s->hiding || !s->levels) {
        ms_free(n);
        return MS_ERR_NOMEM;
    }
    for (size_t l = 0; l < s->n_levels && l < by->n_cells; l++)
        n[l] = by->cells[l].rows;
    for (size_t l = 0; free_var && l < s->n_levels; l++)
        if (n[l] > 0 && personal_label(ms_aggregate_levels(agg, by->var)->labels[l]))
            n[l] = fmin(n[l], min_group / 2); /* never shown: hidden as small */
    ms_suppress_groups_parts(n, s->n_levels, parts, parts ? opt->n_parts : 0, min_group,
                             s->hiding);
    for (size_t l = 0; l < s->n_levels; l++) {
        const char *label = ms_aggregate_levels(agg, by->var)->labels[l];
        /* a hidden group of answers typed by the respondents is not named */
        s->levels[l] = free_var && s->hiding[l] != MS_GROUP_SHOWN ? opt->other_label : label;
        s->n_small += s->hiding[l] == MS_GROUP_SMALL;
        s->n_complement += s->hiding[l] == MS_GROUP_COMPLEMENT;
    }
    ms_free(n);
    return MS_OK;
}

const ms_suppression *ms_results_suppression(const ms_results *res, size_t var)
{
    for (size_t i = 0; res && i < res->n_suppressed; i++)
        if (res->suppressed[i].var == var)
            return &res->suppressed[i];
    return NULL;
}

/* Level l of a --by variable takes part in comparisons of a variable that
 * n of its rows answered. */
static bool comparable(const ms_results *res, const ms_suppression *s, size_t l, double n)
{
    if (!(n > 0))
        return false;
    if (!(res->min_group > 0))
        return true;
    return n >= res->min_group && s && l < s->n_levels && s->hiding[l] == MS_GROUP_SHOWN;
}

/* ---------- comparisons ---------- */

static ms_comparison *new_comparison(ms_results *res)
{
    if (ms_grow((void **)&res->comparisons, &res->cap_comparisons, res->n_comparisons + 1,
                sizeof *res->comparisons))
        return NULL;
    ms_comparison *c = &res->comparisons[res->n_comparisons++];
    memset(c, 0, sizeof *c);
    c->p_holm = c->p_bh = NAN;
    return c;
}

/* The levels of a --by variable that have data for measure m and may be
 * compared, in natural order. */
static size_t groups_with_data(const ms_results *res, const ms_suppression *s, const ms_by *by,
                               size_t m, const size_t *order, size_t n_levels, size_t *out)
{
    size_t g = 0;
    for (size_t i = 0; i < n_levels; i++) {
        size_t l = order[i];
        if (l < by->n_cells && comparable(res, s, l, ms_freq_total(&by->cells[l].measures[m])))
            out[g++] = l;
    }
    return g;
}

static ms_status fill_groups(const ms_aggregate *agg, const ms_by *by, size_t m,
                             const size_t *levels, size_t g, ms_comparison *c, ms_moments *mo)
{
    c->groups = ms_calloc(g, sizeof *c->groups);
    if (!c->groups)
        return MS_ERR_NOMEM;
    c->n_groups = g;
    for (size_t j = 0; j < g; j++) {
        const ms_freq *f = &by->cells[levels[j]].measures[m];
        ms_moments_from_counts(f->values, f->counts, f->k, &mo[j]);
        c->groups[j] = (ms_group_result){ms_aggregate_levels(agg, by->var)->labels[levels[j]],
                                         mo[j].n, mo[j].mean, sqrt(mo[j].var)};
    }
    return MS_OK;
}

/* Counts of every group on the grid of the overall table (row-major g x k). */
static void group_grid(const ms_by *by, size_t m, const size_t *levels, size_t g,
                       const ms_freq *grid, double *counts)
{
    memset(counts, 0, g * grid->k * sizeof *counts);
    for (size_t j = 0; j < g; j++) {
        const ms_freq *f = &by->cells[levels[j]].measures[m];
        for (size_t i = 0, a = 0; i < f->k; i++) {
            while (a < grid->k && grid->values[a] < f->values[i])
                a++;
            if (a < grid->k && grid->values[a] == f->values[i])
                counts[j * grid->k + a] = f->counts[i];
        }
    }
}

static ms_status compare_measure(ms_results *res, const ms_aggregate *agg, const ms_by *by,
                                 const ms_suppression *s, size_t m, const size_t *order,
                                 size_t n_levels)
{
    ms_status st = MS_ERR_NOMEM;
    size_t *levels = ms_calloc(n_levels + 1, sizeof *levels);
    ms_moments *mo = ms_calloc(n_levels + 1, sizeof *mo);
    const ms_freq *grid = &ms_aggregate_all(agg)->measures[m];
    double *counts = ms_calloc((n_levels + 1) * (grid->k + 1), sizeof *counts);
    if (!levels || !mo || !counts)
        goto cleanup;
    size_t g = groups_with_data(res, s, by, m, order, n_levels, levels);
    if (g < 2) {
        st = MS_OK; /* one group: nothing to compare */
        goto cleanup;
    }
    group_grid(by, m, levels, g, grid, counts);
    const char *tests[2] = {g == 2 ? "welch_t" : "anova", g == 2 ? "mann_whitney" : "kruskal_wallis"};
    for (int t = 0; t < 2; t++) {
        ms_comparison *c = new_comparison(res);
        if (!c || fill_groups(agg, by, m, levels, g, c, mo))
            goto cleanup;
        c->variable = ms_measure_name(agg, m);
        c->by = ms_aggregate_codebook(agg)->vars[by->var].name;
        c->test = tests[t];
        if (g == 2 && t == 0)
            ms_welch_t(&mo[0], &mo[1], &c->t, &c->why);
        else if (g == 2)
            ms_mann_whitney(grid->values, counts, counts + grid->k, grid->k, &c->t, &c->why);
        else if (t == 0)
            ms_anova(mo, g, &c->t, &c->why);
        else
            ms_kruskal_wallis(grid->values, counts, g, grid->k, &c->t, &c->why);
    }
    st = MS_OK;
cleanup:
    ms_free(levels);
    ms_free(mo);
    ms_free(counts);
    return st;
}

static ms_status compare_category(ms_results *res, const ms_aggregate *agg, const ms_by *by,
                                  const ms_suppression *s, size_t v, const size_t *order,
                                  size_t n_levels)
{
    const ms_codebook *cb = ms_aggregate_codebook(agg);
    const ms_levels *lv = ms_aggregate_levels(agg, v);
    size_t rows = lv->n, cols = 0;
    ms_status st = MS_ERR_NOMEM;
    size_t *cols_l = ms_calloc(n_levels + 1, sizeof *cols_l);
    double *table = ms_calloc((rows + 1) * (n_levels + 1), sizeof *table);
    if (!cols_l || !table)
        goto cleanup;
    for (size_t i = 0; i < n_levels; i++)
        if (order[i] < by->n_cells && comparable(res, s, order[i], by->cells[order[i]].answered[v]))
            cols_l[cols++] = order[i];
    st = MS_OK;
    if (cols < 2 || rows < 2)
        goto cleanup;
    for (size_t c = 0; c < cols; c++) {
        const ms_freq *f = &by->cells[cols_l[c]].categories[v];
        for (size_t i = 0; i < f->k; i++)
            table[(size_t)f->values[i] * cols + c] += f->counts[i];
    }
    ms_comparison *cmp = new_comparison(res);
    if (!cmp || !(cmp->groups = ms_calloc(cols, sizeof *cmp->groups))) {
        st = MS_ERR_NOMEM;
        goto cleanup;
    }
    cmp->n_groups = cols;
    for (size_t c = 0; c < cols; c++)
        cmp->groups[c] = (ms_group_result){ms_aggregate_levels(agg, by->var)->labels[cols_l[c]],
                                           by->cells[cols_l[c]].answered[v], NAN, NAN};
    cmp->variable = cb->vars[v].name;
    cmp->by = cb->vars[by->var].name;
    cmp->test = "chi_square";
    ms_chi_square(table, rows, cols, &cmp->t, &cmp->why);
cleanup:
    ms_free(cols_l);
    ms_free(table);
    return st;
}

static ms_status adjust_family(ms_results *res, size_t from)
{
    size_t m = res->n_comparisons - from;
    double *p = ms_calloc(m + 1, sizeof *p), *adj = ms_calloc(m + 1, sizeof *adj);
    size_t *order = ms_calloc(m + 1, sizeof *order);
    if (!p || !adj || !order) {
        ms_free(p), ms_free(adj), ms_free(order);
        return MS_ERR_NOMEM;
    }
    for (size_t i = 0; i < m; i++)
        p[i] = res->comparisons[from + i].t.p;
    ms_p_adjust_holm(p, m, adj, order);
    for (size_t i = 0; i < m; i++)
        res->comparisons[from + i].p_holm = adj[i];
    ms_p_adjust_bh(p, m, adj, order);
    for (size_t i = 0; i < m; i++)
        res->comparisons[from + i].p_bh = adj[i];
    ms_free(p), ms_free(adj), ms_free(order);
    return MS_OK;
}

static ms_status compare_by(ms_results *res, const ms_aggregate *agg, const ms_by *by,
                            const ms_suppression *s)
{
    const ms_levels *lv = ms_aggregate_levels(agg, by->var);
    size_t *order = ms_calloc(lv->n + 1, sizeof *order);
    size_t from = res->n_comparisons;
    ms_status st = MS_ERR_NOMEM;
    if (!order)
        return st;
    ms_levels_natural_order(lv, order);
    for (size_t m = 0; m < ms_aggregate_n_measures(agg); m++)
        if ((st = compare_measure(res, agg, by, s, m, order, lv->n)))
            goto cleanup;
    for (size_t v = 0; v < ms_aggregate_codebook(agg)->n_vars; v++)
        if (v != by->var && ms_vartype_is_grouping(ms_aggregate_codebook(agg)->vars[v].type) &&
            (st = compare_category(res, agg, by, s, v, order, lv->n)))
            goto cleanup;
    st = adjust_family(res, from);
cleanup:
    ms_free(order);
    return st;
}

/* ---------- across questionnaires ---------- */

static ms_moments index_moments(const ms_moments *m, double min, double max)
{
    if (!(max > min))
        return (ms_moments){0, NAN, NAN};
    double k = 100.0 / (max - min);
    return (ms_moments){m->n, (m->mean - min) * k, m->var * k * k};
}

void ms_results_index_gap(const ms_moments *a, double amin, double amax, const ms_moments *b,
                          double bmin, double bmax, ms_index_gap *out)
{
    ms_moments x = index_moments(a, amin, amax), y = index_moments(b, bmin, bmax);
    ms_test t;
    ms_interval ci;
    const char *why;
    *out = (ms_index_gap){NAN, NAN, NAN, NAN};
    if (!(x.n > 1 && y.n > 1 && x.var + y.var > 0))
        return;
    ms_welch_ci(&x, &y, &ci, &why);
    out->diff = ci.estimate;
    if (ms_welch_t(&x, &y, &t, &why) != MS_OK || !isfinite(t.df))
        return;
    *out = (ms_index_gap){ci.estimate, ci.ci_low, ci.ci_high, t.p};
}

/* ---------- paired ---------- */

static ms_status paired_results(ms_results *res, const ms_aggregate *agg)
{
    if (ms_aggregate_id_var(agg) >= 0 && ms_aggregate_wave_var(agg) < 0) {
        return ms_aggregate_count_duplicates(agg, &res->duplicate_ids);
    }
    if (ms_aggregate_id_var(agg) < 0 || ms_aggregate_wave_var(agg) < 0)
        return MS_OK;
    const ms_levels *lv = ms_aggregate_levels(agg, ms_aggregate_wave_var(agg));
    if (lv->n < 2)
        return MS_OK;
    size_t order[2], *all = ms_calloc(lv->n, sizeof *all);
    ms_freq *diffs = ms_calloc(ms_aggregate_n_measures(agg), sizeof *diffs);
    ms_status st = MS_ERR_NOMEM;
    if (!all || !diffs)
        goto cleanup;
    ms_levels_natural_order(lv, all);
    order[0] = all[0], order[1] = all[1];
    if (ms_aggregate_paired_diffs(agg, diffs, &res->duplicate_ids))
        goto cleanup;
    if (!(res->paired = ms_calloc(ms_aggregate_n_measures(agg), sizeof *res->paired)))
        goto cleanup;
    for (size_t m = 0; m < ms_aggregate_n_measures(agg); m++) {
        ms_paired_result *p = &res->paired[res->n_paired++];
        p->variable = ms_measure_name(agg, m);
        p->from = lv->labels[order[0]];
        p->to = lv->labels[order[1]];
        ms_paired_from_counts(diffs[m].values, diffs[m].counts, diffs[m].k, &p->p, &p->why);
    }
    st = MS_OK;
cleanup:
    for (size_t m = 0; diffs && m < ms_aggregate_n_measures(agg); m++)
        ms_freq_clear(&diffs[m]);
    ms_free(diffs);
    ms_free(all);
    return st;
}

/* ---------- whole ---------- */

void ms_results_destroy(ms_results *res)
{
    if (!res)
        return;
    for (size_t i = 0; i < res->n_categories; i++) {
        ms_free(res->categories[i].levels);
        ms_free(res->categories[i].counts);
    }
    for (size_t i = 0; i < res->n_constructs; i++) {
        ms_free(res->constructs[i].corrected_r);
        ms_free(res->constructs[i].alpha_if_deleted);
        ms_free(res->constructs[i].item_names);
    }
    for (size_t i = 0; i < res->n_comparisons; i++)
        ms_free(res->comparisons[i].groups);
    for (size_t i = 0; i < res->n_suppressed; i++) {
        ms_free(res->suppressed[i].hiding);
        ms_free(res->suppressed[i].levels);
    }
    ms_free(res->suppressed);
    ms_free(res->items);
    ms_free(res->categories);
    ms_free(res->constructs);
    ms_free(res->comparisons);
    ms_free(res->paired);
    ms_free(res->withheld);
    ms_free(res);
}

static ms_status compute(ms_results *res, const ms_aggregate *agg, const ms_results_options *opt)
{
    const ms_codebook *cb = ms_aggregate_codebook(agg);
    res->rows = *ms_aggregate_rows(agg);
    res->min_group = opt->min_group > 0 ? opt->min_group : 0;
    res->items = ms_calloc(ms_aggregate_n_measures(agg) + 1, sizeof *res->items);
    res->categories = ms_calloc(cb->n_vars + 1, sizeof *res->categories);
    res->constructs = ms_calloc(cb->n_constructs + 1, sizeof *res->constructs);
    if (!res->items || !res->categories || !res->constructs)
        return MS_ERR_NOMEM;
    for (size_t m = 0; m < ms_aggregate_n_measures(agg); m++)
        item_result(agg, m, ms_aggregate_all(agg), opt, &res->items[res->n_items++]);
    for (size_t v = 0; v < cb->n_vars; v++)
        if (ms_vartype_is_categorical(cb->vars[v].type) &&
            category_result(agg, v, opt, &res->categories[res->n_categories++]))
            return MS_ERR_NOMEM;
    size_t first_construct = ms_aggregate_n_measures(agg) - cb->n_constructs;
    for (size_t k = 0; k < cb->n_constructs; k++)
        if (construct_result(agg, k, &res->items[first_construct + k],
                             &res->constructs[res->n_constructs++]))
            return MS_ERR_NOMEM;
    if (!(res->suppressed = ms_calloc(ms_aggregate_n_by(agg) + 1, sizeof *res->suppressed)))
        return MS_ERR_NOMEM;
    res->n_suppressed = ms_aggregate_n_by(agg); /* zeroed: destroy frees whatever was filled */
    for (size_t b = 0; b < ms_aggregate_n_by(agg); b++)
        if (suppress_by(agg, b, opt, &res->suppressed[b]))
            return MS_ERR_NOMEM;
    for (size_t b = 0; b < ms_aggregate_n_by(agg); b++)
        if (compare_by(res, agg, ms_aggregate_by(agg, b), &res->suppressed[b]))
            return MS_ERR_NOMEM;
    if (!(res->withheld = ms_calloc(ms_aggregate_n_by(agg) + 1, sizeof *res->withheld)))
        return MS_ERR_NOMEM;
    for (size_t b = 0; b < ms_aggregate_n_by(agg); b++)
        if (ms_aggregate_by(agg, b)->withheld_groups > 0)
            res->withheld[res->n_withheld++] = (ms_withheld_result){
                cb->vars[ms_aggregate_by(agg, b)->var].name, ms_aggregate_by(agg, b)->withheld_groups,
                ms_aggregate_by(agg, b)->withheld_rows};
    ms_row_key none;
    size_t listed;
    if (ms_aggregate_identical_rows(agg, &res->identical_rows, &none, NULL, 0, &listed))
        return MS_ERR_NOMEM;
    return paired_results(res, agg);
}

ms_status ms_results_compute(const ms_aggregate *agg, const ms_results_options *opt,
                             ms_results **out, ms_error *err)
{
    ms_results_options defaults = {0.3, 0, "other", NULL, 0};
    ms_results_options o = opt ? *opt : defaults;
    if (!(o.top_box_share > 0))
        o.top_box_share = defaults.top_box_share;
    if (!o.other_label)
        o.other_label = defaults.other_label;
    ms_results *res = ms_calloc(1, sizeof *res);
    *out = NULL;
    if (!res || compute(res, agg, &o)) {
        ms_results_destroy(res);
        return ms_error_set(err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    *out = res;
    return MS_OK;
}
