/* main.c — the mentorstat command: parse arguments, call the library, print. */
#define _GNU_SOURCE /* getopt_long */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mentorstat/aggregate.h"
#include "mentorstat/input.h"
#include "mentorstat/codebook.h"
#include "mentorstat/init.h"
#include "mentorstat/report.h"
#include "mentorstat/results.h"
#include "mentorstat/summary.h"
#include "mentorstat/version.h"
#include "quarantine_csv.h"
#include "stop.h"

int ms_match_main(int argc, char **argv); /* main_match.c */
int ms_serve_main(int argc, char **argv);    /* server/serve.c */
int ms_accounts_main(int argc, char **argv); /* server/accounts.c */

enum { EXIT_CLEAN = 0, EXIT_QUARANTINED = 1, EXIT_UNUSABLE = 2 };
enum { MAX_BY = 16, SHOWN_REASONS = 10 };

typedef struct {
    const char *codebook;
    const char *by[MAX_BY];
    size_t n_by;
    bool json, quiet;
    bool force;                 /* init: replace existing drafts */
    bool count_duplicates;      /* check: duplicate ids even without a wave */
    const char *encoding;
    char delimiter;
    const char *quarantine_path;
    const char *sheet;          /* --sheet: of .xlsx workbooks */
    const char *outdir;
    const char *org, *year;     /* summarize */
    unsigned long min_group;    /* summarize, merge */
    unsigned threads;           /* 0: as the library sees fit */
    char **files;
    size_t n_files;
} options;

typedef struct {
    FILE *quarantine;           /* --quarantine FILE, or NULL */
    unsigned long long shown;
    char first[SHOWN_REASONS][1024];
    bool progress;
    double started, drawn;      /* progress bar clock */
} run_ctx;

/* The commands: name, handler and the lines of usage() after the name.  A
 * command with run_argv parses its own arguments (match); the others get
 * the options every command shares. */
typedef struct {
    const char *name;
    int (*run)(const options *o);
    int (*run_argv)(int argc, char **argv);
    const char *help;
} command;

static void usage(FILE *f);

static void print_error(const ms_error *err)
{
    char buf[1024];
    ms_error_format(err, buf, sizeof buf);
    fprintf(stderr, "mentorstat: %s\n", buf);
}

static int parse_options(int argc, char **argv, options *o)
{
    static const struct option longs[] = {
        {"codebook", required_argument, 0, 'c'}, {"by", required_argument, 0, 'b'},
        {"json", no_argument, 0, 'j'},          {"encoding", required_argument, 0, 'e'},
        {"delimiter", required_argument, 0, 'd'}, {"quarantine", required_argument, 0, 'q'},
        {"quiet", no_argument, 0, 'Q'},         {"output", required_argument, 0, 'o'},
        {"help", no_argument, 0, 'h'},          {"version", no_argument, 0, 'V'},
        {"org", required_argument, 0, 'G'},     {"year", required_argument, 0, 'Y'},
        {"min-group", required_argument, 0, 'M'}, {"threads", required_argument, 0, 'T'},
        {"sheet", required_argument, 0, 'S'},   {"force", no_argument, 0, 'F'},
        {0, 0, 0, 0}};
    int c;
    optind = 2;
    while ((c = getopt_long(argc, argv, "c:b:o:hV", longs, NULL)) != -1) {
        switch (c) {
        case 'c': o->codebook = optarg; break;
        case 'b':
            if (o->n_by == MAX_BY) {
                fprintf(stderr, "mentorstat: at most %d --by variables\n", MAX_BY);
                return EXIT_UNUSABLE;
            }
            o->by[o->n_by++] = optarg;
            break;
        case 'j': o->json = true; break;
        case 'e': o->encoding = optarg; break;
        case 'd':
            o->delimiter = strcmp(optarg, "tab") == 0 || strcmp(optarg, "\\t") == 0 ? '\t' : optarg[0];
            if (strlen(optarg) != 1 && o->delimiter != '\t') {
                fprintf(stderr, "mentorstat: --delimiter takes one character or 'tab' (%s)\n", optarg);
                return EXIT_UNUSABLE;
            }
            break;
        case 'q': o->quarantine_path = optarg; break;
        case 'S': o->sheet = optarg; break;
        case 'Q': o->quiet = true; break;
        case 'F': o->force = true; break;
        case 'o': o->outdir = optarg; break;
        case 'G': o->org = optarg; break;
        case 'Y': o->year = optarg; break;
        case 'M': {
            char *end;
            errno = 0;
            o->min_group = strtoul(optarg, &end, 10);
            if (!*optarg || *end || errno || optarg[0] == '-') {
                fprintf(stderr, "mentorstat: --min-group takes a whole number (%s)\n", optarg);
                return EXIT_UNUSABLE;
            }
            break;
        }
        case 'T':
            if (strcmp(optarg, "1") && strcmp(optarg, "2")) {
                fprintf(stderr, "mentorstat: --threads takes 1 or 2 (%s)\n", optarg);
                return EXIT_UNUSABLE;
            }
            o->threads = (unsigned)(optarg[0] - '0');
            break;
        case 'h': usage(stdout); exit(EXIT_CLEAN);
        case 'V': printf("mentorstat %s\n", MS_VERSION); exit(EXIT_CLEAN);
        default: usage(stderr); return EXIT_UNUSABLE;
        }
    }
    o->files = argv + optind;
    o->n_files = (size_t)(argc - optind);
    return -1;
}

