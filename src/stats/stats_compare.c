/* stats_compare.c — group comparisons from moments and frequency tables.
 *
 * Tests and p-values follow R 4.2's defaults (t.test, wilcox.test,
 * anova(lm), kruskal.test, chisq.test(correct = FALSE), p.adjust).  Effect
 * sizes follow the effectsize package (0.8.3) with one deliberate change:
 * every interval is the two-sided 95 % one (alternative = "two.sided"),
 * because the report prints lower and upper bounds; effectsize's default
 * for eta², Cramér's V and epsilon² is one-sided with the upper bound at 1.
 *
 * Noncentral intervals are found by a bracketing root search (Illinois) on
 * the noncentral cdf, which is monotone in the noncentrality; GSL's root
 * solvers would need gsl_root_fsolver_alloc, and these functions allocate
 * nothing. */
#include "mentorstat/stats.h"

#include <float.h>
#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sort.h>

#define CONF_TAIL 0.025     /* two-sided 95 % */
#define EXACT_MAX_N 50      /* wilcox.test: exact when both groups are below */
#define EXACT_MAX_W ((EXACT_MAX_N - 1) * (EXACT_MAX_N - 1) / 2 + 1)
#define SOLVE_MAX_STEPS 400
#define BRACKET_MAX_STEPS 80

/* ---------- small helpers ---------- */

static void set_why(const char **why, const char *reason)
{
    if (why)
        *why = reason;
}

static void blank_test(ms_test *out, const char *effect_name)
{
    *out = (ms_test){.statistic = NAN, .df = NAN, .df2 = NAN, .p = NAN,
                     .exact = 0, .effect_name = effect_name, .effect = NAN,
                     .effect_ci_low = NAN, .effect_ci_high = NAN,
                     .omega2 = NAN, .warning = NULL};
}

static ms_status undefined(const char **why, const char *reason)
{
    set_why(why, reason);
    return MS_ERR_MATH;
}

/* ---------- noncentral distributions as Poisson mixtures ---------- */

/* j log(mu), 0 for j = 0 even when mu underflowed to 0 (0 * -inf is NaN). */
static double j_log(double j, double mu)
{
    return j == 0 ? 0 : j * log(mu);
}

/* log of the Poisson(mu) probability of j; NAN when GSL fails. */
static double log_poisson(double j, double mu)
{
    gsl_sf_result lf;
    if (gsl_sf_lngamma_e(j + 1, &lf) != GSL_SUCCESS)
        return NAN;
    return j_log(j, mu) - mu - lf.val;
}

/* Terms beyond mode ± (9 sd + 30) weigh less than 1e-17 in total for any
 * mean (Chernoff bounds of both Poisson tails), so a fixed window replaces
 * an error-prone stopping rule. */
static void poisson_window(double mu, double *lo, double *hi)
{
    double mode = floor(mu), reach = ceil(9 * sqrt(mu) + 30);
    *lo = fmax(0, mode - reach);
    *hi = mode + reach;
}

/* A Poisson(mu)-weighted sum Σ_j w_j c_j over the window around the mode,
 * where the central cdfs c_j follow a two-term recurrence: c_{j+1} = c_j - t_j
 * with t_{j+1} = t_j r_up(j) and t_{j-1} = t_j r_down(j).  One GSL cdf call
 * at the mode instead of one per term: the mixture is summed hundreds of
 * times per interval on large samples (the recurrences are those of R's
 * pnchisq/pnbeta). */
typedef struct {
    double c_mode;   /* central cdf at the mode */
    double t_mode;   /* t_mode = c(mode) - c(mode + 1) */
    double (*up)(const void *ctx, double j);    /* t_{j+1} / t_j */
    double (*down)(const void *ctx, double j);  /* t_{j-1} / t_j */
    const void *ctx;
} mixture;

