/*
 * datetime.h (private) — the date-times that form exports and spreadsheets
 * write, read into a calendar date and a time of day, so that a `year`
 * variable can be derived from a timestamp column (codebook `derive`).
 *
 * Contract: ms_datetime_parse() accepts exactly these shapes (surrounding
 * spaces ignored) and refuses everything else, including impossible dates
 * (31.02.2025) and times (25:00):
 *   dd.mm.yyyy[ h:mm[:ss]]                     Russian Excel, Google Sheet
 *   mm/dd/yyyy[ h:mm[:ss][ AM|PM][ GMT±N]]     Google Forms download (US
 *                                              locale): the MONTH comes first;
 *                                              dd/mm/yyyy with day_first (the
 *                                              UK and most other locales:
 *                                              24/04/2025 08:50:04)
 *   yyyy/mm/dd[ h:mm[:ss][ AM|PM][ GMT±N]]     Google Forms, other locales
 *                                              (Russian: ДП|ПП for AM|PM,
 *                                              2017/06/21 6:05:54 ПП GMT+3)
 *   yyyy-mm-dd[( |T)hh:mm[:ss[.fff]]][Z|±hh[:mm]]   ISO 8601 (Yandex, .xlsx)
 *   a bare number 1..2958465 (fraction allowed)     an Excel serial, 1900 system
 * Day and month take one or two digits, the year four.  AM/PM (any case),
 * ДП/ПП (capitals), needs an hour 1..12; 12 AM is 0 h, 12 PM is 12 h.  A zone (GMT+5,
 * GMT-03:00, Z, +03:00) is read and ignored: the date is the one written.
 * Excel serials keep Excel's 1900-02-29 (serial 60), which Excel shows
 * although the day never was: 59 is 1900-02-28, 61 is 1900-03-01.
 * This is the one date grammar of the program: the loader derives years with
 * it and `init` counts with it which cells are dates (a derivation is only
 * drafted for a column it reads whole), so the two cannot disagree.
 * Nothing allocates; the functions are pure.
 */
#ifndef MENTORSTAT_DATETIME_H
#define MENTORSTAT_DATETIME_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    int year, month, day;     /* month 1..12, day 1..31 */
    int hour, minute, second; /* 0 when the cell has no time */
} ms_datetime;

/* Read s[0..len); false when it is not one of the shapes above. */
bool ms_datetime_parse(const char *s, size_t len, ms_datetime *out);
/* The same with the order of a slashed date given: a column's cells are all
 * read in one order (a codebook's `derive = school_year_dmy`), never each
 * cell by its own numbers, so 10/04/2025 is not October beside 24/04/2025. */
bool ms_datetime_parse_order(const char *s, size_t len, bool day_first, ms_datetime *out);

/* The school year (September to August) named by the calendar year in which
 * it ends: 20.09.2024 -> 2025, 12.05.2025 -> 2025, 31.08.2025 -> 2025,
 * 01.09.2025 -> 2026. */
int ms_school_year(const ms_datetime *d);

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
long ms_days_from_civil(long y, long m, long d);
void ms_civil_from_days(long days, long *y, long *m, long *d);

/* The year in a file's name: the first four digits 1990–2100 with no digit
 * on either side, in the part after the last '/' (intro-logic-2023-23.csv:
 * 2023); 0 when there is none. */
int ms_year_in_name(const char *path);

#endif
