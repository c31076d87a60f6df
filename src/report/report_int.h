/*
 * report_int.h (private) — what the files of the report stage share; the
 * library's users see only mentorstat/report.h.  The report is built in
 * layers, each calling only those before it:
 *   primitives  report_deliver.c (the document model: sections, tables of
 *               typed cells, charts and findings, handed over as the page is
 *               built), present/present.h (escaping, numbers, tables,
 *               shared with match/),
 *               report_charts.c, report_blocks.c (headings, paragraphs, words),
 *               plural.c;
 *   model       report_model.c (questionnaires loaded, groups, comparisons),
 *               report_questionnaire.c, report_answers.c (rows for pairs and
 *               quotes), report_rank.c (shrinkage and ranking),
 *               report_forms.c (the index per form from the aggregates),
 *               report_municipal.c's loading of organisations;
 *   sections    report_summary.c, report_sections.c, report_gap.c,
 *               report_growth.c, report_tests.c, report_practices.c,
 *               report_municipal.c with report_territory.c (its views at any
 *               number of organisations, and the appendix's table per
 *               organisation), report_appendix.c, with report_kopilka.c
 *               (a deliverable the best-practices section writes);
 *   page        report_html.c (the sections as a table), the deliverables
 *               rendered from the model, never from the page (report_xlsx.c,
 *               report_docx.c, report_slides.c, report_site.c, sharing
 *               report/report_deliver.h), report.c (the directory, renamed
 *               into place).
 * A section calls no other section's entry point; tools/include-cycles
 * lists any cycle among the files.
 */
#ifndef MENTORSTAT_REPORT_INT_H
#define MENTORSTAT_REPORT_INT_H

#include "mentorstat/report.h"
#include <stdio.h>
#include "mentorstat/aggregate.h"
#include "mentorstat/input.h"
#include "mentorstat/results.h"
#include "present.h"
#include "sbuf.h"

/* Record "out of memory" in the report's error and return its status. */
#define NOMEM(r) ms_error_set((r)->pr.err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory")

/* ---------- the report being built ---------- */

/* One questionnaire of the programme, analysed. */
typedef struct {
    const ms_questionnaire *q;
    ms_codebook *cb;
    ms_aggregate *cur;      /* this year's files */
    ms_aggregate *all;      /* this year's and earlier files; == cur without earlier */
    ms_loader *ld_cur, *ld_earlier;
    ms_tally *tally_cur, *tally_earlier; /* rows of each file of q->data, q->earlier */
    ms_results *res;        /* of cur */
    ms_results *res_all;    /* of all; == res without earlier years */
    size_t n_user_by;       /* cur->by[0..n_user_by) are the programme's `by` */
    long year_by;           /* index into ->by of the year variable, or -1 */
    long main_m;            /* measure of the first construct's score, or -1 */
    /* municipal: each organisation's rows in each level of cur's --by
     * variables, org_parts[b][o * levels + l] (report_municipal.c), from
     * which res is decided again so that no organisation, taking its own
     * rows from a published group, learns of fewer than min_group others */
    double **org_parts;
    double **org_parts_all; /* the same for all's levels (every year), when all != cur */
} ms_rq;

typedef struct {
    ms_present pr;          /* the temporary directory being filled, language, error */
    const ms_programme *prog;
    ms_rq *q;
    size_t n_q;
    size_t charts, sections;
    ms_tally rows;
    struct ms_rorgs *orgs;  /* municipal: a few figures per organisation (report_municipal.c) */
    unsigned long long match_left_out; /* [matching]: quarantined rows not in the pairing */
    struct ms_ranswers *answers; /* satisfaction rows for pairs and quotes, or NULL */
    struct ms_deliver *deliver;  /* what the other deliverables reuse (src/report/report_deliver.h) */
    bool names_orgs;        /* the office's internal copy: organisations by name, else key */
    bool internal;          /* OUTDIR-internal/index.html: the page with what is not for
                               publishing (organisations named, pairs ranked), no deliverables */
    struct ms_gnuplot *gp;  /* the charts' gnuplot, started by the first (report_charts.c) */
    ms_sbuf chart_note;     /* the chart being drawn: full wording of the row labels its
                               slide and phone copies shorten (report_charts.c) */
} ms_report;