static double mixture_sum(double mu, const mixture *m)
{
    double lo, hi, mode = floor(mu);
    poisson_window(mu, &lo, &hi);
    double w_mode = exp(log_poisson(mode, mu));
    if (isnan(w_mode) || isnan(m->c_mode) || isnan(m->t_mode))
        return NAN;
    double sum = w_mode * m->c_mode;
    double w = w_mode, c = m->c_mode, t = m->t_mode;
    for (double j = mode; j < hi; j++) { /* upwards */
        c -= t;
        t *= m->up(m->ctx, j);
        w *= mu / (j + 1);
        sum += w * fmax(c, 0);
    }
    w = w_mode, c = m->c_mode, t = m->t_mode;
    for (double j = mode; j > lo; j--) { /* downwards */
        t *= m->down(m->ctx, j);
        c += t;
        w *= j / mu;
        sum += w * fmin(c, 1);
    }
    return fmin(sum, 1);
}

typedef struct {
    double y, a0; /* chi-square: y = x/2, shape a = df/2 + j */
} gamma_ctx;

/* t_j = y^a e^-y / Γ(a + 1), a = a0 + j: P(a+1, y) = P(a, y) - t_j */
static double gamma_up(const void *ctx, double j)
{
    const gamma_ctx *g = ctx;
    return g->y / (g->a0 + j + 1);
}

static double gamma_down(const void *ctx, double j)
{
    const gamma_ctx *g = ctx;
    return (g->a0 + j) / g->y;
}

/* P(X <= x) for X ~ chi-square(df, ncp): Σ_j Pois(j; ncp/2) P(χ²_{df+2j} <= x). */
static double nc_chisq_cdf(double x, double df, double ncp)
{
    double mu = ncp / 2;
    if (mu == 0 || x <= 0)
        return gsl_cdf_chisq_P(x, df);
    double mode = floor(mu);
    gamma_ctx g = {x / 2, df / 2};
    gsl_sf_result lg;
    double a = g.a0 + mode;
    if (gsl_sf_lngamma_e(a + 1, &lg) != GSL_SUCCESS)
        return NAN;
    mixture m = {gsl_cdf_chisq_P(x, df + 2 * mode), exp(a * log(g.y) - g.y - lg.val), gamma_up,
                 gamma_down, &g};
    return mixture_sum(mu, &m);
}

typedef struct {
    double x, a0, b; /* beta: I_x(a0 + j, b) */
} beta_ctx;

/* t_j = x^a (1-x)^b / (a B(a, b)), a = a0 + j: I_x(a+1, b) = I_x(a, b) - t_j */
static double beta_up(const void *ctx, double j)
{
    const beta_ctx *c = ctx;
    double a = c->a0 + j;
    return c->x * (a + c->b) / (a + 1);
}

static double beta_down(const void *ctx, double j)
{
    const beta_ctx *c = ctx;
    double a = c->a0 + j;
    return a / (c->x * (a - 1 + c->b));
}

/* P(F <= f) for noncentral F(d1, d2, ncp): Σ_j Pois(j; ncp/2) I_x(d1/2 + j, d2/2). */
static double nc_f_cdf(double f, double d1, double d2, double ncp)
{
    double mu = ncp / 2, x = d1 * f / (d1 * f + d2);
    if (mu == 0 || x <= 0 || x >= 1)
        return gsl_cdf_fdist_P(f, d1, d2);
    double mode = floor(mu);
    beta_ctx bc = {x, d1 / 2, d2 / 2};
    double a = bc.a0 + mode;
    gsl_sf_result lb;
    if (gsl_sf_lnbeta_e(a, bc.b, &lb) != GSL_SUCCESS)
        return NAN;
    double t = exp(a * log(x) + bc.b * log1p(-x) - log(a) - lb.val);
    mixture m = {gsl_cdf_beta_P(x, a, bc.b), t, beta_up, beta_down, &bc};
    return mixture_sum(mu, &m);
}

/* P(T <= t) for t >= 0, T noncentral t(df, delta), any real delta
 * (Guenther 1978, the series of AS 243 that R's pt(ncp =) sums):
 * Φ(-δ) + ½ Σ_j [P_j I_x(j + ½, df/2) + Q_j I_x(j + 1, df/2)], x = t²/(t² + df),
 * P_j = Pois(j; δ²/2), Q_j = δ e^{-δ²/2} (δ²/2)^j / (√2 Γ(j + 3/2)). */
