/* rows.c — choosing the reader of a data file by its first bytes: a table
 * of readers, one per format (as curl's vtls has one per TLS library). */
#include "rows.h"
#include "xlsxread.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ---------- the readers ---------- */

static ms_status csv_file(const char *path, const ms_rows_options *opt, ms_row_fn on_row,
                          void *ctx, ms_rows_progress_fn on_progress, ms_rows_info *info,
                          ms_error *err)
{
    return ms_csv_read_file(path, opt ? &opt->csv : NULL, on_row, ctx, on_progress, info, err);
}

static ms_status csv_mem(const char *data, size_t len, const char *name,
                         const ms_rows_options *opt, ms_row_fn on_row, void *ctx,
                         ms_rows_info *info, ms_error *err)
{
    return ms_csv_read_mem(data, len, name, opt ? &opt->csv : NULL, on_row, ctx, info, err);
}

static ms_status xlsx_file(const char *path, const ms_rows_options *opt, ms_row_fn on_row,
                           void *ctx, ms_rows_progress_fn on_progress, ms_rows_info *info,
                           ms_error *err)
{
    return ms_xlsx_read_file(path, opt ? opt->sheet : NULL, on_row, ctx, on_progress, info, err);
}

static ms_status xlsx_mem(const char *data, size_t len, const char *name,
                          const ms_rows_options *opt, ms_row_fn on_row, void *ctx,
                          ms_rows_info *info, ms_error *err)
{
    return ms_xlsx_read_mem(data, len, name, opt ? opt->sheet : NULL, on_row, ctx, info, err);
}

static ms_status refuse_ole(const char *name, ms_error *err)
{
    return ms_error_set(err, MS_ERR_PARSE, name, 0, 0,
                        "an Excel 97-2003 .xls workbook or a password-protected one: save it as "
                        ".xlsx (without a password) or as CSV UTF-8 and try again");
}

static ms_status ole_file(const char *path, const ms_rows_options *opt, ms_row_fn on_row,
                          void *ctx, ms_rows_progress_fn on_progress, ms_rows_info *info,
                          ms_error *err)
{
    (void)opt, (void)on_row, (void)ctx, (void)on_progress, (void)info;
    return refuse_ole(path, err);
}

static ms_status ole_mem(const char *data, size_t len, const char *name,
                         const ms_rows_options *opt, ms_row_fn on_row, void *ctx,
                         ms_rows_info *info, ms_error *err)
{
    (void)data, (void)len, (void)opt, (void)on_row, (void)ctx, (void)info;
    return refuse_ole(name, err);
}

/* One reader per format a data file can have, told apart by sniff(). */
typedef enum { FORMAT_CSV, FORMAT_XLSX, FORMAT_OLE } file_format;

static const struct {
    ms_status (*read_file)(const char *path, const ms_rows_options *opt, ms_row_fn on_row,
                           void *ctx, ms_rows_progress_fn on_progress, ms_rows_info *info,
                           ms_error *err);
    ms_status (*read_mem)(const char *data, size_t len, const char *name,
                          const ms_rows_options *opt, ms_row_fn on_row, void *ctx,
                          ms_rows_info *info, ms_error *err);
} readers[] = {
    [FORMAT_CSV] = {csv_file, csv_mem},
    [FORMAT_XLSX] = {xlsx_file, xlsx_mem},
    [FORMAT_OLE] = {ole_file, ole_mem}, /* .xls or encrypted: refused with advice */
};

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

ms_status ms_rows_read_file(const char *path, const ms_rows_options *opt, ms_row_fn on_row,
                            void *ctx, ms_rows_progress_fn on_progress, ms_rows_info *info,
                            ms_error *err)
{
    unsigned char head[4];
    size_t n = 0;
    FILE *f = fopen(path, "rb");
    if (f) {
        n = fread(head, 1, sizeof head, f);
        fclose(f);
    } /* else the CSV reader says why it cannot be opened */
    file_format k = f ? sniff(path, head, n) : FORMAT_CSV;
    return readers[k].read_file(path, opt, on_row, ctx, on_progress, info, err);
}

ms_status ms_rows_read_mem(const char *data, size_t len, const char *name,
                           const ms_rows_options *opt, ms_row_fn on_row, void *ctx,
                           ms_rows_info *info, ms_error *err)
{
    file_format k = sniff(name, (const unsigned char *)data, len);
    return readers[k].read_mem(data, len, name, opt, on_row, ctx, info, err);
}