/* The page is written as a table of contents and a body side by side. */
typedef struct {
    ms_sbuf toc, body;
} ms_page;

/* ---------- primitives: text, numbers, tables (present/present.h) ---------- */

#define MS_TR(r, ru_text, en_text) ((r)->pr.ru ? (ru_text) : (en_text))

/* Large enough to publish: n >= min_group. */
static inline bool ms_report_enough(const ms_report *r, double n)
{
    return n >= r->prog->min_group;
}

/* ms_rnum for the page. */
static inline const char *ms_rfmt(const ms_report *r, char *buf, size_t size, double x,
                                  int decimals)
{
    return ms_rnum(&r->pr, buf, size, x, decimals, false);
}

/* ---------- primitives: the document model (report_deliver.c) ----------
 * tables.xlsx, spravka.docx, slides.html and summary.html are rendered from
 * the tables, charts, sections and findings handed over here as the page is
 * built (tables through the table writer's on_table, set here).  Each hook
 * is a no-op when r->deliver is NULL. */
ms_status ms_deliver_create(ms_report *r, bool pandoc);
/* A chart as written (report_charts.c): its name, caption, inline SVG and
 * the SVGs of its copies for the slides and for a phone (larger type). */
ms_status ms_deliver_chart(ms_report *r, const char *name, const char *caption,
                           const char *svg, size_t svg_len, const char *slide_svg,
                           size_t slide_len, const char *phone_svg, size_t phone_len,
                           const char *note);
void ms_deliver_destroy(ms_report *r);
void ms_deliver_section(ms_report *r, const char *id, const char *title, size_t start);
ms_status ms_deliver_page(ms_report *r, const ms_sbuf *body);
/* The main findings appended to ul since the last call belong to the
 * section with id PREFIX NAME (its first chart goes with them on a slide);
 * how many there were. */
size_t ms_deliver_finding(ms_report *r, const ms_sbuf *ul, const char *prefix, const char *name);
/* What the last finding handed over means and what to do about it (HTML
 * text, either NULL): the справка's conclusions and recommendations. */
void ms_deliver_advice(ms_report *r, const char *meaning, const char *action);
/* The last finding said briefly, without its technical figures (HTML text):
 * what the slides and the site page show. */
void ms_deliver_brief_set(ms_report *r, const char *brief);
/* What the chart just handed over shows, a sentence (HTML) heading its slide. */
void ms_deliver_chart_headline(ms_report *r, const char *html);
/* The findings' «what to do» lines as <ul class="actions">, or nothing. */
void ms_deliver_actions_html(const ms_report *r, ms_sbuf *html);
/* The report's date, «7 декабря 2026 г.»: the day it is made (UTC), or
 * SOURCE_DATE_EPOCH's, for identical reruns. */
void ms_deliver_date(const ms_report *r, ms_sbuf *out);
/* «Как читать»: the figures of the findings explained once. */
void ms_html_glossary(const ms_report *r, ms_sbuf *html);
/* The list of deliverables for the page's contents (links; pandoc missing). */
void ms_deliver_contents(const ms_report *r, ms_sbuf *html);
/* pandoc was found: spravka.docx is written. */
bool ms_deliver_pandoc(const ms_report *r);

/* [matching]: the internal pairing document, DIR/match.html and DIR/tables/
 * (report_match.c); DIR is the temporary of OUTDIR-internal, never in OUTDIR. */
ms_status ms_report_match(ms_report *r, const char *dir);

/* ---------- primitives: charts (report_charts.c) ---------- */

/* Write charts/NAME.gp and .dat, render with gnuplot and append the figure
 * (inline SVG and caption) to html. */
ms_status ms_chart_render(ms_report *r, const char *name, const ms_sbuf *gp,
                          const ms_sbuf *dat, const char *caption, ms_sbuf *html);