/* ---------- quarantine and progress ---------- */

static void on_quarantine(const ms_quarantined *q, void *ctx)
{
    run_ctx *rc = ctx;
    char where[1024];
    ms_error_format(q->reason, where, sizeof where);
    if (rc->shown < SHOWN_REASONS)
        snprintf(rc->first[rc->shown], sizeof rc->first[0], "%s", where);
    if (rc->shown++ < SHOWN_REASONS)
        fprintf(stderr, "%s\n", where);
    if (rc->quarantine)
        ms_quarantine_csv_line(rc->quarantine, q);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A progress line on a terminal: share read, rate and time left, redrawn
 * at most five times a second. */
static void on_progress(unsigned long long done, unsigned long long total, void *ctx)
{
    run_ctx *rc = ctx;
    if (!rc->progress || total == 0)
        return;
    double t = now_seconds();
    if (rc->started == 0)
        rc->started = t;
    if (done < total && t - rc->drawn < 0.2)
        return;
    rc->drawn = t;
    double elapsed = t - rc->started, rate = elapsed > 0 ? (double)done / elapsed : 0;
    double left = rate > 0 ? (double)(total - done) / rate : 0;
    int width = 30, filled = (int)(width * (double)done / (double)total);
    fprintf(stderr, "\r[%.*s%*s] %5.1f%%  %.0f MB/s  %02d:%02d left ", filled,
            "##############################", width - filled, "", 100.0 * (double)done / (double)total,
            rate / 1e6, (int)(left / 60), (int)left % 60);
    if (done >= total)
        fputs("\r\033[K", stderr);
}

/* ---------- the load stage shared by check and analyze ---------- */

typedef struct {
    ms_codebook *cb;
    ms_aggregate *agg;
    ms_loader *loader;
    ms_results *res;
    run_ctx rc;
} run;

static void run_free(run *r)
{
    ms_results_destroy(r->res);
    ms_loader_destroy(r->loader);
    ms_aggregate_destroy(r->agg);
    ms_codebook_destroy(r->cb);
    if (r->rc.quarantine)
        fclose(r->rc.quarantine);
    ms_stop_partial(NULL, -1); /* closed: whole, or the command failed and says so */
}

/* Named by its file, or with several files by the first and how many more. */
static ms_status no_usable_rows(const options *o, const ms_tally *t, ms_error *err)
{
    char more[64] = "";
    if (o->n_files > 1)
        snprintf(more, sizeof more, " (nor in the %zu other file%s)", o->n_files - 1,
                 o->n_files == 2 ? "" : "s");
    return ms_error_set(err, MS_ERR_NODATA, o->files[0], 0, 0,
                        "no usable rows%s: %llu read, %llu quarantined, %llu excluded", more, t->read,
                        t->quarantined, t->excluded);
}

static int load_all(const options *o, run *r, ms_error *errp)
{
    ms_error err = {0};
    size_t by[MAX_BY];
    bool from_summary = !o->codebook && o->n_files > 0 && ms_summary_sniff(o->files[0]);
    if ((!o->codebook && !from_summary) || o->n_files == 0) {
        usage(stderr);
        ms_error_set(errp, MS_ERR_USAGE, NULL, 0, 0, "--codebook and at least one data file are needed");
        return EXIT_UNUSABLE;
    }
    ms_status st = from_summary ? ms_summary_codebook(o->files[0], &r->cb, &err)
                                : ms_codebook_load(o->codebook, &r->cb, &err);
    for (size_t i = 0; st == MS_OK && i < o->n_by; i++)
        st = ms_codebook_check_by(r->cb, o->by[i], &by[i], &err);
    if (st == MS_OK)
        st = ms_aggregate_create(r->cb, by, o->n_by, &r->agg, &err);
    if (st == MS_OK)
        ms_aggregate_set_count_duplicates(r->agg, o->count_duplicates);
    if (st == MS_OK && o->quarantine_path && !(r->rc.quarantine = ms_quarantine_open(o->quarantine_path)))
        st = ms_error_set(&err, MS_ERR_IO, o->quarantine_path, 0, 0, "cannot write: %s",
                          strerror(errno));
    else if (r->rc.quarantine)
        ms_stop_partial(o->quarantine_path, fileno(r->rc.quarantine));
    r->rc.progress = !o->quiet && isatty(STDERR_FILENO);
    ms_read_options ro = {o->encoding, o->delimiter, on_quarantine, on_progress, &r->rc,
                          o->threads, NULL, o->sheet, NULL, NULL, NULL};
    if (st == MS_OK)
        st = ms_aggregate_files(r->agg, (const char *const *)o->files, o->n_files, &ro,
                                &r->loader, &err);
    if (r->rc.shown > SHOWN_REASONS)
        fprintf(stderr, "mentorstat: … and %llu more rows quarantined%s\n",
                r->rc.shown - SHOWN_REASONS, o->quarantine_path ? "" : " (see --quarantine)");
    if (st == MS_OK && ms_aggregate_rows(r->agg)->accepted == 0)
        st = no_usable_rows(o, ms_aggregate_rows(r->agg), &err);
    if (st == MS_OK)
        st = ms_results_compute(
                r->agg, &(ms_results_options){0, (double)o->min_group, NULL, NULL, 0}, &r->res,
                &err);
    if (st != MS_OK) {
        print_error(&err);
        *errp = err;
        return EXIT_UNUSABLE;
    }
    return -1;
}

static int exit_status(const run *r)
{
    return ms_aggregate_rows(r->agg)->quarantined ? EXIT_QUARANTINED : EXIT_CLEAN;
}

/* ---------- commands ---------- */

/* With --json a failure is JSON too, so a program reading stdout learns why. */
static void print_json_error(const ms_error *err)
{
    printf("{\"schema\":\"mentorstat-error/1\",\"error\":{\"file\":");
    ms_json_string(stdout, err->file);
    if (err->sheet[0]) {
        printf(",\"sheet\":");
        ms_json_string(stdout, err->sheet);
    }
    printf(",\"line\":%zu,\"column\":%zu,\"message\":", err->line, err->column);
    ms_json_string(stdout, err->message);
    printf("}}\n");
}

static int cmd_analyze(const options *o)
{
    run r = {0};
    ms_error err = {0};
    int rc = load_all(o, &r, &err);
    if (rc >= 0 && o->json)
        print_json_error(&err);
    if (rc < 0) {
        ms_status st = o->json ? ms_results_write_json(r.res, stdout) : ms_results_write_table(r.res, stdout);
        rc = st == MS_OK && fflush(stdout) == 0 ? exit_status(&r) : EXIT_UNUSABLE;
    }
    run_free(&r);
    return rc;
}

static void print_file_reports(const ms_loader *ld)
{
    for (size_t i = 0; i < ms_loader_n_files(ld); i++) {
        const ms_file_report *fr = ms_loader_file(ld, i);
        const ms_tally *t = &fr->tally;
        printf("%s\n", fr->path);
        if (fr->sheet[0])
            printf("  xlsx workbook, sheet \"%s\"\n", fr->sheet);
        else if (fr->encoding[0]) /* else it could not be read at all */
            printf("  encoding %s, delimiter '%s'\n", fr->encoding,
                   fr->delimiter == '\t' ? "tab" : (char[2]){fr->delimiter, 0});
        unsigned long long headers = 0;
        for (int k = 1; k < MS_HEADER_KINDS; k++)
            headers += fr->header_rows[k];
        if (!headers)
            printf("  rows: %llu read = %llu accepted + %llu quarantined + %llu excluded (no "
                   "consent)\n", t->read, t->accepted, t->quarantined, t->excluded);
        else
            printf("  rows: %llu read = %llu accepted + %llu quarantined + %llu excluded (no "
                   "consent: %llu; header rows: %llu)\n", t->read, t->accepted, t->quarantined,
                   t->excluded, t->excluded - headers, headers);
        if (fr->odd_quote_rows)
            printf("  warning: %s:%zu:%zu: stray quotes, read as a tolerant CSV reader reads them "
                   "(a quote closing a field before its end: the rest is text), in %llu row%s; "
                   "check the text of those cells\n",
                   fr->path, fr->odd_quote_line, fr->odd_quote_col, fr->odd_quote_rows,
                   fr->odd_quote_rows == 1 ? "" : "s");
        for (int k = 1; k < MS_HEADER_KINDS; k++)
            if (fr->header_rows[k])
                printf("  header rows left out: %llu, %s (first on line %zu)\n",
                       fr->header_rows[k], ms_header_kind_words((ms_header_kind)k, false),
                       fr->header_line[k]);
        if (fr->n_unused) {
            printf("  unused columns:");
            for (size_t j = 0; j < fr->n_unused; j++)
                printf("%s \"%s\"", j ? "," : "", fr->unused_columns[j]);
            printf("\n");
        }
    }
}

/* A summary among the inputs: where its rows came from. */
static void print_summary_reports(const options *o)
{
    for (size_t i = 0; i < o->n_files; i++) {
        ms_summary_info *in = NULL;
        ms_error err;
        if (!ms_summary_sniff(o->files[i]) || ms_summary_info_load(o->files[i], &in, &err))
            continue;
        printf("%s\n  summary of %zu data file%s", o->files[i], in->n_sources,
               in->n_sources == 1 ? "" : "s");
        if (in->written_by)
            printf(", written by %s", in->written_by);
        if (in->withheld_groups > 0)
            printf("; %g groups (%g rows) withheld for having fewer than %lu rows",
                   in->withheld_groups, in->withheld_rows, in->min_group);
        printf("\n");
        for (size_t s = 0; s < in->n_sources; s++) {
            const ms_summary_source *src = &in->sources[s];
            printf("  %s%s%s%s%s: %llu read = %llu accepted + %llu quarantined + %llu excluded\n",
                   src->organisation, *src->organisation ? " " : "", src->year,
                   *src->organisation || *src->year ? " " : "", src->file, src->rows.read,
                   src->rows.accepted, src->rows.quarantined, src->rows.excluded);
        }
        ms_summary_info_destroy(in);
    }
}

static void print_quality(const run *r)
{
    const ms_results *res = r->res;
    printf("\nmissing answers per item:\n");
    for (size_t i = 0; i < res->n_items; i++) {
        const ms_item_result *it = &res->items[i];
        if (it->is_construct)
            continue;
        double rows = it->n + it->missing;
        printf("  %-24s %6.1f %%  (%g of %g)\n", it->name, rows ? 100 * it->missing / rows : 0,
               it->missing, rows);
    }
    for (size_t i = 0; i < res->n_categories; i++) {
        const ms_category_result *c = &res->categories[i];
        double rows = c->n + c->missing;
        printf("  %-24s %6.1f %%  (%g of %g)\n", c->name, rows ? 100 * c->missing / rows : 0,
               c->missing, rows);
    }
    for (size_t i = 0; i < res->n_constructs; i++) {
        const ms_construct_result *c = &res->constructs[i];
        printf("straight-lining in %s: %g of %g complete answers give one value to all %zu items\n",
               c->name, c->straightlined, c->n, c->k);
    }
    /* the figures count every answer; only growth, matching one person's
     * waves, takes the first answer of each */
    printf("repeated participant codes (within a wave, or with the same pair code): %g%s\n",
           res->duplicate_ids,
           res->duplicate_ids ? " (every answer is counted; growth from entry to exit takes the "
                                "first of each wave; was the form sent twice?)"
                              : "");
}

/* Rows identical to an earlier one in every cell, named by file:line. */
static const char *loaded_path(const ms_loader *ld, size_t file)
{
    return ld && file < ms_loader_n_files(ld) ? ms_loader_file(ld, file)->path : "?";
}

static void print_identical_rows(const ms_aggregate *agg, const ms_loader *ld)
{
    enum { SHOWN = 5 };
    ms_row_key first[SHOWN], of[SHOWN];
    size_t n = 0;
    double identical = 0;
    if (ms_aggregate_identical_rows(agg, &identical, first, of, SHOWN, &n) != MS_OK || !identical)
        return;
    printf("identical rows (every cell the same as an earlier row; all are counted: people "
           "may answer alike, but a run of them is a sheet pasted twice): %g\n", identical);
    for (size_t i = 0; i < n; i++)
        printf("  %s:%zu repeats %s:%zu\n", loaded_path(ld, first[i].file), first[i].line,
               loaded_path(ld, of[i].file), of[i].line);
    if (identical > (double)n)
        printf("  … and %g more\n", identical - (double)n);
}

static int cmd_check(const options *opt)
{
    options copy = *opt, *o = &copy;
    copy.count_duplicates = true;
    run r = {0};
    ms_error err;
    int rc = load_all(o, &r, &err);
    if (rc < 0) {
        print_file_reports(r.loader);
        print_summary_reports(o);
        const ms_tally *t = ms_aggregate_rows(r.agg);
        printf("\ntotal: %llu read = %llu accepted + %llu quarantined + %llu excluded\n", t->read,
               t->accepted, t->quarantined, t->excluded);
        if (r.rc.shown) {
            printf("first reasons:\n");
            for (unsigned long long i = 0; i < r.rc.shown && i < SHOWN_REASONS; i++)
                printf("  %s\n", r.rc.first[i]);
        }
        print_quality(&r);
        print_identical_rows(r.agg, r.loader);
        rc = exit_status(&r);
    } else if (r.loader) {
        print_file_reports(r.loader);
    }
    run_free(&r);
    return rc;
}

static int cmd_summarize(const options *o)
{
    run r = {0};
    ms_error err = {0};
    ms_summary_source *sources = NULL;
    if (!o->outdir) {
        fprintf(stderr, "mentorstat: summarize needs -o FILE.msum\n");
        return EXIT_UNUSABLE;
    }
    for (size_t i = 0; i < o->n_files; i++)
        if (ms_summary_sniff(o->files[i])) {
            fprintf(stderr, "mentorstat: %s is a summary already; use `mentorstat merge`\n",
                    o->files[i]);
            return EXIT_UNUSABLE;
        }
    ms_stop_watch_beside(o->outdir, ".tmp-", false);
    int rc = load_all(o, &r, &err);
    if (rc < 0) {
        size_t n = ms_loader_n_files(r.loader);
        if (!(sources = calloc(n + 1, sizeof *sources))) {
            fprintf(stderr, "mentorstat: out of memory\n");
            rc = EXIT_UNUSABLE;
        }
        for (size_t i = 0; sources && i < n; i++) {
            const ms_file_report *fr = ms_loader_file(r.loader, i);
            sources[i] = (ms_summary_source){(char *)(o->org ? o->org : ""),
                                             (char *)(o->year ? o->year : ""), fr->path, fr->tally, 0};
        }
        ms_summary_meta meta = {sources, n, o->min_group};
        if (sources && ms_summary_write(r.agg, &meta, o->outdir, &err) != MS_OK) {
            print_error(&err);
            rc = EXIT_UNUSABLE;
        } else if (sources) {
            const ms_tally *t = ms_aggregate_rows(r.agg);
            printf("summary written to %s (rows: %llu read, %llu accepted, %llu quarantined, "
                   "%llu excluded)\n",
                   o->outdir, t->read, t->accepted, t->quarantined, t->excluded);
            rc = exit_status(&r);
        }
    }
    free(sources);
    run_free(&r);
    return rc;
}

static int cmd_merge(const options *o)
{
    ms_error err = {0};
    if (!o->outdir || o->n_files == 0) {
        fprintf(stderr, "mentorstat: merge needs summaries and -o ALL.msum\n");
        return EXIT_UNUSABLE;
    }
    ms_stop_watch_beside(o->outdir, ".tmp-", false);
    if (ms_summary_merge((const char *const *)o->files, o->n_files, o->min_group, o->outdir,
                         &err) != MS_OK) {
        print_error(&err);
        return EXIT_UNUSABLE;
    }
    printf("%zu summaries merged into %s\n", o->n_files, o->outdir);
    return EXIT_CLEAN;
}

/* A stop mid-way (stop.c) removes the report's and its pairing's
 * temporaries and puts an old report moved aside back. */
static void watch_report(const char *outdir)
{
    char internal[4096];
    size_t n = strlen(outdir);
    while (n > 1 && outdir[n - 1] == '/')
        n--;
    snprintf(internal, sizeof internal, "%.*s-internal", (int)n, outdir);
    ms_stop_watch_beside(outdir, ".old-", true);
    ms_stop_watch_beside(outdir, ".tmp-", false);
    ms_stop_watch_beside(internal, ".old-", true);
    ms_stop_watch_beside(internal, ".tmp-", false);
}

static int cmd_report(const options *o)
{
    char example[4096];
    const char *programme = o->n_files ? o->files[0] : example;
    const char *outdir = o->outdir ? o->outdir : "reports/example";
    ms_error err = {0};
    ms_report_summary sum = {0};
    ms_status st = o->n_files ? MS_OK : ms_example_programme(example, sizeof example, &err);
    if (st == MS_OK) {
        watch_report(outdir);
        st = ms_report_build(programme, outdir, &sum, &err);
    }
    if (st != MS_OK) {
        print_error(&err);
        return EXIT_UNUSABLE;
    }
    printf("report written to %s/index.html (%zu charts; rows: %llu read, %llu accepted, "
           "%llu quarantined, %llu excluded)\n",
           outdir, sum.charts, sum.rows.read, sum.rows.accepted, sum.rows.quarantined,
           sum.rows.excluded);
    size_t n = strlen(outdir);
    while (n > 1 && outdir[n - 1] == '/')
        n--;
    if (sum.matching) /* beside the report, never inside what is uploaded */
        printf("pairs and groups written to %.*s-internal/match.html (internal: not for "
               "publishing, do not upload; %llu rows with errors left out of the pairing)\n",
               (int)n, outdir, sum.match_left_out);
    if (sum.other_year[0])
        fprintf(stderr, "mentorstat: warning: this year's answers give the year %s, which is "
                        "not the programme's school year (its `year`): check it; the page "
                        "says so too\n",
                sum.other_year);
    if (sum.named_copy)
        printf("the office's copy naming every organisation written to %.*s-internal/index.html "
               "(internal: not for publishing)\n", (int)n, outdir);
    if (sum.no_pandoc)
        fprintf(stderr, "mentorstat: pandoc not found: spravka.docx was not written "
                        "(install it: sh tools/install-deps, or apt-get install pandoc)\n");
    return sum.rows.quarantined || sum.match_left_out ? EXIT_QUARANTINED : EXIT_CLEAN;
}

/* ---------- init ---------- */

/* At most `chars` UTF-8 characters of s, with … when cut; a run of spaces
 * and line breaks (Google keeps a question's line breaks in its header) as
 * one space, so the table keeps one line per column. */
static void print_cut(const char *s, size_t chars)
{
    size_t i = 0, n = 0;
    for (; s[i] && n < chars; i++) {
        unsigned char ch = (unsigned char)s[i];
        while (isspace(ch) && isspace((unsigned char)s[i + 1]))
            i++;
        putchar(isspace(ch) ? ' ' : ch);
        n += (ch & 0xC0) != 0x80;
    }
    while (s[i] && ((unsigned char)s[i] & 0xC0) == 0x80)
        putchar(s[i++]);
    printf("%s", s[i] ? "…" : "");
}

static void print_draft(const ms_init_draft *d)
{
    for (size_t i = 0; i < d->n_q; i++) {
        const ms_init_questionnaire *q = &d->q[i];
        printf("%s%s: role %s (%s%s)\n", i ? "\n" : "", q->name, q->role,
               q->role_check ? "ПРОВЕРЬТЕ: " : "", q->role_reason);
        for (size_t f = 0; f < q->n_files; f++)
        {
            printf(q->years_from_names ? "  %s %s (rows: %llu; year %d from the name"
                                       : "  %s %s (rows: %llu",
                   q->waves_from_files ? (q->files[f].wave == 1 ? "entry" : "exit ")
                   : f + 1 == q->n_files ? "data " : "earlier",
                   q->files[f].path, q->files[f].rows, q->files[f].year);
            if (q->files[f].header_rows)
                printf("; header rows inside the data left out: %llu", q->files[f].header_rows);
            if (q->files[f].note_rows)
                printf("; notes or tallies among the answers left out (no time stamp): %llu",
                       q->files[f].note_rows);
            if (q->files[f].broken_rows)
                printf("; rows that are no answers, quarantined (`check` names them): %llu",
                       q->files[f].broken_rows);
            printf(")\n");
            if (q->files[f].odd_quote_line)
                printf("  ! %s:%zu:%zu: stray quotes, read as a tolerant CSV reader reads them "
                       "(a quote closing a field before its end: the rest is text) — ПРОВЕРЬТЕ\n",
                       q->files[f].path, q->files[f].odd_quote_line, q->files[f].odd_quote_col);
        }
        for (size_t c = 0; c < q->n_cols; c++) {
            const ms_init_column *col = &q->cols[c];
            printf("  %c %-20s %-8s ", col->check ? '!' : ' ', col->name,
                   ms_vartype_name(col->type));
            print_cut(col->source, 50);
            printf("\n      %s\n", col->reason);
        }
    }
}

static int cmd_init(const options *o)
{
    ms_error err = {0};
    ms_init_options io = {o->outdir ? o->outdir : "."};
    ms_init_draft *d = NULL;
    if (o->n_files == 0) {
        usage(stderr);
        return EXIT_UNUSABLE;
    }
    ms_stop_watch(io.outdir, NULL, ".tmp", false); /* NAME.tmpXXXXXX */
    if (ms_init_draft_create((const char *const *)o->files, o->n_files, &io, &d, &err) != MS_OK ||
        ms_init_draft_write(d, &io, o->force, &err) != MS_OK) {
        print_error(&err);
        ms_init_draft_destroy(d);
        return EXIT_UNUSABLE;
    }
    print_draft(d);
    size_t checks = 0;
    for (size_t i = 0; i < d->n_q; i++)
        for (size_t c = 0; c < d->q[i].n_cols; c++)
            checks += d->q[i].cols[c].check;
    printf("\ndrafts written to %s: programme.ini and %zu codebook%s; %zu column%s marked ! "
           "(ПРОВЕРЬТЕ)\nnext: mentorstat report %s/programme.ini\n",
           io.outdir, d->n_q, d->n_q == 1 ? "" : "s", checks, checks == 1 ? "" : "s", io.outdir);
    ms_init_draft_destroy(d);
    return EXIT_CLEAN;
}

static const command commands[] = {
    {"check", cmd_check, NULL, "   --codebook FILE [options] DATA.csv...\n"},
    {"analyze", cmd_analyze, NULL,
     " --codebook FILE [--by VAR]... [--json] [--min-group N]\n"
     "                  [options] DATA.csv...\n"},
    {"report", cmd_report, NULL, "  [PROGRAMME.ini] [-o DIR]\n"},
    {"summarize", cmd_summarize, NULL,
     " --codebook FILE [--by VAR]... [--org NAME] [--year Y]\n"
     "                  [--min-group N] [options] DATA.csv... -o FILE.msum\n"},
    {"merge", cmd_merge, NULL, " [--min-group N] A.msum B.msum... -o ALL.msum\n"},
    {"init", cmd_init, NULL,
     " [-o DIR] [--force] EXPORT...\n"
     "                  draft DIR/programme.ini and a codebook per questionnaire\n"
     "                  from raw form exports (default DIR: .)\n"},
    {"match", NULL, ms_match_main,
     " --mentors CODEBOOK DATA... --mentees CODEBOOK DATA...\n"
     "                  [--capacity VAR|N] [--same VAR]... [--differ VAR]...\n"
     "                  [--keep FILE] [--exclude FILE] [--spread] [--min-score N|P%]\n"
     "                  [--prefer VAR]... [--names] [--json]\n"
     "                  [--language ru|en] [--quarantine FILE] [-o DIR]\n"
     "       mentorstat match --people CODEBOOK DATA... --split VAR [options as above]\n"
     "                  (mentorstat match --help: pairs and groups, the objective)\n"},
    {"serve", NULL, ms_serve_main,
     " --data DIR [--listen HOST:PORT] [--max-file-mb N]\n"
     "                  [--workers N] [--tls-cert FILE --tls-key FILE | --behind-https]\n"
     "                  the same in a browser, for schools and an office\n"},
    {"accounts", NULL, ms_accounts_main,
     " --data DIR add LOGIN --role school|office --name ORG\n"
     "                  | list | passwd LOGIN | remove LOGIN\n"},
};

static const command *find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(commands[i].name, name))
            return &commands[i];
    return NULL;
}

