/*
 * present.h (private to the library; for report/ and match/) — what every
 * published document shares: text escaped for HTML and gnuplot, numbers in
 * the document's language, and tables written at once as HTML rows and as
 * DIR/tables/NAME.csv, both rendered from the table's typed cells.
 *
 * Contract: nothing here computes a statistic or knows a section.  An
 * ms_present says where the files go (dir), in which language (ru), where
 * errors are recorded (err), and what is told of each table once written
 * (on_table: the report's deliverables collect it; NULL for none).  Every
 * writer appends to an ms_sbuf whose failure flag is sticky, so long
 * sequences of appends are checked once, where the buffer is used:
 * ms_rtable_finish and ms_present_write fail with MS_ERR_NOMEM on a failed
 * buffer and never write it.
 */
#ifndef MENTORSTAT_PRESENT_H
#define MENTORSTAT_PRESENT_H

#include <stdbool.h>
#include <stddef.h>
#include "mentorstat/suppress.h"
#include "mentorstat/status.h"
#include "sbuf.h"

struct ms_rtable;

typedef struct ms_present {
    char *dir;              /* the directory being filled */
    bool ru;                /* Russian (decimal comma, ";" in CSV) or English */
    ms_error *err;
    size_t tables;          /* tables written so far */
    /* Told of each table once its CSV is written (NULL: nobody listens). */
    ms_status (*on_table)(void *ctx, struct ms_rtable *t, const char *caption);
    void *on_table_ctx;
} ms_present;

/* ---------- escaping ---------- */

/* Text with & < > " ' escaped for HTML. */
void ms_sbuf_html(ms_sbuf *b, const char *s);
/* A single-quoted gnuplot string: ' doubled, control characters as spaces. */
void ms_sbuf_gp(ms_sbuf *b, const char *s);
/* A tic label: the same with % doubled (gnuplot reads tic labels as
 * formats), wrapped into lines of about `width` characters. */
void ms_sbuf_gp_tic(ms_sbuf *b, const char *s, size_t width);
/* An axis or chart title in lines of about `width` characters: not a
 * format, so % stays single («% ответивших», never «%% ответивших»). */
void ms_sbuf_gp_lines(ms_sbuf *b, const char *s, size_t width);
/* Text safe inside a gnuplot/.dat comment line (no newline, no backslash). */
void ms_sbuf_comment(ms_sbuf *b, const char *s);

/* ---------- numbers ---------- */

/* Numbers as the page prints them: decimal comma in ru, U+2212 minus in
 * HTML; "—" for NAN.  csv: ASCII minus, "" for NAN. */
const char *ms_rnum(const ms_present *p, char *buf, size_t size, double x, int decimals,
                    bool csv);
const char *ms_rp(const ms_present *p, char *buf, size_t size, double pv, bool csv);
/* "p = 0,023" or "p &lt; 0,001", ready for the page. */
const char *ms_rp_html(const ms_present *p, char *buf, size_t size, double pv);

/* ---------- tables ---------- */

/* A table of the document's model: typed cells, row by row, the first row
 * its header.  Every output renders it (the page's HTML and tables/NAME.csv
 * here; the report's workbook, справка, slides and site page from the same
 * cells, handed to on_table), so none of them reads another's output. */
typedef enum {
    MS_CELL_HEAD,         /* a header's text */
    MS_CELL_HEAD_RANGE,   /* a header over an interval: two columns in the CSV */
    MS_CELL_LABEL,        /* text */
    MS_CELL_NUMBER,       /* x with `decimals` (a count, a mean, an index) */
    MS_CELL_PERCENT,      /* x a share 0..1, shown as a percentage */
    MS_CELL_P,            /* x a p-value */
    MS_CELL_RANGE,        /* an interval x..hi */
    MS_CELL_HIDDEN,       /* a suppressed figure (why: see `hiding`) */
    MS_CELL_HIDDEN_RANGE  /* a suppressed interval */
} ms_cell_kind;

typedef struct {
    ms_cell_kind kind;
    int decimals;
    size_t row;           /* 0: the header */
    double x, hi;
    char *text;           /* LABEL, HEAD, HEAD_RANGE */
    char *whole;          /* HEAD: the CSV's and workbook's text where the
                           * page's is shortened (ms_rtable_head_short), else NULL */
    /* HIDDEN*: the one suppression decision's reason (base/suppress.c):
     * MS_GROUP_SMALL "*", MS_GROUP_COMPLEMENT "**"; every renderer shows
     * the mark and its footnote, none a figure. */
    ms_group_hiding hiding;
} ms_rcell;