static double nc_t_cdf_nonneg(double t, double df, double delta)
{
    if (delta == 0)
        return gsl_cdf_tdist_P(t, df);
    double mu = delta * delta / 2, x = t * t / (t * t + df), lo, hi;
    double sum = gsl_cdf_ugaussian_Q(delta);
    if (x == 0)
        return sum;
    poisson_window(mu, &lo, &hi);
    for (double j = lo; j <= hi; j++) {
        gsl_sf_result lg;
        if (gsl_sf_lngamma_e(j + 1.5, &lg) != GSL_SUCCESS)
            return NAN;
        double log_q = j_log(j, mu) - mu - lg.val - 0.5 * log(2.0) + log(fabs(delta));
        sum += 0.5 * exp(log_poisson(j, mu)) * gsl_cdf_beta_P(x, j + 0.5, df / 2);
        sum += 0.5 * copysign(exp(log_q), delta) * gsl_cdf_beta_P(x, j + 1, df / 2);
    }
    return fmin(sum, 1);
}

/* cdf of the observed statistic as a function of the noncentrality:
 * decreasing in ncp for all three distributions. */
typedef struct {
    double (*cdf)(double stat, double df1, double df2, double ncp);
    double stat, df1, df2;
} ncp_problem;

static double chisq_adapter(double x, double df, double unused, double ncp)
{
    (void)unused;
    return nc_chisq_cdf(x, df, ncp);
}

static double f_adapter(double f, double d1, double d2, double ncp)
{
    return nc_f_cdf(f, d1, d2, ncp);
}

static double t_adapter(double t, double df, double unused, double delta)
{
    (void)unused;
    return nc_t_cdf_nonneg(t, df, delta);
}

static double problem_cdf(const ncp_problem *pr, double ncp)
{
    return pr->cdf(pr->stat, pr->df1, pr->df2, ncp);
}

/* Root of cdf(ncp) = target on [lo, hi], where cdf(lo) >= target >= cdf(hi):
 * the Illinois variant of regula falsi, which keeps the bracket like
 * bisection (falling back to it when the secant leaves the bracket) but
 * needs about a fifth of the cdf evaluations, each of which sums hundreds of
 * terms on large samples. */
static ms_status solve_ncp(const ncp_problem *pr, double target, double lo,
                           double hi, double *root)
{
    double f_lo = problem_cdf(pr, lo) - target, f_hi = problem_cdf(pr, hi) - target;
    int kept = 0; /* which end stayed last time: -1 low, +1 high */
    if (isnan(f_lo) || isnan(f_hi))
        return MS_ERR_MATH;
    for (int step = 0; step < SOLVE_MAX_STEPS; step++) {
        if (hi - lo <= 4 * DBL_EPSILON * fmax(1, fabs(lo) + fabs(hi)) || f_lo == 0 || f_hi == 0)
            break;
        double x = (lo * f_hi - hi * f_lo) / (f_hi - f_lo);
        if (!(x > lo && x < hi))
            x = lo + (hi - lo) / 2;
        double f = problem_cdf(pr, x) - target;
        if (isnan(f))
            return MS_ERR_MATH;
        if (f > 0) {
            lo = x, f_lo = f;
            f_hi = kept == 1 ? f_hi / 2 : f_hi;
            kept = 1;
        } else {
            hi = x, f_hi = f;
            f_lo = kept == -1 ? f_lo / 2 : f_lo;
            kept = -1;
        }
    }
    *root = f_lo == 0 ? lo : f_hi == 0 ? hi : lo + (hi - lo) / 2;
    return MS_OK;
}

/* Noncentrality >= 0 with cdf = target; 0 when even ncp = 0 puts the
 * observed statistic below the target (effectsize's convention).  The
 * bracket starts around the moment estimate ncp ≈ df1 (stat - 1) with a
 * few of its standard deviations, sqrt(2 (df1 + 2 ncp)) for a chi-square,
 * so the search never walks across a flat cdf. */
