/* sbuf.c — the growing string buffer (see sbuf.h for its contract). */
#include "sbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void ms_sbuf_free(ms_sbuf *b)
{
    ms_free(b->s);
    memset(b, 0, sizeof *b);
}

static bool fail(ms_sbuf *b)
{
    ms_sbuf_free(b);
    b->failed = true;
    return false;
}

static bool reserve(ms_sbuf *b, size_t extra)
{
    if (b->failed)
        return false;
    if (extra >= MS_SBUF_MAX - b->len)
        return fail(b);
    if (b->len + extra + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *s = ms_realloc(b->s, cap);
    if (!s)
        return fail(b);
    b->s = s;
    b->cap = cap;
    return true;
}

void ms_sbuf_putn(ms_sbuf *b, const char *s, size_t n)
{
    if (!reserve(b, n))
        return;
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void ms_sbuf_puts(ms_sbuf *b, const char *s) { ms_sbuf_putn(b, s, strlen(s)); }

void ms_sbuf_printf(ms_sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        fail(b);
        return;
    }
    if (!reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

static void quoted_inner(ms_sbuf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            ms_sbuf_putn(b, "\"", 1); /* doubled */
        ms_sbuf_putn(b, s + i, 1);
    }
}

void ms_sbuf_csv_cell(ms_sbuf *b, const char *s, size_t n)
{
    ms_sbuf_putn(b, "\"", 1);
    if (n && strchr("=+-@\t\r", s[0]))
        ms_sbuf_putn(b, "'", 1);
    quoted_inner(b, s, n);
    ms_sbuf_putn(b, "\"", 1);
}

void ms_sbuf_quoted(ms_sbuf *b, const char *s, size_t n)
{
    ms_sbuf_putn(b, "\"", 1);
    quoted_inner(b, s, n);
    ms_sbuf_putn(b, "\"", 1);
}
