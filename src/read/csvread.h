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

typedef struct {
    const ms_field *fields;
    size_t n_fields;
    size_t line;       /* physical line (1-based) where the row starts */
    const char *broken; /* why the row could not be read whole (a stray or
                           unclosed quote), else NULL: such rows are rejected */
    size_t broken_field; /* 1-based field where it broke (0 when not broken) */
    const char *sheet;  /* .xlsx (xlsxread.h): the sheet's name; NULL for CSV */
} ms_csv_row;

/* Return MS_OK to go on; anything else stops the reader with that status. */
typedef ms_status (*ms_csv_row_fn)(const ms_csv_row *row, void *ctx, ms_error *err);

typedef struct {
    const char *encoding;  /* NULL: detect; else an iconv name ("CP1251") */
    char delimiter;        /* 0: detect from the header line */
    unsigned threads;      /* 1: all on the caller's thread; 2: read and parse on
                              a second one; 0: two for files of 1 MB and more
                              when the machine has two processors */
} ms_csv_options;

/* How far reading went.  After a failure on two threads it may be further
 * than the row the caller stopped at. */
typedef struct {
    char delimiter;
    char encoding[32];     /* "UTF-8", "UTF-8 (BOM)", "CP1251" ... */
    unsigned long long bytes_total, bytes_read;
    size_t lines;
    char sheet[128];       /* .xlsx: the sheet read; "" for CSV */
} ms_csv_info;

/* Progress callback: called after each block; may be NULL. */
typedef void (*ms_csv_progress_fn)(const ms_csv_info *info, void *ctx);

ms_status ms_csv_read_file(const char *path, const ms_csv_options *opt,
                           ms_csv_row_fn on_row, void *ctx,
                           ms_csv_progress_fn on_progress, ms_csv_info *info,
                           ms_error *err);
ms_status ms_csv_read_mem(const char *data, size_t len, const char *name,
                          const ms_csv_options *opt, ms_csv_row_fn on_row,
                          void *ctx, ms_csv_info *info, ms_error *err);

bool ms_utf8_valid(const char *s, size_t len, size_t *complete_len);

#endif
