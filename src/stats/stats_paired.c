/* stats_paired.c — before/after growth from the frequency table of the
 * differences d = to - from.
 *
 * The paired t and the Wilcoxon signed-rank test are R 4.2's
 * t.test(to, from, paired = TRUE) and wilcox.test(to, from, paired = TRUE)
 * with their defaults.  The effect size is d_z = mean(d) / sd(d); its 95 %
 * interval is the normal approximation d_z ± z_{.975} sqrt(1/n + d_z²/(2n))
 * (effectsize inverts the noncentral t instead; on the data of
 * tests/r/stats_paired.R its bounds differ from these by up to 0.033).  The
 * noncentral-t solver is private to stats_compare.c, and this module does
 * not duplicate it. */
#include "mentorstat/stats.h"

#include <float.h>
#include <math.h>

#include <gsl/gsl_cdf.h>

#define CONF_TAIL 0.025  /* two-sided 95 % */
#define EXACT_MAX_N 50   /* wilcox.test: exact below this many nonzero d */
#define EXACT_MAX_V ((EXACT_MAX_N - 1) * EXACT_MAX_N / 2)

static void set_why(const char **why, const char *reason)
{
    if (why)
        *why = reason;
}

/* ---------- signed ranks ---------- */

typedef struct {
    double n;     /* nonzero differences */
    double v;     /* sum of the mid-ranks of |d| over the positive d */
    double ties;  /* Σ (t³ - t) over groups of equal |d| */
    int tied;     /* some |d| occurs more than once */
} signed_ranks;

/* One group of equal |d|: t_neg negative and t_pos positive differences,
 * ranked after the sr->n smaller ones. */
static void add_abs_group(signed_ranks *sr, double t_neg, double t_pos)
{
    double t = t_neg + t_pos, mid_rank = sr->n + (t + 1) / 2;
    sr->n += t;
    sr->v += t_pos * mid_rank;
    sr->ties += t * t * t - t;
    sr->tied |= t > 1;
}

/* The table is ascending, so the negative differences read from the zero
 * outwards and the positive ones read upwards are two runs ascending in
 * |d|; merging them brings equal |d| of opposite sign (+1 and -1) into one
 * tie group, as rank(abs(d)) does.  Zeros are dropped. */
static signed_ranks rank_abs(const double *d, const double *c, size_t k)
{
    signed_ranks sr = {0, 0, 0, 0};
    size_t pos = 0, neg;
    while (pos < k && !(d[pos] > 0))
        pos++;
    for (neg = pos; neg > 0 && d[neg - 1] == 0; neg--)
        ;
    while (neg > 0 || pos < k) {
        double a_neg = neg > 0 ? -d[neg - 1] : INFINITY;
        double a_pos = pos < k ? d[pos] : INFINITY;
        double t_neg = a_neg <= a_pos ? c[--neg] : 0;
        double t_pos = a_pos <= a_neg ? c[pos++] : 0;
        add_abs_group(&sr, t_neg, t_pos);
    }
    return sr;
}

/* Number of subsets of {1..n} whose sum is at most q (the null
 * distribution of V times 2^n).  The subset-sum update reads only lower
 * sums, so stopping the array at q is exact; counts stay below 2^49, exact
 * in a double. */
static double signrank_count_le(size_t q, size_t n)
{
    double c[EXACT_MAX_V + 1] = {1};
    double total = 0;
    for (size_t i = 1; i <= n; i++)
        for (size_t s = q + 1; s-- > i;)
            c[s] += c[s - i];
    for (size_t s = 0; s <= q; s++)
        total += c[s];
    return total;
}

/* wilcox.test's exact two-sided p: twice the smaller tail, at most 1.  By
 * symmetry P(V' >= v) = P(V' <= n(n+1)/2 - v). */
static double signrank_exact_p(double v, double n)
{
    double q = fmin(v, n * (n + 1) / 2 - v);
    return fmin(1, 2 * ldexp(signrank_count_le((size_t)q, (size_t)n), -(int)n));
}

/* wilcox.test's normal approximation: tie-corrected variance and a
 * continuity correction of 0.5 towards the mean.  NAN when n = 0. */
