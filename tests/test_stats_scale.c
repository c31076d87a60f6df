/* Check suite for stats_scale.c: Cronbach's alpha and its companions match
 * psych::alpha (psych 2.2.9, R 4.2.2), and the shrinkage of group means
 * matches metafor's blup(rma(method = "DL")), to 1e-6 relative.  Every
 * expected value was printed by tests/r/stats_scale.R on the data named
 * beside it and pasted here; none was adjusted to the C output.
 * MS_TEST_SHOW_DIFF=1 prints every comparison's relative difference. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "mentorstat/stats.h"
#include "ms_suite.h"

#define TOL 1e-6
#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static void expect_close(double got, double want, const char *what)
{
    double rel = fabs(got - want) / fabs(want);
    if (getenv("MS_TEST_SHOW_DIFF"))
        fprintf(stderr, "reldiff %-40s %.3g\n", what, rel);
    ck_assert_msg(rel <= TOL, "%s: got %.17g, R says %.17g", what, got, want);
}

/* ---------- alpha: reference cases ---------- */

typedef struct {
    const char *name;
    size_t k;
    double n;
    const double *sum, *cross;
    double alpha, std_alpha, mean_r, ci_low, ci_high;
    const double *r_drop, *alpha_drop;
} alpha_case;

static void expect_alpha(const alpha_case *c, ms_status want_status)
{
    ms_alpha_result a;
    double r[8], ad[8];
    const char *why = NULL;
    ck_assert_int_eq(ms_alpha(c->sum, c->cross, c->k, c->n, &a, r, ad, &why), want_status);
    ck_assert_double_eq(a.n, c->n);
    expect_close(a.alpha, c->alpha, "raw_alpha");
    expect_close(a.std_alpha, c->std_alpha, "std.alpha");
    expect_close(a.mean_r, c->mean_r, "average_r");
    expect_close(a.alpha_ci_low, c->ci_low, "feldt lower.ci");
    expect_close(a.alpha_ci_high, c->ci_high, "feldt upper.ci");
    for (size_t i = 0; i < c->k; i++) {
        expect_close(r[i], c->r_drop[i], "item.stats$r.drop");
        if (c->alpha_drop)
            expect_close(ad[i], c->alpha_drop[i], "alpha.drop$raw_alpha");
        else
            ck_assert(isnan(ad[i]));
    }
    if (want_status == MS_OK)
        ck_assert_ptr_null(why);
    else
        ck_assert_ptr_nonnull(why);
}

/* bfi A1..A5 with A1 reversed (7 - A1), na.omit: n = 2709.
 * sum = colSums(x), cross = crossprod(x); psych::alpha(x). */
static const double agree_sum[] = {12428, 12996, 12459, 12684, 12329};
static const double agree_cross[] = {
    62358, 61150, 58489, 59029, 57438, 61150, 66094, 61793, 62437, 60705,
    58489, 61793, 61909, 60237, 58954, 59029, 62437, 60237, 65372, 59284,
    57438, 60705, 58954, 59284, 60421};
static const double agree_r_drop[] = {0.31140130058016208, 0.56301547549202269,
    0.58877307867735329, 0.39479368011127269, 0.4872408676290006};
static const double agree_alpha_drop[] = {0.71797205656504826, 0.61848121177276116,
    0.60075381442200149, 0.68694474153977858, 0.64462230422159472};

START_TEST(alpha_of_bfi_agreeableness_matches_psych)
{
    alpha_case c = {"bfi A", 5, 2709, agree_sum, agree_cross,
                    0.7037558943748361, 0.71350155263464288, 0.33248071645804139,
                    0.68574463504966054, 0.72103596279573878, agree_r_drop, agree_alpha_drop};
    expect_alpha(&c, MS_OK);
}
END_TEST

/* bfi C1..C5 with C4, C5 reversed (7 - x), na.omit: n = 2707; psych::alpha(x). */
static const double consc_sum[] = {12207, 11813, 11637, 12034, 9993};
static const double consc_cross[] = {
    59197, 55167, 53833, 55854, 46442, 55167, 56275, 52421, 54411, 45355,
    53833, 52421, 54521, 53374, 44892, 55854, 54411, 53374, 58608, 47308,
    46442, 45355, 44892, 47308, 44059};
static const double consc_r_drop[] = {0.45530244866366909, 0.50666398250578826,
    0.46753340947091881, 0.55709349889457738, 0.47802980205647233};
