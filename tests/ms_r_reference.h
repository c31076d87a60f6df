/* ms_r_reference.h — shared by the suites that check every figure of a
 * whole analysis against values printed by R (tests/test_results.c on
 * tests/data/e2e.csv, tests/test_example_vs_r.c on the bundled example):
 * the tolerances, the shapes the R scripts print their values in, the
 * library pipeline as src/cli/main.c runs it, and one checker per kind of
 * result.  Header-only (static inline), for test executables only.
 *
 * Tolerance: 1e-6 relative (an expected 0 within 1e-12); p-values 1e-6
 * relative or 1e-12 absolute; counts exact.  MS_TEST_SHOW_DIFF=1 (with
 * CK_FORK=no) prints every relative difference as "reldiff D  where what". */
#ifndef MS_R_REFERENCE_H
#define MS_R_REFERENCE_H
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentorstat/aggregate.h"
#include "mentorstat/input.h"
#include "mentorstat/codebook.h"
#include "mentorstat/results.h"

#define REL_TOL 1e-6
#define P_ABS_TOL 1e-12
#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static inline void show_diff(const char *where, const char *what, double got, double want)
{
    if (getenv("MS_TEST_SHOW_DIFF"))
        fprintf(stderr, "reldiff %.3e  %s %s\n",
                want == 0 ? fabs(got) : fabs(got - want) / fabs(want), where, what);
}

/* Relative 1e-6; an expected 0 within 1e-12; an expected NAN is NAN. */
static inline void expect_rel(double got, double want, const char *where, const char *what)
{
    if (isnan(want)) {
        ck_assert_msg(isnan(got), "%s %s = %.17g, R says NA", where, what, got);
        return;
    }
    show_diff(where, what, got, want);
    ck_assert_msg(fabs(got - want) <= REL_TOL * fabs(want) || (want == 0 && fabs(got) <= 1e-12),
                  "%s %s = %.17g, R says %.17g", where, what, got, want);
}

/* p-values: relative 1e-6 or absolute 1e-12. */
static inline void expect_p(double got, double want, const char *where, const char *what)
{
    show_diff(where, what, got, want);
    ck_assert_msg(fabs(got - want) <= REL_TOL * fabs(want) || fabs(got - want) <= P_ABS_TOL,
                  "%s %s = %.17g, R says %.17g", where, what, got, want);
}

/* Counts: exact. */
static inline void expect_count(double got, double want, const char *where, const char *what)
{
    ck_assert_msg(got == want, "%s %s = %.17g, R says %.17g", where, what, got, want);
}

/* ---------- the shapes of the expected values ---------- */

#define MS_REF_MAX_ITEMS 8
#define MS_REF_MAX_GROUPS 4

typedef struct {
    const char *name;
    double n, missing, mean, sd, median, q1, q3, min, max, ci_low, ci_high;
    double top_box_from, top_box, top_box_low, top_box_high; /* NAN: none */
    double index, index_low, index_high;                     /* NAN: no range */
    size_t k;
    const double *values, *counts;
} item_ref;

typedef struct {
    const char *name;
    double n, missing;
    size_t k;
    const char *const *levels;
    const double *counts;
} category_ref;

typedef struct {
    const char *name;
    double n, alpha, alpha_low, alpha_high, std_alpha, mean_r, straightlined;
    double r_drop[MS_REF_MAX_ITEMS], alpha_drop[MS_REF_MAX_ITEMS];
    size_t k;                              /* 0: the caller checks the items */
    const char *items[MS_REF_MAX_ITEMS];
} construct_ref;

typedef struct {
    const char *level;
    double n, mean, sd;
} group_ref;

typedef struct {
    const char *variable, *by, *test;
    double statistic, df, df2, p;
    int exact;
    const char *effect_name;
    double effect, effect_low, effect_high, omega2;
    int warning;            /* chisq.test warned: an expected count below 5 */
    size_t n_groups;
    group_ref groups[MS_REF_MAX_GROUPS];
    double p_holm, p_bh;
} comparison_ref;

typedef struct {
    const char *variable;
    double n, mean_diff, sd_diff, t, df, p_t, v, p_wilcoxon;
    int exact;
    double dz, dz_low, dz_high, improved, unchanged, worse;
} paired_ref;

/* ---------- the pipeline, as src/cli/main.c runs it ---------- */

