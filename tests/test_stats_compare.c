/* test_stats_compare.c — group comparisons against R 4.2.2 and effectsize 0.8.3.
 *
 * Every expected value was printed by tests/r/stats_compare.R and is pasted
 * here with the R call that produced it; none was adjusted to the C output.
 * Effect-size intervals are effectsize's definitions solved with uniroot()
 * to full precision (effectsize's optim() is good to ~1e-5 only); all are
 * two-sided 95 %.  Set MS_TEST_SHOW_DIFF=1 (with CK_FORK=no) to print every
 * relative difference. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "mentorstat/stats.h"
#include "ms_suite.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static void moments_of(const double *v, const double *c, size_t k, ms_moments *m)
{
    ms_moments_from_counts(v, c, k, m);
}

/* ---------- data: R's table() of public datasets on a common grid ---------- */

/* ToothGrowth len by supp (OJ, VC) */
static const double tooth_v[] = {4.2, 5.2, 5.8, 6.4, 7, 7.3, 8.2, 9.4, 9.7, 10, 11.2,
                                 11.5, 13.6, 14.5, 15.2, 15.5, 16.5, 17.3, 17.6, 18.5,
                                 18.8, 19.7, 20, 21.2, 21.5, 22.4, 22.5, 23, 23.3, 23.6,
                                 24.5, 24.8, 25.2, 25.5, 25.8, 26.4, 26.7, 27.3, 29.4,
                                 29.5, 30.9, 32.5, 33.9};
static const double tooth_oj[] = {0, 0, 0, 0, 0, 0, 1, 1, 2, 1, 0, 0, 0, 2, 1, 0, 1, 0, 1, 0, 0, 1,
                                  1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 3, 0, 2, 1, 0, 1, 0, 0};
static const double tooth_vc[] = {1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 2, 1, 1, 1, 1, 1, 2, 2, 0, 1, 1, 0,
                                  0, 0, 1, 0, 1, 0, 1, 1, 0, 0, 0, 1, 0, 1, 1, 0, 0, 1, 0, 1, 1};

/* mtcars mpg by am (0, 1) */
static const double mpg_v[] = {10.4, 13.3, 14.3, 14.7, 15, 15.2, 15.5, 15.8, 16.4, 17.3, 17.8, 18.1, 18.7,
                               19.2, 19.7, 21, 21.4, 21.5, 22.8, 24.4, 26, 27.3, 30.4, 32.4, 33.9};
static const double mpg_am0[] = {2, 1, 1, 1, 0, 2, 1, 0, 1, 1, 1, 1, 1,
                                 2, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0};
static const double mpg_am1[] = {0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0,
                                 0, 1, 2, 1, 0, 1, 0, 1, 1, 2, 1, 1};

/* PlantGrowth weight, ctrl vs trt2: no ties */
static const double plant_v[] = {4.17, 4.5, 4.53, 4.61, 4.92, 5.12, 5.14, 5.17, 5.18, 5.26,
                                 5.29, 5.33, 5.37, 5.5, 5.54, 5.58, 5.8, 6.11, 6.15, 6.31};
static const double plant_ctrl[] = {1, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0};
static const double plant_trt2[] = {0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 1, 1, 1, 0, 1, 0, 1, 1};

/* swiss Agriculture by Catholic > 50 (catholic, protestant): no ties */
static const double swiss_v[] = {1.2, 7.7, 15.2, 16.7, 17, 17.6, 18.7, 19.4, 26.8, 27.7, 34, 35.3,
                                 36.5, 37.6, 38.4, 39.7, 43.5, 45.1, 45.2, 46.6, 49.5, 50.9, 53.3,
                                 54.1, 55.1, 58.1, 59.8, 60.7, 60.8, 62, 63.1, 63.5, 64.5, 64.9, 67.5,
                                 67.8, 69.3, 70.2, 71.2, 72.6, 73, 75.9, 78.2, 84.6, 84.9, 85.9, 89.7};
static const double swiss_cath[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 0,
                                    0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1};
static const double swiss_prot[] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 1, 1, 0, 1,
                                    1, 1, 1, 1, 1, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0};

/* psych::bfi A1 (1..6) by gender (1 = male, 2 = female) and by education (1..5) */
static const double likert6_v[] = {1, 2, 3, 4, 5, 6};
static const double bfi_male[] = {202, 284, 160, 139, 99, 34};
static const double bfi_female[] = {720, 534, 242, 198, 124, 48};
static const double bfi_by_education[] = {59, 66, 39, 32, 16, 11,
                                          72, 82, 51, 41, 26, 18,
                                          417, 347, 183, 155, 105, 36,
                                          144, 134, 48, 36, 26, 3,
                                          181, 129, 42, 38, 21, 5};

/* InsectSprays count by spray (A..F), row-major 6 x 24 */
#define INSECT_K 24
static const double insect_v[INSECT_K] = {0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12,
                                          13, 14, 15, 16, 17, 19, 20, 21, 22, 23, 24, 26};
