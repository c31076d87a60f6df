/* main_match.c — `mentorstat match`: its arguments, printing and writing. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentorstat/match.h"
#include "plural.h"
#include "quarantine_csv.h"
#include "stop.h"

enum { MAX_SAME = 16, MAX_FILES = 4096, SHOWN_REASONS = 10 };

void ms_match_usage(FILE *f);

void ms_match_usage(FILE *f)
{
    fputs("usage: mentorstat match --mentors CODEBOOK DATA... --mentees CODEBOOK DATA...\n"
          "       mentorstat match --people CODEBOOK DATA... --split VAR ...\n"
          "                        [--capacity VAR|N] [--same VAR]... [--differ VAR]...\n"
          "                        [--keep FILE] [--exclude FILE] [--spread]\n"
          "                        [--min-score N|P%] [--prefer VAR]... [--names] [--json]\n"
          "                        [--language ru|en] [--quarantine FILE] [-o DIR]\n"
          "Forms mentoring pairs and groups from the bank of mentors and the bank of\n"
          "mentees' requests.  A pair is allowed when the mentor offers at least one area\n"
          "the mentee asks for (the multi variables both codebooks have by name), every\n"
          "--same group variable is equal where both answered, and the ids differ.\n"
          "Objective, solved exactly (GLPK min-cost flow): 1) the most mentees with a\n"
          "mentor; 2) among those, the largest total score (requested areas the mentor\n"
          "offers); 3) with --prefer, the most wishes honoured; 4) with --spread, the most\n"
          "even load; 5) the smallest sum of row positions in the banks (earlier requests\n"
          "and earlier mentors first).  The same input gives the same pairs.\n"
          "  --capacity VAR|N  mentees per mentor: a number variable of the mentors' bank\n"
          "                    (blank answer: 1) or one whole number for all (default 1)\n"
          "  --same VAR        a group variable both banks have that must agree\n"
          "  --differ VAR      a group variable both banks have that must differ (class)\n"
          "  --keep FILE       pairs that continue (CSV: mentor code, mentee code, or last\n"
          "                    year's annex.csv): fixed, their places taken first\n"
          "  --exclude FILE    pairs that must not be formed (CSV as for --keep)\n"
          "  --spread          among the best pairings, the most even load of the mentors\n"
          "  --min-score N|P%  a new pair shares at least N areas / P% of the requests;\n"
          "                    the others stay in the search\n"
          "  --prefer VAR      a mentees' variable naming wanted mentors by code; repeat\n"
          "                    for 2nd, 3rd choice (honoured after coverage)\n"
          "  --people CB DATA  both banks in one file, told apart by --split VAR (its\n"
          "                    answer says mentor or mentee); without an id variable\n"
          "                    a person is their row number\n"
          "  --names           show names (the personal variable fio) — personal data\n"
          "  --json            print {matched, total_score, pairs, unmatched, mentors_free,\n"
          "                    mentors_rows, mentees_rows} (with the banks' codes)\n"
          "  -o DIR            write DIR/match.html and DIR/tables/*.csv (internal use only)\n"
          "  --language ru|en  the language of match.html and its tables (default ru)\n"
          "  --sheet NAME      the sheet of .xlsx banks (default: the first visible one)\n"
          "  --encoding NAME, --delimiter C  as for the other commands (default: detect)\n"
          "  --quarantine FILE write rejected rows (original cells + reason) as CSV\n"
          "A row with an error (a capacity that is not a whole number, an answer out of\n"
          "range, no code) is quarantined: reported as file:line:col, counted, and its\n"
          "person left out of the pairing and listed; a duplicate code is an error.\n"
          "exit status: 0 pairs formed, 1 pairs formed without the quarantined rows,\n"
          "2 bad input, nothing usable or no feasible pair (nothing written)\n",
          f);
}

typedef struct {
    ms_match_options o;
    const char *mentor_files[MAX_FILES], *mentee_files[MAX_FILES];
    const char *same[MAX_SAME], *differ[MAX_SAME], *prefer[MAX_SAME];
    const char *outdir, *quarantine_path;
    FILE *quarantine;
    unsigned long long shown;   /* quarantined rows so far */
    bool json, ru;
} cli;

static int bad(const char *what, const char *arg)
{
    fprintf(stderr, "mentorstat: %s (%s)\n", what, arg ? arg : "");
    return 2;
}

/* --mentors CODEBOOK DATA...: the words up to the next option */
static int take_bank(int argc, char **argv, int *i, ms_match_bank *b, const char **files)
{
    const char *opt = argv[*i];
    if (*i + 1 >= argc || argv[*i + 1][0] == '-')
        return bad("needs a codebook and data files", opt);
    b->codebook = argv[++*i];
    size_t n = 0;
    while (*i + 1 < argc && argv[*i + 1][0] != '-' && n < MAX_FILES)
        files[n++] = argv[++*i];
    if (n == 0)
        return bad("needs at least one data file after the codebook", opt);
    b->files = files;
    b->n_files = n;
    return 0;
}

