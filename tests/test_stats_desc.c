/* test_stats_desc.c — descriptives from frequency tables against R 4.2.2.
 *
 * Every expected value was printed by tests/r/stats_desc.R (R 4.2.2) and is
 * pasted here with the R call that produced it; none was adjusted to the C
 * output.  Frequency tables are R's table() of public R datasets. */
#include <check.h>
#include <math.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_statistics_double.h>

#include "mentorstat/stats.h"
#include "mentorstat/suppress.h"
#include "ms_suite.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* table(InsectSprays$count) */
static const double insect_v[] = {0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12,
                                  13, 14, 15, 16, 17, 19, 20, 21, 22, 23, 24, 26};
static const double insect_c[] = {2, 6, 4, 8, 4, 7, 3, 3, 1, 3, 3, 2,
                                  4, 4, 2, 2, 4, 1, 2, 2, 1, 1, 1, 2};

/* table(ToothGrowth$len) */
static const double tooth_v[] = {4.2, 5.2, 5.8, 6.4, 7, 7.3, 8.2, 9.4, 9.7, 10, 11.2,
                                 11.5, 13.6, 14.5, 15.2, 15.5, 16.5, 17.3, 17.6, 18.5,
                                 18.8, 19.7, 20, 21.2, 21.5, 22.4, 22.5, 23, 23.3, 23.6,
                                 24.5, 24.8, 25.2, 25.5, 25.8, 26.4, 26.7, 27.3, 29.4,
                                 29.5, 30.9, 32.5, 33.9};
static const double tooth_c[] = {1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 3, 2, 1, 3, 2, 1, 1, 1, 1,
                                 1, 1, 2, 1, 1, 1, 2, 2, 1, 1, 1, 2, 1, 4, 1, 2, 1, 1, 1, 1, 1};

/* table(bfi$A1), psych::bfi (NA dropped): a real 1..6 questionnaire item */
static const double bfi_a1_v[] = {1, 2, 3, 4, 5, 6};
static const double bfi_a1_c[] = {922, 818, 402, 337, 223, 82};

/* table(mtcars$carb) */
static const double carb_v[] = {1, 2, 3, 4, 6, 8};
static const double carb_c[] = {7, 10, 3, 10, 1, 1};

/* table(warpbreaks$breaks) */
static const double breaks_v[] = {10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 24, 25, 26, 27, 28,
                                  29, 30, 31, 35, 36, 39, 41, 42, 43, 44, 51, 52, 54, 67, 70};
static const double breaks_c[] = {1, 1, 1, 1, 3, 2, 2, 3, 2, 2, 4, 2, 1, 4, 1, 3,
                                  4, 2, 1, 1, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1};

static const double probe_p[] = {0, 0.1, 1.0 / 3, 0.9, 0.999, 1};

typedef struct {
    double n, mean, sd, q1, median, q3, min, max, ci_low, ci_high;
} desc_expect;

static void check_desc(const double *v, const double *c, size_t k, desc_expect e)
{
    ms_desc d;
    const char *why = "untouched";
    ck_assert_int_eq(ms_desc_from_counts(v, c, k, &d, &why), MS_OK);
    ck_assert_str_eq(why, "untouched");
    ck_assert_rel(d.n, e.n);
    ck_assert_rel(d.mean, e.mean);
    ck_assert_rel(d.sd, e.sd);
    ck_assert_rel(d.q1, e.q1);
    ck_assert_rel(d.median, e.median);
    ck_assert_rel(d.q3, e.q3);
    ck_assert_rel(d.min, e.min);
    ck_assert_rel(d.max, e.max);
    ck_assert_rel(d.ci_low, e.ci_low);
    ck_assert_rel(d.ci_high, e.ci_high);
}

START_TEST(desc_matches_r_on_insectsprays_counts_with_ties)
{
    /* mean(x); sd(x); quantile(x, c(.25,.5,.75), type = 7); range(x);
     * t.test(x)$conf.int   with x = InsectSprays$count */
    check_desc(insect_v, insect_c, LEN(insect_v),
               (desc_expect){72, 9.5, 7.2032856352960186, 3, 7, 14.25, 0, 26,
                             7.8073108615110574, 11.192689138488944});
}
END_TEST

