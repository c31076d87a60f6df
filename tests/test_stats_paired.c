/* Check suite for stats_paired.c: the paired t, the Wilcoxon signed-rank
 * test (exact and normal paths), d_z and the shares match R 4.2.2 to 1e-6
 * relative (p-values: 1e-6 relative or 1e-12 absolute).  Every expected
 * value was printed by tests/r/stats_paired.R on the data named beside it and
 * pasted here; none was adjusted to the C output.  The tables are the exact
 * doubles of d = to - from, so R's ties are the tables' ties.
 * MS_TEST_SHOW_DIFF=1 prints every comparison's relative difference. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "mentorstat/stats.h"
#include "ms_suite.h"

#define TOL 1e-6
#define P_ABS_TOL 1e-12
#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static double rel_diff(double got, double want)
{
    return want == 0 ? fabs(got) : fabs(got - want) / fabs(want);
}

static void expect_close(double got, double want, const char *what)
{
    if (getenv("MS_TEST_SHOW_DIFF"))
        fprintf(stderr, "reldiff %-24s %.3g\n", what, rel_diff(got, want));
    ck_assert_msg(rel_diff(got, want) <= TOL, "%s: got %.17g, R says %.17g", what, got, want);
}

static void expect_p(double got, double want, const char *what)
{
    if (getenv("MS_TEST_SHOW_DIFF"))
        fprintf(stderr, "reldiff %-24s %.3g\n", what, rel_diff(got, want));
    ck_assert_msg(rel_diff(got, want) <= TOL || fabs(got - want) <= P_ABS_TOL,
                  "%s: got %.17g, R says %.17g", what, got, want);
}

typedef struct {
    const double *diffs, *counts;
    size_t k;
    double n, mean, sd;
    double t, df, p_t;
    double v, p_wilcoxon;
    int exact;
    double dz, dz_low, dz_high;
    double improved, unchanged, worse;
} paired_case;

static void expect_paired(const paired_case *c)
{
    ms_paired p;
    const char *why = NULL;
    ck_assert_int_eq(ms_paired_from_counts(c->diffs, c->counts, c->k, &p, &why), MS_OK);
    ck_assert_ptr_null(why);
    ck_assert_double_eq(p.n, c->n);
    expect_close(p.mean_diff, c->mean, "mean(d)");
    expect_close(p.sd_diff, c->sd, "sd(d)");
    expect_close(p.t, c->t, "t.test t");
    ck_assert_double_eq(p.df, c->df);
    expect_p(p.p_t, c->p_t, "t.test p");
    ck_assert_double_eq(p.v, c->v); /* a sum of (half-)integers: exact */
    expect_p(p.p_wilcoxon, c->p_wilcoxon,
             c->exact ? "wilcox.test p exact" : "wilcox.test p normal");
    ck_assert_int_eq(p.exact, c->exact);
    expect_close(p.dz, c->dz, "d_z");
    expect_close(p.dz_ci_low, c->dz_low, "d_z ci low");
    expect_close(p.dz_ci_high, c->dz_high, "d_z ci high");
    expect_close(p.improved, c->improved, "share improved");
    expect_close(p.unchanged, c->unchanged, "share unchanged");
    expect_close(p.worse, c->worse, "share worse");
}

/* sleep: extra[group == 2] vs extra[group == 1]: d = to - from, n = 10
 *   with(sleep, {to <- extra[group == 2]; from <- extra[group == 1]});
 *   d <- to - from; diffs <- sort(unique(d)); counts <- tabulate(match(d, diffs)) */
static const double sleep_diffs[] = {
    0, 0.80000000000000004, 1.0000000000000004, 1.2, 1.3, 1.3999999999999999,
    1.7999999999999998, 2.4000000000000004, 4.5999999999999996};
static const double sleep_counts[] = {
    1, 1, 1, 1, 2, 1, 1, 1, 1};
