/*
 * stats.h — the statistics of mentorstat, computed from exact aggregates.
 *
 * Contract: every function is pure.  It reads frequency tables (sorted
 * distinct values with their counts), group moments or co-moment sums, writes
 * its result into a caller-provided struct, allocates nothing and keeps no
 * state (ms_accum_add updates only the caller's accumulator).  The report
 * only presents what these functions return.  Definitions follow R 4.2's defaults (stats, psych) unless a comment
 * says otherwise; p-values use GSL's upper-tail _Q functions.  A statistic
 * that is undefined for the data (a constant item, a group of one) is set to
 * NAN and the function returns MS_ERR_MATH with a reason in `why`; callers
 * print such values as JSON null with the reason.
 *
 * Frequency tables: `values[0..k-1]` strictly ascending, `counts[i] >= 0`
 * (doubles holding exact integers).  Group tables (g groups over one common
 * value grid) are row-major: counts[j * k + i] is the count of values[i] in
 * group j.
 */
#ifndef MENTORSTAT_STATS_H
#define MENTORSTAT_STATS_H

#include <stddef.h>
#include "mentorstat/status.h"

/* ---------- descriptives (stats_desc.c) ---------- */

typedef struct {
    double n;                 /* number of observations */
    double mean, sd;          /* sd with n - 1 */
    double median, q1, q3;    /* R type 7 */
    double min, max;
    double ci_low, ci_high;   /* t-based 95 % CI of the mean */
} ms_desc;

/* n, mean, var (n - 1) of a group: the input of the moment-based tests. */
typedef struct {
    double n, mean, var;
} ms_moments;

ms_status ms_desc_from_counts(const double *values, const double *counts,
                              size_t k, ms_desc *out, const char **why);
/* Quantile by R type 7 (linear interpolation of order statistics). */
double ms_quantile_counts(const double *values, const double *counts,
                          size_t k, double p);
ms_status ms_moments_from_counts(const double *values, const double *counts,
                                 size_t k, ms_moments *out);

/* Moments of values seen one at a time, where no frequency table exists
 * (per-respondent indices): Welford's update of n, mean and m2, the sum of
 * squared deviations, without the cancellation of Σx² − n·mean².  Start
 * from {0, 0, 0}. */
typedef struct {
    double n, mean, m2;
} ms_accum;

void ms_accum_add(ms_accum *a, double x);
/* x seen `count` times (count >= 0): one value of a frequency table, as
 * `count` calls of ms_accum_add would give it (West's weighted update). */
void ms_accum_add_n(ms_accum *a, double x, double count);
/* n, mean (NAN when empty), var with n − 1 (NAN below two): R's mean, var. */
ms_moments ms_accum_moments(const ms_accum *a);
/* The pooled within-group variance Σ m2_j / Σ (n_j − 1) over the groups of
 * two or more (R: sigma(lm(y ~ g))^2); NAN when no group has two. */
double ms_accum_pooled_var(const ms_accum *groups, size_t g);

typedef struct {
    double estimate, ci_low, ci_high;
} ms_interval;

/* Share of `hits` in `n` with the Wilson score 95 % CI (R: prop.test(correct=FALSE)$conf.int). */
ms_status ms_wilson(double hits, double n, ms_interval *out, const char **why);
/* Quality index 0..100 of a mean on [min, max]: (mean - min)/(max - min)*100
 * with the t-based 95 % CI rescaled the same way. */
ms_status ms_quality_index(const ms_moments *m, double min, double max,
                           ms_interval *out, const char **why);

/* Funnel-plot control limits (Spiegelhalter 2005) of a mean of n answers
 * around `centre` with sd `sd`: centre ± z·sd/√n, z the two-sided normal
 * quantile of `coverage` (R: centre + c(-1, 1) * qnorm(1 - (1 - coverage) / 2)
 * * sd / sqrt(n)).  out->estimate is z; NAN for coverage outside (0, 1) or
 * n <= 0. */
void ms_funnel_limits(double centre, double sd, double n, double coverage, ms_interval *out);

/* ---------- comparisons (stats_compare.c) ---------- */

typedef struct {
    double statistic;        /* t, W, F, H, X-squared */
    double df, df2;          /* df2 only for F; NAN when not applicable */
    double p;
    int exact;               /* 1 when p comes from an exact distribution */
    const char *effect_name; /* "hedges_g", "rank_biserial", "eta_squared", ... */
    double effect, effect_ci_low, effect_ci_high;
    double omega2;           /* ANOVA only, else NAN */
    const char *warning;     /* e.g. "expected count below 5"; NULL when none */
} ms_test;

