/*
 * plural.h — the form of a noun after a count, in Russian and English.
 *
 * Contract: Russian has three forms, chosen by the last two digits of the
 * whole count: `one` for 1, 21, 31, … (but not 11), `few` for 2–4, 22–24, …
 * (but not 12–14), `many` for the rest (0, 5–20, 25–30, …); a count with a
 * fraction takes `few` (2,5 организации).  English: `one` for exactly 1,
 * else `many`.  Returns one of the given strings; allocates nothing.
 */
#ifndef MENTORSTAT_PLURAL_H
#define MENTORSTAT_PLURAL_H

#include <stdbool.h>

const char *ms_plural_ru(double n, const char *one, const char *few, const char *many);
/* ru ? ms_plural_ru(n, ru_one, ru_few, ru_many) : the English form. */
const char *ms_plural(bool ru, double n, const char *ru_one, const char *ru_few,
                      const char *ru_many, const char *en_one, const char *en_many);

#endif
