/*
 * aggregate.h — exact, mergeable summaries of accepted rows.
 *
 * Contract: ms_aggregate_add() folds one record into value counts (every
 * scale/number item and construct score, overall and per level of each --by
 * variable), level counts of categorical variables (and their cross-tables
 * with each --by), co-moment sums of each construct over complete cases, and
 * the per-respondent values needed for paired growth.  Counts and sums of
 * integer answers are exact in doubles, so merge(A, B) equals reading A then
 * B: every statistic computed from an aggregate depends only on these sums.
 * Levels are kept by label, so aggregates of different files merge by label.
 */
#ifndef MENTORSTAT_AGGREGATE_H
#define MENTORSTAT_AGGREGATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "mentorstat/codebook.h"
#include "mentorstat/load.h"
#include "mentorstat/status.h"

/* A frequency table: distinct values ascending with their counts. */
typedef struct {
    double *values, *counts;
    size_t k, cap;
    double missing;          /* rows where the variable was not answered */
    double grid;             /* > 0: values[i] == (s0 + i) / grid for integers s0.. */
                             /* (the levels of a scale, or the possible means of a */
                             /* construct's k items): O(1) adding; 0: search */
    double grid_origin;      /* s0 */
} ms_freq;

/* Where a seeded table (see ms_freq.grid) keeps x: (origin + i) / step for
 * i < n; n == 0 when the measure has no grid. */
typedef struct {
    double step, origin;
    size_t n;
} ms_grid;

/* Co-moment sums of a construct's items over complete cases. */
typedef struct {
    size_t k;
    double n;
    double *sum;             /* k */
    double *cross;           /* k*k, Σ x_i x_j for j >= i (upper triangle only) */
    double straightlined;    /* complete cases with one answer to every item */
} ms_comoments;

/* Everything counted for one set of rows (all rows, or one --by level). */
typedef struct {
    double rows;
    ms_freq *measures;       /* n_measures: numeric variables, then constructs */
    ms_freq *categories;     /* per categorical variable: counts by level index */
    double *answered;        /* per categorical variable: rows that answered */
    ms_comoments *constructs;/* per construct */
} ms_cell;

typedef struct {
    size_t var;              /* the --by variable */
    ms_cell *cells;          /* one per level of it */
    size_t n_cells, cap;
    double withheld_groups;  /* groups left out of summaries for their size */
    double withheld_rows;    /* (summary.h): counted in `all`, not in cells */
} ms_by;

/* One respondent in one wave, for paired growth.  A respondent is
 * (scope, year, id): codes are numbered by each organisation (the scope of
 * the file, ms_read_options.scopes) and restart each year, so the same code
 * elsewhere or in another year is someone else. */
typedef struct {
    char *id;
    size_t scope;            /* the file's scope (organisation), 0 by default */
    size_t year;             /* level of the year variable, MS_NO_YEAR without */
    size_t wave;             /* level of the wave variable */
    size_t line;             /* first line seen, for duplicate reports */
    double *values;          /* n_measures, NAN when missing */
} ms_respondent;

#define MS_NO_YEAR ((size_t)-1)

/* A row as read: its hash (ms_record.row_hash), file (index among the
 * files read into the aggregate) and line. */
typedef struct {
    uint64_t hash;
    size_t file, line;
} ms_row_key;

typedef struct {
    const ms_codebook *cb;
    size_t n_measures;       /* numeric variables + constructs */
    size_t *measure_var;     /* measure -> variable index, or (size_t)-1 for constructs */
    ms_levels *levels;       /* per variable (categorical ones used) */
    size_t *categorical;     /* indices of the categorical variables */
    size_t n_categorical;
    ms_grid *grids;          /* per measure: the grid its tables are seeded with */
    size_t *item_measure;    /* every construct's items as measures, in turn */
    ms_cell all;
    ms_by *by;
    size_t n_by;
    /* Between ms_aggregate_defer_total and ms_aggregate_settle_total (as
     * ms_aggregate_files calls them) rows go only to the cells of the first
     * --by variable (or to no_first_by when they lack its value) and `all`
     * is their merge at the end: half the adding.  Otherwise false. */
    bool all_deferred;
    ms_cell no_first_by;
    long id_var, wave_var;   /* -1 when the codebook has none */
    long year_var;           /* -1 when the codebook has none */
    long pair_var;           /* -1 when the codebook has none */
    size_t scope;            /* scope of the rows being added (ms_read_options.scopes) */
    bool count_duplicates;   /* keep ids without a wave too (check): memory grows with rows */
    ms_respondent *resp;
    size_t n_resp, resp_cap;
    /* Without a wave (with count_duplicates), no respondent but a 64-bit hash
     * of who answered per row, for counting repeats: scope, year, code and,
     * with a pair variable, the pair (a mentor of two pairs is no repeat). */
    uint64_t *repeat_keys;
    size_t n_repeat_keys, repeat_keys_cap;
    /* With count_duplicates: every row's ms_record.row_hash, file and line,
     * for naming identical rows (with or without an id). */
    ms_row_key *row_keys;
    size_t n_row_keys, row_keys_cap;
    ms_freq *pair_diffs;     /* n_measures or NULL: differences matched elsewhere */
                             /* (merged summaries), added to those of resp */
    double pair_duplicates;  /* duplicate (id, wave) counted in those summaries */
    double pair_links[3];    /* respondents of those summaries seen in both waves, */
                             /* only in the first, only in the second */
    double *pair_sums;       /* 3 per measure or NULL: n, sum at "from", sum at "to" */
                             /* of the pairs matched in those summaries */
    ms_tally rows;
} ms_aggregate;

