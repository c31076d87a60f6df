/*
 * scrub.h — free-text answers made fit to quote: e-mail addresses, phone
 * numbers and personal names are replaced by a marker.
 *
 * Contract: the rule is mechanical and errs towards removing too much; it
 * cannot recognise every name (README.md, "The methodological collection",
 * states what it misses).  Replaced:
 *   - e-mail: local@domain.tld;
 *   - phone: a run of digits, spaces, ( ) - and a leading + with 10 to 15
 *     digits (+7 (912) 345-67-89, 8-912-345-67-89, 89123456789), or a local
 *     number shaped ddd-dd-dd;
 *   - names: every value of the row's `personal` variables, and each of its
 *     capitalised words (with its declined forms: the same word up to the
 *     last letter); a capitalised Cyrillic word with a patronymic ending
 *     (-вич, -вна, -ична, -ьич and their cases) with up to two capitalised
 *     words before it and one after; up to three capitalised Cyrillic words
 *     after a cue word (наставник…, наставниц…, учител…, педагог…, коллег…,
 *     спасибо, благодар…, зовут); a capitalised word with initials (Иванова
 *     О. С., О. С. Иванова).
 * Adjacent replaced words become one marker.
 */
#ifndef MENTORSTAT_SCRUB_H
#define MENTORSTAT_SCRUB_H

#include <stdbool.h>
#include <stddef.h>
#include "mentorstat/status.h"

typedef struct {
    size_t emails, phones, names;   /* markers written */
} ms_scrub_counts;

/* *out (freed with ms_free) gets text with every match replaced by
 * [e-mail скрыт], [телефон скрыт], [имя скрыто] (ru) or [e-mail removed],
 * [phone removed], [name removed]; personal[0..n_personal) are the values
 * of the row's personal variables (NULL or empty entries are skipped).
 * counts may be NULL. */
ms_status ms_scrub_text(const char *text, const char *const *personal, size_t n_personal,
                        bool ru, char **out, ms_scrub_counts *counts, ms_error *err);

#endif
