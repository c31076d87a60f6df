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

/* A row as read: its hash (ms_record_row_hash), file (index among the
 * files read into the aggregate) and line. */
typedef struct {
    uint64_t hash;
    size_t file, line;
} ms_row_key;

/* The aggregate itself is opaque: read it through the functions below;
 * only src/data/ sees its fields (src/data/internal/aggregate_int.h). */
typedef struct ms_aggregate ms_aggregate;

ms_status ms_aggregate_create(const ms_codebook *cb, const size_t *by_vars, size_t n_by,
                              ms_aggregate **out, ms_error *err);
void ms_aggregate_destroy(ms_aggregate *agg);
/* Keep ids without a wave too, for counting repeated questionnaires (check,
 * the report's appendix): memory grows with rows.  Set before adding. */
void ms_aggregate_set_count_duplicates(ms_aggregate *agg, bool on);

/* ---------- reading an aggregate ---------- */

const ms_codebook *ms_aggregate_codebook(const ms_aggregate *agg);
/* Measures: the numeric variables in codebook order, then the constructs. */
size_t ms_aggregate_n_measures(const ms_aggregate *agg);
/* The variable of measure m, or (size_t)-1 for a construct. */
size_t ms_aggregate_measure_var(const ms_aggregate *agg, size_t m);
/* The levels of variable var as read (categorical variables). */
const ms_levels *ms_aggregate_levels(const ms_aggregate *agg, size_t var);
/* Everything counted over all rows. */
const ms_cell *ms_aggregate_all(const ms_aggregate *agg);
/* The --by variables given to create, with a cell per level. */
size_t ms_aggregate_n_by(const ms_aggregate *agg);
const ms_by *ms_aggregate_by(const ms_aggregate *agg, size_t b);
/* Rows read into it: by ms_aggregate_files (read = accepted + quarantined +
 * excluded) and from merged summaries. */
const ms_tally *ms_aggregate_rows(const ms_aggregate *agg);
/* Count rows read by a caller that streams records into the aggregate itself
 * (ms_loader with ms_aggregate_add; ms_aggregate_files does it for its inputs). */
void ms_aggregate_count_rows(ms_aggregate *agg, const ms_tally *rows);
/* The codebook's id, wave, year and pair variables, or -1 where it has none. */
long ms_aggregate_id_var(const ms_aggregate *agg);
long ms_aggregate_wave_var(const ms_aggregate *agg);
long ms_aggregate_year_var(const ms_aggregate *agg);
long ms_aggregate_pair_var(const ms_aggregate *agg);
ms_status ms_aggregate_add(ms_aggregate *agg, const ms_record *rec, ms_error *err);
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

#endif
