/*
 * load.h — reading response files through a codebook, row by row.
 *
 * Contract: the loader streams each data file (ReadStat style: nothing is
 * kept but the current row) and decides for every row read exactly one of:
 * accepted (handed to on_record with every value decoded, reverse-keyed and
 * range-checked), quarantined (handed to on_quarantine with the reason and
 * file:line:col) or excluded (no consent).  So read = accepted + quarantined
 * + excluded holds per file and in total (with record_rejects, a row the
 * caller's own check refuses counts as quarantined, not accepted).  A
 * problem with the file itself (it cannot be opened, is UTF-16, lacks a
 * codebook variable) fails the call with MS_ERR_* and file:line:col; rows
 * already handed on stay counted.  Files
 * are CSV or .xlsx workbooks, told apart by their first bytes (a sheet's
 * places read file:sheet!C14, the error's `sheet` set).
 *
 * Categorical answers become level indices into ms_levels, which the loader
 * owns: the codebook's `choices` in order when given, else levels in the
 * order first seen (numbers are later sorted by the results stage).
 */
#ifndef MENTORSTAT_LOAD_H
#define MENTORSTAT_LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "mentorstat/codebook.h"
#include "mentorstat/status.h"

typedef struct {
    char **labels;
    size_t *lengths;   /* strlen of each label: rows are matched to labels by length first */
    double *numbers;   /* numeric reading of each label, NAN when not a number */
    size_t n, cap;
    bool fixed;        /* given by choices: no new levels */
} ms_levels;

typedef struct {
    bool missing;
    double value;           /* scale/number: the answer after reverse keying;
                               yesno/consent: 1 or 0; grouping: level index */
    const char *text;       /* text: trimmed cell; id/pair: its key (respondent_code.h),
                               which every stage that links rows compares; NUL-terminated */
    size_t text_len;
    const char *typed;      /* id/pair: the trimmed cell as typed (typed_len bytes, not
                               NUL-terminated; valid during the callback), for the internal
                               documents that name people (match); else NULL */
    size_t typed_len;
    const size_t *levels;   /* multi: the chosen level indices */
    size_t n_levels;
} ms_value;

typedef struct {
    const ms_value *values; /* one per codebook variable */
    const ms_levels *levels;/* one per codebook variable: labels of level indices */
    const char *file;
    size_t file_index;
    size_t line;
    const long *columns;    /* per codebook variable: its 0-based column, -1 absent */
    const void *row;        /* the row as read, for ms_record_row_hash() */
} ms_record;

/* FNV-1a of every cell of the record's row as read (trimmed), personal ones
 * too: equal for identical rows.  Computed when asked, during the callback:
 * only a duplicate count needs it, and hashing every row cost 8 % of a run. */
uint64_t ms_record_row_hash(const ms_record *rec);

typedef struct {
    const char *file;
    size_t line;
    const char *const *fields;  /* the row's original cells */
    const size_t *lengths;
    size_t n_fields;
    const ms_error *reason;     /* file:line:col and message */
    const long *columns;        /* per codebook variable: its 0-based column, -1 absent;
                                   NULL when the row's cells do not line up with the
                                   header (broken quoting, a wrong number of fields) */
} ms_quarantined;

typedef ms_status (*ms_record_fn)(const ms_record *rec, void *ctx, ms_error *err);
typedef void (*ms_quarantine_fn)(const ms_quarantined *q, void *ctx);
typedef void (*ms_progress_fn)(unsigned long long done, unsigned long long total, void *ctx);

typedef struct {
    const char *encoding;     /* NULL: detect */
    char delimiter;           /* 0: detect */
    ms_record_fn on_record;
    void *record_ctx;                 /* for on_record */
    ms_quarantine_fn on_quarantine;   /* may be NULL */
    ms_progress_fn on_progress;       /* may be NULL */
    void *ctx;                        /* for on_quarantine and on_progress */
    bool keep_personal;       /* hand `personal` cells on as text, for a caller that
                                 scrubs them out of open answers (never to print) */
    unsigned threads;         /* 1: read on the caller's thread only; 2: read and
                                 parse on a second thread; 0: two for files of 1 MB
                                 or more on a machine with two processors.  Rows and
                                 callbacks are the same either way; with two, a
                                 custom allocator (ms_set_allocator) must be
                                 thread-safe. */
    const char *sheet;        /* .xlsx files: the sheet to read; NULL: the first */
    bool record_rejects;      /* on_record returning MS_ERR_DATA quarantines the row
                                 (its error the reason) instead of failing the call:
                                 a caller's own check of a row (match's capacity) */
    bool skip_codes;          /* id and pair cells are not decoded (their values stay
                                 missing): for a caller that reads no code, which
                                 spares keying two cells of every row */
} ms_load_options;

