/*
 * sbuf.h (private) — the one growing string buffer of the library and the
 * tool (the report's pages, tables and charts, .msum files, quarantine rows).
 *
 * Contract: append freely and check `failed` once, where the text is used
 * (like a FILE's error indicator).  The first failure — out of memory, or
 * the text would pass MS_SBUF_MAX — frees the text and makes the buffer
 * empty, failed and inert: later appends do nothing.  `s` is NUL-terminated
 * whenever len > 0.  A zeroed ms_sbuf is an empty buffer; ms_sbuf_free
 * returns it to that state.
 */
#ifndef MENTORSTAT_SBUF_H
#define MENTORSTAT_SBUF_H

#include <stdbool.h>
#include <stddef.h>
#include "mentorstat/status.h"

/* No text the project writes comes near this; a runaway loop stops here. */
#define MS_SBUF_MAX ((size_t)1 << 30)

typedef struct {
    char *s;
    size_t len, cap;
    bool failed;
} ms_sbuf;

void ms_sbuf_free(ms_sbuf *b);
void ms_sbuf_putn(ms_sbuf *b, const char *s, size_t n);
void ms_sbuf_puts(ms_sbuf *b, const char *s);
void ms_sbuf_printf(ms_sbuf *b, const char *fmt, ...) MS_PRINTF(2, 3);
/* A CSV cell always in double quotes (" doubled); one that a spreadsheet
 * would run as a formula (starting with = + - @ tab or CR) gets a leading
 * apostrophe. */
void ms_sbuf_csv_cell(ms_sbuf *b, const char *s, size_t n);
/* s in double quotes, a " inside doubled — as CSV and the programme file's
 * lists quote — with nothing added: for text read back by mentorstat. */
void ms_sbuf_quoted(ms_sbuf *b, const char *s, size_t n);

#endif