static const double consc_alpha_drop[] = {0.69603512724269745, 0.67670995013434521,
    0.69135645360367959, 0.65620270190831154, 0.69358453225258243};

START_TEST(alpha_of_bfi_conscientiousness_matches_psych)
{
    alpha_case c = {"bfi C", 5, 2707, consc_sum, consc_cross,
                    0.72927720317044198, 0.73272433332677245, 0.35412661977663057,
                    0.71281139885865796, 0.74507431443872441, consc_r_drop, consc_alpha_drop};
    expect_alpha(&c, MS_OK);
}
END_TEST

/* attitude, all 7 columns, n = 30; psych::alpha(attitude). */
static const double att_sum[] = {1939, 1998, 1594, 1691, 1939, 2243, 1288};
static const double att_cross[] = {
    129621, 133017, 104866, 111879, 127490, 145519, 83811,
    133017, 138208, 108798, 115325, 131824, 150101, 86673,
    104866, 108798, 89036, 91903, 104669, 119695, 69689,
    111879, 115325, 91903, 99311, 111561, 126821, 74462,
    127490, 131824, 104669, 111561, 128459, 146097, 85029,
    145519, 150101, 119695, 126821, 146097, 170541, 97136,
    83811, 86673, 69689, 74462, 85029, 97136, 58368};
static const double att_r_drop[] = {0.6712620572236645, 0.74210971022223848,
    0.56071111148025554, 0.7144454981336763, 0.78627559383440004,
    0.26503433919667607, 0.46081054946849642};
static const double att_alpha_drop[] = {0.80976020630892143, 0.79691745727413965,
    0.82784776593865905, 0.80303097502257437, 0.79538657419820524,
    0.86387231144643684, 0.8404648682654573};

START_TEST(alpha_of_attitude_seven_items_small_n_matches_psych)
{
    alpha_case c = {"attitude", 7, 30, att_sum, att_cross,
                    0.84314276956475986, 0.83908380302951058, 0.42690664264971706,
                    0.73937568564310729, 0.9157730721599816, att_r_drop, att_alpha_drop};
    expect_alpha(&c, MS_OK);
}
END_TEST

/* The bfi A rows stacked 50 times: n = 135450; psych::alpha(big).  The
 * Feldt bounds are alpha.ci's formula with the F quantiles solved from pf()
 * by uniroot(): R 4.2.2's qf() is wrong at these degrees of freedom, so
 * psych prints 0.70152062403164872, 0.70598287855340724 (see stats_scale.R). */
static const double big_sum[] = {621400, 649800, 622950, 634200, 616450};
static const double big_cross[] = {
    3117900, 3057500, 2924450, 2951450, 2871900, 3057500, 3304700, 3089650,
    3121850, 3035250, 2924450, 3089650, 3095450, 3011850, 2947700, 2951450,
    3121850, 3011850, 3268600, 2964200, 2871900, 3035250, 2947700, 2964200,
    3021050};
static const double big_r_drop[] = {0.31140130058016213, 0.56301547549202302,
    0.58877307867735351, 0.3947936801112728, 0.48724086762900048};
static const double big_alpha_drop[] = {0.71797205656504837, 0.61848121177276127,
    0.6007538144220016, 0.68694474153977869, 0.64462230422159483};

START_TEST(alpha_with_large_n_keeps_precision_and_narrows_feldt_interval)
{
    alpha_case c = {"bfi A x50", 5, 135450, big_sum, big_cross,
                    0.70375589437483621, 0.7135015526346431, 0.3324807164580415,
                    0.70125409596428456, 0.706243076355903, big_r_drop, big_alpha_drop};
    expect_alpha(&c, MS_OK);
}
END_TEST

/* attitude[, c("rating", "complaints")], n = 30; psych::alpha(two).  psych's
 * alpha.drop for k = 2 is C12/C22, C12/C11 (0.7546..., 0.9028...), not an
 * alpha: ms_alpha leaves it NAN and says why. */
static const double two_sum[] = {1939, 1998};
static const double two_cross[] = {129621, 133017, 133017, 138208};
static const double two_r_drop[] = {0.82541756954214607, 0.82541756954214607};

