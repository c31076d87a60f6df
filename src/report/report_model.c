/*
 * report_model.c — the figures the report needs beyond ms_results: each
 * questionnaire loaded and aggregated (this year, and with earlier years),
 * group figures per level of a --by variable, comparisons restricted to
 * groups large enough to show, and the paired means behind the growth chart.
 *
 * Privacy: groups below the programme's min_group are left out of every
 * test here (not only hidden), so no published statistic depends on a
 * group too small to publish.  Respondent ids are compared to match waves,
 * never copied or written.
 */
#include "report_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---------- loading ---------- */

static ms_status add_by(ms_report *r, ms_rq *rq, const char *name, size_t *by, size_t *n)
{
    const ms_questionnaire *q = rq->q;
    long v = ms_codebook_find(rq->cb, name);
    if (v < 0)
        return ms_error_set(r->pr.err, MS_ERR_PROGRAMME, r->prog->path, q->line, 0,
                            "questionnaire %s: `by` names no variable of %s (%s)", q->name,
                            rq->cb->path, name);
    if (!ms_vartype_is_grouping(rq->cb->vars[v].type))
        return ms_error_set(r->pr.err, MS_ERR_PROGRAMME, r->prog->path, q->line, 0,
                            "questionnaire %s: `by` needs a group, year, wave, choice or yesno "
                            "variable (%s is %s)",
                            q->name, name, ms_vartype_name(rq->cb->vars[v].type));
    for (size_t i = 0; i < *n; i++)
        if (by[i] == (size_t)v)
            return MS_OK; /* named twice: once is enough */
    by[(*n)++] = (size_t)v;
    return MS_OK;
}

/* The programme's `by` variables, then the year variable when there is one. */
static ms_status by_variables(ms_report *r, ms_rq *rq, size_t *by, size_t *n)
{
    ms_status st = MS_OK;
    *n = 0;
    rq->year_by = -1;
    for (size_t i = 0; st == MS_OK && i < rq->q->n_by; i++)
        st = add_by(r, rq, rq->q->by[i], by, n);
    rq->n_user_by = *n;
    for (size_t v = 0; st == MS_OK && v < rq->cb->n_vars; v++) {
        if (rq->cb->vars[v].type != MS_TYPE_YEAR)
            continue;
        for (size_t i = 0; i < *n; i++)
            if (by[i] == v)
                rq->year_by = (long)i;
        if (rq->year_by < 0) {
            rq->year_by = (long)*n;
            by[(*n)++] = v;
        }
        break;
    }
    return st;
}

/* Files named by `entry`/`exit` take their wave from the programme: the
 * codebook's wave variable must give the two waves in order (choices). */
static ms_status check_wave_files(ms_report *r, const ms_rq *rq)
{
    const ms_questionnaire *q = rq->q;
    if (!q->n_data_wave && !q->n_earlier_wave)
        return MS_OK;
    for (size_t v = 0; v < rq->cb->n_vars; v++)
        if (rq->cb->vars[v].type == MS_TYPE_WAVE)
            return rq->cb->vars[v].n_choices >= 2
                       ? MS_OK
                       : ms_error_set(r->pr.err, MS_ERR_PROGRAMME, rq->cb->path, rq->cb->vars[v].line,
                                      0, "questionnaire %s has entry and exit files: the wave "
                                         "variable needs choices naming the two waves in order "
                                         "(%s)", q->name, rq->cb->vars[v].name);
    return ms_error_set(r->pr.err, MS_ERR_PROGRAMME, r->prog->path, q->line, 0,
                        "questionnaire %s has entry and exit files: its codebook needs a wave "
                        "variable (type wave, choices 1=вход|2=выход) (%s)", q->name,
                        rq->cb->path);
}

/* The wave each file's rows take (-1: their own column), or NULL for none. */
static int *file_waves(const int *waves, size_t n_waves, size_t n_files)
{
    if (!n_waves)
        return NULL;
    int *w = ms_calloc(n_files + 1, sizeof *w);
    for (size_t i = 0; w && i < n_files; i++)
        w[i] = i < n_waves ? waves[i] : -1;
    return w;
}