static const paired_case sleep = {
    sleep_diffs, sleep_counts, N_OF(sleep_diffs), 10,
    /* mean(d), sd(d) */ 1.5800000000000001, 1.2299954832798732,
    /* t.test(to, from, paired = TRUE): t, df, p */
    4.0621276833820366, 9, 0.0028328901973842702,
    /* wilcox.test(to, from, paired = TRUE): V, p, exact; "... with continuity correction" */
    45, 0.0090906980159250559, 0,
    /* mean(d)/sd(d) -/+ qnorm(0.975) * sqrt(1/n + dz^2/(2n)) */
    1.2845575625910546, 0.44725047288370967, 2.1218646522983997,
    /* mean(d > 0), mean(d == 0), mean(d < 0) */ 0.90000000000000002, 0.10000000000000001, 0};

/* depression: y (second visit) vs x (first visit): d = to - from, n = 9
 *   to <- c(0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29);
 *   from <- c(1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30);
 *   d <- to - from; diffs <- sort(unique(d)); counts <- tabulate(match(d, diffs)) */
static const double depression_diffs[] = {
    -1.0220000000000002, -0.95200000000000007, -0.61999999999999988,
    -0.58999999999999986, -0.48999999999999999, -0.43000000000000016,
    -0.010000000000000009, 0.080000000000000071, 0.14700000000000002};
static const double depression_counts[] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1};
static const paired_case depression = {
    depression_diffs, depression_counts, N_OF(depression_diffs), 9,
    /* mean(d), sd(d) */ -0.43188888888888888, 0.4268554920709246,
    /* t.test(to, from, paired = TRUE): t, df, p */
    -3.0353754156485913, 8, 0.016176627434908095,
    /* wilcox.test(to, from, paired = TRUE): V, p, exact; "... signed rank exact test" */
    5, 0.0390625, 1,
    /* mean(d)/sd(d) -/+ qnorm(0.975) * sqrt(1/n + dz^2/(2n)) */
    -1.0117918052161969, -1.8151011434629429, -0.20848246696945094,
    /* mean(d > 0), mean(d == 0), mean(d < 0) */ 0.22222222222222221, 0, 0.77777777777777779};

/* MASS::anorexia FT: Postwt vs Prewt: d = to - from, n = 17
 *   ft <- subset(MASS::anorexia, Treat == "FT"); to <- ft$Postwt; from <- ft$Prewt;
 *   d <- to - from; diffs <- sort(unique(d)); counts <- tabulate(match(d, diffs)) */
static const double anorexia_ft_diffs[] = {
    -5.2999999999999972, -3.7999999999999972, -2.8999999999999915, -0.10000000000000853,
    3.8999999999999915, 5.5, 5.7000000000000028, 7.3999999999999915, 9,
    9.4000000000000057, 10.700000000000003, 11, 11.400000000000006, 13.100000000000009,
    13.400000000000006, 13.599999999999994, 21.5};
static const double anorexia_ft_counts[] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
static const paired_case anorexia_ft = {
    anorexia_ft_diffs, anorexia_ft_counts, N_OF(anorexia_ft_diffs), 17,
    /* mean(d), sd(d) */ 7.264705882352942, 7.1574210767977204,
    /* t.test(to, from, paired = TRUE): t, df, p */
    4.1849081352900326, 16, 0.00070025310560053935,
    /* wilcox.test(to, from, paired = TRUE): V, p, exact; "... signed rank exact test" */
    142, 0.00083923339843750022, 1,
    /* mean(d)/sd(d) -/+ qnorm(0.975) * sqrt(1/n + dz^2/(2n)) */
    1.0149893103122027, 0.42986988571315798, 1.6001087349112475,
    /* mean(d > 0), mean(d == 0), mean(d < 0) */ 0.76470588235294112, 0, 0.23529411764705882};

/* MASS::anorexia CBT: Postwt vs Prewt: d = to - from, n = 29
 *   cbt <- subset(MASS::anorexia, Treat == "CBT"); to <- cbt$Postwt; from <- cbt$Prewt;
 *   d <- to - from; diffs <- sort(unique(d)); counts <- tabulate(match(d, diffs)) */
static const double anorexia_cbt_diffs[] = {
    -9.1000000000000085, -7.5999999999999943, -4, -3.7000000000000028, -3.5,
    -1.4000000000000057, -0.79999999999999716, -0.70000000000000284,
    -0.69999999999998863, -0.29999999999999716, -0.099999999999994316,
    0.099999999999994316, 0.69999999999998863, 1.1000000000000085, 1.3999999999999915,
    1.5999999999999943, 1.7000000000000028, 1.9000000000000057, 2.1000000000000085,
    2.3999999999999915, 3.5, 3.8999999999999915, 6.0999999999999943, 11.700000000000003,
    12.600000000000009, 14.899999999999991, 15.400000000000006, 17.100000000000009,
    20.900000000000006};