static const double insect_by_spray[6 * INSECT_K] = {
    0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 0, 1, 1, 3, 0, 0, 1, 0, 2, 0, 0, 1, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 2, 0, 1, 1, 0, 1, 3, 1, 0, 2, 0, 0, 0, 0,
    2, 4, 2, 2, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 1, 2, 2, 5, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 2, 1, 4, 1, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 2, 0, 2, 1, 0, 0, 0, 0, 1, 0, 1, 2};

/* warpbreaks breaks by tension (L, M, H), row-major 3 x 31 */
#define WARP_K 31
static const double warp_v[WARP_K] = {10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 24, 25, 26, 27, 28,
                                      29, 30, 31, 35, 36, 39, 41, 42, 43, 44, 51, 52, 54, 67, 70};
static const double warp_by_tension[3 * WARP_K] = {
    0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 2, 1, 0, 2, 1, 1, 0, 0, 0, 1, 0, 0, 1, 1, 1, 1, 1, 1,
    0, 1, 0, 0, 0, 1, 1, 2, 1, 0, 2, 0, 0, 1, 0, 1, 2, 1, 0, 1, 1, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0,
    1, 0, 1, 0, 3, 1, 1, 1, 0, 1, 2, 2, 0, 1, 0, 2, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0};

/* InsectSprays sprays A and B plus only the first observation of C (count 0) */
static void insect_a_b_one_c(double *counts)
{
    for (size_t i = 0; i < 3 * INSECT_K; i++)
        counts[i] = i < 2 * INSECT_K ? insect_by_spray[i] : 0;
    counts[2 * INSECT_K + 0] = 1;
}

/* ---------- Welch t and Hedges' g ---------- */

static void check_welch(const ms_test *t, double stat, double df, double p, double g,
                        double g_low, double g_high)
{
    ck_assert_rel(t->statistic, stat);
    ck_assert_rel(t->df, df);
    ck_assert(isnan(t->df2));
    ck_assert_p(t->p, p);
    ck_assert_str_eq(t->effect_name, "hedges_g");
    ck_assert_rel(t->effect, g);
    ck_assert_rel(t->effect_ci_low, g_low);
    ck_assert_rel(t->effect_ci_high, g_high);
}

START_TEST(welch_t_matches_t_test_on_toothgrowth_len_by_supp)
{
    /* t.test(len ~ supp, ToothGrowth); effectsize::hedges_g(OJ, VC);
     * CI: uniroot on pt(t_pooled, 58, ncp = d) * sqrt(1/30 + 1/30) * J */
    ms_moments oj, vc;
    ms_test t;
    moments_of(tooth_v, tooth_oj, LEN(tooth_v), &oj);
    moments_of(tooth_v, tooth_vc, LEN(tooth_v), &vc);
    ck_assert_int_eq(ms_welch_t(&oj, &vc, &t, NULL), MS_OK);
    check_welch(&t, 1.915268268695268, 55.30943268264059, 0.060634507880934066,
                0.48809314960847167, -0.021230543508841154, 0.99334110742109705);
}
END_TEST

START_TEST(welch_t_matches_t_test_on_mtcars_mpg_by_am_negative_t)
{
    /* t.test(mpg ~ am, mtcars); effectsize::hedges_g(am0, am1), CI by uniroot */
    ms_moments a, b;
    ms_test t;
    moments_of(mpg_v, mpg_am0, LEN(mpg_v), &a);
    moments_of(mpg_v, mpg_am1, LEN(mpg_v), &b);
    ck_assert_int_eq(ms_welch_t(&a, &b, &t, NULL), MS_OK);
    check_welch(&t, -3.7671231451449252, 18.332251638400461, 0.0013736383330710284,
                -1.4406354024018546, -2.2087673760316764, -0.65363946989750077);
}
END_TEST

START_TEST(welch_ci_matches_t_test_conf_int_on_toothgrowth_and_mtcars)
{
    /* tt <- t.test(len ~ supp, ToothGrowth): estimate difference 3.7 (3.6999999999999993),
     * conf.int -0.17101561836716456 7.5710156183671629;
     * t.test(mpg ~ am, mtcars): -7.2449392712550598, conf.int -11.280194355040161 -3.2096841874699598 */
    ms_moments a, b;
    ms_interval ci;
    moments_of(tooth_v, tooth_oj, LEN(tooth_v), &a);
    moments_of(tooth_v, tooth_vc, LEN(tooth_v), &b);
    ck_assert_int_eq(ms_welch_ci(&a, &b, &ci, NULL), MS_OK);
    ck_assert_rel(ci.estimate, 3.6999999999999993);
    ck_assert_rel(ci.ci_low, -0.17101561836716456);
    ck_assert_rel(ci.ci_high, 7.5710156183671629);
    moments_of(mpg_v, mpg_am0, LEN(mpg_v), &a);
    moments_of(mpg_v, mpg_am1, LEN(mpg_v), &b);
    ck_assert_int_eq(ms_welch_ci(&a, &b, &ci, NULL), MS_OK);
    ck_assert_rel(ci.estimate, -7.2449392712550598);
    ck_assert_rel(ci.ci_low, -11.280194355040161);
    ck_assert_rel(ci.ci_high, -3.2096841874699598);
}
END_TEST

