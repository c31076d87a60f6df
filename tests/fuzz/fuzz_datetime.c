/* libFuzzer target: any bytes as a timestamp cell (src/base/datetime.h) and as a
 * typed respondent code (src/data/respondent_code.h).  Must never crash, and
 * what is accepted must be a real date and time; a code's key is never
 * longer than the code. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "respondent_code.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ms_datetime d;
    if (ms_datetime_parse((const char *)data, size, &d)) {
        static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        if (d.year < 1 || d.year > 9999 || d.month < 1 || d.month > 12 || d.day < 1 ||
            d.day > days[d.month - 1] || d.hour < 0 || d.hour > 23 || d.minute < 0 ||
            d.minute > 59 || d.second < 0 || d.second > 59)
            abort();
        if (ms_school_year(&d) != d.year + (d.month >= 9))
            abort();
    }
    char *code = malloc(size + 1);
    if (!code)
        return 0;
    memcpy(code, data, size);
    size_t n = ms_code_key(code, size);
    if (n > size || code[n] != '\0')
        abort();
    free(code);
    return 0;
}