START_TEST(desc_matches_r_on_toothgrowth_decimal_values)
{
    /* same calls with x = ToothGrowth$len */
    check_desc(tooth_v, tooth_c, LEN(tooth_v),
               (desc_expect){60, 18.813333333333333, 7.6493151718876149, 13.074999999999999,
                             19.25, 25.274999999999999, 4.2000000000000002, 33.899999999999999,
                             16.837305690524584, 20.789360976142081});
}
END_TEST

START_TEST(desc_matches_r_on_bfi_questionnaire_item)
{
    /* same calls with x = na.omit(psych::bfi$A1) */
    check_desc(bfi_a1_v, bfi_a1_c, LEN(bfi_a1_v),
               (desc_expect){2784, 2.413433908045977, 1.407737150521484, 1, 2, 3, 1, 6,
                             2.3611191805162499, 2.4657486355757041});
}
END_TEST

START_TEST(desc_ignores_zero_counts_for_min_max_and_quantiles)
{
    /* table(mtcars$carb) padded with zero-count values 0, 5 and 9: the
     * figures must be those of R on mtcars$carb itself. */
    const double v[] = {0, 1, 2, 3, 4, 5, 6, 8, 9};
    const double c[] = {0, 7, 10, 3, 10, 0, 1, 1, 0};
    check_desc(v, c, LEN(v),
               (desc_expect){32, 2.8125, 1.6151999776318522, 2, 2, 4, 1, 8,
                             2.2301583083619403, 3.3948416916380597});
}
END_TEST

START_TEST(desc_of_one_observation_has_nan_sd_and_ci)
{
    /* mean(7) = 7, quantile(7) = 7, sd(7) = NA, t.test(7) fails */
    const double v[] = {7}, c[] = {1};
    ms_desc d;
    const char *why = NULL;
    ck_assert_int_eq(ms_desc_from_counts(v, c, 1, &d, &why), MS_ERR_MATH);
    ck_assert_ptr_nonnull(why);
    ck_assert_rel(d.n, 1);
    ck_assert_rel(d.mean, 7);
    ck_assert_rel(d.median, 7);
    ck_assert_rel(d.q1, 7);
    ck_assert_rel(d.q3, 7);
    ck_assert(isnan(d.sd) && isnan(d.ci_low) && isnan(d.ci_high));
}
END_TEST

START_TEST(desc_of_constant_values_has_zero_sd_and_no_ci)
{
    /* sd(c(4,4,4,4,4)) = 0; t.test(c(4,4,4,4,4)): "data are essentially constant" */
    const double v[] = {3, 4, 5}, c[] = {0, 5, 0};
    ms_desc d;
    const char *why = NULL;
    ck_assert_int_eq(ms_desc_from_counts(v, c, 3, &d, &why), MS_ERR_MATH);
    ck_assert_ptr_nonnull(why);
    ck_assert_rel(d.mean, 4);
    ck_assert(d.sd == 0);
    ck_assert_rel(d.median, 4);
    ck_assert(isnan(d.ci_low) && isnan(d.ci_high));
}
END_TEST

START_TEST(desc_of_empty_table_is_all_nan)
{
    const double v[] = {1, 2}, c[] = {0, 0};
    ms_desc d;
    ck_assert_int_eq(ms_desc_from_counts(v, c, 2, &d, NULL), MS_ERR_MATH);
    ck_assert(d.n == 0);
    ck_assert(isnan(d.mean) && isnan(d.sd) && isnan(d.median) && isnan(d.min));
    ck_assert_int_eq(ms_desc_from_counts(NULL, NULL, 0, &d, NULL), MS_ERR_MATH);
    ck_assert(isnan(ms_quantile_counts(v, c, 2, 0.5)));
}
END_TEST

