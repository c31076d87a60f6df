/*
 * report_deliver.h (private) — the report's document model and the
 * deliverables rendered from it beside index.html: tables.xlsx (every table
 * as a sheet), spravka.docx (the analytical note, by pandoc from Markdown
 * written here), slides.html (the round table) and summary.html (the web
 * site).
 *
 * Contract: nothing here computes a statistic.  While the page is built, the
 * report hands over what it says: each section's id and title, each table
 * as typed cells (ms_rtable: label, number, percent, p, interval, hidden),
 * each chart (name, caption, inline SVG; the PNG copy beside it), each main
 * finding (a sentence, its section).  Every deliverable is a renderer of
 * that model: none reads the page or another deliverable, so every figure is
 * the page's figure (the same cell rendered) and every privacy rule of the
 * page holds.  summary.html is for publishing: it never carries pairs,
 * whatever `pairs` says; slides carry no ranking of pairs either.  pandoc is
 * optional at run time: without it spravka.docx is not written and the page
 * and the summary of the build say so.
 */
#ifndef MENTORSTAT_REPORT_DELIVER_H
#define MENTORSTAT_REPORT_DELIVER_H

#include "report_int.h"

/* One table of the page, its cells owned here. */
typedef struct {
    ms_rtable t;
    char *caption;    /* NULL when the table has none */
    size_t section;   /* index of the section it is in */
} ms_dtable;

/* One chart of the page. */
typedef struct {
    char *name;       /* charts/NAME.svg, .png */
    char *caption;
    char *svg;        /* the inline <svg> as the page has it */
    char *slide_svg;  /* the same chart with larger type, for the slides */
    char *phone_svg;  /* and narrower, for a phone (the site page) */
    size_t section;
    char *note;       /* the full wording of row labels the copies shorten, "" when none */
    char *headline;   /* what the chart shows, a sentence (HTML-escaped), "" when none */
} ms_dchart;

typedef struct {
    char *id, *title;
} ms_dsection;

/* One main finding: a sentence (HTML-escaped, no markup) and the id of the
 * section that tells more. */
typedef struct {
    char *html;
    char *section;
    char *brief;      /* the sentence without its technical figures, for the
                         slides and the site page, or NULL: html serves */
    char *meaning;    /* what it means, a sentence (HTML-escaped), or NULL */
    char *action;     /* what to do, a sentence, or NULL */
} ms_dfinding;

typedef struct ms_deliver {
    ms_dtable *tables;
    size_t n_tables, cap_tables;
    ms_dchart *charts;
    size_t n_charts, cap_charts;
    ms_dsection *sections;
    size_t n_sections, cap_sections;
    ms_dfinding *findings;
    size_t n_findings, cap_findings;
    bool pandoc;      /* pandoc found on PATH */
    bool failed;      /* a hook ran out of memory */
} ms_deliver;

/* The hooks the page calls while it is built, and the four writers, are
 * declared in report_int.h (primitives and page layers). */

/* ---------- shared by the renderers ---------- */

/* The first section with this id, or -1. */
long ms_deliver_find_section(const ms_deliver *d, const char *id);
/* The table NAME, or NULL. */
const ms_dtable *ms_deliver_find_table(const ms_deliver *d, const char *name);
/* The chart NAME, or NULL. */
const ms_dchart *ms_deliver_find_chart(const ms_deliver *d, const char *name);
/* The first chart of section i not flagged in used[] (n_charts long), or -1. */
long ms_deliver_section_chart(const ms_deliver *d, size_t i, const bool *used);
/* The table as HTML (<div class="table"><table>…), without a link to its CSV. */
void ms_deliver_table_html(const ms_dtable *t, ms_sbuf *out);
/* The chart as HTML (<figure class="chart">, inline SVG, caption); slide:
 * its copy with larger type; for the site page, both the page's and the
 * phone's SVG (class "wide" and "narrow", one shown by the page's CSS). */
void ms_deliver_chart_html(const ms_dchart *c, bool slide, ms_sbuf *out);
void ms_deliver_chart_html_site(const ms_dchart *c, ms_sbuf *out);
/* The finding's brief sentence, else its sentence. */
const char *ms_deliver_brief(const ms_dfinding *f);
/* The finding's sentence as plain text (entities decoded). */
void ms_deliver_plain(ms_sbuf *out, const char *html);
/* The page's title. */
const char *ms_deliver_title(const ms_report *r);
/* Pairs: charts and tables ranking mentoring pairs (internal copy only). */
bool ms_deliver_about_pairs(const char *name);

#endif
