/* stats_scale.c — reliability of a construct and shrinkage of group means.
 *
 * ms_alpha works from co-moment sums, never from rows, so the summaries of
 * many files or organisations merge by addition before it runs.  Its figures
 * are psych::alpha's (2.2.9) on the complete cases, with one deliberate
 * change: for a two-item construct psych's alpha.drop holds C12/C22 and
 * C12/C11, regression slopes rather than alphas; here alpha_if_deleted is
 * NAN, since one remaining item has no alpha.
 *
 * ms_shrink is the normal–normal empirical-Bayes model of a random-effects
 * meta-analysis, so its figures are metafor's rma(method = "DL") and blup(). */
#include "mentorstat/stats.h"

#include <float.h>
#include <math.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>

#define CONF_TAIL 0.025  /* two-sided 95 % */
#define MAX_ITEMS 64     /* the covariance matrix lives on the stack */

static void set_why(const char **why, const char *reason)
{
    if (why)
        *why = reason;
}

static ms_status undefined(const char **why, const char *reason)
{
    set_why(why, reason);
    return MS_ERR_MATH;
}

/* ---------- Cronbach's alpha ---------- */

/* Covariance (n - 1) from co-moment sums.  n Σx_i x_j - Σx_i Σx_j is exact
 * for integer data while the products stay below 2^53 (n up to about 10^8
 * on a 1..10 scale), so it avoids the cancellation of Σxy/n - mean·mean.
 * A variance that is zero up to rounding of non-integer sums counts as 0. */
static int fill_covariance(const double *sum, const double *cross, size_t k,
                           double n, gsl_matrix *c)
{
    int constant = 0;
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++) {
            double num = n * cross[i * k + j] - sum[i] * sum[j];
            if (i == j && !(num > 16 * DBL_EPSILON * n * cross[i * k + i])) {
                constant = 1;
                num = 0;
            }
            gsl_matrix_set(c, i, j, num / (n * (n - 1)));
        }
    return constant;
}

/* w' C w, the sum of all entries of diag(w) C diag(w). */
static int quadratic_form(const gsl_matrix *c, const gsl_vector *w,
                          gsl_vector *scratch, double *result)
{
    if (gsl_blas_dgemv(CblasNoTrans, 1.0, c, w, 0.0, scratch) != GSL_SUCCESS)
        return GSL_FAILURE;
    return gsl_blas_ddot(w, scratch, result);
}

/* Raw alpha k/(k-1) (1 - tr C / ΣC). */
static double raw_alpha(double k, double trace, double total)
{
    return k / (k - 1) * (1 - trace / total);
}

/* Feldt's interval as psych::alpha.ci: (1 - alpha) scaled by F quantiles
 * with n - 1 and (n - 1)(k - 1) degrees of freedom. */
static void feldt_interval(double alpha, double n, double k, ms_alpha_result *out)
{
    double df1 = n - 1, df2 = (n - 1) * (k - 1);
    out->alpha_ci_low = 1 - (1 - alpha) * gsl_cdf_fdist_Qinv(CONF_TAIL, df1, df2);
    out->alpha_ci_high = 1 - (1 - alpha) * gsl_cdf_fdist_Pinv(CONF_TAIL, df1, df2);
}

/* Item i against the others (psych r.drop, alpha.drop$raw_alpha): the
 * others' sum has variance ΣC - 2 row_i + c_ii and covariance row_i - c_ii
 * with the item; their trace is tr C - c_ii. */
static int item_drop(const gsl_matrix *c, const gsl_vector *row, double trace,
                     double total, size_t i, double *r, double *alpha)
{
    double k = (double)c->size1, cii = gsl_matrix_get(c, i, i);
    double ri = gsl_vector_get(row, i), v_rest = total - 2 * ri + cii;
    *r = *alpha = NAN;
    if (!(v_rest > 0))
        return 0;
    *r = (ri - cii) / sqrt(cii * v_rest);
    if (k > 2)
        *alpha = raw_alpha(k - 1, trace - cii, v_rest);
    return 1;
}

static void blank_alpha(double n, size_t k, ms_alpha_result *out,
                        double *corrected_r, double *alpha_if_deleted)
{
    *out = (ms_alpha_result){.n = n, .alpha = NAN, .alpha_ci_low = NAN,
                             .alpha_ci_high = NAN, .std_alpha = NAN, .mean_r = NAN};
    for (size_t i = 0; i < k; i++)
        corrected_r[i] = alpha_if_deleted[i] = NAN;
}