START_TEST(welch_ci_of_constant_groups_keeps_the_difference_but_no_interval)
{
    /* t.test(c(5, 5, 5), c(5, 5, 5, 5)): "data are essentially constant" */
    ms_moments a = {3, 5, 0}, b = {4, 5, 0};
    ms_interval ci;
    const char *why = NULL;
    ck_assert_int_eq(ms_welch_ci(&a, &b, &ci, &why), MS_ERR_MATH);
    ck_assert(ci.estimate == 0 && isnan(ci.ci_low) && isnan(ci.ci_high));
    ck_assert_ptr_nonnull(why);
}
END_TEST

START_TEST(welch_t_accepts_one_constant_group)
{
    /* t.test(c(3,3,3,3), c(1,2,4,5,5)); hedges_g, CI by uniroot */
    const double v[] = {1, 2, 3, 4, 5}, c1[] = {0, 0, 4, 0, 0}, c2[] = {1, 1, 0, 1, 2};
    ms_moments a, b;
    ms_test t;
    moments_of(v, c1, 5, &a);
    moments_of(v, c2, 5, &b);
    ck_assert_int_eq(ms_welch_t(&a, &b, &t, NULL), MS_OK);
    check_welch(&t, -0.49236596391733084, 4, 0.648261294967307, -0.25872252215718178,
                -1.4251304237206674, 0.92554134548178757);
}
END_TEST

START_TEST(welch_t_of_group_of_one_is_undefined)
{
    /* t.test(5, c(1,2,3)): "not enough 'x' observations" */
    const double v[] = {1, 2, 3, 5}, c1[] = {0, 0, 0, 1}, c2[] = {1, 1, 1, 0};
    ms_moments a, b;
    ms_test t;
    const char *why = NULL;
    moments_of(v, c1, 4, &a);
    moments_of(v, c2, 4, &b);
    ck_assert_int_eq(ms_welch_t(&a, &b, &t, &why), MS_ERR_MATH);
    ck_assert_ptr_nonnull(why);
    ck_assert(isnan(t.statistic) && isnan(t.p) && isnan(t.effect) && isnan(t.df));
}
END_TEST

START_TEST(welch_t_of_two_constant_groups_is_undefined)
{
    /* t.test(c(2,2), c(4,4,4)): "data are essentially constant" */
    ms_moments a = {2, 2, 0}, b = {3, 4, 0};
    ms_test t;
    const char *why = NULL;
    ck_assert_int_eq(ms_welch_t(&a, &b, &t, &why), MS_ERR_MATH);
    ck_assert_ptr_nonnull(why);
    ck_assert(isnan(t.statistic) && isnan(t.p));
}
END_TEST

/* ---------- Mann–Whitney ---------- */

static void check_mw(const ms_test *t, double w, double p, int exact, double r, double r_low,
                     double r_high)
{
    ck_assert_rel(t->statistic, w);
    ck_assert_p(t->p, p);
    ck_assert_int_eq(t->exact, exact);
    ck_assert_str_eq(t->effect_name, "rank_biserial");
    ck_assert_rel(t->effect, r);
    ck_assert_rel(t->effect_ci_low, r_low);
    ck_assert_rel(t->effect_ci_high, r_high);
}

START_TEST(mann_whitney_exact_matches_wilcox_test_without_ties)
{
    /* wilcox.test(weight ~ group, PlantGrowth, subset = group != "trt1");
     * effectsize::rank_biserial(ctrl, trt2) */
    ms_test t;
    ck_assert_int_eq(ms_mann_whitney(plant_v, plant_ctrl, plant_trt2, LEN(plant_v), &t, NULL),
                     MS_OK);
    check_mw(&t, 25, 0.063012838554634215, 1, -0.5, -0.78865507457665851,
             -0.030738729305765978);
    /* wilcox.test(swiss$Agriculture[Catholic > 50], swiss$Agriculture[Catholic <= 50]) */
    ck_assert_int_eq(ms_mann_whitney(swiss_v, swiss_cath, swiss_prot, LEN(swiss_v), &t, NULL),
                     MS_OK);
    check_mw(&t, 386, 0.005587950557287516, 1, 0.47892720306513414, 0.17657967700969127,
             0.69868790634125899);
}
END_TEST

/* Tie-free integer samples: grid 1..top, membership by predicate. */
typedef int (*member_fn)(int v);
static int le20(int v) { return v <= 20; }
static int from21to40(int v) { return v >= 21 && v <= 40; }
static int odd(int v) { return v % 2 == 1; }
static int even(int v) { return v % 2 == 0; }
static int even_to40(int v) { return v % 2 == 0 && v <= 40; }
static int interleaved1(int v) { return v <= 10 || (v >= 30 && v <= 68); }
static int interleaved2(int v) { return !interleaved1(v); }
static int ge50(int v) { return v >= 50; }
static int lt50(int v) { return v < 50; }
static int five(int v) { return v == 5; }
static int below5(int v) { return v < 5; }

