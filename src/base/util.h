/*
 * util.h (private) — small helpers shared by the stages: growing arrays and
 * reading numbers as people type them in forms and spreadsheets.
 */
#ifndef MENTORSTAT_UTIL_H
#define MENTORSTAT_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "text.h"

/* Make room for `need` elements of `elem` bytes; nonzero when out of memory. */
int ms_grow(void **buf, size_t *cap, size_t need, size_t elem);

/* FNV-1a (64 bits): h is MS_FNV_SEED or a previous result, to hash in parts. */
#define MS_FNV_SEED 14695981039346656037u
static inline uint64_t ms_fnv1a(uint64_t h, const void *p, size_t n)
{
    for (const unsigned char *c = p, *end = c + n; c < end; c++)
        h = (h ^ *c) * 1099511628211u;
    return h;
}

/* Digits with an optional leading '-', at most 9 characters, nothing else:
 * most answers are such, and need no trimming or strtod. */
static inline bool ms_parse_small_int(const char *p, size_t n, double *out)
{
    /* one or two digits first, without the loop: the usual answer */
    unsigned d0 = n ? (unsigned)(unsigned char)p[0] - '0' : 10, d1;
    if (n == 1 && d0 < 10) {
        *out = d0;
        return true;
    }
    if (n == 2 && d0 < 10 && (d1 = (unsigned)(unsigned char)p[1] - '0') < 10) {
        *out = d0 * 10 + d1;
        return true;
    }
    if (n == 0 || n > 9)
        return false;
    bool neg = p[0] == '-';
    size_t i = neg;
    if (i == n)
        return false;
    long v = 0;
    for (; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return false;
        v = v * 10 + (p[i] - '0');
    }
    *out = neg ? -(double)v : (double)v;
    return true;
}

/* A finite number: " 8 ", "8.0", "7,5" (decimal comma), "1e3", "−3"
 * (U+2212) are read; "NaN", "inf", hex, thousands separators are not. */
bool ms_parse_number(ms_field f, double *out);
/* The same, or a number typed with a percent sign ("75%", "75 %", as Excel
 * shows a percentage cell in a CSV save) read as that number (75).  For
 * answers of numeric variables only: choices and output cells stay exact. */
bool ms_parse_answer_number(ms_field f, double *out);

#endif