static ms_status ncp_nonneg_root(const ncp_problem *pr, double target, double *root)
{
    double p0 = problem_cdf(pr, 0);
    if (isnan(p0))
        return MS_ERR_MATH;
    if (p0 <= target) {
        *root = 0;
        return MS_OK;
    }
    double guess = fmax(0, pr->df1 * (pr->stat - 1));
    double width = 2 * sqrt(2 * (pr->df1 + 2 * guess)) + 1;
    double lo = fmax(0, guess - width), hi = guess + width;
    for (int step = 0;; step++, width *= 2, lo = fmax(0, guess - width)) {
        double p = lo == 0 ? p0 : problem_cdf(pr, lo);
        if (isnan(p) || step == BRACKET_MAX_STEPS)
            return MS_ERR_MATH;
        if (p >= target)
            break;
    }
    for (int step = 0;; step++, width *= 2, hi = guess + width) {
        double p = problem_cdf(pr, hi);
        if (isnan(p) || step == BRACKET_MAX_STEPS)
            return MS_ERR_MATH;
        if (p <= target)
            break;
    }
    return solve_ncp(pr, target, lo, hi, root);
}

/* Noncentrality interval (low, high) of a chi-square or F statistic. */
static ms_status ncp_interval(const ncp_problem *pr, double *low, double *high)
{
    if (ncp_nonneg_root(pr, 1 - CONF_TAIL, low) != MS_OK ||
        ncp_nonneg_root(pr, CONF_TAIL, high) != MS_OK)
        return MS_ERR_MATH;
    return MS_OK;
}

/* Real delta with P(T <= t; delta) = target, for t >= 0. */
static ms_status t_delta_root(const ncp_problem *pr, double target, double *root)
{
    double lo = pr->stat - 1, hi = pr->stat + 1;
    for (int i = 0;; i++, lo -= ldexp(1, i)) {
        double p = problem_cdf(pr, lo);
        if (isnan(p) || i == BRACKET_MAX_STEPS)
            return MS_ERR_MATH;
        if (p >= target)
            break;
    }
    for (int i = 0;; i++, hi += ldexp(1, i)) {
        double p = problem_cdf(pr, hi);
        if (isnan(p) || i == BRACKET_MAX_STEPS)
            return MS_ERR_MATH;
        if (p <= target)
            break;
    }
    return solve_ncp(pr, target, lo, hi, root);
}

/* 95 % interval of the noncentrality of a t statistic.  The series needs
 * t >= 0; T(-δ) is distributed as -T(δ), so a negative t is mirrored. */
static ms_status t_ncp_interval(double t, double df, double *low, double *high)
{
    ncp_problem pr = {t_adapter, fabs(t), df, 0};
    double a, b;
    if (isnan(t) || t_delta_root(&pr, 1 - CONF_TAIL, &a) != MS_OK ||
        t_delta_root(&pr, CONF_TAIL, &b) != MS_OK)
        return MS_ERR_MATH;
    *low = t >= 0 ? a : -b;
    *high = t >= 0 ? b : -a;
    return MS_OK;
}

/* ---------- Welch t and Hedges' g ---------- */

/* Hedges' g as effectsize::hedges_g(x, y) by default: the pooled SD (the
 * classical g, although the test itself is Welch's), the interval from the
 * noncentral t of the pooled t statistic on n1 + n2 - 2 df, point and bounds
 * multiplied by the exact small-sample factor J. */
static void hedges_g(const ms_moments *a, const ms_moments *b, ms_test *out)
{
    double df = a->n + b->n - 2, hn = 1 / a->n + 1 / b->n;
    double sp = sqrt(((a->n - 1) * a->var + (b->n - 1) * b->var) / df);
    double d = (a->mean - b->mean) / sp, low, high;
    gsl_sf_result lg_half, lg_less;
    if (gsl_sf_lngamma_e(df / 2, &lg_half) != GSL_SUCCESS ||
        gsl_sf_lngamma_e((df - 1) / 2, &lg_less) != GSL_SUCCESS)
        return;
    double j = exp(lg_half.val - log(sqrt(df / 2)) - lg_less.val);
    out->effect = d * j;
    if (t_ncp_interval(d / sqrt(hn), df, &low, &high) != MS_OK)
        return;
    out->effect_ci_low = low * sqrt(hn) * j;
    out->effect_ci_high = high * sqrt(hn) * j;
}

