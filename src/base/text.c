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

uint64_t ms_field_hash_ci(ms_field a)
{
    const unsigned char *p = (const unsigned char *)a.ptr, *pe = p + a.len;
    uint64_t h = 14695981039346656037u;
    while (p < pe) {
        unsigned c = fold_cp(next_cp(&p, pe));
        h = (h ^ c) * 1099511628211u;
    }
    return h;
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

/* Spaces a label may hold or not without being another answer: ASCII
 * space and tab, no-break space, thin and narrow no-break spaces. */
static bool space_cp(unsigned c)
{
    return c == ' ' || c == '\t' || c == 0xA0 || c == 0x2009 || c == 0x202F;
}

/* The next code point that is no space, folded; 0 at the end. */
static unsigned next_solid(const unsigned char **p, const unsigned char *end)
{
    while (*p < end) {
        unsigned c = next_cp(p, end);
        if (!space_cp(c))
            return fold_cp(c) ? fold_cp(c) : 0x110000; /* a NUL byte is no end */
    }
    return 0;
}

bool ms_field_same_answer(ms_field a, const char *b)
{
    const unsigned char *p = (const unsigned char *)a.ptr, *pe = p + a.len;
    const unsigned char *q = (const unsigned char *)b, *qe = q + strlen(b);
    for (;;) {
        unsigned x = next_solid(&p, pe), y = next_solid(&q, qe);
        if (x != y)
            return false;
        if (!x)
            return true;
    }
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

char *ms_text_clip(char *buf, size_t size, const char *s)
{
    static const char ell[] = "…"; /* 3 bytes */
    size_t n = strlen(s);
    if (!size)
        return buf;
    if (n < size) {
        memcpy(buf, s, n + 1);
        return buf;
    }
    if (size < sizeof ell) { /* no room for a character and the ellipsis */
        buf[0] = '\0';
        return buf;
    }
    size_t room = size - sizeof ell; /* bytes of s that fit before "…" and the NUL */
    size_t cut = room;
    while (cut && ((unsigned char)s[cut] & 0xC0) == 0x80) /* back to a character's start */
        cut--;
    size_t word = cut;
    while (word && s[word] != ' ')
        word--;
    if (word >= room / 2) /* a word boundary not too far back: cut there */
        cut = word;
    while (cut && strchr(" \t,;:.-(\"", s[cut - 1]))
        cut--;
    memcpy(buf, s, cut);
    memcpy(buf + cut, ell, sizeof ell);
    return buf;
}