/* Welch two-sample t (first minus second), Welch–Satterthwaite df (R: t.test),
 * Hedges' g with 95 % CI. */
ms_status ms_welch_t(const ms_moments *a, const ms_moments *b, ms_test *out,
                     const char **why);
/* The difference of means a − b with its Welch 95 % CI (R: t.test(x, y)
 * $estimate and $conf.int); undefined where ms_welch_t is. */
ms_status ms_welch_ci(const ms_moments *a, const ms_moments *b, ms_interval *out,
                      const char **why);
/* Mann–Whitney W = rank sum of group 1 - n1(n1+1)/2 (R: wilcox.test, exact
 * when n1, n2 < 50 and no ties, else normal with tie and continuity
 * correction); rank-biserial r with 95 % CI. */
ms_status ms_mann_whitney(const double *values, const double *counts1,
                          const double *counts2, size_t k, ms_test *out,
                          const char **why);
/* One-way ANOVA F (R: anova(lm)) from group moments; eta² with 95 % CI, omega². */
ms_status ms_anova(const ms_moments *groups, size_t g, ms_test *out,
                   const char **why);
/* Kruskal–Wallis H with tie correction (R: kruskal.test); epsilon². */
ms_status ms_kruskal_wallis(const double *values, const double *counts,
                            size_t g, size_t k, ms_test *out, const char **why);
/* Pearson chi-square of an r x c table (R: chisq.test(correct=FALSE));
 * Cramér's V with 95 % CI; warning when an expected count is below 5. */
ms_status ms_chi_square(const double *table, size_t rows, size_t cols,
                        ms_test *out, const char **why);
/* Holm and Benjamini–Hochberg adjustment of m p-values (R: p.adjust).
 * NAN p-values are skipped and stay NAN.  `order` is scratch of m entries. */
void ms_p_adjust_holm(const double *p, size_t m, double *out, size_t *order);
void ms_p_adjust_bh(const double *p, size_t m, double *out, size_t *order);

/* ---------- reliability (stats_scale.c) ---------- */

/* Co-moment sums of k items over n complete cases: sum[i] = Σx_i,
 * cross[i*k+j] = Σx_i x_j.  Exact for integer data, so merging is addition. */
typedef struct {
    double n;
    double alpha, alpha_ci_low, alpha_ci_high;  /* raw alpha, Feldt 95 % CI */
    double std_alpha;                           /* from the correlation matrix */
    double mean_r;                              /* mean inter-item correlation */
} ms_alpha_result;

/* psych::alpha on the complete cases; `corrected_r` and `alpha_if_deleted`
 * have k entries (psych: item.stats$r.drop, alpha.drop$raw_alpha). */
ms_status ms_alpha(const double *sum, const double *cross, size_t k, double n,
                   ms_alpha_result *out, double *corrected_r,
                   double *alpha_if_deleted, const char **why);

/* ---------- paired growth (stats_paired.c) ---------- */

typedef struct {
    double n;                  /* pairs, zeros included */
    double mean_diff, sd_diff; /* to - from */
    double t, df, p_t;         /* R: t.test(to, from, paired = TRUE) */
    double v, p_wilcoxon;      /* R: wilcox.test(to, from, paired = TRUE) */
    int exact;
    double dz, dz_ci_low, dz_ci_high;
    double improved, unchanged, worse;  /* shares 0..1 */
} ms_paired;

/* From the frequency table of the differences d = to - from. */
ms_status ms_paired_from_counts(const double *diffs, const double *counts,
                                size_t k, ms_paired *out, const char **why);
/* Only the paired t and d_z, from the moments of the differences (where
 * they are not on a grid); v, p_wilcoxon and the shares stay NAN. */
ms_status ms_paired_t(const ms_moments *d, ms_paired *out, const char **why);

/* ---------- best practices (stats_scale.c) ---------- */

/* Empirical-Bayes (normal–normal, method of moments) shrinkage of g group
 * means toward the precision-weighted grand mean: out_mean[j], and the 95 %
 * posterior interval out_low[j]/out_high[j].  `tau2` receives the estimated
 * between-group variance. */
ms_status ms_shrink(const ms_moments *groups, size_t g, double *out_mean,
                    double *out_low, double *out_high, double *tau2,
                    const char **why);

#endif
