/*
 * results.h — every figure of an analysis, computed once from an aggregate,
 * and its two printed forms: the JSON of the contract (docs/results-json.md,
 * every field of mentorstat-results/1) and an aligned text table.
 *
 * Contract: ms_results_compute() reads a finished aggregate and fills plain
 * structs; strings are borrowed from the codebook and the aggregate, which
 * must outlive the results.  A statistic that is undefined for the data is
 * NAN in the struct with a reason in `why`, and `null` plus the reason in
 * JSON, never NaN.  No id, pair or personal value can reach the results:
 * the aggregate holds ids only to match waves, and nothing here reads them
 * except to count matches.
 */
#ifndef MENTORSTAT_RESULTS_H
#define MENTORSTAT_RESULTS_H

#include <stdio.h>
#include "mentorstat/aggregate.h"
#include "mentorstat/stats.h"
#include "mentorstat/suppress.h"

typedef struct {
    const char *name, *label;
    size_t measure;
    bool is_construct;
    bool has_range;
    double min, max;
    double n, missing;
    ms_desc desc;
    const char *why;            /* why desc is undefined, else NULL */
    const ms_freq *counts;      /* borrowed from the aggregate */
    double top_box_from;        /* answers >= this are "high" */
    ms_interval top_box;        /* share of high answers, Wilson CI */
    ms_interval index;          /* quality index 0..100 with CI */
} ms_item_result;

typedef struct {
    const char *name, *label;
    size_t var;
    double n, missing;
    size_t n_levels;
    const char **levels;        /* natural order */
    double *counts;
} ms_category_result;

typedef struct {
    const char *name;
    const char *label;                        /* display name (construct_label) */
    size_t construct;
    size_t k;
    const char **item_names;                  /* k */
    double n;
    ms_alpha_result alpha;
    const char *why;
    double *corrected_r, *alpha_if_deleted;   /* k each */
    double straightlined;
    const ms_item_result *score;              /* the score as an item */
} ms_construct_result;

typedef struct {
    const char *level;
    double n, mean, sd;
} ms_group_result;

typedef struct {
    const char *variable, *by, *test;
    ms_test t;
    double p_holm, p_bh;
    const char *why;
    size_t n_groups;
    ms_group_result *groups;
} ms_comparison;

typedef struct {
    const char *variable, *from, *to;
    ms_paired p;
    const char *why;
} ms_paired_result;

/* Groups of a --by variable that summaries left out for their size
 * (summary.h): comparisons by it cover only the groups kept. */
typedef struct {
    const char *by;
    double groups, rows;
} ms_withheld_result;

/* What a reader must be told when groups were withheld. */
#define MS_WITHHELD_NOTE                                                                 \
    "made from summaries that withheld groups with fewer answers than their minimum "    \
    "group size: comparisons by these variables cover only the groups kept; every other " \
    "figure includes all answers"

/* The one small-group decision for a --by variable, made from the groups'
 * rows before anything is computed from them: hiding[l] for level l of the
 * variable (the aggregate's level index; levels without rows are SHOWN and
 * have nothing to show). */
typedef struct {
    const char *by;             /* the variable's name */
    size_t var;                 /* its index in the codebook */
    size_t n_levels;
    const char **levels;        /* their labels as they may be published: a hidden
                                   group of a variable without choices is named
                                   other_label */
    ms_group_hiding *hiding;    /* n_levels */
    size_t n_small, n_complement;
} ms_suppression;

typedef struct {
    ms_tally rows;
    ms_item_result *items;           size_t n_items;   /* measures: items then constructs */
    ms_category_result *categories;  size_t n_categories;
    ms_construct_result *constructs; size_t n_constructs;
    ms_comparison *comparisons;      size_t n_comparisons, cap_comparisons;
    ms_paired_result *paired;        size_t n_paired;
    double duplicate_ids;            /* (id, wave) seen more than once: later ones ignored */
    double identical_rows;           /* rows identical to an earlier one in every cell
                                        (ms_aggregate_identical_rows): all counted */
    ms_withheld_result *withheld;    size_t n_withheld;
    double min_group;                /* the option the results were computed with */
    ms_suppression *suppressed;      /* one per --by variable (agg->by order) */
    size_t n_suppressed;
} ms_results;

typedef struct {
    double top_box_share;   /* top share of a scale's levels counted as high; 0 = 0.3 */
    /* The smallest group published (the report's min_group; analyze
     * --min-group): 0 compares every group with data.  Above 0, each --by
     * variable's groups are decided once by ms_suppress_groups on their rows
     * (res->suppressed) and a comparison takes only the groups shown whose
     * answers to its variable number at least min_group.  A group, choice
     * or multi variable without `choices` (answers typed by respondents)
     * then keeps as levels only answers given by at least min_group rows
     * that the scrubber (scrub.h) finds nothing personal in; the rest count
     * as one level named other_label (NULL: "other"), which must outlive the
     * results. */
    double min_group;
    const char *other_label;
    /* A territory (the report): n_parts organisations, each knowing its own
     * rows in every group; parts[b] (b in the aggregate's --by order, NULL:
     * none known) holds part p's rows of level l at [p * n_levels + l], the
     * levels of the aggregate's own variable.  The groups are then decided
     * by ms_suppress_groups_parts, so that no organisation, taking its own
     * rows from a published group, learns of fewer than min_group others. */
    const double *const *parts;
    size_t n_parts;
} ms_results_options;

/* The decision for --by variable `var` (codebook index), or NULL. */
const ms_suppression *ms_results_suppression(const ms_results *res, size_t var);

/* The comparison across two questionnaires the report makes (the gap between
 * mentees' and mentors' views): means a and b of measures on [amin, amax]
 * and [bmin, bmax], each as a 0–100 index, their difference a − b with its
 * Welch 95 % CI and p (R: t.test((x - amin) / (amax - amin) * 100,
 * (y - bmin) / (bmax - bmin) * 100)).  All NAN when a side has fewer than
 * two answers, no spread or an empty range. */
typedef struct {
    double diff, ci_low, ci_high, p;
} ms_index_gap;
void ms_results_index_gap(const ms_moments *a, double amin, double amax, const ms_moments *b,
                          double bmin, double bmax, ms_index_gap *out);

ms_status ms_results_compute(const ms_aggregate *agg, const ms_results_options *opt,
                             ms_results **out, ms_error *err);
void ms_results_destroy(ms_results *res);

ms_status ms_results_write_json(const ms_results *res, FILE *out);
ms_status ms_results_write_table(const ms_results *res, FILE *out);
/* Write s as a JSON string literal (UTF-8 passes through, controls escaped). */
void ms_json_string(FILE *out, const char *s);

#endif
