/*
 * input.h — the whole load stage: data files, CSV exports or .msum
 * summaries in any mix, read into one aggregate.  Above both the loader
 * (mentorstat/load.h) and the summary reader (mentorstat/summary.h), which
 * know nothing of each other; a file is a summary when ms_summary_sniff
 * finds the format line (docs/msum.md), not by its name.
 *
 * Contract: rows are counted as the loader counts them (read = accepted +
 * quarantined + excluded) and a summary adds its files' counts; a failure
 * stops at the file that failed, with its error, and the aggregate must
 * then not be used.  Nothing here prints or exits.
 */
#ifndef MENTORSTAT_INPUT_H
#define MENTORSTAT_INPUT_H

#include "mentorstat/aggregate.h"
#include "mentorstat/load.h"
#include "mentorstat/status.h"

typedef struct {
    const char *encoding;            /* NULL: detect */
    char delimiter;                  /* 0: detect */
    ms_quarantine_fn on_quarantine;  /* may be NULL */
    ms_progress_fn on_progress;      /* may be NULL */
    void *ctx;
    unsigned threads;                /* as in ms_load_options */
    const int *wave_of_file;         /* per path: the wave level (index into the wave
                                        variable's choices) every row of the file takes,
                                        -1 for the file's own column; NULL: all -1 */
    const char *sheet;               /* .xlsx: the sheet; NULL: the first visible one */
    const size_t *scopes;            /* per path: its respondents' scope (the
                                        organisation), or NULL: all in scope 0 */
    ms_tally *tallies;               /* per path: set to its rows (data file or
                                        summary), or NULL */
    const int *year_of_file;         /* per path: the year every row of the file takes
                                        (the codebook's year variable), 0 for none;
                                        NULL: all 0 */
} ms_read_options;

/* Stream every file through a loader into agg; agg->rows gets the tally.
 * Files that are summaries (ms_summary_sniff) are read with
 * ms_summary_read instead, in their turn, their rows added to the tally.
 * The loader is returned (for per-file reports of the data files) and must
 * be destroyed. */
ms_status ms_aggregate_files(ms_aggregate *agg, const char *const *paths, size_t n_paths,
                             const ms_read_options *opt, ms_loader **loader_out,
                             ms_error *err);

#endif
