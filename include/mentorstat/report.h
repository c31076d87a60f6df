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
 * programme's minimum group size are suppressed with a note.  gnuplot is
 * looked up on PATH; when missing the error says how to install it.
 */
#ifndef MENTORSTAT_REPORT_H
#define MENTORSTAT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include "mentorstat/load.h"
#include "mentorstat/status.h"

#define MS_DEFAULT_PROGRAMME "surveys/example/programme.ini"

typedef struct {
    char *name;          /* section name */
    char *role;          /* mentors_bank, mentees_requests, mentees_satisfaction, ... */
    char *title;         /* display title (default from role) */
    char *codebook;      /* path, resolved against the programme file's directory */
    char **data;         /* this year's files */
    size_t n_data;
    char **earlier;      /* earlier years' files */
    size_t n_earlier;
    size_t *data_org;    /* municipal: per file of data/earlier, the index of its */
    size_t *earlier_org; /* organisation (MS_NO_ORG: the questionnaire's own); else NULL */
    char **by;           /* --by variables */
    size_t n_by;
    size_t line;         /* section line in the programme file */
    long participants;   /* people asked to answer (for coverage); 0: unknown */
} ms_questionnaire;

/* One organisation of a municipal programme ([organisation KEY]): its files
 * for each questionnaire.  The key is a private handle and never printed;
 * the report names an organisation only when the programme gives `name`,
 * else О1, О2, … in the order of the file. */
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

typedef struct {
    char *path;
    char *organisation;
    int year;
    char language[8];    /* "ru" (default) or "en" */
    int min_group;       /* default 5 */
    bool quotes;         /* may open answers be quoted */
    bool pairs;          /* may pairs be ranked (best practices): a pair is two
                            people, below any min_group, so only on request */
    double top_box;      /* threshold on a 10-point scale; default 8 */
    ms_questionnaire *q;
    size_t n_q;
    ms_organisation *orgs;  /* a municipal programme; their files are also */
    size_t n_orgs;          /* appended to each questionnaire's data/earlier */
} ms_programme;

ms_status ms_programme_load(const char *path, ms_programme **out, ms_error *err);
void ms_programme_destroy(ms_programme *p);

typedef struct {
    ms_tally rows;       /* over every questionnaire */
    size_t charts;
    size_t sections;
} ms_report_summary;

ms_status ms_report_build(const char *programme, const char *outdir,
                          ms_report_summary *summary, ms_error *err);

#ifdef MS_REPORT_INTERNAL
/* ---------- internals of the report stage: src/report*.c only ----------
 * (compiled with MS_REPORT_INTERNAL defined; not part of the library's API) */
#include <stdio.h>
#include "mentorstat/aggregate.h"
#include "mentorstat/results.h"

/* A growing string with a sticky failure flag: append freely, check
 * `failed` once at the end (like a FILE's error indicator). */
typedef struct {
    char *s;
    size_t len, cap;
    bool failed;
} ms_sbuf;

void ms_sbuf_free(ms_sbuf *b);
void ms_sbuf_putn(ms_sbuf *b, const char *s, size_t n);
void ms_sbuf_puts(ms_sbuf *b, const char *s);
void ms_sbuf_printf(ms_sbuf *b, const char *fmt, ...) MS_PRINTF(2, 3);
/* Text with & < > " ' escaped for HTML. */
void ms_sbuf_html(ms_sbuf *b, const char *s);
/* A single-quoted gnuplot string: ' doubled, control characters as spaces. */
void ms_sbuf_gp(ms_sbuf *b, const char *s);
/* A tic label: the same with % doubled (gnuplot reads tic labels as
 * formats), wrapped into lines of about `width` characters. */
void ms_sbuf_gp_tic(ms_sbuf *b, const char *s, size_t width);
/* Text safe inside a gnuplot/.dat comment line (no newline, no backslash). */
void ms_sbuf_comment(ms_sbuf *b, const char *s);

/* One questionnaire of the programme, analysed. */
typedef struct {
    const ms_questionnaire *q;
    ms_codebook *cb;
    ms_aggregate *cur;      /* this year's files */
    ms_aggregate *all;      /* this year's and earlier files; == cur without earlier */
    ms_loader *ld_cur, *ld_earlier;
    ms_tally *tally_cur, *tally_earlier; /* rows of each file of q->data, q->earlier */
    ms_results *res;        /* of cur */
    size_t n_user_by;       /* cur->by[0..n_user_by) are the programme's `by` */
    long year_by;           /* index into ->by of the year variable, or -1 */
    long main_m;            /* measure of the first construct's score, or -1 */
} ms_rq;