static ms_status read_both(ms_report *r, ms_rq *rq, const size_t *by, size_t n_by,
                           const int *cur_w, const int *old_w)
{
    const ms_questionnaire *q = rq->q;
    /* respondents and their codes belong to the organisation of their file */
    rq->tally_cur = ms_calloc(q->n_data + 1, sizeof *rq->tally_cur);
    rq->tally_earlier = ms_calloc(q->n_earlier + 1, sizeof *rq->tally_earlier);
    if (!rq->tally_cur || !rq->tally_earlier)
        return ms_error_set(r->pr.err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    ms_read_options cur = {.wave_of_file = cur_w, .sheet = q->sheet, .scopes = q->data_org,
                           .tallies = rq->tally_cur};
    ms_read_options old = {.wave_of_file = old_w, .sheet = q->sheet, .scopes = q->earlier_org,
                           .tallies = rq->tally_earlier};
    ms_status st = ms_aggregate_create(rq->cb, by, n_by, &rq->cur, r->pr.err);
    if (st == MS_OK) /* repeats of a code without a wave: said in the appendix */
        rq->cur->count_duplicates = true;
    if (st == MS_OK)
        st = ms_aggregate_files(rq->cur, (const char *const *)q->data, q->n_data, &cur,
                                &rq->ld_cur, r->pr.err);
    if (st != MS_OK || !q->n_earlier) {
        rq->all = rq->cur;
        return st;
    }
    /* earlier years first, then this year merged in: agg->rows is set by
     * ms_aggregate_files and summed by ms_aggregate_merge */
    if ((st = ms_aggregate_create(rq->cb, by, n_by, &rq->all, r->pr.err)) != MS_OK)
        return st;
    st = ms_aggregate_files(rq->all, (const char *const *)q->earlier, q->n_earlier, &old,
                            &rq->ld_earlier, r->pr.err);
    return st == MS_OK ? ms_aggregate_merge(rq->all, rq->cur, r->pr.err) : st;
}

static ms_status read_files(ms_report *r, ms_rq *rq, const size_t *by, size_t n_by)
{
    const ms_questionnaire *q = rq->q;
    int *cur_w = file_waves(q->data_wave, q->n_data_wave, q->n_data);
    int *old_w = file_waves(q->earlier_wave, q->n_earlier_wave, q->n_earlier);
    ms_status st = check_wave_files(r, rq);
    if (st == MS_OK && ((q->n_data_wave && !cur_w) || (q->n_earlier_wave && !old_w)))
        st = ms_error_set(r->pr.err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    if (st == MS_OK)
        st = read_both(r, rq, by, n_by, cur_w, old_w);
    ms_free(cur_w);
    ms_free(old_w);
    return st;
}

ms_status ms_report_load(ms_report *r, const ms_questionnaire *q, ms_rq *rq)
{
    memset(rq, 0, sizeof *rq);
    rq->q = q;
    rq->main_m = -1;
    ms_status st = ms_codebook_load(q->codebook, &rq->cb, r->pr.err);
    if (st != MS_OK)
        return st;
    size_t *by = ms_calloc(q->n_by + 2, sizeof *by), n_by = 0;
    if (!by)
        return ms_error_set(r->pr.err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    if ((st = by_variables(r, rq, by, &n_by)) == MS_OK)
        st = read_files(r, rq, by, n_by);
    ms_free(by);
    if (st != MS_OK)
        return st;
    if (rq->cur->rows.accepted == 0)
        return ms_error_set(r->pr.err, MS_ERR_NODATA, r->prog->path, q->line, 0,
                            "questionnaire %s: no usable rows in %s%s (%llu read, "
                            "%llu quarantined, %llu excluded)",
                            q->name, q->n_data ? q->data[0] : "its data",
                            q->n_data > 1 ? " and its other files" : "", rq->cur->rows.read,
                            rq->cur->rows.quarantined, rq->cur->rows.excluded);
    /* top_box is a threshold on a 10-point scale; results want the share of
     * a scale's levels counted as high (8 of 10 -> 8, 9, 10 -> 0.3) */
    ms_results_options opt = {(10.0 - r->prog->top_box + 1.0) / 10.0};
    if ((st = ms_results_compute(rq->cur, &opt, &rq->res, r->pr.err)) != MS_OK)
        return st;
    if (rq->cb->n_constructs)
        rq->main_m = (long)(rq->cur->n_measures - rq->cb->n_constructs);
    ms_tally_add(&r->rows, &rq->all->rows);
    return MS_OK;
}

void ms_report_unload(ms_rq *rq)
{
    ms_results_destroy(rq->res);
    if (rq->all != rq->cur)
        ms_aggregate_destroy(rq->all);
    ms_aggregate_destroy(rq->cur);
    ms_loader_destroy(rq->ld_cur);
    ms_loader_destroy(rq->ld_earlier);
    ms_free(rq->tally_cur);
    ms_free(rq->tally_earlier);
    ms_codebook_destroy(rq->cb);
    memset(rq, 0, sizeof *rq);
}

/* ---------- groups ---------- */

size_t ms_report_n_levels(const ms_aggregate *agg, size_t by)
{
    return agg->levels[agg->by[by].var].n;
}

/* Complementary suppression: a total is shown beside the groups, so a single
 * hidden group could be recovered by subtraction (n, and with the means its
 * mean).  Where exactly one group is hidden, the smallest shown group is
 * hidden too: subtraction then yields only the sum of two groups. */
void ms_report_hide_complement(ms_rgroup *g, size_t n)
{
    size_t hidden = 0, smallest = n;
    for (size_t i = 0; i < n; i++) {
        hidden += !g[i].shown;
        if (g[i].shown && (smallest == n || g[i].n < g[smallest].n))
            smallest = i;
    }
    if (hidden == 1 && smallest < n)
        g[smallest].shown = false;
}

void ms_report_cell_group(const ms_report *r, const ms_aggregate *agg, const ms_cell *cell,
                          size_t m, ms_rgroup *g)
{
    memset(g, 0, sizeof *g);
    g->mo = (ms_moments){NAN, NAN, NAN};
    g->index = (ms_interval){NAN, NAN, NAN};
    if (m == MS_RALL_ROWS) {
        g->n = cell->rows;
    } else {
        const ms_freq *f = &cell->measures[m];
        double min, max;
        const char *why;
        g->n = ms_freq_total(f);
        if (g->n > 0)
            ms_moments_from_counts(f->values, f->counts, f->k, &g->mo);
        if (g->n > 1 && ms_measure_range(agg, m, &min, &max))
            ms_quality_index(&g->mo, min, max, &g->index, &why);
    }
    g->shown = g->n > 0 && ms_report_enough(r, g->n);
}

ms_status ms_report_groups(const ms_report *r, const ms_aggregate *agg, size_t b, size_t m,
                           ms_rgroup *out, size_t *n_out)
{
    const ms_by *by = &agg->by[b];
    const ms_levels *lv = &agg->levels[by->var];
    size_t *order = ms_calloc(lv->n + 1, sizeof *order), n = 0;
    *n_out = 0;
    if (!order)
        return ms_error_set(r->pr.err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    ms_levels_natural_order(lv, order);
    for (size_t i = 0; i < lv->n; i++) {
        size_t l = order[i];
        if (l >= by->n_cells)
            continue;
        ms_rgroup *g = &out[n];
        ms_report_cell_group(r, agg, &by->cells[l], m, g);
        g->level = lv->labels[l];
        n += g->n > 0;
    }
    ms_free(order);
    ms_report_hide_complement(out, n);
    *n_out = n;
    return MS_OK;
}

/* ---------- comparisons ---------- */

void ms_report_comparisons_free(ms_rcomparison *c, size_t n)
{
    for (size_t i = 0; c && i < n; i++)
        ms_free(c[i].groups);
    ms_free(c);
}

/* Keep the shown groups in place, count the hidden ones. */
static size_t keep_shown(ms_rgroup *g, size_t n, size_t *hidden)
{
    size_t k = 0;
    *hidden = 0;
    for (size_t i = 0; i < n; i++) {
        if (g[i].shown)
            g[k++] = g[i];
        else
            (*hidden)++;
    }
    return k;
}

static ms_status compare_measure(const ms_report *r, const ms_aggregate *agg, size_t b, size_t m,
                                 ms_rcomparison *c)
{
    size_t n_levels = ms_report_n_levels(agg, b), n = 0;
    c->groups = ms_calloc(n_levels + 1, sizeof *c->groups);
    ms_moments *mo = ms_calloc(n_levels + 1, sizeof *mo);
    ms_status st = MS_ERR_NOMEM;
    if (!c->groups || !mo)
        goto cleanup;
    if ((st = ms_report_groups(r, agg, b, m, c->groups, &n)) != MS_OK)
        goto cleanup;
    c->n_groups = keep_shown(c->groups, n, &c->n_hidden);
    c->label = ms_measure_label(agg, m);
    for (size_t j = 0; j < c->n_groups; j++)
        mo[j] = c->groups[j].mo;
    if (c->n_groups == 2) {
        c->test = "welch_t";
        ms_welch_t(&mo[0], &mo[1], &c->t, &c->why);
    } else if (c->n_groups > 2) {
        c->test = "anova";
        ms_anova(mo, c->n_groups, &c->t, &c->why);
    }
cleanup:
    ms_free(mo);
    return st == MS_ERR_NOMEM ? ms_error_set(r->pr.err, st, NULL, 0, 0, "out of memory") : st;
}

/* Pearson chi-square of variable v by the shown groups; levels nobody in
 * those groups chose are dropped (they would make an expected count 0). */
static ms_status compare_category(const ms_report *r, const ms_aggregate *agg, size_t b, size_t v,
                                  ms_rcomparison *c)
{
    const ms_by *by = &agg->by[b];
    const ms_levels *byl = &agg->levels[by->var], *lv = &agg->levels[v];
    size_t *order = ms_calloc(byl->n + 1, sizeof *order), cols = 0, rows = 0;
    size_t *col_level = ms_calloc(byl->n + 1, sizeof *col_level);
    double *table = ms_calloc((lv->n + 1) * (byl->n + 1), sizeof *table);
    c->groups = ms_calloc(byl->n + 1, sizeof *c->groups);
    if (!order || !col_level || !table || !c->groups) {
        ms_free(order), ms_free(col_level), ms_free(table);
        return ms_error_set(r->pr.err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    ms_levels_natural_order(byl, order);
    c->label = agg->cb->vars[v].label;
    for (size_t i = 0; i < byl->n; i++) {
        size_t l = order[i];
        double n = l < by->n_cells ? by->cells[l].answered[v] : 0;
        if (n <= 0)
            continue;
        if (n < r->prog->min_group) {
            c->n_hidden++;
            continue;
        }
        c->groups[cols] = (ms_rgroup){byl->labels[l], n, {n, NAN, NAN}, {NAN, NAN, NAN}, true};
        col_level[cols++] = l;
    }
    c->n_groups = cols;
    for (size_t i = 0; i < lv->n; i++) { /* row i of the table: level i of v, when used */
        double total = 0;
        for (size_t j = 0; j < cols; j++) {
            const ms_freq *f = &by->cells[col_level[j]].categories[v];
            for (size_t k = 0; k < f->k; k++)
                if ((size_t)f->values[k] == i)
                    table[rows * cols + j] = f->counts[k];
            total += table[rows * cols + j];
        }
        rows += total > 0; /* an empty row is overwritten by the next level */
    }
    if (cols >= 2 && rows >= 2) {
        c->test = "chi_square";
        ms_chi_square(table, rows, cols, &c->t, &c->why);
    }
    ms_free(order), ms_free(col_level), ms_free(table);
    return MS_OK;
}

static bool compared_category(const ms_aggregate *agg, size_t b, size_t v)
{
    ms_vartype t = agg->cb->vars[v].type;
    return v != agg->by[b].var && (t == MS_TYPE_GROUP || t == MS_TYPE_CHOICE || t == MS_TYPE_YESNO);
}

static ms_status holm(const ms_report *r, ms_rcomparison *c, size_t n)
{
    double *p = ms_calloc(n + 1, sizeof *p), *adj = ms_calloc(n + 1, sizeof *adj);
    size_t *order = ms_calloc(n + 1, sizeof *order);
    if (!p || !adj || !order) {
        ms_free(p), ms_free(adj), ms_free(order);
        return ms_error_set(r->pr.err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t i = 0; i < n; i++)
        p[i] = c[i].test ? c[i].t.p : NAN;
    ms_p_adjust_holm(p, n, adj, order);
    for (size_t i = 0; i < n; i++)
        c[i].p_holm = adj[i];
    ms_free(p), ms_free(adj), ms_free(order);
    return MS_OK;
}

ms_status ms_report_comparisons(const ms_report *r, const ms_rq *rq, size_t b,
                                const ms_aggregate *agg, ms_rcomparison **out, size_t *n)
{
    size_t cap = agg->n_measures + agg->cb->n_vars;
    ms_rcomparison *c = ms_calloc(cap + 1, sizeof *c);
    ms_status st = MS_OK;
    *out = NULL;
    *n = 0;
    if (!c)
        return ms_error_set(r->pr.err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    size_t k = 0;
    for (size_t m = 0; st == MS_OK && m < agg->n_measures; m++) {
        memset(&c[k], 0, sizeof c[k]);
        c[k].t.p = NAN;
        st = compare_measure(r, agg, b, m, &c[k]);
        k++;
    }
    for (size_t v = 0; st == MS_OK && v < agg->cb->n_vars; v++) {
        if (!compared_category(agg, b, v))
            continue;
        memset(&c[k], 0, sizeof c[k]);
        c[k].t.p = NAN;
        st = compare_category(r, agg, b, v, &c[k]);
        k++;
    }
    if (st == MS_OK)
        st = holm(r, c, k);
    if (st != MS_OK) {
        ms_report_comparisons_free(c, k);
        return st;
    }
    (void)rq;
    *out = c;
    *n = k;
    return MS_OK;
}

/* ---------- paired means ---------- */

/* The same matching as ms_results' paired growth: the first two waves in
 * natural order, the first answer of a respondent within a wave; with the
 * sums summaries carry, so the means from summaries are the pooled ones. */
ms_status ms_report_paired_means(const ms_aggregate *agg, ms_rpaired_means *out)
{
    double *sums = ms_calloc(3 * agg->n_measures + 1, sizeof *sums);
    if (!sums)
        return MS_ERR_NOMEM;
    ms_status st = ms_aggregate_paired_sums(agg, sums);
    for (size_t m = 0; m < agg->n_measures; m++) {
        double n = sums[3 * m];
        out[m] = (ms_rpaired_means){n, n ? sums[3 * m + 1] / n : NAN, n ? sums[3 * m + 2] / n : NAN};
    }
    ms_free(sums);
    return st;
}