/* The gnuplot script's first lines: terminal, output, decimal sign. */
void ms_chart_preamble(const ms_report *r, ms_sbuf *gp, const char *name, const char *title,
                       int height);
/* ... and its last: the PNG copy when pngcairo exists. */
void ms_chart_postamble(const ms_report *r, ms_sbuf *gp, const char *name, int height);
/* A value of a .dat file with the decimals the page prints it with. */
void ms_chart_value(ms_sbuf *b, double x, int decimals);
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

/* An index chart's value axis from its data rather than 0–100 (a band of
 * ten points is lost in a 0–100 axis): multiples of 20 around every
 * estimate and interval (p.x, or p.y when on_y), from 0 only when the
 * values come near it, so charts of like figures share their axis; the
 * axis title says where it starts (label written into buf). */
void ms_chart_index_range(const ms_report *r, ms_chart *c, const ms_cpoint *p, size_t n,
                          bool on_y, char *buf, size_t size);
ms_status ms_chart_dots(ms_report *r, const ms_chart *c, const ms_cpoint *p, size_t n,
                        int decimals, ms_sbuf *html);
ms_status ms_chart_dumbbell(ms_report *r, const ms_chart *c, const ms_cpoint *p, size_t n,
                            ms_sbuf *html);
ms_status ms_chart_trend(ms_report *r, const ms_chart *c, const ms_cpoint *p, size_t n,
                         ms_sbuf *html);
ms_status ms_chart_bars(ms_report *r, const ms_chart *c, const ms_cpoint *p, size_t n,
                        ms_sbuf *html);
/* Diverging stacked bars of the answers to scale items sharing one range,
 * a row each, labelled labels[i] (as ms_rq_label says the item). */
ms_status ms_chart_distribution(ms_report *r, const char *name, const char *title,
                                const ms_item_result *const *items, const char *const *labels,
                                size_t n, ms_sbuf *html);

/* Fail with MS_ERR_EXTERNAL unless gnuplot is on PATH. */
ms_status ms_chart_check_gnuplot(ms_error *err);
/* Ends the charts' gnuplot once every chart is drawn (a no-op when none
 * was); an error when it did not exit cleanly. */
ms_status ms_chart_close(ms_report *r);
/* A program on PATH, looked up as gnuplot is (pandoc for spravka.docx). */
bool ms_report_on_path(const char *prog);
/* argv[0] on PATH run in dir, stdin /dev/null, stdout and stderr to log
 * (appended or truncated), waited for into *status: 0 or an errno value
 * (ENOENT: not found). */
int ms_report_spawn(const char *dir, const char *log, bool append, char *const argv[],
                    int *status);

/* A forest plot: estimates with intervals, a dashed line at ref and the
 * rows flagged in hit[] drawn in the first colour, the rest in grey. */
ms_status ms_chart_forest(ms_report *r, const ms_chart *c, const ms_cpoint *p, size_t n,
                          double ref, const char *ref_label, const bool *hit, ms_sbuf *html);

/* A histogram of x[0..n) (organisations' indices, 0–100) with a dashed
 * line at centre and the lowest and highest labelled. */
ms_status ms_chart_org_histogram(ms_report *r, const char *name, const char *title,
                                 const double *x, const char *const *labels, size_t n,
                                 double centre, ms_sbuf *html);

/* ---------- primitives: pieces of the page (report_blocks.c) ---------- */

void ms_html_section(ms_report *r, ms_page *pg, const char *id, const char *title);
void ms_html_p(ms_sbuf *b, const char *cls, const char *text);   /* <p class> escaped </p> */
/* The same from a buffer; a failed text makes b fail (never an empty <p>). */
void ms_html_p_of(ms_sbuf *b, const char *cls, const ms_sbuf *text);
void ms_html_hidden_note(const ms_report *r, ms_sbuf *b);          /* the min_group note */
/* The footnotes of a table's hidden cells: «*» fewer than min_group people,
 * «**» hidden so that no other hidden group can be worked out; each only
 * when it occurs. */