typedef struct {
    ms_codebook *cb;
    ms_aggregate *agg;
    ms_loader *loader;
    ms_results *res;
} pipeline;

static inline void run_pipeline_on(pipeline *p, const char *codebook, const char *const *files,
                                   size_t n_files, const char *const *by, size_t n_by)
{
    ms_error err = {0};
    size_t idx[4];
    memset(p, 0, sizeof *p);
    ck_assert_msg(ms_codebook_load(codebook, &p->cb, &err) == MS_OK, "codebook: %s",
                  err.message);
    ck_assert_uint_le(n_by, LEN(idx));
    for (size_t i = 0; i < n_by; i++)
        ck_assert_msg(ms_codebook_check_by(p->cb, by[i], &idx[i], &err) == MS_OK, "--by %s: %s",
                      by[i], err.message);
    ck_assert_int_eq(ms_aggregate_create(p->cb, idx, n_by, &p->agg, &err), MS_OK);
    ck_assert_msg(ms_aggregate_files(p->agg, files, n_files, NULL, &p->loader, &err) == MS_OK,
                  "%s:%zu: %s", err.file, err.line, err.message);
    ck_assert_int_eq(ms_results_compute(p->agg, NULL, &p->res, &err), MS_OK);
}

static inline void free_pipeline(pipeline *p)
{
    ms_results_destroy(p->res);
    ms_loader_destroy(p->loader);
    ms_aggregate_destroy(p->agg);
    ms_codebook_destroy(p->cb);
    memset(p, 0, sizeof *p);
}

/* The JSON of the results, NUL-terminated; free() it.  Not inlined: gcc 12
 * then mistakes the open_memstream buffer for a dangling local. */
__attribute__((noinline, unused)) static char *results_json(const ms_results *res, size_t *len)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(ms_results_write_json(res, f), MS_OK);
    ck_assert_int_eq(fclose(f), 0);
    if (len)
        *len = n;
    return buf;
}

/* ---------- finding a result ---------- */

static inline const ms_item_result *find_item(const ms_results *res, const char *name)
{
    for (size_t i = 0; i < res->n_items; i++)
        if (strcmp(res->items[i].name, name) == 0)
            return &res->items[i];
    ck_abort_msg("no item %s in the results", name);
    return NULL;
}

static inline const ms_category_result *find_category(const ms_results *res, const char *name)
{
    for (size_t i = 0; i < res->n_categories; i++)
        if (strcmp(res->categories[i].name, name) == 0)
            return &res->categories[i];
    ck_abort_msg("no category %s in the results", name);
    return NULL;
}

static inline const ms_comparison *find_comparison(const ms_results *res, const comparison_ref *r)
{
    for (size_t i = 0; i < res->n_comparisons; i++) {
        const ms_comparison *c = &res->comparisons[i];
        if (!strcmp(c->variable, r->variable) && !strcmp(c->by, r->by) && !strcmp(c->test, r->test))
            return c;
    }
    ck_abort_msg("no comparison %s by %s (%s)", r->variable, r->by, r->test);
    return NULL;
}

static inline const ms_paired_result *find_paired(const ms_results *res, const char *name)
{
    for (size_t i = 0; i < res->n_paired; i++)
        if (strcmp(res->paired[i].variable, name) == 0)
            return &res->paired[i];
    ck_abort_msg("no paired result for %s", name);
    return NULL;
}

/* ---------- one checker per kind of result ---------- */

/* n, missing, mean(x), sd(x), quantile(type = 7), range(x), t.test(x)$conf.int */
static inline void check_item_desc(const ms_results *res, const item_ref *r)
{
    const ms_item_result *it = find_item(res, r->name);
    /* t.test(x) refuses constant data: then there is a reason, else none */
    if (isnan(r->ci_low))
        ck_assert_msg(it->why != NULL, "%s: no CI in R, but no reason given", r->name);
    else
        ck_assert_msg(it->why == NULL, "%s: %s", r->name, it->why);
    expect_count(it->n, r->n, r->name, "n = sum(!is.na(x))");
    expect_count(it->desc.n, r->n, r->name, "desc.n");
    expect_count(it->missing, r->missing, r->name, "missing = sum(is.na(x))");
    expect_rel(it->desc.mean, r->mean, r->name, "mean(x)");
    expect_rel(it->desc.sd, r->sd, r->name, "sd(x)");
    expect_rel(it->desc.median, r->median, r->name, "quantile(x, .5, type = 7)");
    expect_rel(it->desc.q1, r->q1, r->name, "quantile(x, .25, type = 7)");
    expect_rel(it->desc.q3, r->q3, r->name, "quantile(x, .75, type = 7)");
    expect_rel(it->desc.min, r->min, r->name, "min(x)");
    expect_rel(it->desc.max, r->max, r->name, "max(x)");
    expect_rel(it->desc.ci_low, r->ci_low, r->name, "t.test(x)$conf.int[1]");
    expect_rel(it->desc.ci_high, r->ci_high, r->name, "t.test(x)$conf.int[2]");
}

