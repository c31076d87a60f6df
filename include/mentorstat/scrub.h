/*
 * scrub.h — free-text answers made fit to quote: e-mail addresses, phone
 * numbers, social-network handles and profile links, personal names and
 * the respondent's own codes are replaced by a marker.
 *
 * Contract: the rule is mechanical and errs towards removing too much; it
 * cannot recognise every name (README.md, "The methodological collection",
 * states what it misses).  Replaced:
 *   - e-mail: local@domain.tld, Latin or Cyrillic (иванова@школа.рф);
 *   - phone: a run of digits, spaces, dots, ( ) - – and a leading + with 10
 *     to 15 digits (+7 (912) 345-67-89, 8.912.345.67.89, 8–912–345–67–89,
 *     89123456789), or a local number shaped ddd-dd-dd (or with dots or en
 *     dashes);
 *   - links: @handle (three or more letters, digits, _ or ., not after a
 *     word), and profile addresses of social networks (vk.com/…, t.me/…,
 *     ok.ru/…, instagram.com/… and the like, with http(s):// and www.);
 *   - names: every value of the row's `personal` variables and its id and
 *     pair codes (Latin letters in either case), and each word of those
 *     values (with its declined forms: the same word up to the last letter)
 *     typed capitalised, in capitals or in lower case; a Cyrillic word with
 *     a patronymic ending (-вич, -вна, -ична, -ьич and their cases),
 *     capitalised or in capitals, with up to two words typed alike before
 *     it and one after; a common Russian first name beside a surname-like
 *     word (-ов, -ева, -ин, -ский, -енко, …) or a patronymic typed alike,
 *     in either order and any case («Мария Иванова», «иванова мария
 *     петровна», «ИВАНОВ ИВАН»); up to three capitalised (or capital)
 *     Cyrillic words after a cue word (наставник…, наставниц…, учител…,
 *     педагог…, коллег…, спасибо, благодар…, зовут); a capitalised word with
 *     initials (Иванова О. С., О. С. Иванова).
 * Adjacent replaced words become one marker.
 */
#ifndef MENTORSTAT_SCRUB_H
#define MENTORSTAT_SCRUB_H

#include <stdbool.h>
#include <stddef.h>
#include "mentorstat/status.h"

typedef struct {
    size_t emails, phones, names, links;   /* markers written */
} ms_scrub_counts;

/* *out (freed with ms_free) gets text with every match replaced by
 * [e-mail скрыт], [телефон скрыт], [имя скрыто], [ссылка скрыта] (ru) or
 * [e-mail removed], [phone removed], [name removed], [link removed]; personal[0..n_personal) are the values
 * of the row's personal variables (NULL or empty entries are skipped).
 * counts may be NULL. */
ms_status ms_scrub_text(const char *text, const char *const *personal, size_t n_personal,
                        bool ru, char **out, ms_scrub_counts *counts, ms_error *err);

#endif
