/* util.c — shared helpers. */
#include "util.h"
#include "mentorstat/status.h"
#include "cnum.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
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

/* "[-+]digits[.digits]" of at most 15 digits: the digits' integer and the
 * power of ten are exact doubles, so one division is the correctly rounded
 * value strtod returns (Clinger's fast path), without its scan and the
 * locale switch of ms_c_strtod (about 1.5x strtod's own time per value).
 * False: anything else, for strtod to read. */
static bool exact_decimal(const char *s, size_t n, double *out)
{
    static const double pow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    size_t i = s[0] == '-' || s[0] == '+', digits = 0, frac = 0;
    bool dot = false;
    uint64_t v = 0;
    for (; i < n; i++) {
        if (s[i] == '.' && !dot) {
            dot = true;
        } else if (s[i] >= '0' && s[i] <= '9' && ++digits <= 15) {
            v = v * 10 + (uint64_t)(s[i] - '0');
            frac += dot;
        } else {
            return false;
        }
    }
    if (!digits)
        return false;
    double x = (double)v / pow10[frac];
    *out = s[0] == '-' ? -x : x;
    return true;
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
    if (exact_decimal(buf, n, out))
        return true;
    char *end;
    double x = ms_c_strtod(buf, &end);
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

unsigned ms_umask(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[128];
    unsigned mask = 022;
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "Umask:", 6)) {
            mask = (unsigned)strtoul(line + 6, NULL, 8) & 0777;
            break;
        }
    if (f)
        fclose(f);
    return mask;
}