/* table(x) with zero levels kept; top box share with its Wilson interval
 * (= prop.test(hits, n, correct = FALSE)); quality index */
static inline void check_item_counts(const ms_results *res, const item_ref *r)
{
    const ms_item_result *it = find_item(res, r->name);
    ck_assert_msg(it->counts->k == r->k, "%s: %zu distinct values, R has %zu", r->name,
                  it->counts->k, r->k);
    for (size_t j = 0; j < r->k; j++) {
        expect_rel(it->counts->values[j], r->values[j], r->name, "value of table(x)");
        expect_count(it->counts->counts[j], r->counts[j], r->name, "count of table(x)");
    }
    expect_rel(it->top_box_from, r->top_box_from, r->name, "top box from");
    expect_rel(it->top_box.estimate, r->top_box, r->name, "top box share");
    expect_rel(it->top_box.ci_low, r->top_box_low, r->name, "top box Wilson low");
    expect_rel(it->top_box.ci_high, r->top_box_high, r->name, "top box Wilson high");
    ck_assert_int_eq(it->has_range, !isnan(r->index));
    expect_rel(it->index.estimate, r->index, r->name, "quality index");
    expect_rel(it->index.ci_low, r->index_low, r->name, "quality index low");
    expect_rel(it->index.ci_high, r->index_high, r->name, "quality index high");
}

/* table(f) with every level in the contract's order */
static inline void check_category(const ms_results *res, const category_ref *r)
{
    const ms_category_result *c = find_category(res, r->name);
    expect_count(c->n, r->n, r->name, "n = sum(!is.na(f))");
    expect_count(c->missing, r->missing, r->name, "missing = sum(is.na(f))");
    ck_assert_uint_eq(c->n_levels, r->k);
    for (size_t j = 0; j < r->k; j++) {
        ck_assert_str_eq(c->levels[j], r->levels[j]);
        expect_count(c->counts[j], r->counts[j], r->name, r->levels[j]);
    }
}

/* psych::alpha on na.omit(X): raw and standardized alpha, Feldt interval,
 * average r, item.stats$r.drop, alpha.drop$raw_alpha */
static inline void check_construct(const ms_construct_result *c, const construct_ref *r)
{
    const char *w = r->name;
    ck_assert_str_eq(c->name, r->name);
    ck_assert_msg(c->why == NULL, "%s: %s", w, c->why);
    ck_assert_uint_le(c->k, MS_REF_MAX_ITEMS);
    if (r->k) {
        ck_assert_uint_eq(c->k, r->k);
        for (size_t i = 0; i < r->k; i++)
            ck_assert_str_eq(c->item_names[i], r->items[i]);
    }
    expect_count(c->n, r->n, w, "nrow(na.omit(X))");
    expect_count(c->alpha.n, r->n, w, "alpha n");
    expect_rel(c->alpha.alpha, r->alpha, w, "psych::alpha raw_alpha");
    expect_rel(c->alpha.alpha_ci_low, r->alpha_low, w, "Feldt lower");
    expect_rel(c->alpha.alpha_ci_high, r->alpha_high, w, "Feldt upper");
    expect_rel(c->alpha.std_alpha, r->std_alpha, w, "psych::alpha std.alpha");
    expect_rel(c->alpha.mean_r, r->mean_r, w, "psych::alpha average_r");
    expect_count(c->straightlined, r->straightlined, w, "straight-lined rows");
    for (size_t i = 0; i < c->k; i++) {
        expect_rel(c->corrected_r[i], r->r_drop[i], c->item_names[i], "item.stats$r.drop");
        expect_rel(c->alpha_if_deleted[i], r->alpha_drop[i], c->item_names[i],
                   "alpha.drop$raw_alpha");
    }
}