static const double anorexia_cbt_counts[] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1};
static const paired_case anorexia_cbt = {
    anorexia_cbt_diffs, anorexia_cbt_counts, N_OF(anorexia_cbt_diffs), 29,
    /* mean(d), sd(d) */ 3.0068965517241382, 7.3085043923638713,
    /* t.test(to, from, paired = TRUE): t, df, p */
    2.215587843931166, 28, 0.035022597562188812,
    /* wilcox.test(to, from, paired = TRUE): V, p, exact; "... with continuity correction" */
    303.5, 0.064465639344370579, 0,
    /* mean(d)/sd(d) -/+ qnorm(0.975) * sqrt(1/n + dz^2/(2n)) */
    0.41142433393976302, 0.032379224510647175, 0.79046944336887881,
    /* mean(d > 0), mean(d == 0), mean(d < 0) */ 0.62068965517241381, 0, 0.37931034482758619};

/* swiss: Agriculture vs Examination: d = to - from, n = 47
 *   to <- swiss$Agriculture; from <- swiss$Examination;
 *   d <- to - from; diffs <- sort(unique(d)); counts <- tabulate(match(d, diffs)) */
static const double swiss_diffs[] = {
    -35.799999999999997, -21.300000000000001, -17.399999999999999, -15.800000000000001,
    -6.6000000000000014, -6.3000000000000007, -5.3000000000000007, 1.8000000000000007,
    2, 5.6999999999999993, 12.399999999999999, 17, 22.600000000000001, 24.5,
    26.299999999999997, 26.5, 28.899999999999999, 29.200000000000003,
    30.600000000000001, 34.100000000000001, 34.5, 34.700000000000003,
    37.799999999999997, 39.100000000000001, 41, 41.100000000000001, 41.299999999999997,
    41.700000000000003, 44.100000000000001, 44.799999999999997, 47.299999999999997,
    50.100000000000001, 50.5, 53.5, 53.799999999999997, 54, 54.200000000000003,
    54.599999999999994, 57.5, 57.900000000000006, 59.200000000000003,
    66.200000000000003, 66.900000000000006, 77.900000000000006, 81.599999999999994,
    82.900000000000006, 84.700000000000003};
static const double swiss_counts[] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
static const paired_case swiss = {
    swiss_diffs, swiss_counts, N_OF(swiss_diffs), 47,
    /* mean(d), sd(d) */ 34.170212765957444, 28.779014961038182,
    /* t.test(to, from, paired = TRUE): t, df, p */
    8.1399303159877139, 46, 1.8407826598253012e-10,
    /* wilcox.test(to, from, paired = TRUE): V, p, exact; "... signed rank exact test" */
    1063, 2.5003572545756412e-09, 1,
    /* mean(d)/sd(d) -/+ qnorm(0.975) * sqrt(1/n + dz^2/(2n)) */
    1.1873308663350017, 0.81404140829645144, 1.5606203243735521,
    /* mean(d > 0), mean(d == 0), mean(d < 0) */ 0.85106382978723405, 0, 0.14893617021276595};

/* LifeCycleSavings: pop15 vs pop75: d = to - from, n = 50
 *   to <- LifeCycleSavings$pop15; from <- LifeCycleSavings$pop75;
 *   d <- to - from; diffs <- sort(unique(d)); counts <- tabulate(match(d, diffs)) */
static const double lifecycle_diffs[] = {
    16.900000000000002, 18.07, 18.809999999999999, 18.91, 19.370000000000001,
    19.759999999999998, 19.959999999999997, 20.359999999999999, 20.490000000000002,
    21.039999999999999, 21.460000000000001, 22.280000000000001, 22.52,
    24.869999999999997, 25.100000000000001, 25.41, 25.469999999999999,
    26.109999999999999, 26.379999999999999, 26.48, 26.969999999999999,
    28.869999999999997, 29.439999999999998, 29.66, 30.07, 30.400000000000002,
    30.950000000000003, 38.399999999999999, 39.390000000000001, 40.130000000000003,
    40.219999999999999, 40.350000000000001, 40.830000000000005, 41.359999999999999,
    41.619999999999997, 42.340000000000003, 42.359999999999999, 42.909999999999997,
    43.829999999999998, 44.079999999999998, 44.689999999999998, 44.909999999999997,
    45.120000000000005, 45.140000000000001, 45.18, 45.5, 45.579999999999998, 46.5,
    46.540000000000006, 46.740000000000002};
