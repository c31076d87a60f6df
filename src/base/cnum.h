/*
 * cnum.h (private) — numbers read and written the same under any locale.
 *
 * Contract: each function behaves as its C library namesake does in the
 * "C" locale ('.' as the decimal point, no grouping), whatever LC_NUMERIC
 * the program using the library has set with setlocale(): a server in
 * ru_RU.UTF-8 reads "7.5" as 7.5 and writes 1.78, not 1,78.  The calling
 * thread's locale is switched with uselocale() for the call only and put
 * back; nothing else changes and no state is kept.  Every number the
 * library parses or formats goes through these (ms_sbuf_printf and
 * ms_error_set use ms_c_vsnprintf), never through strtod or printf.
 */
#ifndef MENTORSTAT_CNUM_H
#define MENTORSTAT_CNUM_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

double ms_c_strtod(const char *s, char **end);
int ms_c_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
int ms_c_snprintf(char *buf, size_t size, const char *fmt, ...);
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
int ms_c_fprintf(FILE *f, const char *fmt, ...);

#endif
