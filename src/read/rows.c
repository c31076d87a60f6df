/* rows.c — choosing the reader of a data file by its first bytes. */
#include "rows.h"
#include "xlsxread.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef enum { FORMAT_CSV, FORMAT_XLSX, FORMAT_OLE } file_format;

static file_format sniff(const char *name, const unsigned char *head, size_t n)
{
    size_t len = strlen(name);
    if (n >= 4 && memcmp(head, "PK\3\4", 4) == 0)
        return FORMAT_XLSX;
    if (n >= 4 && memcmp(head, "\xD0\xCF\x11\xE0", 4) == 0)
        return FORMAT_OLE;
    if (len >= 5 && strcasecmp(name + len - 5, ".xlsx") == 0)
        return FORMAT_XLSX; /* damaged: the workbook reader says how */
    return FORMAT_CSV;
}

static ms_status refuse_ole(const char *name, ms_error *err)
{
    return ms_error_set(err, MS_ERR_PARSE, name, 0, 0,
                        "an Excel 97-2003 .xls workbook or a password-protected one: save it as "
                        ".xlsx (without a password) or as CSV UTF-8 and try again");
}

ms_status ms_rows_read_file(const char *path, const ms_rows_options *opt,
                            ms_csv_row_fn on_row, void *ctx, ms_csv_progress_fn on_progress,
                            ms_csv_info *info, ms_error *err)
{
    unsigned char head[4];
    size_t n = 0;
    FILE *f = fopen(path, "rb");
    if (f) {
        n = fread(head, 1, sizeof head, f);
        fclose(f);
    } /* else the CSV reader says why it cannot be opened */
    switch (f ? sniff(path, head, n) : FORMAT_CSV) {
    case FORMAT_XLSX:
        return ms_xlsx_read_file(path, opt ? opt->sheet : NULL, on_row, ctx, on_progress, info,
                                 err);
    case FORMAT_OLE:
        return refuse_ole(path, err);
    case FORMAT_CSV:
        break;
    }
    return ms_csv_read_file(path, opt ? &opt->csv : NULL, on_row, ctx, on_progress, info, err);
}

ms_status ms_rows_read_mem(const char *data, size_t len, const char *name,
                           const ms_rows_options *opt, ms_csv_row_fn on_row, void *ctx,
                           ms_csv_info *info, ms_error *err)
{
    switch (sniff(name, (const unsigned char *)data, len)) {
    case FORMAT_XLSX:
        return ms_xlsx_read_mem(data, len, name, opt ? opt->sheet : NULL, on_row, ctx, info, err);
    case FORMAT_OLE:
        return refuse_ole(name, err);
    case FORMAT_CSV:
        break;
    }
    return ms_csv_read_mem(data, len, name, opt ? &opt->csv : NULL, on_row, ctx, info, err);
}