ms_status ms_alpha(const double *sum, const double *cross, size_t k, double n,
                   ms_alpha_result *out, double *corrected_r,
                   double *alpha_if_deleted, const char **why)
{
    blank_alpha(n, k, out, corrected_r, alpha_if_deleted);
    if (k > MAX_ITEMS) {
        set_why(why, "more than 64 items in one construct");
        return MS_ERR_USAGE;
    }
    if (k < 2)
        return undefined(why, "fewer than two items: alpha undefined");
    if (!(n >= 2))
        return undefined(why, "fewer than two complete cases: alpha undefined");

    double cov[MAX_ITEMS * MAX_ITEMS], ones[MAX_ITEMS], rows[MAX_ITEMS];
    double inv_sd[MAX_ITEMS], scratch[MAX_ITEMS];
    gsl_matrix_view c = gsl_matrix_view_array(cov, k, k);
    gsl_vector_view one = gsl_vector_view_array(ones, k), row = gsl_vector_view_array(rows, k);
    gsl_vector_view w = gsl_vector_view_array(inv_sd, k), tmp = gsl_vector_view_array(scratch, k);
    if (fill_covariance(sum, cross, k, n, &c.matrix))
        return undefined(why, "an item is constant: alpha undefined");

    double trace = 0, total = 0, sum_r = 0;
    gsl_vector_set_all(&one.vector, 1.0);
    for (size_t i = 0; i < k; i++) {
        trace += cov[i * k + i];
        inv_sd[i] = 1 / sqrt(cov[i * k + i]);
    }
    /* Row sums C·1 give ΣC and every item-rest covariance; w'Cw with
     * w = 1/sd is the sum of the correlation matrix. */
    if (gsl_blas_dgemv(CblasNoTrans, 1.0, &c.matrix, &one.vector, 0.0, &row.vector) != GSL_SUCCESS
        || quadratic_form(&c.matrix, &w.vector, &tmp.vector, &sum_r) != GSL_SUCCESS)
        return undefined(why, "linear algebra failed");
    for (size_t i = 0; i < k; i++)
        total += rows[i];
    if (!(total > 0))
        return undefined(why, "the sum of the items is constant: alpha undefined");

    double dk = (double)k;
    out->alpha = raw_alpha(dk, trace, total);
    out->std_alpha = dk / (dk - 1) * (1 - dk / sum_r);
    out->mean_r = (sum_r - dk) / (dk * (dk - 1));
    feldt_interval(out->alpha, n, dk, out);
    int rest_ok = 1;
    for (size_t i = 0; i < k; i++)
        rest_ok &= item_drop(&c.matrix, &row.vector, trace, total, i,
                             &corrected_r[i], &alpha_if_deleted[i]);
    if (isnan(out->alpha_ci_low) || isnan(out->alpha_ci_high))
        return undefined(why, "F quantile failed: alpha interval undefined");
    if (!rest_ok)
        return undefined(why, "the other items sum to a constant: item-total r undefined");
    if (k == 2)
        return undefined(why, "two items: alpha if an item is deleted is undefined");
    return MS_OK;
}

/* ---------- empirical-Bayes shrinkage ---------- */

/* Definition.  Group j has observed mean y_j with sampling variance
 * s_j² = var_j / n_j and true mean θ_j ~ N(μ, τ²).
 *   τ²: DerSimonian–Laird, with w_j = 1/s_j², ȳ = Σw y / Σw,
 *       Q = Σw (y - ȳ)², τ² = max(0, (Q - (m - 1)) / (Σw - Σw²/Σw));
 *   μ:  Σw* y / Σw* with w*_j = 1/(s_j² + τ²), variance 1/Σw*;
 *   posterior mean μ + B_j (y_j - μ), B_j = τ²/(τ² + s_j²);
 *   interval ± 1.959964 sqrt(B_j s_j² + (1 - B_j)² / Σw*).
 * This is metafor's blup() of rma(method = "DL").  Its variance adds the
 * uncertainty of μ to the posterior variance B_j s_j²: without it the
 * interval collapses to a point whenever τ² is estimated as 0.  A group
 * with n < 2 or no variation has no s_j²: it gets NAN and is left out of the
 * estimation (m counts the groups kept). */
typedef struct {
    double m;          /* groups kept */
    double w, w2, wy;  /* Σw, Σw², Σw y with w = 1/s² */
} dl_sums;

static int usable(const ms_moments *g)
{
    return g->n >= 2 && g->var > 0 && isfinite(g->var) && isfinite(g->mean);
}

static double sampling_var(const ms_moments *g)
{
    return g->var / g->n;
}

static dl_sums dl_accumulate(const ms_moments *groups, size_t g)
{
    dl_sums s = {0, 0, 0, 0};
    for (size_t j = 0; j < g; j++)
        if (usable(&groups[j])) {
            double w = 1 / sampling_var(&groups[j]);
            s.m += 1;
            s.w += w;
            s.w2 += w * w;
            s.wy += w * groups[j].mean;
        }
    return s;
}

static double dl_tau2(const ms_moments *groups, size_t g, const dl_sums *s)
{
    double ybar = s->wy / s->w, q = 0;
    for (size_t j = 0; j < g; j++)
        if (usable(&groups[j])) {
            double d = groups[j].mean - ybar;
            q += d * d / sampling_var(&groups[j]);
        }
    return fmax(0, (q - (s->m - 1)) / (s->w - s->w2 / s->w));
}

ms_status ms_shrink(const ms_moments *groups, size_t g, double *out_mean,
                    double *out_low, double *out_high, double *tau2,
                    const char **why)
{
    *tau2 = NAN;
    for (size_t j = 0; j < g; j++)
        out_mean[j] = out_low[j] = out_high[j] = NAN;
    dl_sums s = dl_accumulate(groups, g);
    if (s.m < 2)
        return undefined(why, "fewer than two groups with two or more varying answers");
    *tau2 = dl_tau2(groups, g, &s);

    double ws = 0, wsy = 0, z = gsl_cdf_ugaussian_Qinv(CONF_TAIL);
    for (size_t j = 0; j < g; j++)
        if (usable(&groups[j])) {
            double w = 1 / (sampling_var(&groups[j]) + *tau2);
            ws += w;
            wsy += w * groups[j].mean;
        }
    double grand = wsy / ws;
    for (size_t j = 0; j < g; j++)
        if (usable(&groups[j])) {
            double s2 = sampling_var(&groups[j]), b = *tau2 / (*tau2 + s2);
            double half = z * sqrt(b * s2 + (1 - b) * (1 - b) / ws);
            out_mean[j] = grand + b * (groups[j].mean - grand);
            out_low[j] = out_mean[j] - half;
            out_high[j] = out_mean[j] + half;
        }
    if (s.m < (double)g)
        return undefined(why, "a group of fewer than two or without variation is not shrunk");
    return MS_OK;
}
