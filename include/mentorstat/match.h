/*
 * match.h — forming mentoring pairs and groups from the bank of mentors and
 * the bank of mentees' requests (roadmap stages 4-5; `mentorstat match`).
 *
 * Contract: ms_match_run() loads both banks through the loader (rows without
 * consent are excluded; a quarantined row, the loader's or one match rejects
 * itself — no id, a capacity that is not a whole number of mentees — goes to
 * opt->on_quarantine and into the result's `skipped` with its reason, and its
 * person is left out of the pairing, never silently: per bank read = accepted
 * + quarantined + excluded), builds the instance and solves it exactly with
 * GLPK's min-cost flow (out-of-kilter).  A duplicate id fails the call (which
 * row is the person is ambiguous).  A bank without an id variable names each
 * person by their row; with `split` one file holds both banks.  Pairs in
 * `keep` are fixed first (an impossible one fails the call at its line),
 * pairs in `exclude` never formed.  The result is the lexicographic optimum
 * of
 *   1. the number of mentees who get a mentor,
 *   2. among those, the total score (a pair's score: how many of the
 *      mentee's requested areas the mentor offers; a new pair is allowed
 *      only with score >= max(1, min_score) and >= min_share % of the
 *      requests, every --same variable equal and every --differ variable
 *      different where both answered, not excluded, and different ids),
 *   3. with `prefer`, the worth of the honoured wishes,
 *   4. with `spread`, the most even load (least sum of L(L-1)/2),
 *   5. the smallest sum of bank positions (each new mentee's position in the
 *      mentees' bank plus, per mentee taken, the mentor's position in the
 *      mentors' bank): earlier requests are served first, earlier mentors
 *      are filled first.
 * Equal people (same areas, same --same answers) are interchangeable, so any
 * tie left after level 5 is between such people and is broken by bank order
 * again; the same input always gives the same pairs.  Either a complete
 * result or an error with file:line (nothing half made).
 *
 * The result holds the banks' id codes (and names with `names`): it is for
 * the internal working document only, never for the published report.
 * GLPK allocates outside the project's allocator hook and aborts the process
 * when it runs out of memory.
 */
#ifndef MENTORSTAT_MATCH_H
#define MENTORSTAT_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "mentorstat/load.h"
#include "mentorstat/status.h"

typedef struct {
    const char *codebook;
    const char *const *files;
    size_t n_files;
    const char *sheet;          /* .xlsx files: the sheet; NULL: the first visible one */
} ms_match_bank;

typedef struct {
    ms_match_bank mentors, mentees;
    const char *capacity_var;   /* a `number` variable of the mentors' bank, or NULL */
    long capacity;              /* for everyone when capacity_var is NULL (>= 0) */
    const char *const *same;    /* `group` variables both banks have */
    size_t n_same;
    const char *const *differ;  /* `group` variables both banks have that must differ */
    size_t n_differ;
    const char *keep;           /* CSV of pairs that continue (mentor code, mentee code), or NULL */
    const char *exclude;        /* CSV of pairs that must not be formed, or NULL */
    bool spread;                /* level 4: the most even load */
    int min_score;              /* a new pair needs at least this many shared areas (>= 1) */
    int min_share;              /* ... and this percentage of the mentee's requests (0: none) */
    const char *const *prefer;  /* mentees' variables naming wanted mentors, rank 1 first */
    size_t n_prefer;
    const char *split;          /* both banks from `mentors` (one codebook, the same files),
                                   split by this variable's answer (mentor / mentee) */
    bool names;                 /* read the `personal` name variable (fio/name) */
    const char *encoding;       /* loader options */
    char delimiter;
    unsigned threads;
    ms_quarantine_fn on_quarantine;  /* every quarantined row of both banks; may be NULL */
    void *ctx;                       /* for on_quarantine */
} ms_match_options;

