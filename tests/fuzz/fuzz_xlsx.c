/* libFuzzer target: any bytes as an .xlsx workbook — through the reader
 * alone (every row's fields NUL-terminated, within Excel's 16384 columns,
 * its line a row number) and through the loader with a fixed codebook
 * (read = accepted + quarantined + excluded).  Must never crash or leak. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mentorstat/load.h"
#include "xlsxread.h"

static const char codebook[] =
    "name,type,source,label,min,max,reverse,construct,choices,missing\n"
    "id,id,Код,,,,,,,\nform,group,Форма,,,,,,,\nq1,scale,Оценка,,1,10,,,,99\n"
    "h,number,Доля,,,,,,,\nok,consent,Флаг,,,,,,,\nt,text,Текст,,,,,,,\n";

static ms_status check_row(const ms_csv_row *row, void *ctx, ms_error *err)
{
    (void)ctx, (void)err;
    if (row->n_fields == 0 || row->n_fields > 16384 || row->line == 0 || !row->sheet)
        abort();
    for (size_t i = 0; i < row->n_fields; i++)
        if (row->fields[i].ptr[row->fields[i].len] != '\0')
            abort();
    return MS_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ms_error err;
    ms_xlsx_read_mem((const char *)data, size, "fuzz.xlsx", NULL, check_row, NULL, NULL, &err);
    ms_codebook *cb = NULL;
    ms_loader *ld = NULL;
    if (ms_codebook_parse(codebook, sizeof codebook - 1, "cb.csv", &cb, &err))
        abort();
    ms_load_options o = {.threads = 1};
    if (ms_loader_create(cb, &o, &ld, &err))
        abort();
    ms_loader_read_mem(ld, (const char *)data, size, "fuzz.xlsx", &err);
    ms_tally t = ms_loader_total(ld);
    if (t.read != t.accepted + t.quarantined + t.excluded)
        abort();
    ms_loader_destroy(ld);
    ms_codebook_destroy(cb);
    return 0;
}