START_TEST(quantile_type7_matches_r_at_arbitrary_probabilities)
{
    /* quantile(warpbreaks$breaks, c(0, 0.1, 1/3, 0.9, 0.999, 1), type = 7) */
    const double want_breaks[] = {10, 15, 20.666666666666664, 43.700000000000003,
                                  69.841000000000008, 70};
    /* quantile(mtcars$carb, c(0, 0.1, 1/3, 0.9, 0.999, 1), type = 7) */
    const double want_carb[] = {1, 1, 2, 4, 7.9380000000000024, 8};
    for (size_t i = 0; i < LEN(probe_p); i++) {
        ck_assert_rel(ms_quantile_counts(breaks_v, breaks_c, LEN(breaks_v), probe_p[i]),
                      want_breaks[i]);
        ck_assert_rel(ms_quantile_counts(carb_v, carb_c, LEN(carb_v), probe_p[i]), want_carb[i]);
    }
}
END_TEST

START_TEST(quantile_agrees_with_gsl_on_the_expanded_data)
{
    /* R's type 7 (docs/results-json.md) is GSL's quantile_from_sorted_data:
     * the table, expanded, must give the same value at every probability. */
    double sorted[72];
    size_t n = 0;
    for (size_t i = 0; i < LEN(insect_v); i++)
        for (int c = 0; c < (int)insect_c[i]; c++)
            sorted[n++] = insect_v[i];
    ck_assert_uint_eq(n, 72);
    for (int i = 0; i <= 200; i++) {
        double p = i / 200.0;
        double want = gsl_stats_quantile_from_sorted_data(sorted, 1, n, p);
        double got = ms_quantile_counts(insect_v, insect_c, LEN(insect_v), p);
        ck_assert_msg(fabs(got - want) <= 1e-12 * fmax(1, fabs(want)), "p=%g: %.17g vs GSL %.17g",
                      p, got, want);
    }
}
END_TEST

START_TEST(quantile_outside_unit_interval_is_nan)
{
    ck_assert(isnan(ms_quantile_counts(carb_v, carb_c, LEN(carb_v), -0.1)));
    ck_assert(isnan(ms_quantile_counts(carb_v, carb_c, LEN(carb_v), 1.5)));
    ck_assert(isnan(ms_quantile_counts(carb_v, carb_c, LEN(carb_v), NAN)));
}
END_TEST

START_TEST(moments_match_r_mean_and_var)
{
    /* mean(InsectSprays$count) = 9.5; var(InsectSprays$count) = sd^2 with
     * sd = 7.2032856352960186 */
    ms_moments m;
    ck_assert_int_eq(ms_moments_from_counts(insect_v, insect_c, LEN(insect_v), &m), MS_OK);
    ck_assert_rel(m.n, 72);
    ck_assert_rel(m.mean, 9.5);
    ck_assert_rel(m.var, 7.2032856352960186 * 7.2032856352960186);
}
END_TEST

/* ToothGrowth$len in row order (R 4.2.2: print(ToothGrowth$len, digits = 17)),
 * rows 1-10 and 31-40 dose 0.5, 11-20 and 41-50 dose 1, 21-30 and 51-60 dose 2. */
static const double tooth_len[] = {
    4.2,  11.5, 7.3,  5.8,  6.4,  10,   11.2, 11.2, 5.2,  7,    16.5, 16.5, 15.2, 17.3, 22.5,
    17.3, 13.6, 14.5, 18.8, 15.5, 23.6, 18.5, 33.9, 25.5, 26.4, 32.5, 26.7, 21.5, 23.3, 29.5,
    15.2, 21.5, 17.6, 9.7,  14.5, 10,   8.2,  9.4,  16.5, 9.7,  19.7, 23.3, 23.6, 26.4, 20,
    25.2, 25.8, 21.2, 14.5, 27.3, 25.5, 26.4, 22.4, 24.5, 24.8, 30.9, 26.4, 27.3, 29.4, 23};

START_TEST(accum_matches_r_mean_and_var_one_value_at_a_time)
{
    /* mean(ToothGrowth$len) = 18.813333333333333; var(ToothGrowth$len) = 58.512022598870054 */
    ms_accum a = {0, 0, 0};
    for (size_t i = 0; i < LEN(tooth_len); i++)
        ms_accum_add(&a, tooth_len[i]);
    ms_moments m = ms_accum_moments(&a);
    ck_assert_rel(m.n, 60);
    ck_assert_rel(m.mean, 18.813333333333333);
    ck_assert_rel(m.var, 58.512022598870054);
}
END_TEST