START_TEST(alpha_of_two_items_matches_psych_but_alpha_if_deleted_is_undefined)
{
    alpha_case c = {"attitude 2", 2, 30, two_sum, two_cross,
                    0.90237071179502282, 0.90436027713831901, 0.82541756954214596,
                    0.79488127383690799, 0.95353189787346904, two_r_drop, NULL};
    expect_alpha(&c, MS_ERR_MATH);
}
END_TEST

/* ---------- alpha: the Feldt interval at any n ---------- */

/* k items of variance 1 and covariance 0.5 over n complete answers (sum 0,
 * cross = (n - 1) C): raw alpha and the Feldt bounds against R, printed by
 * feldt_ref() in tests/r/stats_scale.R as
 * 1 - (1 - raw) * qf_root(c(0.975, 0.025), n - 1, (n - 1) * (k - 1)),
 * qf_root(p, df1, df2) = uniroot(function(x) pf(x, df1, df2) - p, c(1e-3, 1e3),
 * tol = 1e-15)$root.  R 4.2.2's qf(c(0.975, 0.025), n - 1, (n - 1) * (k - 1))
 * agrees to 1e-15 at n = 10^4 (where GSL's quantile was NaN) but takes df2 as
 * infinite above 4e5 (qchisq(p, df1)/df1), 2e-4 off at n = 10^7, so pf()'s
 * root is the reference.  Issue 22: from about 2.5 million answers GSL's
 * gsl_cdf_fdist_Qinv never returned. */
static void expect_feldt(double n, size_t k, double raw, double low, double high)
{
    double sum[5] = {0}, cross[25], r[5], ad[5];
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++)
            cross[i * k + j] = (n - 1) * (i == j ? 1 : 0.5);
    ms_alpha_result a;
    ck_assert_int_eq(ms_alpha(sum, cross, k, n, &a, r, ad, NULL), k == 2 ? MS_ERR_MATH : MS_OK);
    expect_close(a.alpha, raw, "raw_alpha");
    expect_close(a.alpha_ci_low, low, "feldt lower");
    expect_close(a.alpha_ci_high, high, "feldt upper");
}

START_TEST(feldt_interval_where_gsl_gave_nan_matches_r)
{
    expect_feldt(1e4, 2, 0.66666666666666674, 0.65333930915430161, 0.67948165440953434);
}
END_TEST

START_TEST(feldt_interval_at_two_and_a_half_million_answers_returns_and_matches_r)
{
    expect_feldt(2.5e6, 2, 0.66666666666666674, 0.6658392476995536, 0.6674920368529389);
}
END_TEST

START_TEST(feldt_interval_at_ten_million_answers_matches_r)
{
    expect_feldt(1e7, 2, 0.66666666666666674, 0.6662532137310857, 0.667079607407563);
    expect_feldt(1e7, 5, 0.83333333333333348, 0.83316994729250837, 0.83349660799218239);
}
END_TEST

/* ---------- alpha: undefined cases ---------- */

static void expect_alpha_undefined(const double *sum, const double *cross, size_t k,
                                   double n, ms_status want)
{
    ms_alpha_result a;
    double r[80], ad[80];
    const char *why = NULL;
    ck_assert_int_eq(ms_alpha(sum, cross, k, n, &a, r, ad, &why), want);
    ck_assert_ptr_nonnull(why);
    ck_assert(isnan(a.alpha) && isnan(a.std_alpha) && isnan(a.mean_r));
    ck_assert(isnan(a.alpha_ci_low) && isnan(a.alpha_ci_high));
    for (size_t i = 0; i < k; i++)
        ck_assert(isnan(r[i]) && isnan(ad[i]));
    /* why may be NULL */
    ck_assert_int_eq(ms_alpha(sum, cross, k, n, &a, r, ad, NULL), want);
}

/* attitude rating, complaints and a constant 4 (var = 0), n = 30. */
START_TEST(alpha_with_a_constant_item_is_nan_with_reason)
{
    static const double sum[] = {1939, 1998, 120};
    static const double cross[] = {129621, 133017, 7756, 133017, 138208, 7992,
                                   7756, 7992, 480};
    expect_alpha_undefined(sum, cross, 3, 30, MS_ERR_MATH);
}
END_TEST

START_TEST(alpha_of_one_case_is_nan_with_reason)
{
    static const double sum[] = {3, 4, 5};
    static const double cross[] = {9, 12, 15, 12, 16, 20, 15, 20, 25};
    expect_alpha_undefined(sum, cross, 3, 1, MS_ERR_MATH);
}
END_TEST

