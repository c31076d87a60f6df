/* cnum.c — strtod and printf in the "C" locale, for the calling thread only
 * (cnum.h). */
#include "cnum.h"

#include <locale.h>
#include <stdlib.h>

/* The C locale made current for this thread; *old is what to put back.
 * newlocale() of "C" allocates nothing in glibc; should it ever fail, the
 * thread's locale is left as it is (then numbers follow it, as before). */
static locale_t enter(locale_t *old)
{
    locale_t c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    *old = c ? uselocale(c) : (locale_t)0;
    return c;
}

static void leave(locale_t c, locale_t old)
{
    if (c) {
        uselocale(old);
        freelocale(c);
    }
}

double ms_c_strtod(const char *s, char **end)
{
    locale_t old, c = enter(&old);
    double x = strtod(s, end);
    leave(c, old);
    return x;
}

int ms_c_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    locale_t old, c = enter(&old);
    int n = vsnprintf(buf, size, fmt, ap);
    leave(c, old);
    return n;
}

int ms_c_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = ms_c_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

int ms_c_fprintf(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    locale_t old, c = enter(&old);
    int n = vfprintf(f, fmt, ap);
    leave(c, old);
    va_end(ap);
    return n;
}