static const double lifecycle_counts[] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
static const paired_case lifecycle = {
    lifecycle_diffs, lifecycle_counts, N_OF(lifecycle_diffs), 50,
    /* mean(d), sd(d) */ 32.796599999999998, 10.338449260021584,
    /* t.test(to, from, paired = TRUE): t, df, p */
    22.431505612297514, 49, 2.0088749172981141e-27,
    /* wilcox.test(to, from, paired = TRUE): V, p, exact; "... with continuity correction" */
    1275, 7.7904922072184232e-10, 0,
    /* mean(d)/sd(d) -/+ qnorm(0.975) * sqrt(1/n + dz^2/(2n)) */
    3.1722939461359343, 2.4915499258851361, 3.8530379663867325,
    /* mean(d > 0), mean(d == 0), mean(d < 0) */ 1, 0, 0};

/* bfi: A2 vs 7 - A1, na.omit: d = to - from, n = 2757
 *   b <- na.omit(bfi[, c("A1", "A2")]); to <- b$A2; from <- 7 - b$A1;
 *   d <- to - from; diffs <- sort(unique(d)); counts <- tabulate(match(d, diffs)) */
static const double bfi_a_diffs[] = {
    -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5};
static const double bfi_a_counts[] = {
    11, 17, 37, 155, 562, 1053, 481, 220, 131, 65, 25};
static const paired_case bfi_a = {
    bfi_a_diffs, bfi_a_counts, N_OF(bfi_a_diffs), 2757,
    /* mean(d), sd(d) */ 0.21508886470801597, 1.4925373510493016,
    /* t.test(to, from, paired = TRUE): t, df, p */
    7.5667799092366499, 2756, 5.1826338641749651e-14,
    /* wilcox.test(to, from, paired = TRUE): V, p, exact; "... with continuity correction" */
    866679.5, 1.0279245949416465e-12, 0,
    /* mean(d)/sd(d) -/+ qnorm(0.975) * sqrt(1/n + dz^2/(2n)) */
    0.14410953572237345, 0.10658866651702253, 0.18163040492772436,
    /* mean(d > 0), mean(d == 0), mean(d < 0) */
    0.33442147261516142, 0.38193688792165398, 0.2836416394631846};

/* The paired t from the moments of the differences, where they are not on a
 * grid: d <- with(sleep, extra[group == 1] - extra[group == 2]);
 * t.test(extra[group == 1], extra[group == 2], paired = TRUE) (R 4.2.2):
 * t = -4.0621276833820366, df = 9, p = 0.0028328901973842702,
 * mean(d) = -1.58, sd(d) = 1.2299954832798732, mean(d)/sd(d) = -1.2845575625910546 */
START_TEST(paired_t_from_moments_matches_t_test_on_sleep)
{
    static const double d[] = {-1.2, -2.4, -1.3, -1.3, 0, -1, -1.8, -0.8, -4.6, -1.4};
    ms_accum a = {0, 0, 0};
    for (size_t i = 0; i < sizeof d / sizeof *d; i++)
        ms_accum_add(&a, d[i]);
    ms_moments m = ms_accum_moments(&a);
    ms_paired p;
    ck_assert_int_eq(ms_paired_t(&m, &p, NULL), MS_OK);
    ck_assert_rel(p.n, 10);
    ck_assert_rel(p.mean_diff, -1.58);
    ck_assert_rel(p.sd_diff, 1.2299954832798732);
    ck_assert_rel(p.t, -4.0621276833820366);
    ck_assert_rel(p.df, 9);
    ck_assert_p(p.p_t, 0.0028328901973842702);
    ck_assert_rel(p.dz, -1.2845575625910546);
    ck_assert(isnan(p.v) && isnan(p.p_wilcoxon) && isnan(p.improved));
}
END_TEST