/* The standard error of a − b and its Welch–Satterthwaite df; NULL, or why
 * t.test would refuse. */
static const char *welch_se_df(const ms_moments *a, const ms_moments *b, double *se, double *df)
{
    if (!(a->n >= 2) || !(b->n >= 2))
        return "a group has fewer than 2 observations";
    double va = a->var / a->n, vb = b->var / b->n;
    *se = sqrt(va + vb);
    /* t.test's own test for "data are essentially constant" */
    if (!(*se >= 10 * DBL_EPSILON * fmax(fabs(a->mean), fabs(b->mean))) || *se == 0)
        return "no variation in either group";
    *df = (va + vb) * (va + vb) / (va * va / (a->n - 1) + vb * vb / (b->n - 1));
    return NULL;
}

ms_status ms_welch_ci(const ms_moments *a, const ms_moments *b, ms_interval *out,
                      const char **why)
{
    double se, df;
    const char *reason = welch_se_df(a, b, &se, &df);
    *out = (ms_interval){a->mean - b->mean, NAN, NAN};
    if (reason)
        return undefined(why, reason);
    double q = gsl_cdf_tdist_Qinv(0.025, df);
    out->ci_low = out->estimate - q * se;
    out->ci_high = out->estimate + q * se;
    if (isnan(q))
        return undefined(why, "t distribution failed");
    return MS_OK;
}

ms_status ms_welch_t(const ms_moments *a, const ms_moments *b, ms_test *out,
                     const char **why)
{
    blank_test(out, "hedges_g");
    double se, df;
    const char *reason = welch_se_df(a, b, &se, &df);
    if (reason)
        return undefined(why, reason);
    out->statistic = (a->mean - b->mean) / se;
    out->df = df;
    out->p = 2 * gsl_cdf_tdist_Q(fabs(out->statistic), out->df);
    hedges_g(a, b, out);
    if (isnan(out->p))
        return undefined(why, "t distribution failed");
    return MS_OK;
}

/* ---------- ranks from frequency tables ---------- */

typedef struct {
    double n;         /* all observations */
    double ties;      /* Σ (t³ - t) over tied values */
    int tied;         /* some value occurs more than once */
} rank_summary;

/* Counts one distinct value held t times: its mid-rank follows rs->n. */
static double add_value(rank_summary *rs, double t)
{
    double mid_rank = rs->n + (t + 1) / 2;
    rs->n += t;
    rs->ties += t * t * t - t;
    rs->tied |= t > 1;
    return mid_rank;
}

/* Mid-rank sum of one group of a g x k table, and the tie summary of all groups. */
static double rank_sum(const double *counts, size_t g, size_t k, size_t group,
                       rank_summary *rs)
{
    double sum = 0;
    *rs = (rank_summary){0, 0, 0};
    for (size_t i = 0; i < k; i++) {
        double t = 0;
        for (size_t j = 0; j < g; j++)
            t += counts[j * k + i];
        sum += counts[group * k + i] * add_value(rs, t);
    }
    return sum;
}

static double group_total(const double *counts, size_t k, size_t group)
{
    double n = 0;
    for (size_t i = 0; i < k; i++)
        n += counts[group * k + i];
    return n;
}

/* ---------- Mann–Whitney ---------- */

/* Number of arrangements with W <= q for group sizes m and n: the
 * coefficients of the Gaussian binomial [m+n choose m]_q, built in one array
 * by Harding's (1984) product Π (1 - x^{n+i}) / (1 - x^i).  Each step reads
 * only lower powers, so truncating at q is exact. */
static double wilcox_count_le(size_t q, size_t m, size_t n)
{
    double c[EXACT_MAX_W + 1] = {1};
    double total = 0;
    for (size_t i = 1; i <= m; i++) {
        for (size_t w = q + 1; w-- > n + i;)
            c[w] -= c[w - n - i];
        for (size_t w = i; w <= q; w++)
            c[w] += c[w - i];
    }
    for (size_t w = 0; w <= q; w++)
        total += c[w];
    return total;
}

