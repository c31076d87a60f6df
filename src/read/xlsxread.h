/*
 * xlsxread.h (private) — the rows of one sheet of an .xlsx workbook, handed
 * over as csvread.h hands over the rows of a CSV file (row.h).
 *
 * Contract: libzip opens the container and libxml2 reads each part as a
 * stream (xmlTextReader for the small ones, the SAX2 push parser for the
 * sheet).  The sheet is the workbook's first visible one, or the one
 * named (as in the workbook, case aside); a name that matches none fails with
 * MS_ERR_USAGE and a message listing the sheets.  Each non-empty row goes
 * to the callback with `line` = the sheet's row number and `sheet` = the
 * sheet's name; fields are placed by the cell reference (C14 is field 3),
 * skipped cells are empty fields, and every row is padded with empty fields
 * to the width of the first (the header), trailing empty cells left out
 * beyond it.  Rows without a non-empty cell are skipped, as libcsv skips
 * blank lines.  Values as text: shared and inline strings as written
 * (rich-text runs joined, phonetic runs left out, _xHHHH_ escapes decoded);
 * numbers as the shortest decimal that reads back to the same double
 * ("7", "0.1"); booleans "TRUE"/"FALSE"; a number in a date style (builtin
 * formats 14–22, 27–36, 45–47, 50–58, or a custom format with d, m, y or h
 * outside quotes and brackets) as "YYYY-MM-DD HH:MM:SS" to the nearest
 * second, in the workbook's 1900 or 1904 date system; formula results and
 * error values (#N/A) as their text.  A cell naming a shared string that
 * does not exist makes its row `broken` (quarantined by the loader), and so
 * does a row below the header whose every non-empty cell is a formula
 * (=SUM(J2:J27) under the answers: someone's calculation, not an answer).
 *
 * Memory: one row of the sheet, the style table and the shared-string table
 * (which grows with the number of distinct strings, not with rows) are held;
 * the sheet itself is never held whole.  Everything runs on the caller's
 * thread.  The workbook is the part _rels/.rels names (xl/workbook.xml
 * without it).  A file that is not a zip archive, lacks its workbook or sheet
 * part, or holds malformed XML fails with MS_ERR_PARSE naming the file and
 * the part; rows handed over before stay handed over.
 */
#ifndef MENTORSTAT_XLSXREAD_H
#define MENTORSTAT_XLSXREAD_H

#include "row.h"

/* sheet: NULL for the first sheet. */
ms_status ms_xlsx_read_file(const char *path, const char *sheet, ms_row_fn on_row,
                            void *ctx, ms_rows_progress_fn on_progress, ms_rows_info *info,
                            ms_error *err);
ms_status ms_xlsx_read_mem(const char *data, size_t len, const char *name, const char *sheet,
                           ms_row_fn on_row, void *ctx, ms_rows_info *info, ms_error *err);

/* Format an Excel date serial as "YYYY-MM-DD HH:MM:SS"; false when it is
 * outside 0 .. 9999-12-31 (buf then untouched).  Exposed for the tests. */
bool ms_xlsx_serial_text(double serial, bool date1904, char *buf, size_t size);
/* Whether a number format code shows a date or a time. */
bool ms_xlsx_format_is_date(const char *code);
/* A number format showing a currency sign (#,##0"₽", [$$-409]#,##0.00,
 * 0\ "руб."): true, with the text shown before and after the number. */
bool ms_xlsx_format_currency(const char *code, char *pre, size_t npre, char *post, size_t npost);

#endif
