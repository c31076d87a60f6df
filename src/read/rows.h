/*
 * rows.h (private) — the rows of a data file, whatever its format: the one
 * entry the loader (and `init`) read data through.
 *
 * Contract: a file whose first bytes are a zip archive's ("PK\3\4"), or
 * whose name ends in .xlsx, is read as a workbook (xlsxread.h): the sheet
 * given, or the first visible one; an old binary .xls or an encrypted workbook (an OLE
 * file, D0 CF 11 E0) is refused with advice; anything else is CSV
 * (csvread.h).  Rows, callbacks and info are those of the reader chosen;
 * `encoding` and `delimiter` apply to CSV only, `sheet` to workbooks only.
 */
#ifndef MENTORSTAT_ROWS_H
#define MENTORSTAT_ROWS_H

#include "csvread.h"

typedef struct {
    ms_csv_options csv;
    const char *sheet;     /* NULL: the first sheet */
} ms_rows_options;

ms_status ms_rows_read_file(const char *path, const ms_rows_options *opt,
                            ms_csv_row_fn on_row, void *ctx, ms_csv_progress_fn on_progress,
                            ms_csv_info *info, ms_error *err);
ms_status ms_rows_read_mem(const char *data, size_t len, const char *name,
                           const ms_rows_options *opt, ms_csv_row_fn on_row, void *ctx,
                           ms_csv_info *info, ms_error *err);

#endif