typedef struct {
    const ms_programme *prog;
    ms_rq *q;
    size_t n_q;
    char *dir;              /* the temporary directory being filled */
    bool ru;
    size_t charts, sections, tables;
    ms_tally rows;
    struct ms_rorgs *orgs;  /* municipal: a few figures per organisation (report_municipal.c) */
    struct ms_ranswers *answers; /* satisfaction rows for pairs and quotes, or NULL */
    ms_error *err;
} ms_report;

/* Load, aggregate and analyse one questionnaire (report_model.c). */
ms_status ms_report_load(ms_report *r, const ms_questionnaire *q, ms_rq *rq);
void ms_report_unload(ms_rq *rq);

#define MS_TR(r, ru_text, en_text) ((r)->ru ? (ru_text) : (en_text))

/* Numbers as the page prints them: decimal comma in ru, U+2212 minus in
 * HTML; "—" for NAN.  csv: ASCII minus, "" for NAN. */
const char *ms_rnum(const ms_report *r, char *buf, size_t size, double x, int decimals,
                    bool csv);
const char *ms_rp(const ms_report *r, char *buf, size_t size, double p, bool csv);
/* "p = 0,023" or "p &lt; 0,001", ready for the page. */
const char *ms_rp_html(const ms_report *r, char *buf, size_t size, double p);

/* A table written at once as HTML rows and as tables/NAME.csv. */
typedef struct {
    const ms_report *r;
    char name[96];
    ms_sbuf html, csv;
    size_t col, rows;
} ms_rtable;

void ms_rtable_begin(ms_rtable *t, const ms_report *r, const char *name);
void ms_rtable_head(ms_rtable *t, const char *text);
/* A range column: one on the page, two (low, high) in the CSV. */
void ms_rtable_head_range(ms_rtable *t, const char *text);
void ms_rtable_text(ms_rtable *t, const char *text);
void ms_rtable_num(ms_rtable *t, double x, int decimals);
void ms_rtable_pct(ms_rtable *t, double share, int decimals); /* 0..1 shown as % */
void ms_rtable_p(ms_rtable *t, double p);
void ms_rtable_range(ms_rtable *t, double lo, double hi, int decimals); /* "a–b" */
void ms_rtable_hidden(ms_rtable *t);       /* a suppressed figure */
void ms_rtable_hidden_range(ms_rtable *t); /* a suppressed range */
void ms_rtable_end_row(ms_rtable *t);
/* Append <table> to html, write tables/NAME.csv; frees t. */
ms_status ms_rtable_finish(ms_rtable *t, ms_report *r, const char *caption, ms_sbuf *html);

/* Write a buffer to DIR/NAME (NAME may contain one subdirectory). */
ms_status ms_report_write(const ms_report *r, const char *name, const ms_sbuf *b);

/* Groups of one --by variable for measure m (levels in natural order):
 * n, moments, quality index; `shown` when n >= min_group. */
typedef struct {
    const char *level;
    double n;
    ms_moments mo;
    ms_interval index;
    bool shown;
} ms_rgroup;

/* Fill out[] (room for the variable's number of levels) with the levels
 * that have answers, *n of them.  m == MS_RALL_ROWS counts rows instead of
 * the answers to a measure. */
#define MS_RALL_ROWS ((size_t)-1)
ms_status ms_report_groups(const ms_report *r, const ms_aggregate *agg, size_t by, size_t m,
                           ms_rgroup *out, size_t *n);
size_t ms_report_n_levels(const ms_aggregate *agg, size_t by);
/* The figures of one cell (level stays NULL). */
void ms_report_cell_group(const ms_report *r, const ms_aggregate *agg, const ms_cell *cell,
                          size_t m, ms_rgroup *g);
/* Where exactly one group is hidden, hide the smallest shown one too. */
void ms_report_hide_complement(ms_rgroup *g, size_t n);

/* Municipal programmes (report_municipal.c): each organisation's own
 * aggregates, its display label, and the section comparing them. */
ms_status ms_report_load_orgs(ms_report *r);
void ms_report_unload_orgs(ms_report *r);
void ms_report_org_label(const ms_report *r, size_t o, char *buf, size_t size);

/* A test between the groups of one --by variable that are large enough to show. */
typedef struct {
    const char *label;      /* measure or variable label */
    const char *test;       /* welch_t, anova, chi_square */
    ms_test t;
    const char *why;
    double p_holm;
    ms_rgroup *groups;      /* shown groups (means NAN for categories) */
    size_t n_groups, n_hidden;
} ms_rcomparison;

/* Every comparison of questionnaire rq by its b-th --by variable, Holm-adjusted
 * together; *out is freed with ms_report_comparisons_free. */
ms_status ms_report_comparisons(const ms_report *r, const ms_rq *rq, size_t b,
                                const ms_aggregate *agg, ms_rcomparison **out, size_t *n);