/* wilcox.test's exact two-sided p: twice the smaller tail, at most 1. */
static ms_status wilcox_exact_p(double w, double m, double n, double *p)
{
    gsl_sf_result all;
    double q = fmin(w, m * n - w);
    if (gsl_sf_choose_e((unsigned)(m + n), (unsigned)m, &all) != GSL_SUCCESS)
        return MS_ERR_MATH;
    *p = fmin(1, 2 * wilcox_count_le((size_t)q, (size_t)m, (size_t)n) / all.val);
    return MS_OK;
}

/* wilcox.test's normal approximation: tie-corrected variance and a
 * continuity correction of 0.5 towards the mean. */
static double wilcox_normal_p(double w, double m, double n, const rank_summary *rs)
{
    double z = w - m * n / 2;
    double sigma = sqrt(m * n / 12 * ((rs->n + 1) - rs->ties / (rs->n * (rs->n - 1))));
    double correction = z > 0 ? 0.5 : z < 0 ? -0.5 : 0;
    return 2 * gsl_cdf_ugaussian_Q(fabs((z - correction) / sigma));
}

/* Rank-biserial r = (U1 - U2) / (n1 n2), its interval by Fisher's z with
 * SE = sqrt((n1 + n2 + 1) / (3 n1 n2)), as effectsize::rank_biserial. */
static void rank_biserial(double w, double m, double n, ms_test *out)
{
    double r = 2 * w / (m * n) - 1, z = gsl_cdf_ugaussian_Qinv(CONF_TAIL);
    double se = sqrt((m + n + 1) / (3 * m * n));
    out->effect = r;
    out->effect_ci_low = tanh(atanh(r) - z * se);
    out->effect_ci_high = tanh(atanh(r) + z * se);
}

ms_status ms_mann_whitney(const double *values, const double *counts1,
                          const double *counts2, size_t k, ms_test *out,
                          const char **why)
{
    (void)values; /* ranks depend only on the order of the grid */
    blank_test(out, "rank_biserial");
    /* The two groups are separate arrays (not one g x k table), so they
     * are ranked here rather than by rank_sum. */
    double m = 0, n = 0, r1 = 0;
    rank_summary rs = {0, 0, 0};
    for (size_t i = 0; i < k; i++) {
        r1 += counts1[i] * add_value(&rs, counts1[i] + counts2[i]);
        m += counts1[i];
        n += counts2[i];
    }
    if (!(m > 0) || !(n > 0))
        return undefined(why, "a group has no observations");
    out->statistic = r1 - m * (m + 1) / 2;
    rank_biserial(out->statistic, m, n, out);
    if (m < EXACT_MAX_N && n < EXACT_MAX_N && !rs.tied) {
        out->exact = 1;
        if (wilcox_exact_p(out->statistic, m, n, &out->p) != MS_OK)
            return undefined(why, "exact distribution failed");
        return MS_OK;
    }
    out->p = wilcox_normal_p(out->statistic, m, n, &rs);
    if (isnan(out->p))
        return undefined(why, "all values are tied");
    return MS_OK;
}

/* ---------- one-way ANOVA ---------- */

typedef struct {
    double groups, n, ssb, ssw;
} anova_sums;

/* Groups of one add nothing to the within sum of squares (their variance
 * is NAN); empty groups are not groups. */
static anova_sums anova_from_moments(const ms_moments *groups, size_t g)
{
    anova_sums s = {0, 0, 0, 0};
    double sum = 0;
    for (size_t j = 0; j < g; j++)
        if (groups[j].n > 0) {
            s.groups++;
            s.n += groups[j].n;
            sum += groups[j].n * groups[j].mean;
            s.ssw += groups[j].n > 1 ? (groups[j].n - 1) * groups[j].var : 0;
        }
    double grand = sum / s.n;
    for (size_t j = 0; j < g; j++)
        if (groups[j].n > 0)
            s.ssb += groups[j].n * (groups[j].mean - grand) * (groups[j].mean - grand);
    return s;
}

/* eta² interval as effectsize: the noncentrality λ of the observed F,
 * converted by λ / (λ + df_error). */
