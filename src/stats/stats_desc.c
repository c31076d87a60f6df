/* stats_desc.c — descriptives computed exactly from frequency tables.
 *
 * Every function reads a frequency table (ascending distinct values with
 * their counts) and never expands it, so an item answered by a million
 * respondents costs as much as one answered by ten.  Definitions follow R
 * 4.2: sd with n - 1, quantiles of type 7, t.test's interval for the mean,
 * prop.test(correct = FALSE)'s Wilson interval. */
#include "mentorstat/stats.h"

#include <math.h>

#include <gsl/gsl_cdf.h>

#define CONF_TAIL 0.025 /* two-sided 95 % */

static void set_why(const char **why, const char *reason)
{
    if (why)
        *why = reason;
}

static double table_total(const double *counts, size_t k)
{
    double n = 0;
    for (size_t i = 0; i < k; i++)
        n += counts[i];
    return n;
}

/* Two passes (mean, then squared deviations): the one-pass Σx² - n·mean²
 * formula loses every digit on large n with a small spread. */
static void table_mean_var(const double *values, const double *counts,
                           size_t k, double n, double *mean, double *var)
{
    double sum = 0, ss = 0;
    for (size_t i = 0; i < k; i++)
        sum += counts[i] * values[i];
    *mean = sum / n;
    for (size_t i = 0; i < k; i++) {
        double d = values[i] - *mean;
        ss += counts[i] * d * d;
    }
    *var = n > 1 ? ss / (n - 1) : NAN;
}

/* Value of the order statistic with 0-based position `pos` (< n). */
static double order_statistic(const double *values, const double *counts,
                              size_t k, double pos)
{
    double cum = 0;
    for (size_t i = 0; i < k; i++) {
        cum += counts[i];
        if (cum > pos)
            return values[i];
    }
    return NAN; /* pos >= n: the caller's bug */
}

double ms_quantile_counts(const double *values, const double *counts,
                          size_t k, double p)
{
    double n = table_total(counts, k);
    if (!(n > 0) || !(p >= 0 && p <= 1))
        return NAN;
    /* R type 7 with R's own rounding: index = 1 + (n - 1) p (1-based),
     * (1 - h) x[lo] + h x[lo + 1] where the two differ. */
    double index = 1 + (n - 1) * p, lo = floor(index), h = index - lo;
    double x_lo = order_statistic(values, counts, k, lo - 1);
    if (h == 0)
        return x_lo;
    double x_hi = order_statistic(values, counts, k, lo);
    return x_hi == x_lo ? x_lo : (1 - h) * x_lo + h * x_hi;
}

ms_status ms_moments_from_counts(const double *values, const double *counts,
                                 size_t k, ms_moments *out)
{
    out->n = table_total(counts, k);
    out->mean = out->var = NAN;
    if (!(out->n > 0))
        return MS_ERR_MATH;
    table_mean_var(values, counts, k, out->n, &out->mean, &out->var);
    return out->n > 1 ? MS_OK : MS_ERR_MATH;
}

void ms_accum_add(ms_accum *a, double x)
{
    a->n += 1;
    double d = x - a->mean;
    a->mean += d / a->n;
    a->m2 += d * (x - a->mean);
}

void ms_accum_add_n(ms_accum *a, double x, double count)
{
    if (!(count > 0))
        return;
    a->n += count;
    double d = x - a->mean;
    a->mean += d * count / a->n;
    a->m2 += count * d * (x - a->mean);
}

ms_moments ms_accum_moments(const ms_accum *a)
{
    return (ms_moments){a->n, a->n > 0 ? a->mean : NAN, a->n > 1 ? a->m2 / (a->n - 1) : NAN};
}

double ms_accum_pooled_var(const ms_accum *groups, size_t g)
{
    double m2 = 0, df = 0;
    for (size_t j = 0; j < g; j++)
        if (groups[j].n >= 2) {
            m2 += groups[j].m2;
            df += groups[j].n - 1;
        }
    return df > 0 ? m2 / df : NAN;
}

