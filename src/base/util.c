/* util.c — shared helpers. */
#include "util.h"
#include "mentorstat/status.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int ms_grow(void **buf, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t cap2 = *cap ? *cap : 16;
    while (cap2 < need)
        cap2 *= 2;
    void *p = ms_reallocarray(*buf, cap2, elem);
    if (!p)
        return 1;
    *buf = p;
    *cap = cap2;
    return 0;
}

bool ms_parse_number(ms_field f, double *out)
{
    f = ms_field_trim(f);
    if (ms_parse_small_int(f.ptr, f.len, out))
        return true;
    char buf[64];
    size_t n = 0, commas = 0, dots = 0;
    for (size_t i = 0; i < f.len; i++) {
        unsigned char c = (unsigned char)f.ptr[i];
        if (c == 0xE2 && i + 2 < f.len && (unsigned char)f.ptr[i + 1] == 0x88 &&
            (unsigned char)f.ptr[i + 2] == 0x92) { /* U+2212 MINUS SIGN */
            c = '-';
            i += 2;
        } else if (c == ',') {
            c = '.';
            commas++;
        } else if (c == '.') {
            dots++;
        } else if (!(c == '-' || c == '+' || c == 'e' || c == 'E' || (c >= '0' && c <= '9'))) {
            return false; /* letters (nan, inf, 0x...), spaces inside, NUL */
        }
        if (n + 1 >= sizeof buf)
            return false;
        buf[n++] = (char)c;
    }
    if (n == 0 || commas + dots > 1)
        return false;
    buf[n] = '\0';
    char *end;
    double x = strtod(buf, &end);
    if (end != buf + n || !isfinite(x))
        return false;
    *out = x;
    return true;
}

bool ms_parse_answer_number(ms_field f, double *out)
{
    if (ms_parse_number(f, out))
        return true;
    f = ms_field_trim(f);
    if (f.len < 2 || f.ptr[f.len - 1] != '%')
        return false;
    f.len--; /* "75 %": ms_parse_number trims the space */
    return ms_parse_number(f, out);
}