static void eta2_interval(double f, double df1, double df2, ms_test *out)
{
    ncp_problem pr = {f_adapter, f, df1, df2};
    double low, high;
    if (ncp_interval(&pr, &low, &high) != MS_OK)
        return;
    out->effect_ci_low = low / (low + df2);
    out->effect_ci_high = high / (high + df2);
}

ms_status ms_anova(const ms_moments *groups, size_t g, ms_test *out,
                   const char **why)
{
    blank_test(out, "eta_squared");
    anova_sums s = anova_from_moments(groups, g);
    if (s.groups < 2)
        return undefined(why, "fewer than 2 groups with data");
    double df1 = s.groups - 1, df2 = s.n - s.groups;
    if (!(df2 >= 1))
        return undefined(why, "no group has more than one observation");
    if (!(s.ssw > 0))
        return undefined(why, s.ssb > 0 ? "no variation within groups" : "constant values");
    double msw = s.ssw / df2;
    out->df = df1;
    out->df2 = df2;
    out->statistic = s.ssb / df1 / msw;
    out->p = gsl_cdf_fdist_Q(out->statistic, df1, df2);
    out->effect = s.ssb / (s.ssb + s.ssw);
    /* effectsize::omega_squared truncates a negative estimate at 0 */
    out->omega2 = fmax(0, (s.ssb - df1 * msw) / (s.ssb + s.ssw + msw));
    eta2_interval(out->statistic, df1, df2, out);
    if (isnan(out->p) || isnan(out->statistic))
        return undefined(why, "F distribution failed");
    return MS_OK;
}

/* ---------- Kruskal–Wallis ---------- */

/* Chi-square-based interval of an effect of the form ncp / scale: the
 * noncentrality λ of the observed chi-square, then λ / scale (the
 * construction effectsize uses for Cramér's V), capped at 1. */
static void chisq_effect_interval(double chisq, double df, double scale,
                                  int take_sqrt, ms_test *out)
{
    ncp_problem pr = {chisq_adapter, chisq, df, 0};
    double low, high;
    if (ncp_interval(&pr, &low, &high) != MS_OK)
        return;
    low /= scale;
    high /= scale;
    out->effect_ci_low = fmin(1, take_sqrt ? sqrt(low) : low);
    out->effect_ci_high = fmin(1, take_sqrt ? sqrt(high) : high);
}

/* H in the deviation form Σ n_j (R̄_j - (N+1)/2)², equal to kruskal.test's
 * Σ R_j²/n_j - 3(N+1) without its cancellation.  epsilon² = H / (N - 1) as
 * effectsize::rank_epsilon_squared.  Its interval is NOT effectsize's
 * (a percentile bootstrap, not reproducible): it inverts the noncentral
 * chi-square that H approaches under local alternatives (Andrews 1954),
 * an asymptotic approximation. */
ms_status ms_kruskal_wallis(const double *values, const double *counts,
                            size_t g, size_t k, ms_test *out, const char **why)
{
    (void)values; /* ranks depend only on the order of the grid */
    blank_test(out, "epsilon_squared");
    rank_summary rs = {0, 0, 0};
    double groups = 0, spread = 0;
    for (size_t j = 0; j < g; j++) {
        double nj = group_total(counts, k, j);
        double rj = rank_sum(counts, g, k, j, &rs);
        if (nj > 0) {
            double dev = rj / nj - (rs.n + 1) / 2;
            spread += nj * dev * dev;
            groups++;
        }
    }
    if (groups < 2)
        return undefined(why, "fewer than 2 groups with data");
    double n = rs.n, correction = 1 - rs.ties / (n * n * n - n);
    if (!(correction > 0))
        return undefined(why, "all values are tied");
    out->statistic = 12 * spread / (n * (n + 1)) / correction;
    out->df = groups - 1;
    out->p = gsl_cdf_chisq_Q(out->statistic, out->df);
    out->effect = out->statistic / (n - 1);
    chisq_effect_interval(out->statistic, out->df, n - 1, 0, out);
    if (isnan(out->p))
        return undefined(why, "chi-square distribution failed");
    return MS_OK;
}

/* ---------- Pearson chi-square ---------- */

