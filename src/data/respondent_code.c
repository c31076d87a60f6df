/* respondent_code.c — the matching key of a typed respondent code
 * (respondent_code.h). */
#include "respondent_code.h"

#include <stdbool.h>

/* Lowercase Cyrillic а..я (U+0430..U+044F) with a Latin twin: its letter. */
static char latin_twin(unsigned cp)
{
    switch (cp) {
    case 0x0430: return 'a';
    case 0x0432: return 'b';
    case 0x0441: return 'c';
    case 0x0435: return 'e';
    case 0x043D: return 'h';
    case 0x043A: return 'k';
    case 0x043C: return 'm';
    case 0x043E: return 'o';
    case 0x0440: return 'p';
    case 0x0442: return 't';
    case 0x0445: return 'x';
    case 0x0443: return 'y';
    default: return 0;
    }
}

static bool ignored(unsigned cp)
{
    return cp == ' ' || cp == '\t' || cp == '-' || cp == '_' || cp == '.' || cp == 0x00A0 ||
           (cp >= 0x2010 && cp <= 0x2015) || cp == 0x202F;
}

/* Cyrillic capitals (Ѐ..Я) to small letters. */
static unsigned fold_cyrillic(unsigned cp)
{
    if (cp >= 0x0410 && cp <= 0x042F)
        return cp + 0x20;
    if (cp >= 0x0400 && cp <= 0x040F)
        return cp + 0x50;
    return cp;
}

/* Decode the 2- or 3-byte sequence at s (n bytes left); 0 when it is not one. */
static unsigned decode(const unsigned char *s, size_t n, size_t *len)
{
    if (s[0] >= 0xC2 && s[0] <= 0xDF && n >= 2 && (s[1] & 0xC0) == 0x80) {
        *len = 2;
        return (unsigned)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
    }
    if (s[0] >= 0xE0 && s[0] <= 0xEF && n >= 3 && (s[1] & 0xC0) == 0x80 &&
        (s[2] & 0xC0) == 0x80) {
        unsigned cp = (unsigned)(s[0] & 0x0F) << 12 | (unsigned)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
        *len = 3;
        return cp >= 0x800 ? cp : 0; /* an overlong form is not a character */
    }
    return 0;
}

size_t ms_code_key(char *str, size_t len)
{
    unsigned char *s = (unsigned char *)str;
    size_t out = 0;
    for (size_t i = 0; i < len;) {
        size_t n = 1;
        unsigned cp = s[i] < 0x80 ? s[i] : decode(s + i, len - i, &n);
        if (cp == 0 && s[i] >= 0x80) { /* not UTF-8 we know: kept as it is */
            s[out++] = s[i++];
            continue;
        }
        i += n;
        if (ignored(cp))
            continue;
        if (cp < 0x80) {
            s[out++] = (unsigned char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
            continue;
        }
        cp = fold_cyrillic(cp);
        char twin = latin_twin(cp);
        if (twin) {
            s[out++] = (unsigned char)twin;
        } else if (cp < 0x800) { /* the folded letter is as long as the original */
            s[out++] = (unsigned char)(0xC0 | cp >> 6);
            s[out++] = (unsigned char)(0x80 | (cp & 0x3F));
        } else {
            s[out++] = (unsigned char)(0xE0 | cp >> 12);
            s[out++] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
            s[out++] = (unsigned char)(0x80 | (cp & 0x3F));
        }
    }
    s[out] = '\0';
    return out;
}
