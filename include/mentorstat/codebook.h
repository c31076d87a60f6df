/*
 * codebook.h — the description of one questionnaire: its variables, their
 * types, ranges, labels, missing codes and constructs (docs/codebook.md).
 *
 * Contract: ms_codebook_load() either returns a complete, validated codebook
 * or fails with the first problem as `codebook.csv:LINE:COL: message`.  A
 * loaded codebook is immutable; every later stage refers to variables by
 * their index in `vars`.  Constructs list their items in codebook order.
 */
#ifndef MENTORSTAT_CODEBOOK_H
#define MENTORSTAT_CODEBOOK_H

#include <stdbool.h>
#include <stddef.h>
#include "mentorstat/status.h"

typedef enum {
    MS_TYPE_ID, MS_TYPE_PAIR, MS_TYPE_GROUP, MS_TYPE_YEAR, MS_TYPE_WAVE,
    MS_TYPE_SCALE, MS_TYPE_YESNO, MS_TYPE_CHOICE, MS_TYPE_MULTI,
    MS_TYPE_NUMBER, MS_TYPE_TEXT, MS_TYPE_CONSENT, MS_TYPE_PERSONAL,
    MS_TYPE_IGNORE
} ms_vartype;

typedef struct {
    double value;
    char *label;
} ms_choice;

/* How a `year` variable is read (codebook column `derive`): as a year, or
 * from a date-time cell (datetime.h) as the school year (September to
 * August, named by the year in which it ends) or the calendar year, or
 * (file) given per data file by the programme's `years` and read from no
 * column (missing where no year is given).  school_year_dmy and
 * calendar_year_dmy read a slashed date day first (24/04/2025). */
typedef enum {
    MS_DERIVE_NONE,
    MS_DERIVE_SCHOOL_YEAR,
    MS_DERIVE_CALENDAR_YEAR,
    MS_DERIVE_FILE
} ms_derive;

typedef struct {
    char *name;
    char *source;     /* header in the data file */
    char *label;      /* display text */
    char *construct;  /* NULL when the item belongs to none */
    char *construct_label; /* the construct's display name as given here, or NULL */
    ms_vartype type;
    ms_derive derive; /* year variables only */
    bool day_first;   /* derive …_dmy: a slashed date is dd/mm/yyyy, not mm/dd/yyyy */
    bool has_range;
    double min, max;
    bool reverse;
    ms_choice *choices;
    size_t n_choices;
    char **missing;   /* answers that mean "missing" */
    size_t n_missing;
    size_t line;      /* where it is defined, for messages */
} ms_variable;

typedef struct {
    char *name;
    char *label;      /* display name (column construct_label); the name when none */
    size_t *items;    /* indices into ms_codebook.vars */
    size_t n_items;
    double min, max;  /* common range of the items (for the quality index) */
} ms_construct;

typedef struct {
    char *path;
    ms_variable *vars;
    size_t n_vars;
    ms_construct *constructs;
    size_t n_constructs;
} ms_codebook;

/* Read and validate a codebook file (UTF-8, `,` or `;`). */
ms_status ms_codebook_load(const char *path, ms_codebook **out, ms_error *err);
/* The same from memory; `name` is used in messages (fuzzing, tests). */
ms_status ms_codebook_parse(const char *text, size_t len, const char *name,
                            ms_codebook **out, ms_error *err);
void ms_codebook_destroy(ms_codebook *cb);

/* Index of the variable called `name` (case-insensitive), or -1. */
long ms_codebook_find(const ms_codebook *cb, const char *name);
/* Check that `name` can be a --by variable; MS_ERR_USAGE naming it if not. */
ms_status ms_codebook_check_by(const ms_codebook *cb, const char *name,
                               size_t *index, ms_error *err);

const char *ms_vartype_name(ms_vartype type);
/* group, year, wave, choice, yesno: the types a --by may name. */
bool ms_vartype_is_grouping(ms_vartype type);
/* scale and number: the types with means. */
bool ms_vartype_is_numeric(ms_vartype type);
/* Categories reported with counts: grouping types and multi. */
bool ms_vartype_is_categorical(ms_vartype type);
/* id, pair, personal: values never printed. */
bool ms_vartype_is_private(ms_vartype type);

#endif
