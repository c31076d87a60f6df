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

/* Beyond ASCII (whose dropped bytes are in ascii_key): no-break spaces and dashes. */
static bool ignored(unsigned cp)
{
    return cp == 0x00A0 || (cp >= 0x2010 && cp <= 0x2015) || cp == 0x202F;
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

/* ASCII's key byte: itself, its small letter, or DROP for one that is left
 * out (space, tab, - _ .).  Codes are nearly all ASCII, so most bytes take
 * one look-up here instead of the general path below. */
enum { DROP = 0x80 };
static const unsigned char ascii_key[128] = {
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x80, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F,
    0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F,
    0x80, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x80, 0x80, 0x2F,
    0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D, 0x3E, 0x3F,
    0x40, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F,
    0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7A, 0x5B, 0x5C, 0x5D, 0x5E, 0x80,
    0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F,
    0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7A, 0x7B, 0x7C, 0x7D, 0x7E, 0x7F,
};

size_t ms_code_key(char *str, size_t len)
{
    unsigned char *s = (unsigned char *)str;
    size_t out = 0;
    for (size_t i = 0; i < len;) {
        if (s[i] < 0x80) {
            unsigned char k = ascii_key[s[i++]];
            if (k != DROP)
                s[out++] = k;
            continue;
        }
        size_t n = 1;
        unsigned cp = decode(s + i, len - i, &n); /* 0x80 or more, or 0 */
        if (cp == 0) { /* not UTF-8 we know: kept as it is */
            s[out++] = s[i++];
            continue;
        }
        i += n;
        if (ignored(cp))
            continue;
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
