/* input.c — the inputs of check, analyze, summarize and report, each a CSV
 * export or a .msum summary, read into one aggregate. */
#include "mentorstat/input.h"
#include "aggregate_int.h"

#include "mentorstat/summary.h"

static ms_status add_record(const ms_record *rec, void *ctx, ms_error *err)
{
    return ms_aggregate_add(ctx, rec, err);
}

/* Rows read so far: the summaries' (added to agg->rows) and the loader's. */
static ms_tally rows_so_far(const ms_aggregate *agg, const ms_loader *ld)
{
    ms_tally t = ms_loader_total(ld), a = agg->rows;
    ms_tally_add(&t, &a);
    return t;
}

static long year_variable(const ms_codebook *cb)
{
    for (size_t v = 0; v < cb->n_vars; v++)
        if (cb->vars[v].type == MS_TYPE_YEAR)
            return (long)v;
    return -1;
}

static ms_tally tally_minus(ms_tally a, ms_tally b)
{
    return (ms_tally){a.read - b.read, a.accepted - b.accepted, a.quarantined - b.quarantined,
                      a.excluded - b.excluded};
}

ms_status ms_aggregate_files(ms_aggregate *agg, const char *const *paths, size_t n_paths,
                             const ms_read_options *opt, ms_loader **loader_out, ms_error *err)
{
    ms_read_options none = {0};
    opt = opt ? opt : &none;
    ms_load_options lo = {
        .encoding = opt->encoding,
        .delimiter = opt->delimiter,
        .on_record = add_record,
        .record_ctx = agg,
        .on_quarantine = opt->on_quarantine,
        .on_progress = opt->on_progress,
        .ctx = opt->ctx,
        .threads = opt->threads,
        .sheet = opt->sheet,
        .skip_codes = !ms_aggregate_reads_codes(agg),
    };
    ms_loader *ld = NULL;
    bool any_summary = false;
    for (size_t i = 0; i < n_paths; i++)
        any_summary = any_summary || ms_summary_sniff(paths[i]);
    /* a summary's total is not the merge of its first --by's cells (groups
     * may be withheld), so with summaries `all` is added to directly */
    ms_status st = any_summary ? ms_summary_check_sources(paths, n_paths, err)
                               : ms_aggregate_defer_total(agg);
    if (st == MS_OK)
        st = ms_loader_create(agg->cb, &lo, &ld, err);
    for (size_t i = 0; st == MS_OK && i < n_paths; i++) {
        agg->scope = opt->scopes ? opt->scopes[i] : 0;
        ms_tally before = rows_so_far(agg, ld);
        int w = opt->wave_of_file ? opt->wave_of_file[i] : -1;
        if (w >= 0 && agg->wave_var < 0)
            st = ms_error_set(err, MS_ERR_USAGE, paths[i], 0, 0,
                              "the file is given a wave, but the codebook has no wave variable");
        else
            st = ms_loader_give_level(ld, w >= 0 ? agg->wave_var : -1, w, err);
        int y = opt->year_of_file ? opt->year_of_file[i] : 0;
        long yv = year_variable(agg->cb);
        if (st == MS_OK && y > 0 && yv < 0)
            st = ms_error_set(err, MS_ERR_USAGE, paths[i], 0, 0,
                              "the file is given a year (%d), but the codebook has no year "
                              "variable", y);
        else if (st == MS_OK)
            st = ms_loader_give_year(ld, y > 0 ? yv : -1, y, err);
        if (st == MS_OK)
            st = any_summary && ms_summary_sniff(paths[i]) ? ms_summary_read(agg, paths[i], err)
                                                           : ms_loader_read_file(ld, paths[i], err);
        if (opt->tallies)
            opt->tallies[i] = tally_minus(rows_so_far(agg, ld), before);
    }
    agg->scope = 0;
    if (ld) {
        /* ms_summary_read added its rows to agg->rows; the loader's come on top */
        ms_tally t = ms_loader_total(ld);
        if (!any_summary)
            agg->rows = t;
        else
            ms_tally_add(&agg->rows, &t);
    }
    *loader_out = ld;
    ms_status settled = ms_aggregate_settle_total(agg, st != MS_OK);
    if (st == MS_OK && settled != MS_OK)
        st = ms_error_set(err, settled, NULL, 0, 0, "out of memory");
    return st;
}