static ms_status mw_on_integers(int top, member_fn in1, member_fn in2, ms_test *t)
{
    double v[100], c1[100], c2[100];
    for (int i = 0; i < top; i++) {
        v[i] = i + 1;
        c1[i] = in1(i + 1);
        c2[i] = in2(i + 1);
    }
    return ms_mann_whitney(v, c1, c2, (size_t)top, t, NULL);
}

START_TEST(mann_whitney_exact_reaches_the_far_tail_for_groups_of_49)
{
    ms_test t;
    /* wilcox.test(50:98, 1:49): W = 2401, p = 2/choose(98, 49); relative check */
    ck_assert_int_eq(mw_on_integers(98, ge50, lt50, &t), MS_OK);
    ck_assert_int_eq(t.exact, 1);
    ck_assert_rel(t.statistic, 2401);
    ck_assert_rel(t.p, 7.8500291929632906e-29);
    ck_assert_rel(t.effect, 1);
    /* wilcox.test(1:20, 21:40) */
    ck_assert_int_eq(mw_on_integers(40, le20, from21to40, &t), MS_OK);
    check_mw(&t, 0, 1.4508889103849688e-11, 1, -1, -1, -1);
    ck_assert_rel(t.p, 1.4508889103849688e-11);
}
END_TEST

START_TEST(mann_whitney_exact_is_accurate_in_the_middle_for_groups_of_49)
{
    ms_test t;
    /* wilcox.test(seq(1, 97, 2), seq(2, 98, 2)) */
    ck_assert_int_eq(mw_on_integers(98, odd, even, &t), MS_OK);
    check_mw(&t, 1176, 0.86521035715281525, 1, -0.020408163265306145, -0.24509658092948999,
             0.20636080916382044);
    /* wilcox.test(c(1:10, 30:68), c(11:29, 69:98)) */
    ck_assert_int_eq(mw_on_integers(98, interleaved1, interleaved2, &t), MS_OK);
    check_mw(&t, 741, 0.00095957471529891725, 1, -0.38275718450645568, -0.56015869223087089,
             -0.17178740936227049);
}
END_TEST

START_TEST(mann_whitney_accepts_a_group_of_one)
{
    /* wilcox.test(5, c(1, 2, 3, 4)): exact, W = 4, p = 0.4; rank_biserial = 1 */
    ms_test t;
    ck_assert_int_eq(mw_on_integers(5, five, below5, &t), MS_OK);
    check_mw(&t, 4, 0.40000000000000002, 1, 1, 1, 1);
}
END_TEST

START_TEST(mann_whitney_normal_matches_wilcox_test_with_ties)
{
    /* wilcox.test(mpg ~ am, mtcars): ties -> normal with continuity correction */
    ms_test t;
    ck_assert_int_eq(ms_mann_whitney(mpg_v, mpg_am0, mpg_am1, LEN(mpg_v), &t, NULL), MS_OK);
    check_mw(&t, 42, 0.0018713913331785568, 0, -0.65991902834008087, -0.83556160214533992,
             -0.36188693194590221);
    /* wilcox.test(c(1, 1, 2), c(1, 2, 2, 2)): fractional W, small z */
    const double v[] = {1, 2}, c1[] = {2, 1}, c2[] = {1, 3};
    ck_assert_int_eq(ms_mann_whitney(v, c1, c2, 2, &t, NULL), MS_OK);
    check_mw(&t, 3.5, 0.41421617824252505, 0, -0.41666666666666669, -0.87814121314802995,
             0.44647125605603033);
}
END_TEST

START_TEST(mann_whitney_normal_on_large_questionnaire_with_heavy_ties)
{
    /* wilcox.test(bfi$A1[gender == 1], bfi$A1[gender == 2]) */
    ms_test t;
    ck_assert_int_eq(ms_mann_whitney(likert6_v, bfi_male, bfi_female, 6, &t, NULL), MS_OK);
    check_mw(&t, 1031205, 1.1732239814976751e-19, 0, 0.20398391582427894, 0.15987540821830948,
             0.24727950051707581);
}
END_TEST

START_TEST(mann_whitney_normal_when_a_group_has_50_without_ties)
{
    /* wilcox.test(seq(1, 99, 2), seq(2, 40, 2)): n1 = 50 -> normal */
    ms_test t;
    ck_assert_int_eq(mw_on_integers(99, odd, even_to40, &t), MS_OK);
    check_mw(&t, 790, 0.00016744663706937376, 0, 0.58000000000000007, 0.34604381224164477,
             0.74604826011120462);
}
END_TEST

START_TEST(mann_whitney_of_all_tied_or_empty_group_is_undefined)
{
    const double v[] = {3}, c1[] = {4}, c2[] = {5}, none[] = {0};
    ms_test t;
    const char *why = NULL;
    ck_assert_int_eq(ms_mann_whitney(v, c1, c2, 1, &t, &why), MS_ERR_MATH);
    ck_assert_ptr_nonnull(why);
    ck_assert(isnan(t.p));
    why = NULL;
    ck_assert_int_eq(ms_mann_whitney(v, c1, none, 1, &t, &why), MS_ERR_MATH);
    ck_assert_ptr_nonnull(why);
    ck_assert(isnan(t.statistic) && isnan(t.p) && isnan(t.effect));
}
END_TEST