static double row_total(const double *table, size_t cols, size_t i)
{
    double s = 0;
    for (size_t j = 0; j < cols; j++)
        s += table[i * cols + j];
    return s;
}

static double col_total(const double *table, size_t rows, size_t cols, size_t j)
{
    double s = 0;
    for (size_t i = 0; i < rows; i++)
        s += table[i * cols + j];
    return s;
}

static double count_nonempty_cols(const double *table, size_t rows, size_t cols)
{
    double c = 0;
    for (size_t j = 0; j < cols; j++)
        c += col_total(table, rows, cols, j) > 0;
    return c;
}

/* Empty rows and columns (codebook levels nobody chose) are left out:
 * chisq.test would return NaN for them, and leaving them out gives exactly
 * chisq.test on the table without them. */
ms_status ms_chi_square(const double *table, size_t rows, size_t cols,
                        ms_test *out, const char **why)
{
    blank_test(out, "cramers_v");
    double n = 0, x2 = 0, used_rows = 0, min_expected = INFINITY;
    double used_cols = count_nonempty_cols(table, rows, cols);
    for (size_t i = 0; i < rows; i++) {
        double r = row_total(table, cols, i);
        used_rows += r > 0;
        n += r;
    }
    if (used_rows < 2 || used_cols < 2)
        return undefined(why, "fewer than 2 non-empty rows or columns");
    for (size_t i = 0; i < rows; i++) {
        double r = row_total(table, cols, i);
        for (size_t j = 0; j < cols && r > 0; j++) {
            double c = col_total(table, rows, cols, j);
            if (c == 0)
                continue;
            double e = r * c / n, d = table[i * cols + j] - e;
            x2 += d * d / e;
            min_expected = fmin(min_expected, e);
        }
    }
    out->statistic = x2;
    out->df = (used_rows - 1) * (used_cols - 1);
    out->p = gsl_cdf_chisq_Q(x2, out->df);
    out->warning = min_expected < 5 ? "expected count below 5" : NULL;
    /* Cramér's V without bias correction (effectsize's adjust = FALSE), the
     * classical definition most readers will compare with. */
    double scale = n * (fmin(used_rows, used_cols) - 1);
    out->effect = sqrt(x2 / scale);
    chisq_effect_interval(x2, out->df, scale, 1, out);
    if (isnan(out->p))
        return undefined(why, "chi-square distribution failed");
    return MS_OK;
}

/* ---------- p-value adjustment ---------- */

/* Moves the non-NAN p-values to the front of out; returns how many.  R's
 * p.adjust drops NAs before counting, so m is the number of real p-values. */
static size_t compact_p(const double *p, size_t m, double *out)
{
    size_t lp = 0;
    for (size_t i = 0; i < m; i++)
        if (!isnan(p[i]))
            out[lp++] = p[i];
    return lp;
}

/* Spreads the lp compacted results back over the NAN gaps, from the end so
 * nothing is overwritten before it is moved. */
static void expand_p(const double *p, size_t m, size_t lp, double *out)
{
    for (size_t i = m; i-- > 0;)
        out[i] = isnan(p[i]) ? NAN : out[--lp];
}

/* Both adjustments are tie-invariant (cummax/cummin), so the unstable
 * order of gsl_sort_index does not matter. */
void ms_p_adjust_holm(const double *p, size_t m, double *out, size_t *order)
{
    size_t lp = compact_p(p, m, out);
    double run = 0;
    gsl_sort_index(order, out, 1, lp);
    for (size_t r = 0; r < lp; r++) {
        size_t j = order[r];
        run = fmax(run, (double)(lp - r) * out[j]);
        out[j] = fmin(1, run);
    }
    expand_p(p, m, lp, out);
}

void ms_p_adjust_bh(const double *p, size_t m, double *out, size_t *order)
{
    size_t lp = compact_p(p, m, out);
    double run = INFINITY;
    gsl_sort_index(order, out, 1, lp);
    for (size_t r = lp; r-- > 0;) {
        size_t j = order[r];
        run = fmin(run, (double)lp / (double)(r + 1) * out[j]);
        out[j] = fmin(1, run);
    }
    expand_p(p, m, lp, out);
}