ms_status ms_aggregate_create(const ms_codebook *cb, const size_t *by_vars, size_t n_by,
                              ms_aggregate **out, ms_error *err);
void ms_aggregate_destroy(ms_aggregate *agg);
ms_status ms_aggregate_add(ms_aggregate *agg, const ms_record *rec, ms_error *err);
/* The cell of level `level` of --by variable b, made (empty) when new. */
ms_status ms_aggregate_by_cell(ms_aggregate *agg, size_t b, size_t level, ms_cell **out);
/* Fold src into dst (same codebook and --by variables). */
ms_status ms_aggregate_merge(ms_aggregate *dst, const ms_aggregate *src, ms_error *err);

/* Called for every respondent seen in both of the first two wave levels
 * (natural order), with the first answer of each wave; non-OK stops. */
typedef ms_status (*ms_pair_fn)(const ms_respondent *from, const ms_respondent *to, void *ctx);
/* The one matching of respondents across waves, for paired statistics and
 * the report's paired means alike.  *waves: the codebook has an id and two
 * waves (else fn is never called); *duplicates: (id, wave) seen again. */
ms_status ms_aggregate_each_pair(const ms_aggregate *agg, ms_pair_fn fn, void *ctx,
                                 double *duplicates, bool *waves);
/* Respondents (distinct ids, after respondent_code.h's matching) of the
 * first two waves: seen in both, only in the first, only in the second
 * (those of merged summaries added).
 * *waves as for ms_aggregate_each_pair.  Counts only: no id leaves. */
typedef struct {
    double both, only_from, only_to;
} ms_link_counts;
ms_status ms_aggregate_link_counts(const ms_aggregate *agg, ms_link_counts *out, bool *waves);
/* Differences (to - from, the first two wave levels) of every measure over
 * respondents seen in both waves, plus those merged from summaries; diffs has
 * n_measures tables.  *duplicates: (id, wave) seen again (first one kept). */
ms_status ms_aggregate_paired_diffs(const ms_aggregate *agg, ms_freq *diffs, double *duplicates);
/* (id, wave) seen again; without a wave, rows whose repeat_keys hash is
 * seen again (those of merged summaries added). */
ms_status ms_aggregate_count_duplicates(const ms_aggregate *agg, double *duplicates);
/* Rows identical to an earlier row (every cell the same: a sheet pasted
 * twice), over the row_keys; the first max of them, in file and line order,
 * into first[] (each with the row it repeats in *of[], may be NULL), their
 * number into *n_first. */
ms_status ms_aggregate_identical_rows(const ms_aggregate *agg, double *identical,
                                      ms_row_key *first, ms_row_key *of, size_t max,
                                      size_t *n_first);
/* Over respondents seen in both waves (and those merged from summaries):
 * sums[3m] pairs with measure m answered in both, sums[3m+1] the sum of
 * their "from" values, sums[3m+2] of their "to" values (3 * n_measures). */
ms_status ms_aggregate_paired_sums(const ms_aggregate *agg, double *sums);

/* Name and label of measure m (a variable or a construct). */
const char *ms_measure_name(const ms_aggregate *agg, size_t m);
const char *ms_measure_label(const ms_aggregate *agg, size_t m);
/* Range of measure m; false when it has none. */
bool ms_measure_range(const ms_aggregate *agg, size_t m, double *min, double *max);

ms_status ms_freq_add(ms_freq *f, double x, double count);
ms_status ms_freq_merge(ms_freq *dst, const ms_freq *src);
void ms_freq_clear(ms_freq *f);
double ms_freq_total(const ms_freq *f);

/* Order of the levels of variable var: numeric order when every label is a
 * number and no choices fixed the order, else as stored.  `order` gets
 * levels->n indices. */
void ms_levels_natural_order(const ms_levels *lv, size_t *order);


/* ---------- loading many rows at once (for mentorstat/input.h) ---------- */

/* Before rows are streamed into an empty aggregate with --by variables:
 * from now on each row goes to the first --by variable's cells only, and
 * ms_aggregate_settle_total makes `all` their merge — half the adding.
 * Does nothing for an aggregate that is not empty or has no --by. */
ms_status ms_aggregate_defer_total(ms_aggregate *agg);
/* End of streaming: `all` becomes the merge (MS_OK or MS_ERR_NOMEM); after a
 * failed read (`failed`) a half-made cell is never merged. */
ms_status ms_aggregate_settle_total(ms_aggregate *agg, bool failed);

#endif
