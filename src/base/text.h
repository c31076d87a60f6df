/*
 * text.h (private) — a field of text (pointer and length) and what every
 * stage does with one: trim it, compare it case-insensitively.  Below the
 * CSV reader and every parser; depends on nothing of the project.
 */
#ifndef MENTORSTAT_TEXT_H
#define MENTORSTAT_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    const char *ptr;   /* not NUL-terminated inside; ptr[len] is '\0' */
    size_t len;
} ms_field;

/* Trim ASCII spaces, tabs and non-breaking spaces at both ends. */
ms_field ms_field_trim(ms_field f);
/* Case-insensitive equality for ASCII and Cyrillic UTF-8 (ё as е). */
bool ms_field_equal_ci(ms_field a, const char *b);
/* One answer written two ways: equal case-insensitively once every space is
 * left out («0 ₽» and «0₽», as a number format shows it; «Да,нет» and «Да, нет»). */
bool ms_field_same_answer(ms_field a, const char *b);
/* A hash equal for fields ms_field_equal_ci finds equal. */
uint64_t ms_field_hash_ci(ms_field a);
/* Bytes of `text` matched by `prefix` case-insensitively, 0 when it does not match. */
size_t ms_prefix_ci(ms_field text, const char *prefix);
/* Every field empty after trimming: a line of delimiters only (`;;;;`, as
 * Excel saves an empty row), read as a blank line, not as a respondent. */
bool ms_fields_blank(const ms_field *f, size_t n);

/* `s` into buf (size bytes, NUL included) whole when it fits; else cut at the
 * last space that leaves room for "…", or, in a single long word, at the last
 * whole UTF-8 character, with "…" after it: never inside a UTF-8 sequence, so
 * a page, a CSV or a chart's data holding the label stays valid UTF-8.
 * Trailing spaces and punctuation before the cut go.  Returns buf. */
char *ms_text_clip(char *buf, size_t size, const char *s);

#endif