/* t.test(c(2,3,4,5,6), c(1,2,3,4,5), paired = TRUE): "data are essentially constant". */
START_TEST(paired_t_from_constant_moments_is_undefined_with_reason)
{
    ms_moments m = {5, 1, 0};
    ms_paired p;
    const char *why = NULL;
    ck_assert_int_eq(ms_paired_t(&m, &p, &why), MS_ERR_MATH);
    ck_assert_ptr_nonnull(why);
    ck_assert(isnan(p.t) && isnan(p.p_t) && p.mean_diff == 1);
}
END_TEST

START_TEST(sleep_with_a_zero_and_a_tie_takes_the_normal_path_as_r)
{
    expect_paired(&sleep);
}
END_TEST

START_TEST(tie_free_depression_nine_pairs_takes_the_exact_path_as_r)
{
    expect_paired(&depression);
}
END_TEST

START_TEST(tie_free_anorexia_ft_seventeen_pairs_is_exact_as_r)
{
    expect_paired(&anorexia_ft);
}
END_TEST

/* -0.0999... and +0.0999..., -0.6999... and +0.6999... tie in |d|. */
START_TEST(ties_across_signs_force_the_normal_path_below_fifty_as_r)
{
    expect_paired(&anorexia_cbt);
}
END_TEST

START_TEST(tie_free_forty_seven_pairs_use_the_exact_distribution_as_r)
{
    expect_paired(&swiss);
}
END_TEST

START_TEST(tie_free_fifty_pairs_switch_to_the_normal_path_as_r)
{
    expect_paired(&lifecycle);
}
END_TEST

START_TEST(likert_differences_with_many_zeros_and_ties_match_r)
{
    expect_paired(&bfi_a);
}
END_TEST

/* Entries with count 0 (a common grid of several tables) change nothing. */
START_TEST(zero_counts_in_the_table_change_nothing)
{
    static const double diffs[] = {-1, 0, 0.80000000000000004, 1.0000000000000004, 1.2,
                                   1.25, 1.3, 1.3999999999999999, 1.7999999999999998,
                                   2.4000000000000004, 4.5999999999999996, 7};
    static const double counts[] = {0, 1, 1, 1, 1, 0, 2, 1, 1, 1, 1, 0};
    paired_case c = sleep;
    c.diffs = diffs;
    c.counts = counts;
    c.k = N_OF(diffs);
    expect_paired(&c);
}
END_TEST

/* ---------- degenerate tables ---------- */

static ms_status paired_of(const double *diffs, const double *counts, size_t k,
                           ms_paired *p, const char **why)
{
    *why = NULL;
    ms_status st = ms_paired_from_counts(diffs, counts, k, p, why);
    ck_assert_int_eq(ms_paired_from_counts(diffs, counts, k, p, NULL), st); /* why may be NULL */
    return st;
}

static void expect_t_and_dz_undefined(const ms_paired *p)
{
    ck_assert(isnan(p->t) && isnan(p->df) && isnan(p->p_t));
    ck_assert(isnan(p->dz) && isnan(p->dz_ci_low) && isnan(p->dz_ci_high));
}

/* t.test(5, 3, paired = TRUE): error "not enough 'x' observations";
 * wilcox.test(5, 3, paired = TRUE): V = 1, p = 1, exact. */
START_TEST(one_pair_has_no_t_but_an_exact_signed_rank_p_of_one)
{
    static const double diffs[] = {2}, counts[] = {1};
    ms_paired p;
    const char *why;
    ck_assert_int_eq(paired_of(diffs, counts, 1, &p, &why), MS_ERR_MATH);
    ck_assert_ptr_nonnull(why);
    ck_assert_double_eq(p.n, 1);
    ck_assert_double_eq(p.mean_diff, 2);
    ck_assert(isnan(p.sd_diff));
    expect_t_and_dz_undefined(&p);
    ck_assert_double_eq(p.v, 1);
    ck_assert_double_eq(p.p_wilcoxon, 1);
    ck_assert_int_eq(p.exact, 1);
    ck_assert_double_eq(p.improved, 1);
}
END_TEST

/* t.test(x, x, paired = TRUE) for x = c(3, 4, 5, 2): t = NaN, p = NaN;
 * wilcox.test(x, x, paired = TRUE): V = 0, p = NaN. */
