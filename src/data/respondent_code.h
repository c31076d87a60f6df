/*
 * respondent_code.h (private) — the key by which respondent codes (`id` and
 * `pair` variables) are matched, whatever way people typed them.
 *
 * Contract: two codes are one person exactly when their keys are equal.
 * The key folds case (ASCII and Cyrillic, Ё too), drops spaces (also
 * no-break), dashes (- ‐ ‑ ‒ – — ―), underscores and dots, and writes each
 * Cyrillic letter that has a Latin twin (А В С Е Н К М О Р Т Х У, а с е о
 * р х у) as that Latin letter: so `мс-07`, `МС 07`, `MC-07` and `mc_07` all
 * give `mc07`.  Mapping the Cyrillic letters onto their Latin twins (rather
 * than the other way) gives the same classes and never lengthens the text,
 * so the key is made in place in the loader's row buffer, with no
 * allocation.  Other bytes (digits, other letters, invalid UTF-8) are kept.
 */
#ifndef MENTORSTAT_RESPONDENT_CODE_H
#define MENTORSTAT_RESPONDENT_CODE_H

#include <stddef.h>

/* Rewrite s[0..len) as its key, NUL-terminated; returns the key's length
 * (0 when the code was only spaces and dashes).  s needs len + 1 bytes. */
size_t ms_code_key(char *s, size_t len);

#endif