static int take_capacity(cli *c, const char *arg)
{
    char *end;
    long v = strtol(arg, &end, 10);
    if (end != arg && !*end) {
        if (v < 0)
            return bad("--capacity must be a whole number, 0 or more, or a variable", arg);
        c->o.capacity = v;
        c->o.capacity_var = NULL;
    } else if (arg[0] == '-' || (arg[0] >= '0' && arg[0] <= '9')) {
        return bad("--capacity must be a whole number, 0 or more, or a variable", arg);
    } else {
        c->o.capacity_var = arg;
    }
    return 0;
}

/* N (areas) or P% (of the mentee's requests) */
static int take_min_score(cli *c, const char *arg)
{
    char *end;
    long v = strtol(arg, &end, 10);
    bool share = end != arg && *end == '%' && !end[1];
    if (end == arg || (*end && !share) || v < 0 || v > (share ? 100 : 1000))
        return bad("--min-score takes a whole number of areas or a percentage (50%)", arg);
    if (share)
        c->o.min_share = (int)v;
    else
        c->o.min_score = (int)v;
    return 0;
}

static int parse(int argc, char **argv, cli *c)
{
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
        int rc = 0;
        if (!strcmp(a, "--mentors"))
            rc = take_bank(argc, argv, &i, &c->o.mentors, c->mentor_files);
        else if (!strcmp(a, "--mentees"))
            rc = take_bank(argc, argv, &i, &c->o.mentees, c->mentee_files);
        else if (!strcmp(a, "--people"))
            rc = take_bank(argc, argv, &i, &c->o.mentors, c->mentor_files);
        else if (!strcmp(a, "--spread"))
            c->o.spread = true;
        else if (!strcmp(a, "--names"))
            c->o.names = true;
        else if (!strcmp(a, "--json"))
            c->json = true;
        else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            ms_match_usage(stdout);
            exit(0);
        } else if (!next) {
            rc = bad("unknown option or a value missing", a);
        } else if (!strcmp(a, "--capacity")) {
            rc = take_capacity(c, argv[++i]);
        } else if (!strcmp(a, "--same")) {
            if (c->o.n_same == MAX_SAME)
                return bad("too many --same variables", next);
            c->same[c->o.n_same++] = argv[++i];
        } else if (!strcmp(a, "--differ") || !strcmp(a, "--prefer")) {
            bool differ = !strcmp(a, "--differ");
            size_t *n = differ ? &c->o.n_differ : &c->o.n_prefer;
            if (*n == MAX_SAME)
                return bad("too many variables", a);
            (differ ? c->differ : c->prefer)[(*n)++] = argv[++i];
        } else if (!strcmp(a, "--keep")) {
            c->o.keep = argv[++i];
        } else if (!strcmp(a, "--exclude")) {
            c->o.exclude = argv[++i];
        } else if (!strcmp(a, "--split")) {
            c->o.split = argv[++i];
        } else if (!strcmp(a, "--min-score")) {
            rc = take_min_score(c, argv[++i]);
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            c->outdir = argv[++i];
        } else if (!strcmp(a, "--language")) {
            if (strcmp(next, "ru") && strcmp(next, "en"))
                return bad("--language takes ru or en", next);
            c->ru = !strcmp(argv[++i], "ru");
        } else if (!strcmp(a, "--encoding")) {
            c->o.encoding = argv[++i];
        } else if (!strcmp(a, "--quarantine")) {
            c->quarantine_path = argv[++i];
        } else if (!strcmp(a, "--sheet")) {
            c->o.mentors.sheet = c->o.mentees.sheet = argv[++i];
        } else if (!strcmp(a, "--delimiter")) {
            const char *d = argv[++i];
            c->o.delimiter = !strcmp(d, "tab") ? '\t' : d[0];
            if (strlen(d) != 1 && c->o.delimiter != '\t')
                return bad("--delimiter takes one character or 'tab'", d);
        } else {
            rc = bad("unknown option", a);
        }
        if (rc)
            return rc;
    }
    if (!c->o.mentors.codebook || (!c->o.mentees.codebook && !c->o.split)) {
        ms_match_usage(stderr);
        return 2;
    }
    if (c->o.split && c->o.mentees.codebook)
        return bad("--split takes both banks from --people (or --mentors): no --mentees",
                   c->o.split);
    c->o.same = c->same;
    c->o.differ = c->differ;
    c->o.prefer = c->prefer;
    return 0;
}

static void on_quarantine(const ms_quarantined *q, void *ctx)
{
    cli *c = ctx;
    char where[1024];
    if (c->shown++ < SHOWN_REASONS) {
        ms_error_format(q->reason, where, sizeof where);
        fprintf(stderr, "%s\n", where);
    }
    if (c->quarantine)
        ms_quarantine_csv_line(c->quarantine, q);
}

