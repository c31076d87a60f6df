/*
 * delimiter.h (private) — which of ',', ';' and tab separates the fields of
 * a CSV file, judged from its first records.
 *
 * Contract: the first records (up to 64, header included; quoted fields may
 * span lines; a last record cut by the end of the sample is left out unless
 * `complete`) are split by each candidate.  A candidate that gives every
 * sampled record the same field count, more than one, is consistent; of the
 * consistent ones tab wins over ';' and ';' over ',' (commas are the one of
 * the three that question texts and decimal numbers hold).  When none is
 * consistent, the one that gives the most records the header's field count
 * (more than one) wins; ',' when nothing splits.  So the header's character
 * counts never decide alone: Excel's Russian ";" save whose question texts
 * hold more commas than the header has ';' is read with ';'.
 */
#ifndef MENTORSTAT_DELIMITER_H
#define MENTORSTAT_DELIMITER_H

#include <stdbool.h>
#include <stddef.h>

char ms_guess_delimiter(const char *s, size_t n, bool complete);

/* Whether the first records are a table: split by ms_guess_delimiter's
 * choice, the header has two fields or more and at least nine in ten of the
 * sampled records (two at least, header included) as many.  A note or a
 * letter saved as .txt is not; a tab-separated export is (the server). */
bool ms_looks_like_table(const char *s, size_t n, bool complete);

#endif