START_TEST(all_differences_zero_leave_t_p_and_dz_nan_with_reason)
{
    static const double diffs[] = {0}, counts[] = {4};
    ms_paired p;
    const char *why;
    ck_assert_int_eq(paired_of(diffs, counts, 1, &p, &why), MS_ERR_MATH);
    ck_assert_ptr_nonnull(why);
    ck_assert_double_eq(p.n, 4);
    ck_assert_double_eq(p.mean_diff, 0);
    ck_assert_double_eq(p.sd_diff, 0);
    expect_t_and_dz_undefined(&p);
    ck_assert_double_eq(p.v, 0);
    ck_assert(isnan(p.p_wilcoxon));
    ck_assert_int_eq(p.exact, 0);
    ck_assert_double_eq(p.unchanged, 1);
    ck_assert_double_eq(p.improved, 0);
    ck_assert_double_eq(p.worse, 0);
}
END_TEST

/* t.test(c(2,3,4,5,6), c(1,2,3,4,5), paired = TRUE): error "data are
 * essentially constant"; wilcox.test(...): V = 15, p = 0.036888425707049893
 * (normal with continuity correction: five tied |d|). */
START_TEST(constant_nonzero_differences_have_no_t_but_a_tied_signed_rank_p)
{
    static const double diffs[] = {1}, counts[] = {5};
    ms_paired p;
    const char *why;
    ck_assert_int_eq(paired_of(diffs, counts, 1, &p, &why), MS_ERR_MATH);
    ck_assert_ptr_nonnull(why);
    expect_t_and_dz_undefined(&p);
    ck_assert_double_eq(p.v, 15);
    expect_p(p.p_wilcoxon, 0.036888425707049893, "wilcox.test p normal");
    ck_assert_int_eq(p.exact, 0);
}
END_TEST

START_TEST(an_empty_table_has_no_pairs)
{
    static const double diffs[] = {-1, 1}, counts[] = {0, 0};
    ms_paired p;
    const char *why;
    ck_assert_int_eq(paired_of(diffs, counts, 2, &p, &why), MS_ERR_MATH);
    ck_assert_ptr_nonnull(why);
    ck_assert_double_eq(p.n, 0);
    ck_assert(isnan(p.mean_diff) && isnan(p.v) && isnan(p.p_wilcoxon) && isnan(p.improved));
    expect_t_and_dz_undefined(&p);
    ck_assert_int_eq(paired_of(diffs, counts, 0, &p, &why), MS_ERR_MATH);
}
END_TEST

static Suite *paired_suite(void)
{
    Suite *s = suite_create("stats_paired");
    TCase *r = tcase_create("against_r");
    tcase_add_test(r, sleep_with_a_zero_and_a_tie_takes_the_normal_path_as_r);
    tcase_add_test(r, tie_free_depression_nine_pairs_takes_the_exact_path_as_r);
    tcase_add_test(r, tie_free_anorexia_ft_seventeen_pairs_is_exact_as_r);
    tcase_add_test(r, ties_across_signs_force_the_normal_path_below_fifty_as_r);
    tcase_add_test(r, tie_free_forty_seven_pairs_use_the_exact_distribution_as_r);
    tcase_add_test(r, tie_free_fifty_pairs_switch_to_the_normal_path_as_r);
    tcase_add_test(r, likert_differences_with_many_zeros_and_ties_match_r);
    tcase_add_test(r, zero_counts_in_the_table_change_nothing);
    tcase_add_test(r, paired_t_from_moments_matches_t_test_on_sleep);
    tcase_add_test(r, paired_t_from_constant_moments_is_undefined_with_reason);
    suite_add_tcase(s, r);
    TCase *d = tcase_create("degenerate");
    tcase_add_test(d, one_pair_has_no_t_but_an_exact_signed_rank_p_of_one);
    tcase_add_test(d, all_differences_zero_leave_t_p_and_dz_nan_with_reason);
    tcase_add_test(d, constant_nonzero_differences_have_no_t_but_a_tied_signed_rank_p);
    tcase_add_test(d, an_empty_table_has_no_pairs);
    suite_add_tcase(s, d);
    return s;
}

int main(void)
{
    return ms_run_suite(paired_suite());
}