START_TEST(alpha_of_one_item_is_nan_with_reason)
{
    expect_alpha_undefined(two_sum, two_cross, 1, 30, MS_ERR_MATH);
}
END_TEST

/* x and 6 - x: every item varies but the total does not. */
START_TEST(alpha_of_items_summing_to_a_constant_is_nan_with_reason)
{
    static const double x[][2] = {{1, 5}, {2, 4}, {3, 3}, {4, 2}, {5, 1}, {2, 4}};
    double sum[2] = {0}, cross[4] = {0};
    for (size_t r = 0; r < N_OF(x); r++)
        for (size_t i = 0; i < 2; i++) {
            sum[i] += x[r][i];
            for (size_t j = 0; j < 2; j++)
                cross[i * 2 + j] += x[r][i] * x[r][j];
        }
    expect_alpha_undefined(sum, cross, 2, (double)N_OF(x), MS_ERR_MATH);
}
END_TEST

START_TEST(alpha_of_more_than_64_items_is_a_usage_error)
{
    static double sum[65], cross[65 * 65];
    expect_alpha_undefined(sum, cross, 65, 100, MS_ERR_USAGE);
}
END_TEST

/* ---------- shrinkage ---------- */

static void expect_shrink(const ms_moments *g, size_t n_groups, const double *pred,
                          const double *lb, const double *ub, double tau2)
{
    double mean[8], low[8], high[8], t2;
    const char *why = NULL;
    ms_status want = MS_OK;
    for (size_t j = 0; j < n_groups; j++)
        if (isnan(pred[j]))
            want = MS_ERR_MATH;
    ck_assert_int_eq(ms_shrink(g, n_groups, mean, low, high, &t2, &why), want);
    if (tau2 == 0)
        ck_assert_double_eq(t2, 0);
    else
        expect_close(t2, tau2, "rma DL tau2");
    for (size_t j = 0; j < n_groups; j++) {
        if (isnan(pred[j])) {
            ck_assert(isnan(mean[j]) && isnan(low[j]) && isnan(high[j]));
            continue;
        }
        expect_close(mean[j], pred[j], "blup pred");
        expect_close(low[j], lb[j], "blup pi.lb");
        expect_close(high[j], ub[j], "blup pi.ub");
    }
    if (want == MS_OK)
        ck_assert_ptr_null(why);
    else
        ck_assert_ptr_nonnull(why);
}

/* InsectSprays count by spray A..F: n, mean, var per group (tapply). */
static const ms_moments insect[] = {
    {12, 14.5, 22.272727272727273},
    {12, 15.333333333333334, 18.242424242424242},
    {12, 2.0833333333333335, 3.9015151515151514},
    {12, 4.916666666666667, 6.2651515151515156},
    {12, 3.5, 3},
    {12, 16.666666666666668, 38.606060606060609},
    {1, 7, NAN}}; /* group G: one extra count of 7 */
/* metafor::blup(metafor::rma(yi = mean, vi = var / n, method = "DL")) */
static const double insect_pred[] = {14.139687993045174, 14.986761979816093,
    2.1756583793661557, 5.0058764367677613, 3.5571898571581655, 15.825407632604826, NAN};
static const double insect_lb[] = {11.547808609161216, 12.628689953348257,
    1.0640349899133694, 3.601723692848851, 2.5812233562921043, 12.483401580597723, NAN};
static const double insect_ub[] = {16.731567376929132, 17.344834006283929,
    3.287281768818942, 6.4100291806866716, 4.5331563580242271, 19.16741368461193, NAN};
#define INSECT_TAU2 25.024428021109657 /* rma(...)$tau2 */

START_TEST(shrink_of_insectsprays_matches_metafor_blup)
{
    expect_shrink(insect, 6, insect_pred, insect_lb, insect_ub, INSECT_TAU2);
}
END_TEST

START_TEST(shrink_leaves_a_group_of_one_nan_and_out_of_the_estimate)
{
    expect_shrink(insect, 7, insect_pred, insect_lb, insect_ub, INSECT_TAU2);
}
END_TEST