typedef struct {
    unsigned long long read, accepted, quarantined, excluded;
} ms_tally;

/* Add the rows of `from` to `to`. */
static inline void ms_tally_add(ms_tally *to, const ms_tally *from)
{
    to->read += from->read;
    to->accepted += from->accepted;
    to->quarantined += from->quarantined;
    to->excluded += from->excluded;
}

/* Rows under the header that are headers, not answers (left out, counted as
 * excluded): the header again (a pasted copy of the sheet), Qualtrics'
 * question texts and its ImportId row ({"ImportId":"QID73"}), and a note
 * among the answers (a link below them: one cell, no time stamp). */
typedef enum {
    MS_HEADER_NONE,
    MS_HEADER_REPEAT,      /* the header again: a pasted copy of the sheet */
    MS_HEADER_QUESTIONS,   /* Qualtrics: the question texts under the short names */
    MS_HEADER_IMPORT_ID,   /* Qualtrics: {"ImportId":"QID73"} in every cell */
    MS_HEADER_NOTE,        /* no time stamp where a form stamps every answer, and one cell
                              or a formula: a note, link or calculation */
    MS_HEADER_KINDS
} ms_header_kind;
/* The reason in a sentence, for check and the appendix ("ru" or English). */
const char *ms_header_kind_words(ms_header_kind kind, bool ru);

typedef struct {
    char *path;
    ms_tally tally;
    char encoding[32];
    char delimiter;           /* 0 for an .xlsx workbook */
    char sheet[128];          /* .xlsx: the sheet read; "" for CSV */
    char **unused_columns;    /* data headers no codebook variable reads */
    size_t n_unused, unused_cap;
    /* header rows inside the data (header_rows.h), left out and counted in
     * tally.excluded: per kind (1 the header repeated, 2 Qualtrics question
     * texts, 3 Qualtrics ImportId row, 4 a note) how many and the first line */
    unsigned long long header_rows[MS_HEADER_KINDS];
    size_t header_line[MS_HEADER_KINDS];
    /* rows with stray quotes read as a tolerant CSV reader reads them
     * (csvread.h), the header among them: how many, the first's line and column */
    unsigned long long odd_quote_rows;
    size_t odd_quote_line, odd_quote_col;
} ms_file_report;

typedef struct ms_loader ms_loader;

ms_status ms_loader_create(const ms_codebook *cb, const ms_load_options *opt,
                           ms_loader **out, ms_error *err);
void ms_loader_destroy(ms_loader *ld);
/* Read one data file; may be called for several files in turn. */
ms_status ms_loader_read_file(ms_loader *ld, const char *path, ms_error *err);
ms_status ms_loader_read_mem(ms_loader *ld, const char *data, size_t len,
                             const char *name, ms_error *err);

/* For the files read from now on, every row's value of categorical variable
 * `var` is level `level` (an index into its levels, e.g. of a wave's
 * `choices`), whatever the file's own column holds; the column need not
 * exist.  var -1 ends this.  Entry and exit exported as two files. */
ms_status ms_loader_give_level(ms_loader *ld, long var, long level, ms_error *err);

/* For the files read from now on, every row's value of the year variable
 * `var` is `year` (the programme's `years`), whatever the file's own column
 * holds; the column need not exist.  var -1 ends this. */
ms_status ms_loader_give_year(ms_loader *ld, long var, int year, ms_error *err);

const ms_levels *ms_loader_levels(const ms_loader *ld, size_t var);
ms_tally ms_loader_total(const ms_loader *ld);
size_t ms_loader_n_files(const ms_loader *ld);
const ms_file_report *ms_loader_file(const ms_loader *ld, size_t i);

/* Find or add a level; returns its index or -1 (out of memory / fixed). */
long ms_levels_intern(ms_levels *lv, const char *label, size_t len);
/* Make empty levels those of a yesno variable v: no = 0, yes = 1, fixed;
 * labelled with v's choices (a known word in lower case: «да», "yes"), else
 * «нет»/«да» (v NULL or without choices). */
ms_status ms_levels_init_yesno(ms_levels *lv, const ms_variable *v);
void ms_levels_clear(ms_levels *lv);

#endif