static void print_rows(const char *bank, const ms_tally *t)
{
    printf("%s: %llu %s read = %llu accepted + %llu quarantined + %llu excluded (no "
           "consent)%s\n",
           bank, t->read, ms_plural(false, (double)t->read, "", "", "", "row", "rows"),
           t->accepted, t->quarantined, t->excluded,
           t->quarantined ? "; the quarantined are left out of the pairing" : "");
}

static void print_text(const ms_match_result *r)
{
    printf("matched %zu of %zu mentees; total score %lld; %zu %s; %zu without a mentor\n",
           r->matched, r->n_mentees, r->total_score, r->n_groups,
           ms_plural(false, (double)r->n_groups, "", "", "", "pair/group", "pairs/groups"),
           r->n_mentees - r->matched);
    print_rows("mentors' bank", &r->mentor_rows);
    print_rows("mentees' bank", &r->mentee_rows);
    if (r->split)
        print_rows("rows of neither bank", &r->other_rows);
    if (r->n_kept)
        printf("kept pairs: %zu\n", r->n_kept);
    for (size_t k = 0; k < r->n_pairs; k++)
        printf("%4zu  %-20s %-20s %d\n", r->pairs[k].group, r->mentors[r->pairs[k].mentor].id,
               r->mentees[r->pairs[k].mentee].id, r->pairs[k].score);
    for (size_t j = 0; j < r->n_mentees; j++)
        if (r->mentees[j].mentor < 0)
            printf("   -  %-20s %-20s %s\n", "", r->mentees[j].id,
                   !r->mentees[j].n_areas      ? "no areas requested"
                   : r->mentees[j].any_allowed ? "every suitable mentor is full"
                   : r->mentees[j].below_min   ? "no mentor with a sufficient match"
                                               : "no suitable mentor in the bank");
}

int ms_match_main(int argc, char **argv);

int ms_match_main(int argc, char **argv)
{
    cli c = {.o = {.capacity = 1}, .ru = true};
    int rc = parse(argc, argv, &c);
    if (rc)
        return rc;
    ms_error err = {0};
    ms_match_result *r = NULL;
    char buf[1024];
    c.o.on_quarantine = on_quarantine;
    c.o.ctx = &c;
    ms_status st = MS_OK;
    if (c.outdir) { /* a stop mid-way removes DIR.tmp-XXXXXX, puts DIR.old-XXXXXX back */
        ms_stop_watch_beside(c.outdir, ".tmp-", false);
        ms_stop_watch_beside(c.outdir, ".old-", true);
    }
    if (c.quarantine_path && !(c.quarantine = ms_quarantine_open(c.quarantine_path)))
        st = ms_error_set(&err, MS_ERR_IO, c.quarantine_path, 0, 0, "cannot write: %s",
                          strerror(errno));
    else if (c.quarantine)
        ms_stop_partial(c.quarantine_path, fileno(c.quarantine));
    if (st == MS_OK)
        st = ms_match_run(&c.o, &r, &err);
    if (c.shown > SHOWN_REASONS)
        fprintf(stderr, "mentorstat: … and %llu more %s quarantined%s\n",
                c.shown - SHOWN_REASONS,
                ms_plural(false, (double)(c.shown - SHOWN_REASONS), "", "", "", "row", "rows"),
                c.quarantine_path ? "" : " (see --quarantine)");
    if (c.quarantine && fclose(c.quarantine) != 0 && st == MS_OK)
        st = ms_error_set(&err, MS_ERR_IO, c.quarantine_path, 0, 0, "cannot write: %s",
                          strerror(errno));
    ms_stop_partial(NULL, -1); /* closed: whole */
    if (st == MS_OK && c.outdir)
        st = ms_match_write_dir(r, c.outdir, c.ru, &err);
    if (st != MS_OK) {
        ms_error_format(&err, buf, sizeof buf);
        fprintf(stderr, "mentorstat: %s\n", buf);
        ms_match_result_destroy(r);
        return 2;
    }
    if (c.json)
        ms_match_write_json(r, c.ru, stdout);
    else
        print_text(r);
    /* a --prefer column of something else than mentors' codes (a cold
     * review's curator chose «format»): the run honours nothing and said
     * so only in --json */
    size_t known = 0;
    for (size_t j = 0; j < r->n_mentees; j++)
        known += r->mentees[j].n_wishes;
    if (c.o.n_prefer && r->n_wish_unknown)
        fprintf(stderr,
                "mentorstat: warning: %zu %s in --prefer name no mentor of the bank%s; "
                "is it the column of wanted mentors' codes?\n",
                r->n_wish_unknown,
                ms_plural(false, (double)r->n_wish_unknown, "", "", "", "answer", "answers"),
                known ? "" : " and none names one");
    if (c.outdir)
        fprintf(c.json ? stderr : stdout,
                "written to %s/match.html and %s/tables/ (internal: shows the banks' codes%s)\n",
                c.outdir, c.outdir, r->names ? " and names" : "");
    rc = r->mentor_rows.quarantined || r->mentee_rows.quarantined || r->other_rows.quarantined
             ? 1
             : 0;
    ms_match_result_destroy(r);
    return rc;
}
