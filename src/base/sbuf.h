/*
 * sbuf.h (private) — the one growing string buffer of the library and the
 * tool (the report's pages, tables and charts, .msum files, quarantine rows).
 *
 * Contract: append freely and check `failed` once, where the text is used
 * (like a FILE's error indicator).  The first failure — out of memory, or
 * the text would pass MS_SBUF_MAX — frees the text and makes the buffer
 * empty, failed and inert: later appends do nothing.  The text is read only
 * through ms_sbuf_str (NULL for a failed buffer, so it is never taken for
 * "") or moved with ms_sbuf_append / ms_sbuf_take, which carry the failure
 * on: a failed buffer appended makes the destination fail.  A zeroed ms_sbuf
 * is an empty buffer; ms_sbuf_free returns it to that state.
 */
#ifndef MENTORSTAT_SBUF_H
#define MENTORSTAT_SBUF_H

#include <stdbool.h>
#include <stddef.h>
#include "mentorstat/status.h"

/* No text the project writes comes near this; a runaway loop stops here. */
#define MS_SBUF_MAX ((size_t)1 << 30)

typedef struct {
    char *text_;            /* private: read with ms_sbuf_str */
    size_t len, cap;
    bool failed;
} ms_sbuf;

/* The text, NUL-terminated ("" when empty), or NULL when the buffer failed. */
const char *ms_sbuf_str(const ms_sbuf *b);
/* The text handed over (the caller frees it with ms_free) and the buffer
 * emptied; NULL when it failed (then it is freed and stays failed). */
char *ms_sbuf_take(ms_sbuf *b);
/* Make the buffer fail: what a writer does when a piece it needed failed. */
void ms_sbuf_fail(ms_sbuf *b);
/* Append src's text; a failed src makes b fail. */
void ms_sbuf_append(ms_sbuf *b, const ms_sbuf *src);
/* Cut the text to its first len bytes (len <= b->len). */
void ms_sbuf_truncate(ms_sbuf *b, size_t len);

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
