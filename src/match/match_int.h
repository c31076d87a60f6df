/*
 * match_int.h (private) — what match.c shares with match_lists.c: the
 * lists of pairs a curator gives (--keep, --exclude) and the word test that
 * tells a mentor's answer from a mentee's (--split, list headers).
 */
#ifndef MENTORSTAT_MATCH_INT_H
#define MENTORSTAT_MATCH_INT_H

#include "mentorstat/match.h"

/* One pair of a list: indices into the result's mentors[] and mentees[],
 * and where it was written. */
typedef struct {
    size_t mentor, mentee;
    size_t line, col;
} ms_match_listed;

/* 1: the text says mentor, 0: mentee, -1: neither or both. */
int ms_match_role_of(const char *s, size_t len);

/* Read a CSV list of pairs: a header naming a mentor column and a mentee
 * column (Наставник / Наставляемые, mentor / mentee: last year's annex.csv
 * or pairs.csv as written), or no header and the codes in the first two
 * columns.  A mentee cell may hold several codes separated by `;`, each
 * perhaps followed by ` — name`.  A code that names no person of the bank
 * is an error at its file:line:col.  Pairs in file order. */
ms_status ms_match_read_list(const char *path, const ms_match_result *r,
                             ms_match_listed **out, size_t *n, ms_error *err);

#endif
