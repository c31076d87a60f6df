/* libFuzzer target: any bytes as a raw form export drafted by `mentorstat
 * init`.  Must never crash or leak, and the drafted codebook (without the
 * columns older codebook readers lack) must be one the codebook reader takes. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "init_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ms_init_export x;
    ms_init_draft *d = NULL;
    ms_init_options opt = {"/tmp"};
    ms_error err;
    if (ms_init_read_export_mem((const char *)data, size, "fuzz.csv", &x, &err) == MS_OK &&
        ms_init_draft_from(&x, 1, &opt, &d, &err) == MS_OK) {
        char *text = NULL;
        size_t len;
        bool derive = false;
        for (size_t i = 0; i < d->q[0].n_cols; i++)
            derive |= d->q[0].cols[i].derive != NULL;
        if (ms_init_codebook_text(&d->q[0], &text, &len) == MS_OK && !derive) {
            ms_codebook *cb = NULL;
            ms_status st = ms_codebook_parse(text, len, "draft.csv", &cb, &err);
            if (st != MS_OK && st != MS_ERR_NOMEM) {
                fprintf(stderr, "draft refused: %s:%zu:%zu: %s\n%.*s\n", err.file, err.line,
                        err.column, err.message, (int)len, text);
                __builtin_trap();
            }
            ms_codebook_destroy(cb);
        }
        ms_free(text);
    }
    ms_init_draft_destroy(d);
    ms_init_export_free(&x);
    return 0;
}