/* ---------- ANOVA ---------- */

static void anova_from_grid(const double *v, const double *counts, size_t g, size_t k,
                            ms_moments *m)
{
    for (size_t j = 0; j < g; j++)
        moments_of(v, counts + j * k, k, &m[j]);
}

static void check_anova(const ms_test *t, double f, double df, double df2, double p,
                        double eta2, double lo, double hi, double omega2)
{
    ck_assert_rel(t->statistic, f);
    ck_assert_rel(t->df, df);
    ck_assert_rel(t->df2, df2);
    ck_assert_p(t->p, p);
    ck_assert_str_eq(t->effect_name, "eta_squared");
    ck_assert_rel(t->effect, eta2);
    ck_assert_rel(t->effect_ci_low, lo);
    ck_assert_rel(t->effect_ci_high, hi);
    ck_assert_rel(t->omega2, omega2);
}

START_TEST(anova_matches_anova_lm_on_insectsprays)
{
    /* anova(lm(count ~ spray, InsectSprays)); effectsize::eta_squared(m,
     * alternative = "two.sided"), CI by uniroot on pf(ncp = l), l/(l + 66);
     * effectsize::omega_squared(m) */
    ms_moments m[6];
    ms_test t;
    anova_from_grid(insect_v, insect_by_spray, 6, INSECT_K, m);
    ck_assert_int_eq(ms_anova(m, 6, &t, NULL), MS_OK);
    check_anova(&t, 34.702282055491686, 5, 66, 3.1825837261451847e-17, 0.724439015562794,
                0.60165271631205886, 0.79498930406094448, 0.70063790355335143);
}
END_TEST

START_TEST(anova_matches_anova_lm_on_warpbreaks)
{
    /* anova(lm(breaks ~ tension, warpbreaks)); eta_squared, omega_squared */
    ms_moments m[3];
    ms_test t;
    anova_from_grid(warp_v, warp_by_tension, 3, WARP_K, m);
    ck_assert_int_eq(ms_anova(m, 3, &t, NULL), MS_OK);
    check_anova(&t, 7.2061138808711611, 2, 51, 0.0017528167458527135, 0.22032926036760986,
                0.040427118784143887, 0.39489718107227922, 0.18689672339063676);
}
END_TEST

START_TEST(anova_eta2_lower_bound_is_zero_when_f_is_not_significant)
{
    /* anova(lm(len ~ supp, ToothGrowth)): F below qf(0.975, 1, 58) -> lower 0 */
    ms_moments m[2];
    ms_test t;
    moments_of(tooth_v, tooth_oj, LEN(tooth_v), &m[0]);
    moments_of(tooth_v, tooth_vc, LEN(tooth_v), &m[1]);
    ck_assert_int_eq(ms_anova(m, 2, &t, NULL), MS_OK);
    check_anova(&t, 3.6682525410709803, 1, 58, 0.060393371224128377, 0.059483646607757026, 0,
                0.20757716822787223, 0.042577420510046683);
}
END_TEST

START_TEST(anova_accepts_a_group_of_one_and_skips_empty_groups)
{
    /* anova(lm(count ~ spray, d)), d = InsectSprays A, B and the first C only;
     * an empty group between them must change nothing */
    double counts[3 * INSECT_K];
    ms_moments m[4];
    ms_test t;
    insect_a_b_one_c(counts);
    moments_of(insect_v, counts, INSECT_K, &m[0]);
    m[1] = (ms_moments){0, NAN, NAN};
    moments_of(insect_v, counts + INSECT_K, INSECT_K, &m[2]);
    moments_of(insect_v, counts + 2 * INSECT_K, INSECT_K, &m[3]);
    ck_assert_int_eq(ms_anova(m, 4, &t, NULL), MS_OK);
    check_anova(&t, 5.3751084517576677, 2, 22, 0.012568790919430174, 0.32824872382330489,
                0.021801608731645387, 0.56252246707186082, 0.25926401979964564);
}
END_TEST

START_TEST(anova_of_constant_values_or_one_group_is_undefined)
{
    ms_moments constant[2] = {{3, 4, 0}, {5, 4, 0}};
    ms_moments one_group[2] = {{3, 4, 1}, {0, NAN, NAN}};
    ms_test t;
    const char *why = NULL;
    ck_assert_int_eq(ms_anova(constant, 2, &t, &why), MS_ERR_MATH);
    ck_assert_ptr_nonnull(why);
    ck_assert(isnan(t.statistic) && isnan(t.p) && isnan(t.effect) && isnan(t.omega2));
    why = NULL;
    ck_assert_int_eq(ms_anova(one_group, 2, &t, &why), MS_ERR_MATH);
    ck_assert_ptr_nonnull(why);
    ck_assert_int_eq(ms_anova(NULL, 0, &t, NULL), MS_ERR_MATH);
}
END_TEST

/* ---------- Kruskal–Wallis ---------- */

