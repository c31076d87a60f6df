/* text.c — fields of text as forms write them: trimming and case-folding
 * comparison for ASCII and Cyrillic UTF-8. */
#include "text.h"

#include <string.h>

static bool is_space_at(const char *p, size_t n, size_t *w)
{
    if (n >= 1 && (p[0] == ' ' || p[0] == '\t')) {
        *w = 1;
        return true;
    }
    if (n >= 2 && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0) {
        *w = 2;
        return true;
    }
    return false;
}

ms_field ms_field_trim(ms_field f)
{
    size_t w;
    while (f.len && is_space_at(f.ptr, f.len, &w)) {
        f.ptr += w;
        f.len -= w;
    }
    while (f.len) {
        if (f.ptr[f.len - 1] == ' ' || f.ptr[f.len - 1] == '\t')
            f.len--;
        else if (f.len >= 2 && (unsigned char)f.ptr[f.len - 2] == 0xC2 &&
                 (unsigned char)f.ptr[f.len - 1] == 0xA0)
            f.len -= 2;
        else
            break;
    }
    return f;
}

/* Decode one UTF-8 code point (invalid bytes are taken as themselves). */
static unsigned next_cp(const unsigned char **p, const unsigned char *end)
{
    const unsigned char *s = *p;
    unsigned c = *s++;
    if (c >= 0xC0 && c < 0xE0 && s < end && (*s & 0xC0) == 0x80)
        c = ((c & 0x1F) << 6) | (*s++ & 0x3F);
    else if (c >= 0xE0 && c < 0xF0 && s + 1 < end && (s[0] & 0xC0) == 0x80 && (s[1] & 0xC0) == 0x80) {
        c = ((c & 0x0F) << 12) | ((s[0] & 0x3F) << 6) | (s[1] & 0x3F);
        s += 2;
    }
    *p = s;
    return c;
}

static unsigned fold_cp(unsigned c)
{
    if (c == 0x401 || c == 0x451)
        return 0x435; /* ё reads as е in forms typed by hand */
    if (c >= 'A' && c <= 'Z')
        return c + 32;
    if (c >= 0x410 && c <= 0x42F)
        return c + 0x20;
    if (c >= 0x400 && c <= 0x40F)
        return c + 0x50;
    return c;
}

bool ms_field_equal_ci(ms_field a, const char *b)
{
    const unsigned char *p = (const unsigned char *)a.ptr, *pe = p + a.len;
    const unsigned char *q = (const unsigned char *)b, *qe = q + strlen(b);
    while (p < pe && q < qe)
        if (fold_cp(next_cp(&p, pe)) != fold_cp(next_cp(&q, qe)))
            return false;
    return p == pe && q == qe;
}

size_t ms_prefix_ci(ms_field text, const char *prefix)
{
    const unsigned char *p = (const unsigned char *)text.ptr, *pe = p + text.len;
    const unsigned char *q = (const unsigned char *)prefix, *qe = q + strlen(prefix);
    while (q < qe) {
        if (p >= pe || fold_cp(next_cp(&p, pe)) != fold_cp(next_cp(&q, qe)))
            return 0;
    }
    return (size_t)(p - (const unsigned char *)text.ptr);
}

bool ms_fields_blank(const ms_field *f, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (ms_field_trim(f[i]).len)
            return false;
    return true;
}