static double signrank_normal_p(const signed_ranks *sr)
{
    double n = sr->n, z = sr->v - n * (n + 1) / 4;
    double sigma = sqrt(n * (n + 1) * (2 * n + 1) / 24 - sr->ties / 48);
    double correction = z > 0 ? 0.5 : z < 0 ? -0.5 : 0;
    return 2 * gsl_cdf_ugaussian_Q(fabs((z - correction) / sigma));
}

static void wilcoxon(const double *diffs, const double *counts, size_t k,
                     int zeros, ms_paired *out)
{
    signed_ranks sr = rank_abs(diffs, counts, k);
    out->v = sr.v;
    out->exact = sr.n < EXACT_MAX_N && !sr.tied && !zeros;
    out->p_wilcoxon = out->exact ? signrank_exact_p(sr.v, sr.n) : signrank_normal_p(&sr);
}

/* ---------- t and d_z ---------- */

/* NULL when t and d_z are defined, else why not.  Like t.test, differences
 * whose standard error is below 10 eps |mean| count as constant. */
static const char *t_and_dz(const ms_moments *m, ms_paired *out)
{
    if (!(m->n >= 2))
        return "one pair: t and d_z undefined";
    double sd = sqrt(m->var), se = sd / sqrt(m->n);
    if (!(se > 0) && m->mean == 0)
        return "all differences are zero: t, both p-values and d_z undefined";
    if (!(se >= 10 * DBL_EPSILON * fabs(m->mean)) || !(se > 0))
        return "the differences are constant: t and d_z undefined";
    double z = gsl_cdf_ugaussian_Qinv(CONF_TAIL);
    out->t = m->mean / se;
    out->df = m->n - 1;
    out->p_t = 2 * gsl_cdf_tdist_Q(fabs(out->t), out->df);
    out->dz = m->mean / sd;
    double half = z * sqrt(1 / m->n + out->dz * out->dz / (2 * m->n));
    out->dz_ci_low = out->dz - half;
    out->dz_ci_high = out->dz + half;
    return isnan(out->p_t) ? "t distribution failed" : NULL;
}

static void shares(const double *diffs, const double *counts, size_t k,
                   double n, ms_paired *out)
{
    double up = 0, same = 0, down = 0;
    for (size_t i = 0; i < k; i++) {
        if (diffs[i] > 0)
            up += counts[i];
        else if (diffs[i] < 0)
            down += counts[i];
        else
            same += counts[i];
    }
    out->improved = up / n;
    out->unchanged = same / n;
    out->worse = down / n;
}

ms_status ms_paired_from_counts(const double *diffs, const double *counts,
                                size_t k, ms_paired *out, const char **why)
{
    *out = (ms_paired){.n = 0, .mean_diff = NAN, .sd_diff = NAN, .t = NAN,
                       .df = NAN, .p_t = NAN, .v = NAN, .p_wilcoxon = NAN,
                       .exact = 0, .dz = NAN, .dz_ci_low = NAN, .dz_ci_high = NAN,
                       .improved = NAN, .unchanged = NAN, .worse = NAN};
    ms_moments m;
    ms_moments_from_counts(diffs, counts, k, &m); /* n < 2 is handled below */
    out->n = m.n;
    if (!(m.n > 0)) {
        set_why(why, "no pairs");
        return MS_ERR_MATH;
    }
    out->mean_diff = m.mean;
    out->sd_diff = sqrt(m.var);
    shares(diffs, counts, k, m.n, out);
    wilcoxon(diffs, counts, k, out->unchanged > 0, out);
    const char *reason = t_and_dz(&m, out);
    if (!reason && isnan(out->p_wilcoxon))
        reason = "signed-rank distribution failed";
    if (reason) {
        set_why(why, reason);
        return MS_ERR_MATH;
    }
    return MS_OK;
}

ms_status ms_paired_t(const ms_moments *d, ms_paired *out, const char **why)
{
    *out = (ms_paired){.n = d->n, .mean_diff = d->mean, .sd_diff = sqrt(d->var), .t = NAN,
                       .df = NAN, .p_t = NAN, .v = NAN, .p_wilcoxon = NAN,
                       .exact = 0, .dz = NAN, .dz_ci_low = NAN, .dz_ci_high = NAN,
                       .improved = NAN, .unchanged = NAN, .worse = NAN};
    const char *reason = d->n > 0 ? t_and_dz(d, out) : "no pairs";
    if (reason) {
        set_why(why, reason);
        return MS_ERR_MATH;
    }
    return MS_OK;
}