static void check_kw(const ms_test *t, double h, double df, double p, double eps, double lo,
                     double hi)
{
    ck_assert_rel(t->statistic, h);
    ck_assert_rel(t->df, df);
    ck_assert_p(t->p, p);
    ck_assert_str_eq(t->effect_name, "epsilon_squared");
    ck_assert_rel(t->effect, eps);
    ck_assert_rel(t->effect_ci_low, lo);
    ck_assert_rel(t->effect_ci_high, hi);
}

START_TEST(kruskal_wallis_matches_kruskal_test_with_ties)
{
    /* kruskal.test(count ~ spray, InsectSprays);
     * effectsize::rank_epsilon_squared(count ~ spray) for the estimate;
     * CI: uniroot on pchisq(H, 5, ncp = l), l/(n - 1), capped at 1 */
    ms_test t;
    ck_assert_int_eq(ms_kruskal_wallis(insect_v, insect_by_spray, 6, INSECT_K, &t, NULL), MS_OK);
    check_kw(&t, 54.691344622371446, 5, 1.5108444394185103e-10, 0.77030062848410485,
             0.36788904209891155, 1);
    /* kruskal.test(breaks ~ tension, warpbreaks) */
    ck_assert_int_eq(ms_kruskal_wallis(warp_v, warp_by_tension, 3, WARP_K, &t, NULL), MS_OK);
    check_kw(&t, 10.8092652706172, 2, 0.0044957056613804548, 0.2039484013324,
             0.021264796184145368, 0.49569532307379582);
}
END_TEST

START_TEST(kruskal_wallis_matches_on_large_questionnaire)
{
    /* kruskal.test(bfi$A1, bfi$education) (NAs dropped) */
    ms_test t;
    ck_assert_int_eq(ms_kruskal_wallis(likert6_v, bfi_by_education, 5, 6, &t, NULL), MS_OK);
    check_kw(&t, 56.816170035322344, 4, 1.3520482196588942e-11, 0.022176491036425584,
             0.011136934287282857, 0.033893323890189522);
}
END_TEST

START_TEST(kruskal_wallis_accepts_a_group_of_one_and_skips_empty_groups)
{
    /* kruskal.test(count ~ spray, d), d = InsectSprays A, B and the first C;
     * an all-zero group appended must change nothing */
    double counts[4 * INSECT_K] = {0};
    ms_test t;
    insect_a_b_one_c(counts);
    ck_assert_int_eq(ms_kruskal_wallis(insect_v, counts, 4, INSECT_K, &t, NULL), MS_OK);
    check_kw(&t, 3.1080031080031114, 2, 0.21140034913678379, 0.12950012950012965, 0,
             0.51623351500071313);
}
END_TEST

START_TEST(kruskal_wallis_of_all_tied_or_one_group_is_undefined)
{
    const double v[] = {1, 2}, tied[] = {3, 0, 4, 0}, one_group[] = {1, 2, 0, 0};
    ms_test t;
    const char *why = NULL;
    ck_assert_int_eq(ms_kruskal_wallis(v, tied, 2, 2, &t, &why), MS_ERR_MATH);
    ck_assert_ptr_nonnull(why);
    ck_assert(isnan(t.statistic) && isnan(t.p));
    why = NULL;
    ck_assert_int_eq(ms_kruskal_wallis(v, one_group, 2, 2, &t, &why), MS_ERR_MATH);
    ck_assert_ptr_nonnull(why);
    ck_assert_int_eq(ms_kruskal_wallis(v, NULL, 0, 2, &t, NULL), MS_ERR_MATH);
}
END_TEST

/* ---------- chi-square ---------- */

static void check_chi(const ms_test *t, double x2, double df, double p, double v, double lo,
                      double hi)
{
    ck_assert_rel(t->statistic, x2);
    ck_assert_rel(t->df, df);
    ck_assert_p(t->p, p);
    ck_assert_str_eq(t->effect_name, "cramers_v");
    ck_assert_rel(t->effect, v);
    ck_assert_rel(t->effect_ci_low, lo);
    ck_assert_rel(t->effect_ci_high, hi);
}

START_TEST(chi_square_warns_on_small_expected_counts_like_chisq_test)
{
    /* chisq.test(table(mtcars$cyl, mtcars$am), correct = FALSE): warns;
     * effectsize::cramers_v(tab, adjust = FALSE, alternative = "two.sided"),
     * CI by uniroot on pchisq(X2, 2, ncp = l), sqrt(l / (n (min(r, c) - 1))) */
    const double tab[] = {3, 8, 4, 3, 12, 2};
    ms_test t;
    ck_assert_int_eq(ms_chi_square(tab, 3, 2, &t, NULL), MS_OK);
    check_chi(&t, 8.7407329512592664, 2, 0.01264660504610729, 0.5226355371832766,
              0.11182325359371284, 0.84553126331634365);
    ck_assert_str_eq(t.warning, "expected count below 5");
}
END_TEST

START_TEST(chi_square_caps_cramers_v_interval_at_one)
{
    /* chisq.test(table(mtcars$gear, mtcars$am), correct = FALSE) */
    const double tab[] = {15, 0, 4, 8, 0, 5};
    ms_test t;
    ck_assert_int_eq(ms_chi_square(tab, 3, 2, &t, NULL), MS_OK);
    check_chi(&t, 20.944669365721996, 2, 2.8308889589756253e-05, 0.80902467062433414,
              0.43629650609984938, 1);
    ck_assert_ptr_nonnull(t.warning);
}
END_TEST