void ms_report_comparisons_free(ms_rcomparison *c, size_t n);

/* Means of measure m among respondents seen in both waves (from, to). */
typedef struct {
    double n, from, to;
} ms_rpaired_means;
ms_status ms_report_paired_means(const ms_aggregate *agg, ms_rpaired_means *out);

/* Write charts/NAME.gp and .dat, render with gnuplot and append the figure
 * (inline SVG and caption) to html. */
ms_status ms_chart_render(ms_report *r, const char *name, const ms_sbuf *gp,
                          const ms_sbuf *dat, const char *caption, ms_sbuf *html);
/* The gnuplot script's first lines: terminal, output, decimal sign. */
void ms_chart_preamble(const ms_report *r, ms_sbuf *gp, const char *name, const char *title,
                       int height);
/* ... and its last: the PNG copy when pngcairo exists. */
void ms_chart_postamble(const ms_report *r, ms_sbuf *gp, const char *name, int height);
/* The one palette (ColorBrewer RdBu): k diverging colours, as 0xRRGGBB. */
unsigned long ms_chart_diverging(size_t i, size_t k);
#define MS_COLOUR_A 0x2166ac /* blue: mentees, exit, supply */
#define MS_COLOUR_B 0xb2182b /* red: mentors, entry, demand */
#define MS_COLOUR_C 0x4d4d4d /* grey: overall */

/* What a chart shows: rows top to bottom, series side by side. */
typedef struct {
    const char *name;          /* charts/NAME.gp, .dat, .svg, .png */
    const char *title;         /* caption */
    const char *xlabel;        /* value axis */
    double xmin, xmax;         /* value axis range */
    const char *series[4];
    size_t n_series;
    const char *const *rows;
    size_t n_rows;
} ms_chart;

/* One plotted value: row and series, the estimate x (.y for trends) and
 * its interval lo..hi. */
typedef struct {
    size_t row, series;
    double x, y, lo, hi;
} ms_cpoint;

ms_status ms_chart_dots(ms_report *r, const ms_chart *c, const ms_cpoint *p, size_t n,
                        int decimals, ms_sbuf *html);
ms_status ms_chart_dumbbell(ms_report *r, const ms_chart *c, const ms_cpoint *p, size_t n,
                            ms_sbuf *html);
ms_status ms_chart_trend(ms_report *r, const ms_chart *c, const ms_cpoint *p, size_t n,
                         ms_sbuf *html);
ms_status ms_chart_bars(ms_report *r, const ms_chart *c, const ms_cpoint *p, size_t n,
                        ms_sbuf *html);
/* Diverging stacked bars of the answers to scale items sharing one range. */
ms_status ms_chart_distribution(ms_report *r, const char *name, const char *title,
                                const ms_item_result *const *items, size_t n, ms_sbuf *html);

/* Fail with MS_ERR_EXTERNAL unless gnuplot is on PATH. */
ms_status ms_chart_check_gnuplot(ms_error *err);

/* ---------- the page (report_html.c, report_sections.c) ---------- */

/* The page is written as a table of contents and a body side by side. */
typedef struct {
    ms_sbuf toc, body;
} ms_page;

ms_status ms_report_page(ms_report *r, ms_sbuf *html);
void ms_html_section(ms_report *r, ms_page *pg, const char *id, const char *title);
void ms_html_p(ms_sbuf *b, const char *cls, const char *text);   /* <p class> escaped </p> */
void ms_html_hidden_note(const ms_report *r, ms_sbuf *b);          /* the min_group note */
bool ms_rq_is(const ms_rq *rq, const char *role);
bool ms_rq_is_satisfaction(const ms_rq *rq);
bool ms_rq_is_construct(const ms_rq *rq, size_t m);
/* The first questionnaire with this role, or NULL. */
const ms_rq *ms_report_role(const ms_report *r, const char *role);
/* NAME-what: a chart or table name unique in the report. */
void ms_rq_table_name(char *buf, size_t size, const ms_rq *rq, const char *what);
void ms_html_h3(ms_sbuf *b, const char *text);
/* Index of label in labels[0..n) (case-insensitive), or -1. */
long ms_find_label(const char *const *labels, size_t n, const char *label);
/* Tables of the answers: items (mean, CI, median; top box and index for
 * satisfaction) and choices (counts per answer). */
ms_status ms_rq_items_table(ms_report *r, const ms_rq *rq, ms_sbuf *html, bool top_box);
ms_status ms_rq_categories_table(ms_report *r, const ms_rq *rq, ms_sbuf *html, const char *what,
                                 const char *caption);
/* Words: "малый" for an effect, "t-критерий Уэлча" for a test,
 * "g" for hedges_g. */