typedef struct {
    char *id;                   /* the bank's code, as typed */
    char *key;                  /* the code as matched (respondent_code.h): the same person */
    char *name;                 /* only with names; NULL when none */
    const char *file;           /* a data file of its bank (owned by the result) */
    size_t line;
    size_t *areas;              /* indices into areas[], ascending */
    size_t n_areas;
    long *same;                 /* per --same, then --differ variable: index into
                                   same_levels, -1 missing */
    long capacity;              /* mentors */
    long assigned;              /* mentors: mentees taken, kept pairs included */
    long kept;                  /* mentors: of them in kept pairs; mentees: 1 when kept */
    bool below_min;             /* mentees: allowed pairs exist, none with the minimum score */
    int wish;                   /* mentees: the rank their mentor had among their wishes
                                   (1 = first), 0 none */
    size_t n_wishes;            /* mentees: mentors they named that are in the bank */
    long mentor;                /* mentees: index into mentors[], -1 unmatched */
    int score;                  /* mentees: score of the pair */
    bool any_allowed;           /* mentees: some allowed pair exists at all */
    size_t *uncovered;          /* unmatched mentees: requested areas no compatible
                                   mentor of the bank offers (indices into areas[]) */
    size_t n_uncovered;
} ms_match_person;

typedef struct {
    char *var;                  /* the multi variable */
    char *label;
    size_t requests;            /* mentees asking for it */
    size_t offers;              /* mentors offering it */
    size_t covered;             /* matched mentees whose mentor offers it */
    bool orphan;                /* asked for, and no mentor at all offers it */
} ms_match_area;

/* Another suitable mentor for a pair's mentee, and what taking them
 * instead (everyone else as is) would change. */
typedef struct {
    size_t mentor;
    long free;                  /* their free places (0: full) */
    int score;                  /* the mentee's score with them */
    long displaced;             /* full: the mentee of theirs who would lose them, -1 none */
    bool rehomed;               /* ... who could take the freed place instead */
    int rehomed_delta;          /* ... the change of that mentee's score then */
} ms_match_alt;

typedef struct {
    size_t mentor, mentee;      /* indices into mentors[] and mentees[] */
    int score;
    size_t group;               /* 1-based number of the mentor's pair/group */
    bool kept;                  /* a pair that continues (--keep) */
    ms_match_alt *alts;         /* up to 3 suitable mentors with free places, best first,
                                   then the best full one */
    size_t n_alts;
    size_t n_free_alts;         /* all suitable mentors with free places */
    long wished;                /* a new pair whose mentee named a better-ranked mentor
                                   than theirs (--prefer): that mentor, the first such in
                                   the bank; -1 none */
    int wished_rank;            /* ... their rank among the mentee's wishes (1 = first) */
    int wished_score;           /* ... the mentee's score with them, 0: not allowed */
} ms_match_pair;

/* A quarantined row: left out of the pairing, listed with its reason. */
typedef struct {
    bool mentors;               /* of the mentors' bank, else of the mentees' */
    bool neither;               /* --split: its answer says neither (in no bank) */
    const char *file;           /* a data file of its bank (owned by the result) */
    size_t line, col;
    char *reason;               /* the message, without file:line:col */
    char *id;                   /* the row's code as typed (trimmed), NULL when blank */
} ms_match_skipped;

typedef struct {
    ms_match_person *mentors, *mentees;
    size_t n_mentors, n_mentees;
    ms_match_pair *pairs;       /* by mentor's bank order, then mentee's */
    size_t n_pairs;
    size_t n_groups;            /* mentors with at least one mentee */
    ms_match_area *areas;
    size_t n_areas;
    char **same_vars;           /* labels of the --same, then the --differ variables */
    char ***same_levels;        /* per --same, then --differ variable: level labels */
    size_t *n_same_levels;
    size_t n_same;
    size_t n_differ;
    size_t matched;             /* kept pairs included */
    size_t n_kept, n_excluded;  /* kept pairs; pairs excluded by the list */
    long long total_score;      /* kept pairs included */
    long long wishes;           /* level 3: honoured wishes' gains */
    long long spread;           /* level 4: sum of L(L-1)/2 over mentors */
    long long order_cost;       /* level 5: the sum of bank positions */
    bool spread_on, prefer_on, split;
    int min_score, min_share;
    size_t n_wish_unknown;      /* wishes naming no mentor of the bank */
    ms_tally other_rows;        /* split: rows that say neither mentor nor mentee */
    ms_tally mentor_rows, mentee_rows;  /* quarantined: the loader's and match's own */
    ms_match_skipped *skipped;  /* the quarantined rows, mentors' bank first, in file order */
    size_t n_skipped, skipped_cap;
    bool names;
    bool mentors_by_row, mentees_by_row;  /* the bank has no id variable: a person's
                                             id is their row ("12", "file.csv:12") */
    char **files;               /* data files the people refer to */
    size_t n_files;
} ms_match_result;

