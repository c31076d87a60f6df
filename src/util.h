/*
 * util.h (private) — small helpers shared by the stages: growing arrays and
 * reading numbers as people type them in forms and spreadsheets.
 */
#ifndef MENTORSTAT_UTIL_H
#define MENTORSTAT_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include "csvread.h"

/* Make room for `need` elements of `elem` bytes; nonzero when out of memory. */
int ms_grow(void **buf, size_t *cap, size_t need, size_t elem);

/* A finite number: " 8 ", "8.0", "7,5" (decimal comma), "1e3", "−3"
 * (U+2212) are read; "NaN", "inf", hex, thousands separators are not. */
bool ms_parse_number(ms_field f, double *out);

#endif
