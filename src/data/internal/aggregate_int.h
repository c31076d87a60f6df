/*
 * aggregate_int.h (private to src/data/) — the fields of ms_aggregate, for
 * the files that build one: aggregate.c, input.c (streaming many rows) and
 * summary.c (writing and reading .msum).  Everyone else reads an aggregate
 * through mentorstat/aggregate.h; src/CMakeLists.txt puts this directory on
 * src/data's private include path only, so a higher folder cannot include it.
 */
#ifndef MENTORSTAT_AGGREGATE_INT_H
#define MENTORSTAT_AGGREGATE_INT_H

#include "mentorstat/aggregate.h"

struct ms_aggregate {
    const ms_codebook *cb;
    size_t n_measures;       /* numeric variables + constructs */
    size_t *measure_var;     /* measure -> variable index, or (size_t)-1 for constructs */
    ms_levels *levels;       /* per variable (categorical ones used) */
    size_t *categorical;     /* indices of the categorical variables */
    size_t n_categorical;
    ms_grid *grids;          /* per measure: the grid its tables are seeded with */
    double *grid_n;          /* per measure: grids[m].n as a double, converted once */
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
    /* With count_duplicates: every row's ms_record_row_hash, file and line,
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
};

/* The cell of level `level` of --by variable b, made (empty) when new. */
ms_status ms_aggregate_by_cell(ms_aggregate *agg, size_t b, size_t level, ms_cell **out);

/* ---------- loading many rows at once (for mentorstat/input.h) ---------- */

/* Before rows are streamed into an empty aggregate with --by variables:
 * from now on each row goes to the first --by variable's cells only, and
 * ms_aggregate_settle_total makes `all` their merge — half the adding.
 * Does nothing for an aggregate that is not empty or has no --by. */
ms_status ms_aggregate_defer_total(ms_aggregate *agg);
/* End of streaming: `all` becomes the merge (MS_OK or MS_ERR_NOMEM); after a
 * failed read (`failed`) a half-made cell is never merged. */
ms_status ms_aggregate_settle_total(ms_aggregate *agg, bool failed);
/* Whether adding reads the id's and pair's codes (respondents kept for
 * pairing, or duplicates counted); when not, the loader need not key them. */
bool ms_aggregate_reads_codes(const ms_aggregate *agg);

#endif