const char *ms_effect_words(const ms_report *r, const char *name, double e);
const char *ms_effect_symbol(const char *name);
const char *ms_test_words(const ms_report *r, const char *test);

/* Large enough to publish: n >= min_group. */
static inline bool ms_report_enough(const ms_report *r, double n)
{
    return n >= r->prog->min_group;
}

/* ms_rnum for the page. */
static inline const char *ms_rfmt(const ms_report *r, char *buf, size_t size, double x,
                                  int decimals)
{
    return ms_rnum(r, buf, size, x, decimals, false);
}
/* The measure's type is `scale` (not a number item, not a construct). */
bool ms_rq_is_scale(const ms_rq *rq, size_t m);
/* Display label of measure m: a construct is «шкала NAME». */
void ms_rq_label(const ms_report *r, const ms_rq *rq, size_t m, char *buf, size_t size);
/* Sentences of the summary's findings, appended as <li>. */
ms_status ms_report_findings(ms_report *r, ms_sbuf *ul);
ms_status ms_report_practices_finding(ms_report *r, ms_sbuf *ul);
ms_status ms_report_gap_finding(ms_report *r, ms_sbuf *ul);

ms_status ms_section_bank(ms_report *r, ms_page *pg);
ms_status ms_section_satisfaction(ms_report *r, ms_page *pg);
ms_status ms_section_growth(ms_report *r, ms_page *pg);
ms_status ms_section_years(ms_report *r, ms_page *pg);
ms_status ms_section_reliability(ms_report *r, ms_page *pg);
ms_status ms_section_appendix(ms_report *r, ms_page *pg);
ms_status ms_section_organisations(ms_report *r, ms_page *pg);
ms_status ms_section_gap(ms_report *r, ms_page *pg);
ms_status ms_section_practices(ms_report *r, ms_page *pg);
/* The comparison of forms by tests, as part of another section. */
ms_status ms_comparisons_body(ms_report *r, ms_sbuf *b);

/* ---------- rows kept for pairs and quotes (report_answers.c) ----------
 * This year's rows of the two satisfaction questionnaires are read a second
 * time for what aggregates cannot give: which mentee and mentor belong to one
 * pair, and the open answers to quote.  Pair codes are compared to number the
 * pairs and then freed; open answers are scrubbed as they are read, with the
 * row's personal values, which are not kept either. */
#define MS_NO_PAIR ((size_t)-1)
typedef struct {
    size_t q;               /* index into ms_report.q */
    bool mentor;            /* from mentors' questionnaire */
    double index;           /* the compared construct's score as 0–100; NAN when incomplete */
    size_t pair;            /* 0..n_pairs-1 (no meaning beyond grouping), or MS_NO_PAIR */
    long form;              /* index into forms, or -1 */
    char **texts;           /* per open question of q (its text variables in order);
                               NULL where blank or quotes are off */
} ms_rrow;

typedef struct ms_ranswers {
    ms_rrow *rows;
    size_t n_rows, cap;
    char **forms;           /* labels of the form variable, as first seen */
    size_t n_forms, forms_cap;
    size_t n_pairs;
    const char *construct;  /* name of the construct compared */
    const char *form_var;   /* name of the grouping variable (`by`), or NULL */
    long m[2];              /* measure of the construct in mentees' [0] and mentors' [1] */
    long q[2];              /* their questionnaires (index into ms_report.q), -1 */
} ms_ranswers;

ms_status ms_report_load_answers(ms_report *r);
void ms_report_free_answers(ms_report *r);
/* The n-th text variable of questionnaire q (label), for quotes. */
const char *ms_report_text_label(const ms_report *r, size_t q, size_t k);
/* Write kopilka.csv and kopilka.md (report_kopilka.c). */
typedef struct {
    const char *label;      /* «Учитель – учитель» or П3 */
    long form;              /* index into answers->forms */
    size_t pair;            /* for a pair, else MS_NO_PAIR */
    double n, raw, shrunk, lo, hi;
} ms_rpractice;
/* Shrink p[0..*n) (n and raw set, variances in vars) toward their
 * precision-weighted mean (ms_shrink); keep those shrunk, best first in a
 * total order (ties by form, then pair).  report_practices.c. */
ms_status ms_report_shrink_rank(ms_report *r, ms_rpractice *p, size_t *n, const double *vars);
ms_status ms_report_kopilka(ms_report *r, const ms_rpractice *c, size_t n, double grand,
                            ms_sbuf *html);

/* A forest plot: estimates with intervals, a dashed line at ref and the
 * rows flagged in hit[] drawn in the first colour, the rest in grey. */
ms_status ms_chart_forest(ms_report *r, const ms_chart *c, const ms_cpoint *p, size_t n,
                          double ref, const char *ref_label, const bool *hit, ms_sbuf *html);
#endif

#endif
