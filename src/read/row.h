/*
 * row.h (private) — the one row type every reader of a data file hands over
 * (csvread.h for CSV, xlsxread.h for a sheet of a workbook; rows.h picks the
 * reader), and what a reader tells of how far it went.
 *
 * Contract: a row's fields, and the row itself, are valid during the
 * callback only; a callback copies what it keeps.
 */
#ifndef MENTORSTAT_ROW_H
#define MENTORSTAT_ROW_H

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
    size_t odd_quote;   /* CSV: 1-based byte column of the first stray quote of a
                           one-line row read as a tolerant reader reads it (a quote
                           closing a field before its end: the rest is text; a quote
                           inside an unquoted field: a quote), 0 when none */
    size_t formulas;    /* .xlsx: cells of the row holding a formula (<f>); 0 for CSV */
    const void *prep;   /* CSV on two threads: what ms_row_prep's fn made of the row on
                           the reading thread (csvread.h), else NULL */
} ms_row;

/* Return MS_OK to go on; anything else stops the reader with that status. */
typedef ms_status (*ms_row_fn)(const ms_row *row, void *ctx, ms_error *err);

/* How far reading went.  After a failure on two threads it may be further
 * than the row the caller stopped at. */
typedef struct {
    char delimiter;
    char encoding[32];     /* "UTF-8", "UTF-8 (BOM)", "CP1251" ... */
    unsigned long long bytes_total, bytes_read;
    size_t lines;
    char sheet[128];       /* .xlsx: the sheet read; "" for CSV */
} ms_rows_info;

/* Progress callback: called after each block; may be NULL. */
typedef void (*ms_rows_progress_fn)(const ms_rows_info *info, void *ctx);

#endif