static void usage(FILE *f)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "%s%s%s", i ? "       mentorstat " : "usage: mentorstat ", commands[i].name,
                commands[i].help);
    fputs("data files are CSV or .xlsx workbooks (told apart by their content)\n"
          "check and analyze read .msum summaries wherever they read data files\n"
          "(--codebook may then be left out: the first summary's is used)\n"
          "options:\n"
          "  --encoding NAME     input encoding (UTF-8, CP1251; default: detect)\n"
          "  --delimiter C       field delimiter (',' ';' or 'tab'; default: detect)\n"
          "  --sheet NAME        the sheet of .xlsx workbooks to read (default: the first\n"
          "                      visible one)\n"
          "  --quarantine FILE   write rejected rows (original cells + reason) as CSV\n"
          "  --quiet             no progress bar\n"
          "  --threads N         1: read on one thread; 2: parse on a second one\n"
          "                      (default: 2 for files of 1 MB or more, given 2 processors)\n"
          "  -o, --output DIR    report directory (default: reports/example); summary file;\n"
          "                      init: where the drafts go; report with [matching]: the\n"
          "                      pairing goes to DIR-internal/ beside it (not for publishing)\n"
          "  --force             init: replace drafts that exist already\n"
          "  --org NAME          summarize: the organisation the data come from\n"
          "  --year Y            summarize: the year of the data\n"
          "  --min-group N       summarize, merge: withhold groups of fewer than N rows;\n"
          "                      analyze: compare only the groups a report with\n"
          "                      min_group = N shows (its p-values, Holm's too)\n"
          "  -h, --help          this help\n"
          "  -V, --version       print the version\n"
          "exit status: 0 clean, 1 some rows quarantined, 2 nothing usable or usage error\n",
          f);
}

int main(int argc, char **argv)
{
    ms_library_init();
    if (argc < 2) {
        usage(stderr);
        return EXIT_UNUSABLE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help")) {
        usage(stdout);
        return EXIT_CLEAN;
    }
    if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
        printf("mentorstat %s\n", MS_VERSION);
        return EXIT_CLEAN;
    }
    const command *c = find_command(cmd);
    if (c && c->run_argv)
        return c->run_argv(argc, argv);
    options o = {0};
    int rc = parse_options(argc, argv, &o);
    if (rc >= 0)
        return rc;
    if (c)
        return c->run(&o);
    fprintf(stderr, "mentorstat: unknown command (%s)\n", cmd);
    usage(stderr);
    return EXIT_UNUSABLE;
}