typedef struct ms_rtable {
    const ms_present *p;
    char name[96];        /* tables/NAME.csv */
    ms_rcell *cells;
    size_t n_cells, cap_cells;
    size_t rows;          /* rows ended, the header included */
    bool failed;          /* out of memory while it was filled */
} ms_rtable;

void ms_rtable_begin(ms_rtable *t, const ms_present *p, const char *name);
void ms_rtable_head(ms_rtable *t, const char *text);
/* A column whose header is `page` on the page (e.g. a long question
 * clipped, so that it does not widen its column) and `whole` in the CSV. */
void ms_rtable_head_short(ms_rtable *t, const char *page, const char *whole);
/* A range column: one on the page, two (low, high) in the CSV. */
void ms_rtable_head_range(ms_rtable *t, const char *text);
void ms_rtable_text(ms_rtable *t, const char *text);
/* A text cell from a buffer; a failed buffer makes the table fail
 * (ms_rtable_finish then returns MS_ERR_NOMEM), never an empty cell. */
void ms_rtable_text_of(ms_rtable *t, const ms_sbuf *b);
void ms_rtable_num(ms_rtable *t, double x, int decimals);
void ms_rtable_pct(ms_rtable *t, double share, int decimals); /* 0..1 shown as % */
void ms_rtable_p(ms_rtable *t, double pv);
void ms_rtable_range(ms_rtable *t, double lo, double hi, int decimals); /* "a–b" */
void ms_rtable_hidden(ms_rtable *t);       /* a suppressed figure */
void ms_rtable_hidden_range(ms_rtable *t); /* a suppressed range */
/* The same telling why: "*" below min_group, "**" hidden as complement,
 * each with its own footnote (ms_html_hidden_notes). */
void ms_rtable_hidden_why(ms_rtable *t, ms_group_hiding why);
void ms_rtable_hidden_range_why(ms_rtable *t, ms_group_hiding why);
void ms_rtable_end_row(ms_rtable *t);
/* Which marks the table's hidden cells carry ("*" small, "**" complement),
 * so a renderer gives the footnotes of what it shows and no other. */
void ms_rtable_hidden_kinds(const ms_rtable *t, bool *small, bool *complement);
/* Free the cells of a table that is not finished (discard(NULL) no-op). */
void ms_rtable_discard(ms_rtable *t);
/* The table as CSV (BOM, ; and decimal comma in ru) and as the page's
 * <thead>…</tbody> rows (escaped). */
void ms_rtable_csv(const ms_rtable *t, ms_sbuf *out);
void ms_rtable_rows_html(const ms_rtable *t, ms_sbuf *out);
/* One cell as the page prints it (no markup, not escaped: "7,5", "12 %",
 * "< 0,001", "7,1–7,8", "от −7,5 до −1,7", "*", "**"). */
const char *ms_rcell_text(const ms_present *p, const ms_rcell *c, char *buf, size_t size);
/* Append <table> to html, write tables/NAME.csv, tell p->on_table (which
 * may take the cells, leaving t empty); frees what is left of t. */
ms_status ms_rtable_finish(ms_rtable *t, ms_present *p, const char *caption, ms_sbuf *html);

/* text with a no-break space wherever a figure meets its unit or operator
 * («p = 0,092», «95 % ДИ», «5 п.», «из 10», «7 декабря», «от 7,1 до 7,8»);
 * markup, <style> and <script> unchanged (tie.c). */
void ms_sbuf_tie(ms_sbuf *out, const char *text);

/* Write a buffer to DIR/NAME (NAME may contain one subdirectory).  What a
 * reader reads (NAME ending in .html or .md: the page, slides, site page,
 * the справка's source) is written through ms_sbuf_tie, so no figure in any
 * of them breaks from its unit. */
ms_status ms_present_write(const ms_present *p, const char *name, const ms_sbuf *b);

/* Swap the finished directory tmp in for the existing output dir (what a
 * report or a pairing writes): the old one moved aside to DIR.old-XXXXXX,
 * the new one renamed in, then remove_old(the moved-aside path).  A failure
 * puts the old one back, so dir is always the whole old output or the whole
 * new one (a stop in between: the CLI's handler does the same).  what names
 * the output in errors ("report", "output"). */
ms_status ms_present_swap(const char *tmp, const char *dir, const char *what,
                          void (*remove_old)(const char *path), ms_error *err);

#endif