/* bfi A5 by education 1..5 (na.omit): QE = 2.29 < 4 degrees of freedom. */
START_TEST(shrink_truncates_tau2_at_zero_and_keeps_the_grand_mean_interval)
{
    static const ms_moments g[] = {
        {224, 4.5223214285714288, 1.4613829276105061},
        {289, 4.5432525951557095, 1.8948241061130335},
        {1239, 4.6319612590799029, 1.5348742602103682},
        {392, 4.5867346938775508, 1.3888772900464534},
        {417, 4.6019184652278176, 1.5574963106437927}};
    /* metafor::blup(rma(..., method = "DL")): tau2 = 0, every group at mu */
    static const double pred[] = {4.6012074989300444, 4.6012074989300444, 4.6012074989300444,
                                  4.6012074989300444, 4.6012074989300444};
    static const double lb[] = {4.5531456614256811, 4.5531456614256811, 4.5531456614256811,
                                4.5531456614256811, 4.5531456614256811};
    static const double ub[] = {4.6492693364344078, 4.6492693364344078, 4.6492693364344078,
                                4.6492693364344078, 4.6492693364344078};
    expect_shrink(g, 5, pred, lb, ub, 0);
}
END_TEST

START_TEST(shrink_with_fewer_than_two_usable_groups_is_nan_with_reason)
{
    /* one real group, one of a single answer, one without variation */
    static const ms_moments g[] = {{12, 14.5, 22.272727272727273}, {1, 7, NAN}, {5, 5, 0}};
    double mean[3], low[3], high[3], t2;
    const char *why = NULL;
    ck_assert_int_eq(ms_shrink(g, 3, mean, low, high, &t2, &why), MS_ERR_MATH);
    ck_assert_ptr_nonnull(why);
    ck_assert(isnan(t2));
    for (size_t j = 0; j < 3; j++)
        ck_assert(isnan(mean[j]) && isnan(low[j]) && isnan(high[j]));
}
END_TEST

START_TEST(shrink_leaves_a_group_without_variation_nan)
{
    ms_moments g[7];
    double mean[7], low[7], high[7], t2;
    const char *why = NULL;
    for (size_t j = 0; j < 6; j++)
        g[j] = insect[j];
    g[6] = (ms_moments){5, 5, 0};
    ck_assert_int_eq(ms_shrink(g, 7, mean, low, high, &t2, &why), MS_ERR_MATH);
    ck_assert_ptr_nonnull(why);
    ck_assert(isnan(mean[6]) && isnan(low[6]) && isnan(high[6]));
    expect_close(t2, INSECT_TAU2, "rma DL tau2");
    expect_close(mean[0], insect_pred[0], "blup pred");
}
END_TEST

static Suite *scale_suite(void)
{
    Suite *s = suite_create("stats_scale");
    TCase *a = tcase_create("alpha");
    tcase_add_test(a, alpha_of_bfi_agreeableness_matches_psych);
    tcase_add_test(a, alpha_of_bfi_conscientiousness_matches_psych);
    tcase_add_test(a, alpha_of_attitude_seven_items_small_n_matches_psych);
    tcase_add_test(a, alpha_with_large_n_keeps_precision_and_narrows_feldt_interval);
    tcase_add_test(a, feldt_interval_where_gsl_gave_nan_matches_r);
    tcase_add_test(a, feldt_interval_at_two_and_a_half_million_answers_returns_and_matches_r);
    tcase_add_test(a, feldt_interval_at_ten_million_answers_matches_r);
    tcase_add_test(a, alpha_of_two_items_matches_psych_but_alpha_if_deleted_is_undefined);
    tcase_add_test(a, alpha_with_a_constant_item_is_nan_with_reason);
    tcase_add_test(a, alpha_of_one_case_is_nan_with_reason);
    tcase_add_test(a, alpha_of_one_item_is_nan_with_reason);
    tcase_add_test(a, alpha_of_items_summing_to_a_constant_is_nan_with_reason);
    tcase_add_test(a, alpha_of_more_than_64_items_is_a_usage_error);
    suite_add_tcase(s, a);
    TCase *sh = tcase_create("shrink");
    tcase_add_test(sh, shrink_of_insectsprays_matches_metafor_blup);
    tcase_add_test(sh, shrink_leaves_a_group_of_one_nan_and_out_of_the_estimate);
    tcase_add_test(sh, shrink_truncates_tau2_at_zero_and_keeps_the_grand_mean_interval);
    tcase_add_test(sh, shrink_with_fewer_than_two_usable_groups_is_nan_with_reason);
    tcase_add_test(sh, shrink_leaves_a_group_without_variation_nan);
    suite_add_tcase(s, sh);
    return s;
}

int main(void)
{
    return ms_run_suite(scale_suite());
}
