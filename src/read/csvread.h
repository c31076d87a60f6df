/*
 * csvread.h (private) — the one streaming CSV reader under the codebook and
 * the response loader.
 *
 * Contract: bytes are read in large blocks, the encoding is detected (UTF-8
 * with or without BOM, Windows-1251 converted with iconv, UTF-16 refused) and
 * the delimiter guessed from the header line unless given.  libcsv parses;
 * each row is handed to the callback with its fields and the physical line on
 * which it starts.  Field memory is reused between rows: a callback copies
 * what it keeps.  Rows are handed over in batches of up to 512 rows
 * or 256 KiB of text, and large files are read and parsed on a second
 * thread while the caller's thread takes the rows: the rows, their order and
 * the callbacks (all on the caller's thread) are the same either way.  In
 * memory: one 256 KiB block and one batch, or on two threads a ring of at
 * most 16 batches.
 */
#ifndef MENTORSTAT_CSVREAD_H
#define MENTORSTAT_CSVREAD_H

#include <stdbool.h>
#include <stddef.h>
#include "mentorstat/status.h"
#include "text.h"
#include "row.h"

/* Work on a row that may be done on the reading thread, before the row is
 * handed over: fn writes at most `size` bytes at out and says whether it
 * did; the row then carries them as ms_row.prep, else prep is NULL and the
 * caller's callback does that work itself.  So the callback must give the
 * same result either way; fn runs on the reading thread, as each row ends
 * (in the rows' order), and reads only the row and what ctx publishes for it
 * (C11 atomics); what it keeps between rows is its own, never read by the
 * caller's thread.  Only on two threads: on one, prep is always NULL. */
typedef bool (*ms_row_prep_fn)(const ms_row *row, void *out, void *ctx);
typedef struct {
    ms_row_prep_fn fn;
    void *ctx;
    size_t size;
} ms_row_prep;

typedef struct {
    const char *encoding;  /* NULL: detect; else an iconv name ("CP1251") */
    char delimiter;        /* 0: detect from the header line */
    unsigned threads;      /* 1: all on the caller's thread; 2: read and parse on
                              a second one; 0: two for files of 1 MB and more
                              when the machine has two processors */
    const ms_row_prep *prep; /* NULL: none */
} ms_csv_options;

ms_status ms_csv_read_file(const char *path, const ms_csv_options *opt,
                           ms_row_fn on_row, void *ctx,
                           ms_rows_progress_fn on_progress, ms_rows_info *info,
                           ms_error *err);
ms_status ms_csv_read_mem(const char *data, size_t len, const char *name,
                          const ms_csv_options *opt, ms_row_fn on_row,
                          void *ctx, ms_rows_info *info, ms_error *err);

/* Whether s is UTF-8 (no overlong forms, surrogates or code points above
 * U+10FFFF); with complete_len, a sequence cut by the end is allowed and
 * *complete_len is where it starts. */
bool ms_utf8_valid(const char *s, size_t len, size_t *complete_len);
/* Every byte of s that is not part of valid UTF-8 made '?'; how many. */
size_t ms_utf8_repair(char *s, size_t len);

#endif