void ms_html_hidden_notes(const ms_report *r, ms_sbuf *b, bool small, bool complement);
/* The same as plain text, a line each (the workbook's and the справка's). */
void ms_text_hidden_notes(const ms_report *r, ms_sbuf *b, bool small, bool complement);
void ms_html_h3(ms_sbuf *b, const char *text);
/* The organisation and year line, escaped (the deliverables' subtitle). */
void ms_html_subtitle(const ms_report *r, ms_sbuf *html);
/* The programme's school year, which its `year` ends: «2024/25 учебный
 * год», or with in «в 2024/25 учебном году» ("" / «в этом учебном году»
 * without a year). */
const char *ms_report_period(const ms_report *r, bool in, char *buf, size_t size);
/* A label of this year's year variable that is not the programme's school
 * year (the data of another year under this year's heading), or NULL. */
const char *ms_report_year_mismatch(const ms_report *r);
/* That, as a warning on the page (nothing when the years agree). */
void ms_html_year_warning(const ms_report *r, ms_sbuf *html);
/* Index of label in labels[0..n) (case-insensitive), or -1. */
long ms_find_label(const char *const *labels, size_t n, const char *label);
/* Words: "малый" for an effect, "t-критерий Уэлча" for a test,
 * "g" for hedges_g. */
const char *ms_effect_words(const ms_report *r, const char *name, double e);
const char *ms_effect_symbol(const char *name);
const char *ms_test_words(const ms_report *r, const char *test);

/* ---------- model (report_model.c, report_questionnaire.c, report_rank.c) ---------- */

/* Load, aggregate and analyse one questionnaire (report_model.c). */
ms_status ms_report_load(ms_report *r, const ms_questionnaire *q, ms_rq *rq);
/* rq->res and rq->res_all again, their groups decided against the
 * organisations too (rq->org_parts, org_parts_all; municipal programmes). */
ms_status ms_report_decide_again(ms_report *r, ms_rq *rq);
/* parts[0..n_by) and parts (NULL: nothing). */
void ms_report_free_parts(double **parts, size_t n_by);
void ms_report_unload(ms_rq *rq);
bool ms_rq_is(const ms_rq *rq, ms_role role);
bool ms_rq_is_satisfaction(const ms_rq *rq);
bool ms_rq_has_index(const ms_rq *rq);
bool ms_report_mentoring(const ms_report *r);
bool ms_rq_is_construct(const ms_rq *rq, size_t m);
/* The measure's type is `scale` (not a number item, not a construct). */
bool ms_rq_is_scale(const ms_rq *rq, size_t m);
/* The first questionnaire with this role, or NULL. */
const ms_rq *ms_report_role(const ms_report *r, ms_role role);
/* NAME-what: a chart or table name unique in the report. */
void ms_rq_table_name(char *buf, size_t size, const ms_rq *rq, const char *what);
/* Display label of measure m: a construct is «шкала NAME». */
void ms_rq_label(const ms_report *r, const ms_rq *rq, size_t m, char *buf, size_t size);
/* Whether measure m is an item the codebook marks reverse-keyed (its
 * answers recoded, so a high answer is good, against its wording). */
bool ms_rq_reverse(const ms_rq *rq, size_t m);

/* Groups of one --by variable for measure m (levels in natural order):
 * n, moments, quality index; `shown` when n >= min_group. */
