/*
 * plural.c — Russian and English plural forms after a count (plural.h).
 */
#include "plural.h"

#include <math.h>

const char *ms_plural_ru(double n, const char *one, const char *few, const char *many)
{
    double a = fabs(n);
    if (!isfinite(a))
        return many;
    if (a != floor(a))
        return few;
    unsigned long long k = (unsigned long long)fmod(a, 100.0);
    if (k % 10 == 1 && k != 11)
        return one;
    if (k % 10 >= 2 && k % 10 <= 4 && (k < 12 || k > 14))
        return few;
    return many;
}

const char *ms_plural(bool ru, double n, const char *ru_one, const char *ru_few,
                      const char *ru_many, const char *en_one, const char *en_many)
{
    return ru ? ms_plural_ru(n, ru_one, ru_few, ru_many) : fabs(n) == 1 ? en_one : en_many;
}
