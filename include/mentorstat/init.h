/*
 * init.h — drafts of a codebook per questionnaire and of the programme file,
 * inferred from raw form exports (`mentorstat init`).
 *
 * Contract: ms_init_draft_create() reads every export whole (through the one
 * CSV reader), groups exports whose trimmed headers are the same into one
 * questionnaire, orders each group's files into years or into entry and exit
 * waves, guesses the role of each questionnaire and the type of each column,
 * and keeps for every decision a one-line reason in Russian.  It prints
 * nothing and writes nothing.  A draft never holds a value of a column it
 * decided is personal, an id, a pair code, free text or a time stamp: only
 * answers of choice-like columns reach `choices`.  What could not be guessed
 * gets a safe default and `check` set (the drafts then carry `; ПРОВЕРЬТЕ:`).
 * ms_init_draft_write() writes DIR/programme.ini and one NAME.codebook.csv
 * per questionnaire: all of them, or none (temporaries renamed at the end);
 * an existing file is never replaced unless `force`.
 */
#ifndef MENTORSTAT_INIT_H
#define MENTORSTAT_INIT_H

#include <stdbool.h>
#include <stddef.h>
#include "mentorstat/codebook.h"
#include "mentorstat/status.h"

typedef struct {
    char *source;          /* the trimmed header */
    char *name;            /* the drafted variable name */
    ms_vartype type;
    char *label;
    bool has_range;
    double min, max;
    bool range_guessed;    /* the range is the usual scale nearest the answers */
    double seen_min, seen_max; /* the answers' own range, numeric scales */
    char *construct;       /* NULL, or the grid's construct */
    char *choices;         /* "1=a|2=b", or NULL */
    char *missing;         /* "99|Затрудняюсь ответить", or NULL */
    const char *derive;    /* "school_year" for a year read from a time stamp */
    bool negative;         /* negatively worded: the user decides on reverse */
    bool check;            /* the guess needs a person's look */
    char reason[512];      /* why, in one line */
} ms_init_column;

typedef struct {
    char *path;            /* as given */
    char *relative;        /* relative to the output directory */
    int wave;              /* 0 none, 1 entry, 2 exit */
    double when;           /* median time stamp (days since 1970) or year; 0 unknown */
    int year;              /* the year in the file's name (…-2023-….csv), 0 none */
    unsigned long long rows;        /* rows of answers: without those below */
    unsigned long long header_rows; /* header rows inside the data, left out as the loader does */
    unsigned long long note_rows;   /* notes among the answers (one cell, no time stamp), left out */
    unsigned long long broken_rows; /* rows the loader quarantines (formulas only, bad characters) */
    size_t odd_quote_line, odd_quote_col; /* stray quotes read tolerantly first here; 0 none */
} ms_init_file;

typedef struct {
    char *name;            /* [questionnaire NAME], also the codebook's stem */
    const char *role;
    bool role_check;
    char role_reason[256];
    ms_init_file *files;   /* data order: earlier first, the latest last */
    size_t n_files;
    bool waves_from_files; /* entry = / exit = instead of data = */
    bool years_from_names; /* no time stamp or year column: each file's year from
                              its name (programme `years =`, codebook year
                              variable derive = file) */
    ms_init_column *cols;
    size_t n_cols;
    char *by;              /* the first group variable, or NULL */
    char **constructs, **construct_labels;
    size_t n_constructs;
} ms_init_questionnaire;

typedef struct {
    ms_init_questionnaire *q;
    size_t n_q;
} ms_init_draft;

typedef struct {
    const char *outdir;    /* where the drafts go (paths are made relative to it) */
} ms_init_options;

/* Read the exports and infer the drafts. */
ms_status ms_init_draft_create(const char *const *paths, size_t n_paths,
                               const ms_init_options *opt, ms_init_draft **out,
                               ms_error *err);
void ms_init_draft_destroy(ms_init_draft *d);

/* The text of one questionnaire's codebook and of the programme file
 * (caller frees with ms_free). */
ms_status ms_init_codebook_text(const ms_init_questionnaire *q, char **text, size_t *len);
ms_status ms_init_programme_text(const ms_init_draft *d, char **text, size_t *len);

/* Write the drafts into opt->outdir; MS_ERR_USAGE naming the first file that
 * exists when !force. */
ms_status ms_init_draft_write(const ms_init_draft *d, const ms_init_options *opt,
                              bool force, ms_error *err);

#endif