START_TEST(accum_keeps_the_variance_of_large_values_with_a_small_spread)
{
    /* x <- 1e9 + c(4, 7, 13, 16); mean(x) = 1000000010; var(x) = 30 exactly.
     * The one-pass (Σx² − n·mean²)/(n − 1) gives −170.67 here. */
    const double x[] = {1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16};
    ms_accum a = {0, 0, 0};
    for (size_t i = 0; i < LEN(x); i++)
        ms_accum_add(&a, x[i]);
    ms_moments m = ms_accum_moments(&a);
    ck_assert_rel(m.mean, 1000000010);
    ck_assert_rel(m.var, 30);
}
END_TEST

START_TEST(accum_of_counted_values_matches_r_on_the_expanded_data)
{
    /* y <- c(rep(c(1, 2, 3, 4, 5, 100), c(3, 0, 7, 2, 5, 0)), ToothGrowth$len[1:10]);
     * length(y) = 27, mean(y) = 5.0666666666666664, var(y) = 9.0223076923076917:
     * counted values (zero counts add nothing) and single ones mix. */
    const double v[] = {1, 2, 3, 4, 5, 100}, c[] = {3, 0, 7, 2, 5, 0};
    ms_accum a = {0, 0, 0};
    for (size_t i = 0; i < LEN(v); i++)
        ms_accum_add_n(&a, v[i], c[i]);
    for (size_t i = 0; i < 10; i++)
        ms_accum_add(&a, tooth_len[i]);
    ms_moments m = ms_accum_moments(&a);
    ck_assert_rel(m.n, 27);
    ck_assert_rel(m.mean, 5.0666666666666664);
    ck_assert_rel(m.var, 9.0223076923076917);
    /* x <- rep(1e9 + c(4, 7, 13, 16), c(2, 1, 1, 2)); mean(x) = 1000000010,
     * var(x) = 32.4 */
    const double big[] = {1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16}, bc[] = {2, 1, 1, 2};
    ms_accum b = {0, 0, 0};
    for (size_t i = 0; i < LEN(big); i++)
        ms_accum_add_n(&b, big[i], bc[i]);
    m = ms_accum_moments(&b);
    ck_assert_rel(m.mean, 1000000010);
    ck_assert_rel(m.var, 32.4);
}
END_TEST

START_TEST(accum_pooled_variance_matches_lm_residual_variance)
{
    /* sigma(lm(len ~ factor(dose), ToothGrowth))^2 = 17.996052631578955;
     * a fourth group of one value adds nothing, an empty one neither. */
    ms_accum g[5] = {{0, 0, 0}};
    for (size_t i = 0; i < LEN(tooth_len); i++)
        ms_accum_add(&g[(i % 30) / 10], tooth_len[i]);
    ms_accum_add(&g[3], 1000);
    ck_assert_rel(ms_accum_pooled_var(g, 5), 17.996052631578955);
}
END_TEST

START_TEST(accum_of_one_or_no_value_has_nan_var_and_pooled_var)
{
    ms_accum a = {0, 0, 0};
    ms_moments m = ms_accum_moments(&a);
    ck_assert(m.n == 0 && isnan(m.mean) && isnan(m.var));
    ms_accum_add(&a, 7);
    m = ms_accum_moments(&a);
    ck_assert(m.n == 1 && m.mean == 7 && isnan(m.var));
    ck_assert(isnan(ms_accum_pooled_var(&a, 1)));
}
END_TEST

START_TEST(moments_of_one_or_no_observation_are_flagged)
{
    const double v[] = {7}, one[] = {1}, none[] = {0};
    ms_moments m;
    ck_assert_int_eq(ms_moments_from_counts(v, one, 1, &m), MS_ERR_MATH);
    ck_assert(m.n == 1 && m.mean == 7 && isnan(m.var));
    ck_assert_int_eq(ms_moments_from_counts(v, none, 1, &m), MS_ERR_MATH);
    ck_assert(m.n == 0 && isnan(m.mean) && isnan(m.var));
}
END_TEST

