/*
 * report.h — the round-table report: a programme file names the
 * questionnaires; each is loaded, aggregated and analysed, every chart is
 * written as a gnuplot script (.gp) with its data (.dat) and rendered to SVG
 * by the external gnuplot program, and one self-contained HTML page
 * (inline CSS and SVG, no external requests) is written.
 *
 * Contract: the report is built in a temporary directory beside OUTDIR and
 * renamed into place only when complete, so a failure leaves the previous
 * report (or nothing) and never a half-written one.  No value of an id, pair
 * or personal variable is written anywhere; groups smaller than the
 * programme's minimum group size are suppressed with a note (the rules:
 * docs/privacy.md).  The programme file is docs/programme.md.  gnuplot is
 * looked up on PATH; when missing the error says how to install it.
 */
#ifndef MENTORSTAT_REPORT_H
#define MENTORSTAT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include "mentorstat/load.h"
#include "mentorstat/status.h"

#define MS_DEFAULT_PROGRAMME "surveys/example/programme.ini"

/* The bundled example's programme file, for `report` without one, written
 * into buf: $MENTORSTAT_DATADIR/example/programme.ini when that variable is
 * set (and nowhere else then); for the binary of a build tree the source
 * tree's MS_DEFAULT_PROGRAMME; else share/mentorstat/example/ beside the
 * installed executable (../share from its bin/), then under the configured
 * CMAKE_INSTALL_FULL_DATADIR.  MS_ERR_IO, naming the places, when none is
 * readable. */
ms_status ms_example_programme(char *buf, size_t size, ms_error *err);

/* What a questionnaire is for: the sections it feeds.  A programme file
 * names it by ms_role_name's words (docs/programme.md). */
typedef enum {
    MS_ROLE_NONE,                 /* not given (a programme file must give one) */
    MS_ROLE_MENTORS_BANK,         /* mentors_bank */
    MS_ROLE_MENTEES_REQUESTS,     /* mentees_requests */
    MS_ROLE_MENTEES_SATISFACTION, /* mentees_satisfaction */
    MS_ROLE_MENTORS_SATISFACTION, /* mentors_satisfaction */
    MS_ROLE_ENTRY_EXIT,           /* entry_exit */
    MS_ROLE_SURVEY,               /* survey: any other questionnaire (a course
                                     evaluation, a poll); only what every
                                     questionnaire supports: counts, items,
                                     reliability, comparisons, years */
} ms_role;

/* The programme file's word for a role ("" for MS_ROLE_NONE). */
const char *ms_role_name(ms_role role);

typedef struct {
    char *name;          /* section name */
    ms_role role;
    char *title;         /* display title (default from role) */
    char *codebook;      /* path, resolved against the programme file's directory */
    char **data;         /* this year's files */
    size_t n_data;
    char **earlier;      /* earlier years' files */
    size_t n_earlier;
    size_t *data_org;    /* municipal: per file of data/earlier, the index of its */
    size_t *earlier_org; /* organisation (MS_NO_ORG: the questionnaire's own); else NULL */
    /* `entry = FILES` / `exit = FILES` (and .earlier): the files are appended
     * to data (earlier) and data_wave[i] (earlier_wave[i]) is the wave their
     * rows take, 0 entry, 1 exit; -1 and files at or past n_data_wave
     * (n_earlier_wave) keep their own wave column. */
    int *data_wave, *earlier_wave;
    size_t n_data_wave, n_earlier_wave;
    char **by;           /* --by variables */
    size_t n_by;
    size_t line;         /* section line in the programme file */
    long participants;   /* people asked to answer (for coverage); 0: unknown */
    char *sheet;         /* the sheet of its .xlsx files; NULL: each one's first */
    /* `years = Y...`: the year of each file, data's then earlier's in their
     * order (n_years = n_data + n_earlier), read into the codebook's year
     * variable; NULL when not given */
    int *years;
    size_t n_years;
    size_t years_line;
} ms_questionnaire;

/* One organisation of a municipal programme ([organisation KEY]): its files
 * for each questionnaire.  The key is a private handle and never printed;
 * the report names an organisation only when the programme gives `name`,
 * else О1, О2, … by its place on the main index (never in the order of the
 * file, docs/privacy.md). */
#define MS_NO_ORG ((size_t)-1)

typedef struct {
    char *questionnaire; /* its [questionnaire NAME] */
    size_t q;            /* index into ms_programme.q */
    bool earlier;        /* `NAME.earlier = ...` */
    char **files;        /* data files or .msum summaries */
    size_t n_files;
    size_t line;
} ms_org_files;

typedef struct {
    char *key;
    char *name;          /* NULL: shown as О<number> */
    size_t line;
    ms_org_files *files;
    size_t n_files;
} ms_organisation;

/* [matching]: `report` also forms pairs and groups (match.h) and writes them,
 * as an internal document, to OUTDIR-internal/ (match.html, tables/), a
 * sibling of OUTDIR built and replaced the same way — never into OUTDIR,
 * which is published as a whole, and never named by the page. */
typedef struct {
    char *mentors, *mentees;  /* [questionnaire NAME]s; NULL: by role */
    char *capacity;           /* a number variable or a whole number; NULL: 1 */
    char **same;
    size_t n_same;
    bool names;
    char **differ;            /* group variables a pair must not share */
    size_t n_differ;
    char *keep, *exclude;     /* lists of pairs (paths resolved), or NULL */
    bool spread;              /* the most even load */
    int min_score, min_share; /* areas; percent of the requests */
    char **prefer;            /* mentees' variables naming wanted mentors */
    size_t n_prefer;
    char *split;              /* one questionnaire (mentors) holds both banks, split by it */
    size_t line;
} ms_matching;

typedef struct {
    char *path;
    char *organisation;
    char *signatory;     /* who signs the справка (position, name); NULL: a blank line */
    int year;
    char language[8];    /* "ru" (default) or "en" */
    int min_group;       /* default 5 */
    bool quotes;         /* may open answers be quoted */
    bool pairs;          /* may pairs be ranked (best practices): a pair is two
                            people, below any min_group, so only on request */
    double top_box;      /* threshold on a 10-point scale; default 8 */
    bool names_internal; /* `names = internal` (default): organisations' names only
                            in the office's copy; the published one says О1, О2, … */
    ms_questionnaire *q;
    size_t n_q;
    ms_organisation *orgs;  /* a municipal programme; their files are also */
    size_t n_orgs;          /* appended to each questionnaire's data/earlier */
    ms_matching *matching;  /* NULL without a [matching] section */
} ms_programme;

ms_status ms_programme_load(const char *path, ms_programme **out, ms_error *err);
void ms_programme_destroy(ms_programme *p);

typedef struct {
    ms_tally rows;       /* over every questionnaire */
    size_t charts;
    size_t sections;
    bool no_pandoc;      /* pandoc is not on PATH: spravka.docx was not written */
    bool matching;       /* OUTDIR-internal/ written ([matching]) */
    bool named_copy;     /* OUTDIR-internal/index.html: a municipal page naming
                            every organisation (the office's own copy) */
    char other_year[64]; /* a year this year's answers name that is not the
                            programme's school year (the page warns), or "" */
    unsigned long long match_left_out;  /* rows of the banks quarantined by match,
                                           their people not in the pairing */
} ms_report_summary;

ms_status ms_report_build(const char *programme, const char *outdir,
                          ms_report_summary *summary, ms_error *err);

#endif
