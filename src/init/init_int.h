/*
 * init_int.h (private) — what `mentorstat init` learns from an export
 * before deciding anything: per column the distinct answers with their counts
 * and what the cells look like; per file its rows and time stamps.
 *
 * The distinct answers are kept only up to MS_INIT_MAX_DISTINCT per column:
 * a column with more is free text, codes or names, whose values are never
 * written anywhere.
 */
#ifndef MENTORSTAT_INIT_INT_H
#define MENTORSTAT_INIT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include "mentorstat/init.h"
#include "sbuf.h"

enum { MS_INIT_MAX_DISTINCT = 400 };

/* The longest line the programme parser reads (inih's 200-byte buffer less
 * newline and NUL), and so the longest file name init can list: on its own
 * indented line. */
enum { MS_INIT_LINE_MAX = 198, MS_INIT_LIST_WORD_MAX = MS_INIT_LINE_MAX - 4 };

/* Bytes of a file name as a programme list holds it: bare, or "quoted" with
 * "" for a quote when it has a space, ';', '#' or '"' (init_write.c). */
size_t ms_init_list_word_len(const char *name);

typedef struct {
    char *s;
    size_t len;
    unsigned long long count;
} ms_init_value;

typedef struct {
    char *header;                 /* trimmed */
    char *label;                  /* the question's text from a Qualtrics export's second
                                   * header row («Q12» → its text), or NULL */
    ms_init_value *vals;          /* distinct trimmed non-empty cells, first seen first */
    size_t n_vals, cap;
    bool overflow;                /* more than MS_INIT_MAX_DISTINCT distinct cells */
    unsigned long long nonempty, ints, numbers, emails, phones, semicolons;
    unsigned long long dates;     /* cells the loader reads as a date (datetime.h) */
    unsigned long long stamps;    /* of those, the written ones (not a bare number) */
    unsigned long long dates_dmy, stamps_dmy; /* the same read day first (24/04/2025) */
    unsigned long long dmy_only;  /* slashed dates only day first reads (a first number > 12) */
    unsigned long long mdy_only;  /* slashed dates only month first reads (04/24/2025) */

    unsigned long long contacts;  /* cells holding an '@' or a run of 7+ digits */
    unsigned long long controls;  /* cells holding a control character (NUL…) */
    double min, max;              /* over the numeric cells */
    size_t maxlen;
    double sumlen;
} ms_init_colstat;

typedef struct {
    char *path;
    ms_init_colstat *cols;
    size_t n_cols;
    unsigned long long rows;
    unsigned long long header_rows; /* header rows inside the data, left out (header_rows.h);
                                       Qualtrics' question texts become the labels */
    unsigned long long note_rows;   /* notes among the answers (a link), left out as well */
    unsigned long long broken_rows; /* of rows, those the reader marks broken (formulas only…):
                                       the loader quarantines them */
    size_t odd_quote_line, odd_quote_col; /* the first row with stray quotes read tolerantly */
    size_t header_filled;         /* non-empty cells of the header row */
    unsigned long long wider;     /* rows with more non-empty cells than that */
    char sheet[128];              /* .xlsx: the sheet read, for messages */
    double stamp_sum;             /* days since 1970-01-01 */
    unsigned long long n_stamps;
} ms_init_export;

/* Read one export (the one place that reads a file: the .xlsx dispatch goes here). */
ms_status ms_init_read_export(const char *path, ms_init_export *out, ms_error *err);
/* The same from memory (fuzzing); `name` stands for the path. */
ms_status ms_init_read_export_mem(const char *data, size_t len, const char *name,
                                  ms_init_export *out, ms_error *err);
void ms_init_export_free(ms_init_export *x);
/* The drafts from exports already read (ms_init_draft_create reads, then this). */
ms_status ms_init_draft_from(const ms_init_export *x, size_t n, const ms_init_options *opt,
                             ms_init_draft **out, ms_error *err);
/* Add b's counts into a (same headers). */
ms_status ms_init_colstat_merge(ms_init_colstat *a, const ms_init_colstat *b);

/* Decide the type of one column; `has_year` says the export has a year column. */
void ms_init_decide(const ms_init_colstat *c, ms_init_column *out, bool has_year);
/* Mark a scale whose text is negatively worded («не хватало»): the user decides on reverse. */
void ms_init_flag_negative(ms_init_column *o);
/* Lower-case ASCII and Cyrillic (UTF-8, ё as е) into buf. */
void ms_init_fold(const char *s, char *buf, size_t size);
bool ms_init_has(const char *folded, const char *word);
/* A Latin name from Russian text: transliterated, [a-z0-9_], at most `max` bytes. */
void ms_init_translit(const char *s, char *buf, size_t size, size_t words);

#endif
