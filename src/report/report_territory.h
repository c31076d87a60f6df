/*
 * report_territory.h — the parts of a municipal report that must read at
 * any number of organisations (report_territory.c): the appendix on data
 * quality per organisation, and the full per-organisation table the
 * organisations section leaves to the appendix when there are many (its
 * histogram of the territory is drawn by report_charts.c).
 *
 * Contract: an organisation appears only under its label (its name, or
 * О1, О2, … by rank of the main index, never by the programme's order);
 * files are named by base name for named organisations only, so nothing in
 * the page ties an unnamed label to a school's folder or files.
 */
#ifndef MENTORSTAT_REPORT_TERRITORY_H
#define MENTORSTAT_REPORT_TERRITORY_H

#include "report_int.h"

/* With more organisations than this, charts show the distribution and the
 * extremes, and the full table goes to the appendix and its CSV. */
#define MS_FEW_ORGS 25

/* What the comparison keeps of the organisations (report_municipal.c):
 * per questionnaire the figures of each construct over its this-year rows
 * (fig[o * n_q + q], an array of the questionnaire's constructs, NULL where
 * it sent none) — a few hundred bytes each, not an aggregate — and, with
 * many organisations, their full table for the appendix.  The order of
 * the programme file appears nowhere: figures are gathered in `keyed`
 * order (a hash of the key), shown and listed in label order. */
struct ms_rorgs {
    ms_rgroup **fig;
    double *rows;       /* rows[o * n_q + q]: this year's rows of o in questionnaire q */
    ms_group_hiding *hiding; /* the one decision per questionnaire over organisations */
    /* a questionnaire whose territory figures, minus one organisation's own,
     * give the other organisations' together at fewer than min_group rows
     * (ms_report_orgs_insider); -1: none.  The published copy is refused. */
    long refused_q;
    ms_sbuf appendix;
    size_t *keyed;      /* programme indexes by the hash of their key */
    size_t *label;      /* label[o]: o's number, 1-based (О<number> when unnamed) */
    size_t *by_label;   /* by_label[j]: the organisation numbered j + 1 */
    /* the candidates the page names (each questionnaire's best practices):
     * the collection takes these, so page and kopilka agree */
    struct ms_rorg_candidate *cand;
    size_t n_cand;
};

struct ms_rorg_candidate {
    ms_rpractice p;     /* p.label is label below once the list stops growing */
    char label[384];    /* «О1 (анкета «…»)» */
};

/* The insider's test of questionnaire q, after the decision
 * (report_municipal.c): the hidden
 * organisations' rows less the largest hidden one's — what that one learns
 * of the others by taking its own figures from the territory's.  The
 * published copy is refused when it is above 0 and under min_group
 * (docs/privacy.md): no choice of organisations to hide prevents it, and
 * every figure of the questionnaire is a territory total.  *with_rows: the
 * organisations that sent rows. */
double ms_report_orgs_insider(const ms_report *r, size_t q, size_t *with_rows);
/* The full per-organisation table kept for the appendix, if any. */
void ms_report_orgs_appendix(ms_report *r, ms_sbuf *b);

/* Data files per organisation and questionnaire: read = accepted +
 * quarantined + excluded, this year and earlier years. */
ms_status ms_report_org_files_table(ms_report *r, ms_sbuf *b);

/* A data-quality table's head row (report_territory.c): the n_lead columns
 * `lead`, then rows read, accepted, quarantined, excluded — the columns
 * ms_report_tally_cells fills. */
void ms_report_tally_heads(ms_report *r, ms_rtable *t, const char *const *lead, size_t n_lead);
void ms_report_tally_cells(ms_rtable *t, const ms_tally *x);

#endif