typedef struct {
    const char *level;
    double n;
    ms_moments mo;
    ms_interval index;
    bool shown;
    ms_group_hiding hiding; /* why not shown: too small, or hidden as complement */
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
/* The results of agg (a questionnaire's cur or all), NULL for none. */
const ms_results *ms_report_results(const ms_report *r, const ms_aggregate *agg);
/* The one small-group decision (ms_results' ms_suppression) for level l of
 * the b-th --by variable of agg: every table, chart and test reads it. */
ms_group_hiding ms_report_hiding(const ms_report *r, const ms_aggregate *agg, size_t b, size_t l);

/* A test between the groups of one --by variable that are large enough to show. */
typedef struct {
    const char *label;      /* measure or variable label */
    const char *test;       /* welch_t, anova, chi_square */
    ms_test t;
    const char *why;
    double p_holm;
    ms_rgroup *groups;      /* shown groups (means NAN for categories) */
    size_t n_groups;
    size_t n_hidden;        /* groups below min_group */
    size_t n_complement;    /* groups hidden so that no other can be derived */
} ms_rcomparison;

/* Every comparison of questionnaire rq by its b-th --by variable in the
 * answers of agg, as a table of the page. */
ms_status ms_rq_comparisons_table(ms_report *r, const ms_rq *rq, size_t b,
                                  const ms_aggregate *agg, ms_sbuf *html);
/* Every comparison of questionnaire rq by its b-th --by variable, as
 * ms_results ran and Holm-adjusted it (with the report's min_group); *out is
 * freed with ms_report_comparisons_free. */
ms_status ms_report_comparisons(const ms_report *r, const ms_rq *rq, size_t b,
                                const ms_aggregate *agg, ms_rcomparison **out, size_t *n);
void ms_report_comparisons_free(ms_rcomparison *c, size_t n);

/* Means of measure m among respondents seen in both waves (from, to). */
typedef struct {
    double n, from, to;
} ms_rpaired_means;
ms_status ms_report_paired_means(const ms_aggregate *agg, ms_rpaired_means *out);

typedef struct {
    const char *label;      /* «Учитель – учитель» or П3 */
    long form;              /* index into answers->forms */
    size_t pair;            /* for a pair, else MS_NO_PAIR */
    double n, raw, shrunk, lo, hi;
    bool org;               /* an organisation of a territory (label names its questionnaire) */
    double mean;            /* org: the territory's mean it was compared with */
} ms_rpractice;
/* Shrink p[0..*n) (n and raw set, variances in vars) toward their
 * precision-weighted mean (ms_shrink); keep those shrunk, best first in a
 * total order (ties by form, then pair).  report_rank.c. */
ms_status ms_report_shrink_rank(ms_report *r, ms_rpractice *p, size_t *n, const double *vars);

/* Municipal programmes (report_municipal.c): each organisation's own
 * aggregates, its display label, and the section comparing them. */
ms_status ms_report_load_orgs(ms_report *r);
void ms_report_unload_orgs(ms_report *r);
/* Forget what a page built of the organisations (its appendix part), so a
 * second page (the office's named copy) builds its own. */
void ms_report_orgs_new_page(ms_report *r);
void ms_report_org_label(const ms_report *r, size_t o, char *buf, size_t size);
/* Organisation o's `name` where this copy may show it (`names = internal`
 * keeps names to the office's copy), else NULL. */
const char *ms_report_org_name(const ms_report *r, size_t o);
/* The organisations the page named as candidates for the collection, into
 * out (room for all: out NULL counts them); their labels live in r->orgs. */
size_t ms_report_orgs_candidates(ms_report *r, ms_rpractice *out);
/* Whether the published copy may be written: false when, in some
 * questionnaire, one organisation taking its own figures from the
 * territory's would learn the others' together at fewer than min_group
 * rows (docs/privacy.md; report_territory.c). */
bool ms_report_orgs_publishable(const ms_report *r);
/* Why it may not, a sentence in the page's language (the office's copy
 * says it on top); nothing when it may. */
void ms_report_orgs_refusal(const ms_report *r, ms_sbuf *b);
/* That refusal as the build's error, at the questionnaire's line of the
 * programme file, naming where the office's copy was written. */
ms_status ms_report_orgs_refused(const ms_report *r, const char *programme, const char *internal);

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
    /* pairs = yes only: each pair's code (the organisation's key before it
     * in a territory), for the internal copy's key of П1, П2, … to codes;
     * and the pairs by rank once ranked (ranked[0] is П1) */
    char **pair_codes;
    size_t *ranked, n_ranked;
    const char *construct;  /* display label of the construct compared */
    const char *form_var;   /* name of the grouping variable (`by`), or NULL */
    long m[2];              /* measure of the construct in mentees' [0] and mentors' [1] */
    long q[2];              /* their questionnaires (index into ms_report.q), -1 */
} ms_ranswers;

