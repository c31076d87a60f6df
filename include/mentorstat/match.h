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
 * GLPK's min-cost flow (RELAX-IV).  A duplicate id fails the call (which row
 * is the person is ambiguous).  The result is the lexicographic optimum of
 *   1. the number of mentees who get a mentor,
 *   2. among those, the total score (a pair's score: how many of the
 *      mentee's requested areas the mentor offers; a pair is allowed only
 *      with score >= 1, every --same variable equal where both answered, and
 *      different ids),
 *   3. among those, the smallest sum of bank positions (each matched
 *      mentee's position in the mentees' bank plus, per mentee taken, the
 *      mentor's position in the mentors' bank): earlier requests are served
 *      first, earlier mentors are filled first.
 * Equal people (same areas, same --same answers) are interchangeable, so any
 * tie left after level 3 is between such people and is broken by bank order
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
    long *same;                 /* per --same variable: index into same_levels, -1 missing */
    long capacity;              /* mentors */
    long assigned;              /* mentors: mentees taken */
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

typedef struct {
    size_t mentor, mentee;      /* indices into mentors[] and mentees[] */
    int score;
    size_t group;               /* 1-based number of the mentor's pair/group */
} ms_match_pair;

/* A quarantined row: left out of the pairing, listed with its reason. */
typedef struct {
    bool mentors;               /* of the mentors' bank, else of the mentees' */
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
    char **same_vars;           /* labels of the --same variables */
    char ***same_levels;        /* per --same variable: level labels */
    size_t *n_same_levels;
    size_t n_same;
    size_t matched;
    long long total_score;
    long long order_cost;       /* level 3: the sum of bank positions */
    ms_tally mentor_rows, mentee_rows;  /* quarantined: the loader's and match's own */
    ms_match_skipped *skipped;  /* the quarantined rows, mentors' bank first, in file order */
    size_t n_skipped, skipped_cap;
    bool names;
    char **files;               /* data files the people refer to */
    size_t n_files;
} ms_match_result;

ms_status ms_match_run(const ms_match_options *opt, ms_match_result **out, ms_error *err);
void ms_match_result_destroy(ms_match_result *r);

/* The solver alone (tests, benchmark).  People are grouped in classes of
 * equals; score[c * n_mentee_classes + d] is the score of mentor class c
 * with mentee class d (0: not allowed).  A person's bank position is their
 * index.  mentor_of[j] receives mentee j's mentor or -1. */
typedef struct {
    size_t n_mentors, n_mentees;
    const long *capacity;
    const size_t *mentor_class, *mentee_class;
    size_t n_mentor_classes, n_mentee_classes;
    const int *score;
} ms_match_problem;

typedef struct {
    size_t matched;
    long long total_score, order_cost;
} ms_match_totals;

/* GLPK keeps an environment per thread, which leaks when a thread ends
 * without glp_free_env (its documentation); the solve frees it before it
 * returns, so any thread may call it (mentorstat serve builds reports with
 * [matching] on worker threads).  A caller using GLPK itself on the same
 * thread must hold no GLPK object across the call. */
ms_status ms_match_solve(const ms_match_problem *p, long *mentor_of, ms_match_totals *totals,
                         ms_error *err);

/* Output (src/match/match_write.c).  `ru`: Russian, else English. */
ms_status ms_match_write_json(const ms_match_result *r, FILE *f);
/* DIR/match.html and its CSV tables in DIR/tables/, written under temporary
 * names and renamed into place when all are complete. */
ms_status ms_match_write_dir(const ms_match_result *r, const char *dir, bool ru,
                             ms_error *err);

#endif