START_TEST(chi_square_matches_chisq_test_on_large_tables_without_warning)
{
    ms_test t;
    /* chisq.test(apply(UCBAdmissions, c(1, 3), sum), correct = FALSE) */
    const double ucb[] = {601, 370, 322, 269, 147, 46, 332, 215, 596, 523, 437, 668};
    ck_assert_int_eq(ms_chi_square(ucb, 2, 6, &t, NULL), MS_OK);
    check_chi(&t, 778.90653150753531, 5, 4.2297449539465782e-166, 0.41484455865448611,
              0.38460492042473271, 0.44294705289288916);
    ck_assert_ptr_null(t.warning);
    /* chisq.test(table(bfi$education, bfi$gender), correct = FALSE) */
    const double bfi[] = {93, 131, 103, 189, 356, 893, 134, 260, 152, 266};
    ck_assert_int_eq(ms_chi_square(bfi, 5, 2, &t, NULL), MS_OK);
    check_chi(&t, 21.671778049622642, 4, 0.00023293463822559167, 0.0917043765866523,
              0.044037966960419034, 0.1248613575345752);
    ck_assert_ptr_null(t.warning);
    /* chisq.test(apply(HairEyeColor, c(1, 2), sum), correct = FALSE) */
    const double hair[] = {68, 20, 15, 5, 119, 84, 54, 29, 26, 17, 14, 14, 7, 94, 10, 16};
    ck_assert_int_eq(ms_chi_square(hair, 4, 4, &t, NULL), MS_OK);
    check_chi(&t, 138.28984162600827, 9, 2.325286787098808e-25, 0.27904462334265839,
              0.22352701636890082, 0.31798810293757201);
    ck_assert_ptr_null(t.warning);
}
END_TEST

START_TEST(chi_square_v_lower_bound_is_zero_without_association)
{
    /* chisq.test(matrix(c(10, 10, 10, 11), 2), correct = FALSE) */
    const double tab[] = {10, 10, 10, 11};
    ms_test t;
    ck_assert_int_eq(ms_chi_square(tab, 2, 2, &t, NULL), MS_OK);
    check_chi(&t, 0.023242630385487569, 1, 0.87882781292953083, 0.023809523809523829, 0,
              0.27854953671261784);
}
END_TEST

START_TEST(chi_square_leaves_out_empty_rows_and_columns)
{
    /* table(mtcars$cyl, mtcars$am) with an empty level added as row 2 and as
     * column 2: the same as chisq.test on the table without them */
    const double tab[] = {3, 0, 8, 0, 0, 0, 4, 0, 3, 12, 0, 2};
    ms_test t;
    ck_assert_int_eq(ms_chi_square(tab, 4, 3, &t, NULL), MS_OK);
    check_chi(&t, 8.7407329512592664, 2, 0.01264660504610729, 0.5226355371832766,
              0.11182325359371284, 0.84553126331634365);
}
END_TEST

START_TEST(chi_square_of_empty_or_single_row_table_is_undefined)
{
    const double empty[] = {0, 0, 0, 0}, one_row[] = {0, 0, 3, 4};
    ms_test t;
    const char *why = NULL;
    ck_assert_int_eq(ms_chi_square(empty, 2, 2, &t, &why), MS_ERR_MATH);
    ck_assert_ptr_nonnull(why);
    ck_assert(isnan(t.statistic) && isnan(t.p) && isnan(t.effect));
    ck_assert_ptr_null(t.warning);
    ck_assert_int_eq(ms_chi_square(one_row, 2, 2, &t, NULL), MS_ERR_MATH);
    ck_assert_int_eq(ms_chi_square(NULL, 0, 0, &t, NULL), MS_ERR_MATH);
}
END_TEST

/* ---------- p.adjust ---------- */

START_TEST(holm_and_bh_match_p_adjust_with_nan_entries_and_ties)
{
    const double p[] = {0.01, NAN, 0.04, 0.03, NAN, 0.005, 0.5, 0.04};
    /* p.adjust(p, "holm") */
    const double holm[] = {0.05, NAN, 0.12, 0.12, NAN, 0.03, 0.5, 0.12};
    /* p.adjust(p, "BH") */
    const double bh[] = {0.03, NAN, 0.048, 0.048, NAN, 0.03, 0.5, 0.048};
    double out[LEN(p)];
    size_t order[LEN(p)];
    ms_p_adjust_holm(p, LEN(p), out, order);
    for (size_t i = 0; i < LEN(p); i++)
        if (isnan(holm[i]))
            ck_assert(isnan(out[i]));
        else
            ck_assert_rel(out[i], holm[i]);
    ms_p_adjust_bh(p, LEN(p), out, order);
    for (size_t i = 0; i < LEN(p); i++)
        if (isnan(bh[i]))
            ck_assert(isnan(out[i]));
        else
            ck_assert_rel(out[i], bh[i]);
}
END_TEST

