/*
 * report_deliver.h (private) — the deliverables written beside index.html
 * from the page's own material: tables.xlsx (every CSV table as a sheet),
 * spravka.docx (the analytical note, by pandoc), slides.html (the round
 * table) and summary.html (the web site).
 *
 * Contract: nothing here computes a statistic.  While the page is built, the
 * report hands over each table as written (its CSV bytes and the kind of each
 * cell) and each section's title and place in the page body; once the page
 * is complete, the deliverables are made from those and from the section
 * bodies (sentences, tables, inline SVG charts, PNG copies), so every figure
 * is the page's figure and every privacy rule of the page holds.
 * summary.html is for publishing: it never carries pairs, whatever `pairs`
 * says.  pandoc is optional at run time: without it spravka.docx is not
 * written and the page and the summary of the build say so.
 */
#ifndef MENTORSTAT_REPORT_DELIVER_H
#define MENTORSTAT_REPORT_DELIVER_H

#include "report_int.h"

/* One table of the page. */
typedef struct {
    char *name;       /* tables/NAME.csv */
    char *caption;    /* NULL when the table has none */
    char *csv;        /* its bytes as written (BOM, ; or , and decimal comma in ru) */
    size_t csv_len;
    char *kinds;      /* per cell t n p h, '\n' per row (see ms_rtable) */
    size_t n_kinds;
    size_t section;   /* index of the section it is in */
} ms_dtable;

typedef struct {
    char *id, *title;
    size_t start, end; /* its bytes in the page body */
} ms_dsection;

typedef struct ms_deliver {
    ms_dtable *tables;
    size_t n_tables, cap_tables;
    ms_dsection *sections;
    size_t n_sections, cap_sections;
    char *body;       /* the page body, once complete */
    size_t body_len;
    char **finding_sections; /* per main finding (<li>), the id of its section */
    size_t n_findings, cap_findings;
    bool pandoc;      /* pandoc found on PATH */
} ms_deliver;

/* The hooks the page calls while it is built, and the four writers, are
 * declared in report_int.h (primitives and page layers). */

/* ---------- shared by the writers ---------- */

/* Section i's body (after its <h2>), as a NUL-terminated copy; NULL on no memory. */
char *ms_deliver_section_html(const ms_deliver *d, size_t i);
/* The first section with this id, or -1. */
long ms_deliver_find_section(const ms_deliver *d, const char *id);
/* The section id of main finding k (0-based), or NULL. */
const char *ms_deliver_finding_section(const ms_deliver *d, size_t k);
/* The <li>…</li> of the summary's main findings (HTML), a copy. */
char *ms_deliver_findings(const ms_deliver *d);
/* The figure of chart NAME as the page has it (inline SVG), a copy, or NULL. */
char *ms_deliver_figure(const ms_deliver *d, const char *name);
/* The table NAME as the page shows it (<div class="table">…), without its
 * CSV link, a copy, or NULL. */
char *ms_deliver_table_html(const ms_deliver *d, const char *name);
/* html with every <p class="csv"> and <span class="files"> left out: they
 * point at files beside the page. */
void ms_deliver_strip_links(ms_sbuf *out, const char *html);
/* The page's title (the organisation and year line: ms_html_subtitle). */
const char *ms_deliver_title(const ms_report *r);
/* Next "<figure class=\"chart\" id=\"chart-NAME\">" at or after s: its start
 * and end (after </figure>), NAME copied into name; false when none. */
bool ms_deliver_next_figure(const char *s, const char **start, const char **end, char *name,
                            size_t size);

#endif