/* one comparison: statistic, df, p, exactness, effect size and interval,
 * chisq.test's warning, the groups; p_holm and p_bh separately */
static inline void check_comparison(const ms_results *res, const comparison_ref *r)
{
    char where[128];
    snprintf(where, sizeof where, "%s by %s (%s)", r->variable, r->by, r->test);
    const ms_comparison *c = find_comparison(res, r);
    ck_assert_msg(c->why == NULL, "%s: %s", where, c->why);
    expect_rel(c->t.statistic, r->statistic, where, "statistic");
    expect_rel(c->t.df, r->df, where, "df");
    expect_rel(c->t.df2, r->df2, where, "df2");
    expect_p(c->t.p, r->p, where, "p");
    ck_assert_msg(c->t.exact == r->exact, "%s: exact %d, R's method says %d", where, c->t.exact,
                  r->exact);
    ck_assert_str_eq(c->t.effect_name, r->effect_name);
    expect_rel(c->t.effect, r->effect, where, r->effect_name);
    expect_rel(c->t.effect_ci_low, r->effect_low, where, "effect ci low");
    expect_rel(c->t.effect_ci_high, r->effect_high, where, "effect ci high");
    expect_rel(c->t.omega2, r->omega2, where, "omega_squared");
    ck_assert_msg((c->t.warning != NULL) == r->warning, "%s: warning \"%s\", chisq.test warned: %d",
                  where, c->t.warning ? c->t.warning : "", r->warning);
    ck_assert_uint_eq(c->n_groups, r->n_groups);
    for (size_t g = 0; g < r->n_groups; g++) {
        ck_assert_str_eq(c->groups[g].level, r->groups[g].level);
        expect_count(c->groups[g].n, r->groups[g].n, where, "group n");
        expect_rel(c->groups[g].mean, r->groups[g].mean, where, "group mean");
        expect_rel(c->groups[g].sd, r->groups[g].sd, where, "group sd");
    }
}

static inline void check_adjusted(const ms_results *res, const comparison_ref *r)
{
    char where[128];
    snprintf(where, sizeof where, "%s by %s (%s)", r->variable, r->by, r->test);
    const ms_comparison *c = find_comparison(res, r);
    expect_p(c->p_holm, r->p_holm, where, "p.adjust holm");
    expect_p(c->p_bh, r->p_bh, where, "p.adjust BH");
}

/* t.test(to, from, paired = TRUE), wilcox.test(to, from, paired = TRUE),
 * d_z with its normal-approximation interval, shares of signs */
static inline void check_paired(const ms_results *res, const paired_ref *r, const char *from,
                                const char *to)
{
    const ms_paired_result *p = find_paired(res, r->variable);
    const char *w = r->variable;
    ck_assert_msg(p->why == NULL, "%s: %s", w, p->why);
    ck_assert_str_eq(p->from, from);
    ck_assert_str_eq(p->to, to);
    expect_count(p->p.n, r->n, w, "pairs");
    expect_rel(p->p.mean_diff, r->mean_diff, w, "mean(d)");
    expect_rel(p->p.sd_diff, r->sd_diff, w, "sd(d)");
    expect_rel(p->p.t, r->t, w, "t.test(paired) t");
    expect_count(p->p.df, r->df, w, "t.test(paired) df");
    expect_p(p->p.p_t, r->p_t, w, "t.test(paired) p");
    expect_count(p->p.v, r->v, w, "wilcox.test(paired) V");
    expect_p(p->p.p_wilcoxon, r->p_wilcoxon, w, "wilcox.test(paired) p");
    ck_assert_msg(p->p.exact == r->exact, "%s: exact %d, R's method says %d", w, p->p.exact,
                  r->exact);
    expect_rel(p->p.dz, r->dz, w, "d_z = mean(d)/sd(d)");
    expect_rel(p->p.dz_ci_low, r->dz_low, w, "d_z ci low (normal approximation)");
    expect_rel(p->p.dz_ci_high, r->dz_high, w, "d_z ci high (normal approximation)");
    expect_rel(p->p.improved, r->improved, w, "mean(d > 0)");
    expect_rel(p->p.unchanged, r->unchanged, w, "mean(d == 0)");
    expect_rel(p->p.worse, r->worse, w, "mean(d < 0)");
}

#endif