static void check_wilson(double hits, double n, double est, double lo, double hi)
{
    ms_interval w;
    ck_assert_int_eq(ms_wilson(hits, n, &w, NULL), MS_OK);
    ck_assert_rel(w.estimate, est);
    ck_assert_rel(w.ci_low, lo);
    ck_assert_rel(w.ci_high, hi);
}

START_TEST(wilson_matches_prop_test_without_correction)
{
    /* prop.test(13, 32, correct = FALSE)   (sum(mtcars$am) of 32) */
    check_wilson(13, 32, 0.40625, 0.2551963484266544, 0.57739975124617127);
    /* prop.test(305, 2784, correct = FALSE)   (bfi$A1 >= 5, the top box) */
    check_wilson(305, 2784, 0.10955459770114942, 0.09848613689312527, 0.12169907373946208);
}
END_TEST

START_TEST(wilson_clamps_like_prop_test_at_zero_and_all_hits)
{
    /* prop.test(0, 10, correct = FALSE); prop.test(10, 10, correct = FALSE) */
    check_wilson(0, 10, 0, 0, 0.27753279986288915);
    check_wilson(10, 10, 1, 0.72246720013711085, 1);
}
END_TEST

START_TEST(wilson_rejects_empty_and_impossible_counts)
{
    ms_interval w;
    const char *why = NULL;
    ck_assert_int_eq(ms_wilson(0, 0, &w, &why), MS_ERR_MATH);
    ck_assert_ptr_nonnull(why);
    ck_assert(isnan(w.estimate) && isnan(w.ci_low));
    ck_assert_int_eq(ms_wilson(11, 10, &w, NULL), MS_ERR_USAGE);
}
END_TEST

START_TEST(quality_index_rescales_mean_and_t_interval)
{
    /* (c(mean(x), t.test(x)$conf.int) - 1) / (6 - 1) * 100, x = na.omit(bfi$A1) */
    ms_moments m;
    ms_interval q;
    ck_assert_int_eq(ms_moments_from_counts(bfi_a1_v, bfi_a1_c, LEN(bfi_a1_v), &m), MS_OK);
    ck_assert_int_eq(ms_quality_index(&m, 1, 6, &q, NULL), MS_OK);
    ck_assert_rel(q.estimate, 28.268678160919542);
    ck_assert_rel(q.ci_low, 27.222383610324997);
    ck_assert_rel(q.ci_high, 29.314972711514081);
    /* (c(mean(x), t.test(x)$conf.int) - 0) / 26 * 100, x = InsectSprays$count */
    ck_assert_int_eq(ms_moments_from_counts(insect_v, insect_c, LEN(insect_v), &m), MS_OK);
    ck_assert_int_eq(ms_quality_index(&m, 0, 26, &q, NULL), MS_OK);
    ck_assert_rel(q.estimate, 36.538461538461533);
    ck_assert_rel(q.ci_low, 30.028118698119449);
    ck_assert_rel(q.ci_high, 43.048804378803638);
}
END_TEST

START_TEST(funnel_limits_match_r_qnorm_at_95_and_99_8_percent)
{
    /* R: qnorm(0.975); 70 + c(-1, 1) * qnorm(0.975) * 15 / sqrt(25) */
    ms_interval f;
    ms_funnel_limits(70, 15, 25, 0.95, &f);
    ck_assert_rel(f.estimate, 1.959963984540054);
    ck_assert_rel(f.ci_low, 64.12010804637984);
    ck_assert_rel(f.ci_high, 75.87989195362016);
    /* R: qnorm(0.999); 70 + c(-1, 1) * qnorm(0.999) * 15 / sqrt(25) */
    ms_funnel_limits(70, 15, 25, 0.998, &f);
    ck_assert_rel(f.estimate, 3.090232306167813);
    ck_assert_rel(f.ci_low, 60.72930308149656);
    ck_assert_rel(f.ci_high, 79.27069691850343);
    ms_funnel_limits(70, 15, 0, 0.95, &f);
    ck_assert(isnan(f.estimate) && isnan(f.ci_low) && isnan(f.ci_high));
    ms_funnel_limits(70, 15, 25, 1, &f);
    ck_assert(isnan(f.estimate));
}
END_TEST

/* The small-group rule (docs/privacy.md), case by case: sizes, min_group 5,
 * which are hidden (s small, c complement, . shown). */