START_TEST(holm_and_bh_cap_at_one_like_p_adjust)
{
    /* p.adjust(c(0.9, 0.8, 0.95), "holm") = 1 1 1; "BH" = 0.95 0.95 0.95 */
    const double p[] = {0.9, 0.8, 0.95};
    double out[3];
    size_t order[3];
    ms_p_adjust_holm(p, 3, out, order);
    for (size_t i = 0; i < 3; i++)
        ck_assert_rel(out[i], 1);
    ms_p_adjust_bh(p, 3, out, order);
    for (size_t i = 0; i < 3; i++)
        ck_assert_rel(out[i], 0.95);
}
END_TEST

START_TEST(holm_and_bh_of_only_nan_or_nothing_stay_nan)
{
    const double p[] = {NAN, NAN};
    double out[2] = {0, 0};
    size_t order[2];
    ms_p_adjust_holm(p, 2, out, order);
    ck_assert(isnan(out[0]) && isnan(out[1]));
    ms_p_adjust_bh(p, 2, out, order);
    ck_assert(isnan(out[0]) && isnan(out[1]));
    ms_p_adjust_holm(NULL, 0, NULL, NULL);
    ms_p_adjust_bh(NULL, 0, NULL, NULL);
}
END_TEST

static Suite *compare_suite(void)
{
    Suite *s = suite_create("stats_compare");
    TCase *welch = tcase_create("welch");
    tcase_add_test(welch, welch_t_matches_t_test_on_toothgrowth_len_by_supp);
    tcase_add_test(welch, welch_t_matches_t_test_on_mtcars_mpg_by_am_negative_t);
    tcase_add_test(welch, welch_t_accepts_one_constant_group);
    tcase_add_test(welch, welch_ci_matches_t_test_conf_int_on_toothgrowth_and_mtcars);
    tcase_add_test(welch, welch_ci_of_constant_groups_keeps_the_difference_but_no_interval);
    tcase_add_test(welch, welch_t_of_group_of_one_is_undefined);
    tcase_add_test(welch, welch_t_of_two_constant_groups_is_undefined);
    suite_add_tcase(s, welch);

    TCase *mw = tcase_create("mann_whitney");
    tcase_add_test(mw, mann_whitney_exact_matches_wilcox_test_without_ties);
    tcase_add_test(mw, mann_whitney_exact_reaches_the_far_tail_for_groups_of_49);
    tcase_add_test(mw, mann_whitney_exact_is_accurate_in_the_middle_for_groups_of_49);
    tcase_add_test(mw, mann_whitney_accepts_a_group_of_one);
    tcase_add_test(mw, mann_whitney_normal_matches_wilcox_test_with_ties);
    tcase_add_test(mw, mann_whitney_normal_on_large_questionnaire_with_heavy_ties);
    tcase_add_test(mw, mann_whitney_normal_when_a_group_has_50_without_ties);
    tcase_add_test(mw, mann_whitney_of_all_tied_or_empty_group_is_undefined);
    suite_add_tcase(s, mw);

    TCase *anova = tcase_create("anova");
    tcase_add_test(anova, anova_matches_anova_lm_on_insectsprays);
    tcase_add_test(anova, anova_matches_anova_lm_on_warpbreaks);
    tcase_add_test(anova, anova_eta2_lower_bound_is_zero_when_f_is_not_significant);
    tcase_add_test(anova, anova_accepts_a_group_of_one_and_skips_empty_groups);
    tcase_add_test(anova, anova_of_constant_values_or_one_group_is_undefined);
    suite_add_tcase(s, anova);

    TCase *kw = tcase_create("kruskal_wallis");
    tcase_add_test(kw, kruskal_wallis_matches_kruskal_test_with_ties);
    tcase_add_test(kw, kruskal_wallis_matches_on_large_questionnaire);
    tcase_add_test(kw, kruskal_wallis_accepts_a_group_of_one_and_skips_empty_groups);
    tcase_add_test(kw, kruskal_wallis_of_all_tied_or_one_group_is_undefined);
    suite_add_tcase(s, kw);

    TCase *chi = tcase_create("chi_square");
    tcase_add_test(chi, chi_square_warns_on_small_expected_counts_like_chisq_test);
    tcase_add_test(chi, chi_square_caps_cramers_v_interval_at_one);
    tcase_add_test(chi, chi_square_matches_chisq_test_on_large_tables_without_warning);
    tcase_add_test(chi, chi_square_v_lower_bound_is_zero_without_association);
    tcase_add_test(chi, chi_square_leaves_out_empty_rows_and_columns);
    tcase_add_test(chi, chi_square_of_empty_or_single_row_table_is_undefined);
    suite_add_tcase(s, chi);

    TCase *adj = tcase_create("p_adjust");
    tcase_add_test(adj, holm_and_bh_match_p_adjust_with_nan_entries_and_ties);
    tcase_add_test(adj, holm_and_bh_cap_at_one_like_p_adjust);
    tcase_add_test(adj, holm_and_bh_of_only_nan_or_nothing_stay_nan);
    suite_add_tcase(s, adj);
    return s;
}

int main(void)
{
    return ms_run_suite(compare_suite());
}
