/*
 * summary.h — exact summaries (.msum): an aggregate written down so that an
 * organisation can hand over its figures without its answers.  The format,
 * record by record, is docs/msum.md.
 *
 * Contract: a summary holds exactly what the statistics read from an
 * aggregate — value counts of every scale/number item and construct score,
 * level counts of every categorical variable, co-moment sums of every
 * construct over complete cases, overall and per level of each --by
 * variable, and the paired differences already matched within the
 * organisation — plus the codebook's fingerprint (name, type, range,
 * reverse keying, construct and choices of every variable the statistics
 * use), the organisation, year and row accounting of each data file.  It
 * never holds a row, an id, a pair code, a personal or a text answer: ids
 * are matched before writing and dropped.  Reading a summary into an
 * aggregate and computing statistics gives the same figures, bit for bit,
 * as reading the summarised files themselves, because every count and sum
 * is written so that it reads back to the same double.  Summaries made with
 * min_group > 0 leave out groups with fewer rows than that (and the next
 * smallest, so that the total cannot give them away); they say so, and the
 * aggregate they are read into carries the tally in ms_by.withheld_*.
 * A file that is damaged, edited, of another version or of a codebook that
 * disagrees on a variable is refused with FILE:LINE:COL and the reason;
 * nothing is added to the aggregate then.  Nothing here prints or exits.
 */
#ifndef MENTORSTAT_SUMMARY_H
#define MENTORSTAT_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include "mentorstat/aggregate.h"
#include "mentorstat/codebook.h"
#include "mentorstat/load.h"
#include "mentorstat/status.h"

#define MS_SUMMARY_VERSION 1
#define MS_SUMMARY_MAGIC "mentorstat-summary"

/* One data file behind a summary: who sent it and what became of its rows. */
typedef struct {
    char *organisation;  /* "" when not given */
    char *year;          /* "" when not given */
    char *file;          /* base name of the data file (no directories) */
    ms_tally rows;
    size_t line;         /* its line in the summary it was read from (0: not read) */
} ms_summary_source;

/* What a summary says about itself, without its figures. */
typedef struct {
    ms_summary_source *sources;
    size_t n_sources;
    unsigned long min_group;   /* 0: nothing withheld for size */
    char **by;                 /* names of its --by variables */
    size_t n_by;
    double withheld_groups, withheld_rows; /* over all --by variables */
    char *written_by;          /* "mentorstat 0.1.0"; NULL in summaries written before
                                  the written_by row was added */
} ms_summary_info;

/* What summarize or merge writes besides the aggregate. */
typedef struct {
    const ms_summary_source *sources;
    size_t n_sources;
    unsigned long min_group;   /* withhold groups with fewer rows; 0: none */
} ms_summary_meta;

/* True when the file starts with the summary's version line (any version),
 * so callers tell summaries from data files by content, not by name. */
bool ms_summary_sniff(const char *path);

/* Write agg (read from data files or from summaries) to path, through a
 * temporary file renamed into place: a failed write leaves no file. */
ms_status ms_summary_write(const ms_aggregate *agg, const ms_summary_meta *meta,
                           const char *path, ms_error *err);

/* Add the summary at path to agg (whose codebook must agree with the
 * summary's fingerprint on every variable it analyses and whose --by
 * variables the summary must have).  agg->rows grows by its rows. */
ms_status ms_summary_read(ms_aggregate *agg, const char *path, ms_error *err);

/* No data file is a source of two of the summaries among paths[0..n)
 * (other paths are skipped): its rows would be counted twice, as `merge`
 * refuses too.  MS_ERR_PARSE at the later listing's file:line, naming the
 * other summary and its line. */
ms_status ms_summary_check_sources(const char *const *paths, size_t n_paths, ms_error *err);

/* The codebook the summary was made with, as far as the fingerprint keeps
 * it (no source columns or missing codes: they were used already). */
ms_status ms_summary_codebook(const char *path, ms_codebook **out, ms_error *err);

ms_status ms_summary_info_load(const char *path, ms_summary_info **out, ms_error *err);
void ms_summary_info_destroy(ms_summary_info *info);

/* merge: the summaries at paths, in any order, into one at out.  Their
 * variables must agree by name (type, range, reverse, construct, choices);
 * the result keeps the --by variables they all have.  min_group > 0
 * withholds merged groups below it as summarize does. */
ms_status ms_summary_merge(const char *const *paths, size_t n_paths, unsigned long min_group,
                           const char *out, ms_error *err);

#endif