START_TEST(suppression_hides_small_groups_and_enough_others)
{
    static const struct {
        double n[6];
        size_t k;
        const char *want;
    } cases[] = {
        {{30, 12, 9, 2}, 4, ".ccs"},      /* issue 22: one small needs two more */
        {{30, 25, 12, 3, 2}, 5, "..css"}, /* two small: their sum 5, one more */
        {{10, 10, 10}, 3, "..."},         /* nothing small, nothing hidden */
        {{3, 30}, 2, "sc"},               /* two groups: both hidden */
        {{14, 11, 10, 3}, 4, ".ccs"},     /* the example's mentors */
        {{40, 2, 2, 2}, 4, "csss"},       /* 2 + 2 < 5 for each: the last one too */
        {{0, 40, 2, 0, 20, 20}, 6, "..s.cc"}, /* empty levels: no group */
        {{4, 4, 4, 50}, 4, "sss."},       /* 8 left for each of the three */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        ms_group_hiding h[6];
        ms_suppress_groups(cases[i].n, cases[i].k, 5, h);
        char got[8] = {0};
        for (size_t j = 0; j < cases[i].k; j++)
            got[j] = h[j] == MS_GROUP_SHOWN ? '.' : h[j] == MS_GROUP_SMALL ? 's' : 'c';
        ck_assert_msg(!strcmp(got, cases[i].want), "case %zu: %s, want %s", i, got, cases[i].want);
    }
    double n[3] = {1, 2, 3};
    ms_group_hiding h[3];
    ms_suppress_groups(n, 3, 0, h); /* min_group 0: nothing hidden */
    ck_assert(h[0] == MS_GROUP_SHOWN && h[1] == MS_GROUP_SHOWN && h[2] == MS_GROUP_SHOWN);
}
END_TEST

START_TEST(suppression_is_safe_or_hides_everything_for_many_sizes)
{
    /* every split of up to 6 groups of 0..12 people drawn by a fixed LCG:
     * the decision holds the rule, or hides every group */
    unsigned long x = 7;
    for (int trial = 0; trial < 20000; trial++) {
        double n[6];
        size_t k = 1 + trial % 6;
        for (size_t j = 0; j < k; j++) {
            x = x * 6364136223846793005UL + 1442695040888963407UL;
            n[j] = (double)((x >> 33) % 13);
        }
        ms_group_hiding h[6];
        ms_suppress_groups(n, k, 5, h);
        bool all = true;
        for (size_t j = 0; j < k; j++) {
            all = all && (n[j] <= 0 || h[j] != MS_GROUP_SHOWN);
            ck_assert(!(n[j] > 0 && n[j] < 5) || h[j] == MS_GROUP_SMALL);
        }
        ck_assert_msg(all || ms_suppression_safe(n, k, 5, h), "trial %d", trial);
    }
}
END_TEST

/* Against organisations that know their own rows in each group (a
 * territory): sizes n, each organisation's share, min_group 5, which are
 * hidden (s small, c complement, . shown). */
START_TEST(suppression_against_organisations_hides_a_group_nearly_all_in_one)
{
    static const struct {
        double n[4], part[2][4];
        const char *want;
    } cases[] = {
        /* «Учитель» 12 of which 11 in A: A would learn B's one person; then
         * a hidden group is never alone: the smallest shown (15) too, which
         * leaves A 1 + 5 of the others' hidden rows */
        {{12, 20, 15, 30}, {{11, 10, 10, 15}, {1, 10, 5, 15}}, "c.c."},
        /* the same, but A holds 12 of the 15 too: 1 + 3 is not enough, so
         * the next smallest (20) as well */
        {{12, 20, 15, 30}, {{11, 10, 12, 15}, {1, 10, 3, 15}}, "ccc."},
        /* every group split at least 5 / 5: nothing hidden */
        {{10, 20, 15, 30}, {{5, 10, 10, 15}, {5, 10, 5, 15}}, "...."},
        /* all of a group in one organisation: the other learns nothing */
        {{10, 20, 15, 30}, {{10, 10, 10, 15}, {0, 10, 5, 15}}, "...."},
        /* small as before, and A's rest of the hidden ones 2 + 1: one more */
        {{3, 20, 12, 30}, {{1, 10, 11, 15}, {2, 10, 1, 15}}, "scc."},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        ms_group_hiding h[4];
        ms_suppress_groups_parts(cases[i].n, 4, &cases[i].part[0][0], 2, 5, h);
        char got[8] = {0};
        for (size_t j = 0; j < 4; j++)
            got[j] = h[j] == MS_GROUP_SHOWN ? '.' : h[j] == MS_GROUP_SMALL ? 's' : 'c';
        ck_assert_msg(!strcmp(got, cases[i].want), "case %zu: %s, want %s", i, got, cases[i].want);
        ck_assert(ms_suppression_safe(cases[i].n, 4, 5, h));
    }
    /* no parts: the rule alone */
    double n[4] = {30, 12, 9, 2};
    ms_group_hiding h[4], g[4];
    ms_suppress_groups_parts(n, 4, NULL, 0, 5, h);
    ms_suppress_groups(n, 4, 5, g);
    ck_assert(!memcmp(h, g, sizeof h));
}
END_TEST