/* Half-width of t.test's 95 % interval, or NAN where t.test refuses:
 * fewer than two observations, or constant data ("data are essentially
 * constant"), where a zero-width interval would claim false certainty. */
static double t_half_width(double n, double var)
{
    if (!(n > 1) || !(var > 0))
        return NAN;
    return gsl_cdf_tdist_Qinv(CONF_TAIL, n - 1) * sqrt(var / n);
}

static const char *mean_ci_reason(double n, double var)
{
    if (!(n > 1))
        return "one observation: sd and CI undefined";
    if (!(var > 0))
        return "constant values: CI of the mean undefined";
    return NULL;
}

static void table_min_max(const double *values, const double *counts,
                          size_t k, double *min, double *max)
{
    *min = *max = NAN;
    for (size_t i = 0; i < k; i++)
        if (counts[i] > 0) {
            if (isnan(*min))
                *min = values[i];
            *max = values[i];
        }
}

ms_status ms_desc_from_counts(const double *values, const double *counts,
                              size_t k, ms_desc *out, const char **why)
{
    *out = (ms_desc){.n = 0, .mean = NAN, .sd = NAN, .median = NAN, .q1 = NAN,
                     .q3 = NAN, .min = NAN, .max = NAN, .ci_low = NAN, .ci_high = NAN};
    out->n = table_total(counts, k);
    if (!(out->n > 0)) {
        set_why(why, "no observations");
        return MS_ERR_MATH;
    }
    double var;
    table_mean_var(values, counts, k, out->n, &out->mean, &var);
    out->sd = sqrt(var);
    out->median = ms_quantile_counts(values, counts, k, 0.5);
    out->q1 = ms_quantile_counts(values, counts, k, 0.25);
    out->q3 = ms_quantile_counts(values, counts, k, 0.75);
    table_min_max(values, counts, k, &out->min, &out->max);
    double half = t_half_width(out->n, var);
    out->ci_low = out->mean - half;
    out->ci_high = out->mean + half;
    const char *reason = mean_ci_reason(out->n, var);
    if (reason) {
        set_why(why, reason);
        return MS_ERR_MATH;
    }
    return MS_OK;
}

/* Wilson score interval exactly as prop.test(correct = FALSE) computes it,
 * including its clamping of the bound at an estimate of exactly 0 or 1. */
ms_status ms_wilson(double hits, double n, ms_interval *out, const char **why)
{
    *out = (ms_interval){NAN, NAN, NAN};
    if (!(n > 0)) {
        set_why(why, "no observations");
        return MS_ERR_MATH;
    }
    if (!(hits >= 0 && hits <= n)) {
        set_why(why, "hits outside 0..n");
        return MS_ERR_USAGE;
    }
    double p = hits / n, z = gsl_cdf_ugaussian_Qinv(CONF_TAIL);
    double z22n = z * z / (2 * n);
    double spread = z * sqrt(p * (1 - p) / n + z22n / (2 * n));
    out->estimate = p;
    out->ci_low = p <= 0 ? 0 : (p + z22n - spread) / (1 + 2 * z22n);
    out->ci_high = p >= 1 ? 1 : (p + z22n + spread) / (1 + 2 * z22n);
    return MS_OK;
}

/* The index is a linear rescaling of the mean, so its interval is the
 * t.test interval rescaled by the same map. */
ms_status ms_quality_index(const ms_moments *m, double min, double max,
                           ms_interval *out, const char **why)
{
    *out = (ms_interval){NAN, NAN, NAN};
    if (!(max > min)) {
        set_why(why, "scale range is empty");
        return MS_ERR_USAGE;
    }
    if (!(m->n > 0)) {
        set_why(why, "no observations");
        return MS_ERR_MATH;
    }
    double scale = 100 / (max - min), half = t_half_width(m->n, m->var);
    out->estimate = (m->mean - min) * scale;
    out->ci_low = (m->mean - half - min) * scale;
    out->ci_high = (m->mean + half - min) * scale;
    const char *reason = mean_ci_reason(m->n, m->var);
    if (reason) {
        set_why(why, reason);
        return MS_ERR_MATH;
    }
    return MS_OK;
}
