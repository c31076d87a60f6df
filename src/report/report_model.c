/*
 * report_model.c — the figures the report needs beyond ms_results: each
 * questionnaire loaded and aggregated (this year, and with earlier years),
 * group figures per level of a --by variable, comparisons restricted to
 * groups large enough to show, and the paired means behind the growth chart.
 *
 * Privacy: which groups of a --by variable are hidden is decided once, by
 * ms_results (ms_suppress_groups on the groups' rows, with the programme's
 * min_group), and every table, chart and test of the report reads that one
 * decision here; hidden groups are left out of every test (not only
 * hidden), so no published statistic depends on them.  The tests and their
 * Holm adjustment are ms_results' own: the page prints what
 * `analyze --json --min-group N` prints.  Respondent ids are compared to match waves,
 * never copied or written.
 */
#include "report_int.h"
#include "mentorstat/summary.h"

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

/* A summary's source in both `data` and `earlier`: each list is read by
 * its own ms_aggregate_files, which checks only its own files, and the
 * merge of the two would count the source's rows twice. */
static ms_status check_sources(ms_report *r, const ms_questionnaire *q)
{
    if (!q->n_earlier)
        return MS_OK;
    const char **paths = ms_calloc(q->n_data + q->n_earlier + 1, sizeof *paths);
    if (!paths)
        return ms_error_set(r->pr.err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < q->n_data; i++)
        paths[i] = q->data[i];
    for (size_t i = 0; i < q->n_earlier; i++)
        paths[q->n_data + i] = q->earlier[i];
    ms_status st = ms_summary_check_sources(paths, q->n_data + q->n_earlier, r->pr.err);
    ms_free(paths);
    return st;
}