START_TEST(quality_index_of_constant_or_empty_range_is_flagged)
{
    ms_moments constant = {5, 4, 0};
    ms_interval q;
    const char *why = NULL;
    ck_assert_int_eq(ms_quality_index(&constant, 1, 5, &q, &why), MS_ERR_MATH);
    ck_assert_ptr_nonnull(why);
    ck_assert_rel(q.estimate, 75);
    ck_assert(isnan(q.ci_low) && isnan(q.ci_high));
    ck_assert_int_eq(ms_quality_index(&constant, 5, 5, &q, NULL), MS_ERR_USAGE);
}
END_TEST

static Suite *desc_suite(void)
{
    Suite *s = suite_create("stats_desc");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, desc_matches_r_on_insectsprays_counts_with_ties);
    tcase_add_test(tc, desc_matches_r_on_toothgrowth_decimal_values);
    tcase_add_test(tc, desc_matches_r_on_bfi_questionnaire_item);
    tcase_add_test(tc, desc_ignores_zero_counts_for_min_max_and_quantiles);
    tcase_add_test(tc, desc_of_one_observation_has_nan_sd_and_ci);
    tcase_add_test(tc, desc_of_constant_values_has_zero_sd_and_no_ci);
    tcase_add_test(tc, desc_of_empty_table_is_all_nan);
    tcase_add_test(tc, quantile_type7_matches_r_at_arbitrary_probabilities);
    tcase_add_test(tc, quantile_agrees_with_gsl_on_the_expanded_data);
    tcase_add_test(tc, quantile_outside_unit_interval_is_nan);
    tcase_add_test(tc, moments_match_r_mean_and_var);
    tcase_add_test(tc, moments_of_one_or_no_observation_are_flagged);
    tcase_add_test(tc, accum_matches_r_mean_and_var_one_value_at_a_time);
    tcase_add_test(tc, accum_keeps_the_variance_of_large_values_with_a_small_spread);
    tcase_add_test(tc, accum_of_counted_values_matches_r_on_the_expanded_data);
    tcase_add_test(tc, accum_pooled_variance_matches_lm_residual_variance);
    tcase_add_test(tc, accum_of_one_or_no_value_has_nan_var_and_pooled_var);
    tcase_add_test(tc, wilson_matches_prop_test_without_correction);
    tcase_add_test(tc, wilson_clamps_like_prop_test_at_zero_and_all_hits);
    tcase_add_test(tc, wilson_rejects_empty_and_impossible_counts);
    tcase_add_test(tc, quality_index_rescales_mean_and_t_interval);
    tcase_add_test(tc, quality_index_of_constant_or_empty_range_is_flagged);
    tcase_add_test(tc, funnel_limits_match_r_qnorm_at_95_and_99_8_percent);
    tcase_add_test(tc, suppression_hides_small_groups_and_enough_others);
    tcase_add_test(tc, suppression_is_safe_or_hides_everything_for_many_sizes);
    tcase_add_test(tc, suppression_against_organisations_hides_a_group_nearly_all_in_one);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return ms_run_suite(desc_suite());
}
