/* libFuzzer target: any bytes as a codebook.  Must never crash or leak. */
#include <stddef.h>
#include <stdint.h>

#include "mentorstat/codebook.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ms_library_init();
    ms_codebook *cb = NULL;
    ms_error err;
    if (ms_codebook_parse((const char *)data, size, "fuzz.csv", &cb, &err) == MS_OK)
        ms_codebook_destroy(cb);
    return 0;
}