static ms_status read_both(ms_report *r, ms_rq *rq, const size_t *by, size_t n_by,
                           const int *cur_w, const int *old_w)
{
    const ms_questionnaire *q = rq->q;
    ms_status st = check_sources(r, q);
    if (st != MS_OK)
        return st;
    /* respondents and their codes belong to the organisation of their file */
    rq->tally_cur = ms_calloc(q->n_data + 1, sizeof *rq->tally_cur);
    rq->tally_earlier = ms_calloc(q->n_earlier + 1, sizeof *rq->tally_earlier);
    if (!rq->tally_cur || !rq->tally_earlier)
        return ms_error_set(r->pr.err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    ms_read_options cur = {.wave_of_file = cur_w, .sheet = q->sheet, .scopes = q->data_org,
                           .tallies = rq->tally_cur, .year_of_file = q->years};
    ms_read_options old = {.wave_of_file = old_w, .sheet = q->sheet, .scopes = q->earlier_org,
                           .tallies = rq->tally_earlier,
                           .year_of_file = q->years ? q->years + q->n_data : NULL};
    st = ms_aggregate_create(rq->cb, by, n_by, &rq->cur, r->pr.err);
    if (st == MS_OK) /* repeats of a code without a wave: said in the appendix */
        ms_aggregate_set_count_duplicates(rq->cur, true);
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

static ms_results_options results_options(const ms_report *r)
{
    /* top_box is a threshold on a 10-point scale; results want the share of
     * a scale's levels counted as high (8 of 10 -> 8, 9, 10 -> 0.3) */
    return (ms_results_options){(10.0 - r->prog->top_box + 1.0) / 10.0, r->prog->min_group,
                                MS_TR(r, "другое", "other"), NULL, 0};
}

void ms_report_free_parts(double **parts, size_t n_by)
{
    for (size_t b = 0; parts && b < n_by; b++)
        ms_free(parts[b]);
    ms_free(parts);
}

/* *res of agg again, with the organisations' parts. */
static ms_status decide_with_parts(ms_report *r, const ms_aggregate *agg, double **parts,
                                   ms_results **res)
{
    ms_results_options opt = results_options(r);
    ms_results *again = NULL;
    opt.parts = (const double *const *)parts;
    opt.n_parts = r->prog->n_orgs;
    ms_status st = ms_results_compute(agg, &opt, &again, r->pr.err);
    if (st != MS_OK)
        return st;
    ms_results_destroy(*res);
    *res = again;
    return MS_OK;
}

ms_status ms_report_decide_again(ms_report *r, ms_rq *rq)
{
    bool one = rq->res_all == rq->res;
    ms_status st = decide_with_parts(r, rq->cur, rq->org_parts, &rq->res);
    if (st == MS_OK && one)
        rq->res_all = rq->res;
    else if (st == MS_OK)
        st = decide_with_parts(r, rq->all, rq->org_parts_all, &rq->res_all);
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
    if (ms_aggregate_rows(rq->cur)->accepted == 0)
        return ms_error_set(
            r->pr.err, MS_ERR_NODATA, r->prog->path, q->line, 0,
            "questionnaire %s: no usable rows in %s%s (%llu read, "
            "%llu quarantined, %llu excluded)",
            q->name, q->n_data ? q->data[0] : "its data",
            q->n_data > 1 ? " and its other files" : "", ms_aggregate_rows(rq->cur)->read,
            ms_aggregate_rows(rq->cur)->quarantined, ms_aggregate_rows(rq->cur)->excluded);
    ms_results_options opt = results_options(r);
    if ((st = ms_results_compute(rq->cur, &opt, &rq->res, r->pr.err)) != MS_OK)
        return st;
    rq->res_all = rq->res;
    if (rq->all != rq->cur && (st = ms_results_compute(rq->all, &opt, &rq->res_all, r->pr.err)))
        return st;
    if (rq->cb->n_constructs)
        rq->main_m = (long)(ms_aggregate_n_measures(rq->cur) - rq->cb->n_constructs);
    ms_tally_add(&r->rows, ms_aggregate_rows(rq->all));
    return MS_OK;
}

void ms_report_unload(ms_rq *rq)
{
    size_t n_by = rq->cur ? ms_aggregate_n_by(rq->cur) : 0; /* all has the same */
    ms_report_free_parts(rq->org_parts, n_by);
    ms_report_free_parts(rq->org_parts_all, n_by);
    if (rq->res_all != rq->res)
        ms_results_destroy(rq->res_all);
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
    return ms_aggregate_levels(agg, ms_aggregate_by(agg, by)->var)->n;
}

/* The results computed from agg: this year's or with earlier years. */
const ms_results *ms_report_results(const ms_report *r, const ms_aggregate *agg)
{
    for (size_t i = 0; i < r->n_q; i++) {
        if (r->q[i].cur == agg)
            return r->q[i].res;
        if (r->q[i].all == agg)
            return r->q[i].res_all;
    }
    return NULL;
}

ms_group_hiding ms_report_hiding(const ms_report *r, const ms_aggregate *agg, size_t b, size_t l)
{
    const ms_suppression *s = ms_results_suppression(ms_report_results(r, agg), ms_aggregate_by(agg, b)->var);
    /* every aggregate of the report has its results; without them, hide */
    return s && l < s->n_levels ? s->hiding[l] : MS_GROUP_SMALL;
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
    g->hiding = g->n > 0 && !g->shown ? MS_GROUP_SMALL : MS_GROUP_SHOWN;
}

/* A group of a --by variable: hidden when the variable's decision hides it,
 * or (answers to one measure) when fewer than min_group answered. */
static void by_group(const ms_report *r, const ms_aggregate *agg, size_t b, size_t l, size_t m,
                     ms_rgroup *g)
{
    ms_report_cell_group(r, agg, &ms_aggregate_by(agg, b)->cells[l], m, g);
    const ms_suppression *s = ms_results_suppression(ms_report_results(r, agg), ms_aggregate_by(agg, b)->var);
    g->level = s && l < s->n_levels ? s->levels[l] : ms_aggregate_levels(agg, ms_aggregate_by(agg, b)->var)->labels[l];
    ms_group_hiding h = ms_report_hiding(r, agg, b, l);
    if (h != MS_GROUP_SHOWN) {
        g->shown = false;
        g->hiding = h;
    }
}

ms_status ms_report_groups(const ms_report *r, const ms_aggregate *agg, size_t b, size_t m,
                           ms_rgroup *out, size_t *n_out)
{
    const ms_by *by = ms_aggregate_by(agg, b);
    const ms_levels *lv = ms_aggregate_levels(agg, by->var);
    size_t *order = ms_calloc(lv->n + 1, sizeof *order), n = 0;
    *n_out = 0;
    if (!order)
        return ms_error_set(r->pr.err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    ms_levels_natural_order(lv, order);
    for (size_t i = 0; i < lv->n; i++) {
        size_t l = order[i];
        if (l >= by->n_cells)
            continue;
        by_group(r, agg, b, l, m, &out[n]);
        n += out[n].n > 0;
    }
    ms_free(order);
    *n_out = n;
    return MS_OK;
}

/* ---------- comparisons: presented from ms_results ---------- */

void ms_report_comparisons_free(ms_rcomparison *c, size_t n)
{
    for (size_t i = 0; c && i < n; i++)
        ms_free(c[i].groups);
    ms_free(c);
}

/* Keep the shown groups in place, count the hidden ones by their reason. */
static void keep_shown(ms_rcomparison *c, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (c->groups[i].shown)
            c->groups[k++] = c->groups[i];
        else if (c->groups[i].hiding == MS_GROUP_COMPLEMENT)
            c->n_complement++;
        else
            c->n_hidden++;
    }
    c->n_groups = k;
}

/* The test ms_results ran on variable `name` by the b-th --by variable. */
static void take_test(const ms_results *res, const ms_aggregate *agg, size_t b, const char *name,
                      bool category, ms_rcomparison *c)
{
    const char *by = ms_aggregate_codebook(agg)->vars[ms_aggregate_by(agg, b)->var].name;
    for (size_t i = 0; res && i < res->n_comparisons; i++) {
        const ms_comparison *x = &res->comparisons[i];
        bool wanted = category ? !strcmp(x->test, "chi_square")
                               : !strcmp(x->test, "welch_t") || !strcmp(x->test, "anova");
        if (wanted && !strcmp(x->by, by) && !strcmp(x->variable, name)) {
            c->test = x->test;
            c->t = x->t;
            c->why = x->why;
            c->p_holm = x->p_holm;
            return;
        }
    }
}

static ms_status compare_measure(const ms_report *r, const ms_aggregate *agg, size_t b, size_t m,
                                 ms_rcomparison *c)
{
    size_t n = 0;
    if (!(c->groups = ms_calloc(ms_report_n_levels(agg, b) + 1, sizeof *c->groups)))
        return NOMEM(r);
    ms_status st = ms_report_groups(r, agg, b, m, c->groups, &n);
    keep_shown(c, n);
    c->label = ms_measure_label(agg, m);
    if (c->n_groups >= 2)
        take_test(ms_report_results(r, agg), agg, b, ms_measure_name(agg, m), false, c);
    return st;
}

/* The groups of a category's chi-square: answered[v] in place of n. */
static ms_status compare_category(const ms_report *r, const ms_aggregate *agg, size_t b, size_t v,
                                  ms_rcomparison *c)
{
    const ms_by *by = ms_aggregate_by(agg, b);
    const ms_levels *byl = ms_aggregate_levels(agg, by->var);
    size_t *order = ms_calloc(byl->n + 1, sizeof *order), n = 0;
    c->groups = ms_calloc(byl->n + 1, sizeof *c->groups);
    if (!order || !c->groups) {
        ms_free(order);
        return NOMEM(r);
    }
    ms_levels_natural_order(byl, order);
    c->label = ms_aggregate_codebook(agg)->vars[v].label;
    for (size_t i = 0; i < byl->n; i++) {
        size_t l = order[i];
        double answered = l < by->n_cells ? by->cells[l].answered[v] : 0;
        if (answered <= 0)
            continue;
        ms_rgroup *g = &c->groups[n++];
        by_group(r, agg, b, l, MS_RALL_ROWS, g);
        g->n = answered;
        g->mo = (ms_moments){answered, NAN, NAN};
        if (g->shown && !ms_report_enough(r, answered))
            g->shown = false, g->hiding = MS_GROUP_SMALL;
    }
    keep_shown(c, n);
    if (c->n_groups >= 2)
        take_test(ms_report_results(r, agg), agg, b, ms_aggregate_codebook(agg)->vars[v].name, true, c);
    ms_free(order);
    return MS_OK;
}

static bool compared_category(const ms_aggregate *agg, size_t b, size_t v)
{
    ms_vartype t = ms_aggregate_codebook(agg)->vars[v].type;
    return v != ms_aggregate_by(agg, b)->var &&
           (t == MS_TYPE_GROUP || t == MS_TYPE_CHOICE || t == MS_TYPE_YESNO);
}

ms_status ms_report_comparisons(const ms_report *r, const ms_rq *rq, size_t b,
                                const ms_aggregate *agg, ms_rcomparison **out, size_t *n)
{
    const ms_codebook *cb = ms_aggregate_codebook(agg);
    size_t cap = ms_aggregate_n_measures(agg) + cb->n_vars;
    ms_rcomparison *c = ms_calloc(cap + 1, sizeof *c);
    ms_status st = MS_OK;
    *out = NULL;
    *n = 0;
    if (!c)
        return NOMEM(r);
    size_t k = 0;
    for (size_t m = 0; st == MS_OK && m < ms_aggregate_n_measures(agg); m++) {
        c[k].t.p = c[k].p_holm = NAN;
        st = compare_measure(r, agg, b, m, &c[k++]);
    }
    for (size_t v = 0; st == MS_OK && v < cb->n_vars; v++) {
        if (!compared_category(agg, b, v))
            continue;
        c[k].t.p = c[k].p_holm = NAN;
        st = compare_category(r, agg, b, v, &c[k++]);
    }
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
    double *sums = ms_calloc(3 * ms_aggregate_n_measures(agg) + 1, sizeof *sums);
    if (!sums)
        return MS_ERR_NOMEM;
    ms_status st = ms_aggregate_paired_sums(agg, sums);
    for (size_t m = 0; m < ms_aggregate_n_measures(agg); m++) {
        double n = sums[3 * m];
        out[m] = (ms_rpaired_means){n, n ? sums[3 * m + 1] / n : NAN, n ? sums[3 * m + 2] / n : NAN};
    }
    ms_free(sums);
    return st;
}