ms_status ms_match_run(const ms_match_options *opt, ms_match_result **out, ms_error *err);
void ms_match_result_destroy(ms_match_result *r);

/* The solver alone (tests, benchmark).  People are grouped in classes of
 * equals; score[c * n_mentee_classes + d] is the score of mentor class c
 * with mentee class d (0: not allowed).  A person's bank position is their
 * index.  capacity[i]: mentor i's places still free; load[i] (NULL: 0):
 * mentees already with them (kept pairs), which the load spread counts.
 * wishes: mentee j would like mentor i, worth `gain` (> 0) at level 3; a
 * wish for a pair that is not allowed is not honoured.  mentor_of[j]
 * receives mentee j's mentor or -1.  Levels: matched, total score, wishes,
 * spread (when on), bank positions (match_solve.c). */
typedef struct {
    size_t mentor, mentee;
    int gain;
} ms_match_wish;

typedef struct {
    size_t n_mentors, n_mentees;
    const long *capacity;
    const size_t *mentor_class, *mentee_class;
    size_t n_mentor_classes, n_mentee_classes;
    const int *score;
    const long *load;
    const ms_match_wish *wishes;
    size_t n_wishes;
    bool spread;                /* level 4: the most even load (sum of L(L-1)/2 least) */
    size_t first_arcs;          /* pricing starts from this many best pair arcs per class
                                   (0: the default; the optimum is the same for any value,
                                   tests vary it; SIZE_MAX: every arc from the start) */
} ms_match_problem;

typedef struct {
    size_t matched;
    long long total_score;
    long long wishes;           /* sum of the honoured wishes' gains */
    long long spread;           /* sum over mentors of L(L-1)/2, L counting kept pairs */
    long long order_cost;
} ms_match_totals;

/* GLPK keeps an environment per thread, which leaks when a thread ends
 * without glp_free_env (its documentation); the solve frees it before it
 * returns, so any thread may call it (mentorstat serve builds reports with
 * [matching] on worker threads).  A caller using GLPK itself on the same
 * thread must hold no GLPK object across the call. */
ms_status ms_match_solve(const ms_match_problem *p, long *mentor_of, ms_match_totals *totals,
                         ms_error *err);

/* Output (src/match/match_write.c).  `ru`: Russian, else English. */
ms_status ms_match_write_json(const ms_match_result *r, bool ru, FILE *f);
/* DIR/match.html and its CSV tables in DIR/tables/, written into
 * DIR.tmp-XXXXXX beside DIR and swapped in whole (the old DIR moved aside to
 * DIR.old-XXXXXX, the new renamed in, the old removed).  An existing DIR is
 * replaced only when it holds what match writes and nothing else; DIR's
 * parent must exist.  The directory is made 0700: it holds the banks'
 * codes (and names). */
ms_status ms_match_write_dir(const ms_match_result *r, const char *dir, bool ru,
                             ms_error *err);
/* The same files into dir, an empty directory the caller made and moves
 * into place itself (the report's OUTDIR-internal.tmp-XXXXXX). */
ms_status ms_match_write_into(const ms_match_result *r, const char *dir, bool ru,
                              ms_error *err);

#endif