ms_status ms_report_load_answers(ms_report *r);
/* pairs-key.csv into dir (the internal copy): П1, П2, … and each pair's
 * code, when pairs were ranked; nothing otherwise. */
ms_status ms_report_write_pair_key(const ms_report *r, const char *dir);
/* The pairs ranked (П1…), and the code of the pair ranked i-th (NULL when
 * the programme keeps no codes): the key in the internal справка. */
size_t ms_report_pairs_ranked(const ms_report *r);
const char *ms_report_pair_code(const ms_report *r, size_t i);
void ms_report_free_answers(ms_report *r);
/* The n-th text variable of questionnaire q (label), for quotes. */
const char *ms_report_text_label(const ms_report *r, size_t q, size_t k);
/* «70 из 100»: the glossary's example, the first main index of the data. */
const char *ms_glossary_example(const ms_report *r, char *buf, size_t size);
/* ---------- sections ---------- */

/* Tables of the answers: items (mean, CI, median; top box and index for
 * satisfaction) and choices (counts per answer).  report_sections.c. */
ms_status ms_rq_items_table(ms_report *r, const ms_rq *rq, ms_sbuf *html, bool top_box);
ms_status ms_rq_categories_table(ms_report *r, const ms_rq *rq, ms_sbuf *html, const char *what,
                                 const char *caption);
/* Sentences of the summary's findings, appended as <li>: all of them
 * (report_summary.c), and those of two sections. */
ms_status ms_report_findings(ms_report *r, ms_sbuf *ul);
ms_status ms_report_practices_finding(ms_report *r, ms_sbuf *ul);
/* Municipal: which organisations stand out, above and below, by the funnel
 * plot's limits (nothing for a school's report). */
ms_status ms_report_orgs_finding(ms_report *r, ms_sbuf *ul);
ms_status ms_report_gap_finding(ms_report *r, ms_sbuf *ul);
/* The comparison of forms by tests (report_tests.c), also shown inside the
 * best-practices section. */
ms_status ms_comparisons_body(ms_report *r, ms_sbuf *b);
/* Write kopilka.csv and kopilka.md (report_kopilka.c). */
ms_status ms_report_kopilka(ms_report *r, const ms_rpractice *c, size_t n, double grand,
                            ms_sbuf *html);

/* The sections, in the order of the page (report_html.c lists them). */
ms_status ms_section_summary(ms_report *r, ms_page *pg);
ms_status ms_section_organisations(ms_report *r, ms_page *pg);
ms_status ms_section_bank(ms_report *r, ms_page *pg);
ms_status ms_section_satisfaction(ms_report *r, ms_page *pg);
ms_status ms_section_surveys(ms_report *r, ms_page *pg);
ms_status ms_section_gap(ms_report *r, ms_page *pg);
ms_status ms_section_growth(ms_report *r, ms_page *pg);
ms_status ms_section_years(ms_report *r, ms_page *pg);
ms_status ms_section_reliability(ms_report *r, ms_page *pg);
ms_status ms_section_practices(ms_report *r, ms_page *pg);
ms_status ms_section_appendix(ms_report *r, ms_page *pg);

/* ---------- page (report_html.c) ---------- */

ms_status ms_report_page(ms_report *r, ms_sbuf *html);

/* ---------- beside the page: the deliverables (src/report/report_deliver.h) ----------
 * Made, once the page is complete, from what report_deliver.c collected. */
ms_status ms_report_xlsx(ms_report *r);       /* tables.xlsx, report_xlsx.c */
ms_status ms_report_docx(ms_report *r);       /* spravka.docx, report_docx.c */
ms_status ms_report_slides(ms_report *r);     /* slides.html, report_slides.c */
ms_status ms_report_site(ms_report *r);       /* summary.html, report_site.c */

#endif
